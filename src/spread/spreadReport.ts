/**
 * `crushmap spread`'s report: map a range of inputs (or a pool's placement groups) through a
 * rule, count replicas per device and per failure domain, and set each count against its share
 * of the weight the rule reaches, with the statistics that say whether the straying is chance.
 */
import type { CompareRow } from "./compare.js";
import { staleBucketWeights, type StaleBucketWeight } from "./staleWeights.js";
import type { CrushMap } from "../map/types.js";
import { Mapper } from "../mapper/mapper.js";
import { SpreadError } from "./errors.js";
import { checkSpreadOptions, countPlacements, deviceCounter, type SpreadOptions } from "./inputs.js";
import type { SpreadMovement } from "./movement.js";
import { findRule, ruleReach, type RuleReach } from "./ruleReach.js";
import { spreadStatistics, type DeviceSpread, type SpreadStatistics } from "./stats.js";

/**
 * One device of a spread report. `weight` is crush weight × reweight in crush-weight units.
 *
 * @group Spread
 */
export interface SpreadDevice extends DeviceSpread {
  readonly name: string;
  /** Id of its failure-domain bucket (its own id when the failure domain is the device). */
  readonly domain: number;
}

/**
 * One failure-domain bucket: the sums of its devices.
 *
 * @group Spread
 */
export interface SpreadDomain extends DeviceSpread {
  readonly name: string;
}

/**
 * The fullest or emptiest device against its share.
 *
 * @group Spread
 */
export interface SpreadExtreme {
  readonly id: number;
  readonly name: string;
  readonly ratio: number;
  readonly observed: number;
  readonly expected: number;
}

/**
 * The statistics of the failure domains, the same measures as the devices'.
 *
 * @group Spread
 */
export interface SpreadDomainStatistics {
  readonly stddev: number;
  readonly idealStddev: number;
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly maxOverfull: SpreadExtreme | null;
  readonly maxUnderfull: SpreadExtreme | null;
}

/**
 * How evenly a rule spreads replicas: what `crushmap spread --json` prints. For a pool, `rule`
 * is its crush rule, `numRep` its size and the inputs its groups 0..pg_num − 1.
 *
 * @group Spread
 */
export interface SpreadReport {
  /** For a pool's report: which pool (its groups are the inputs). */
  readonly pool?: { readonly id: number; readonly name: string };
  readonly rule: number;
  readonly numRep: number;
  readonly minX: number;
  readonly maxX: number;
  /** Replicas placed in all (holes and short results leave some out). */
  readonly placed: number;
  /** The devices the rule reaches, by id. */
  readonly devices: readonly SpreadDevice[];
  readonly stddev: number;
  readonly idealStddev: number;
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly maxOverfull: SpreadExtreme | null;
  readonly maxUnderfull: SpreadExtreme | null;
  /** Type name of the failure domain (the rule's last choose type other than 0). */
  readonly domainType: string;
  /** The failure-domain buckets, in the order the rule reaches them. */
  readonly domains: readonly SpreadDomain[];
  readonly domainStats: SpreadDomainStatistics;
  /** With `--to`: how much moves to the other map or state. */
  readonly movement?: SpreadMovement;
  /**
   * Child buckets the rule's hierarchy lists with another weight than their items sum to: CRUSH
   * follows the listed weight, the expected shares the devices (see staleBucketWeights).
   */
  readonly staleWeights?: readonly StaleBucketWeight[];
  /** With `--compare`: the same cluster through the reference algorithms (compareAlgorithms). */
  readonly compare?: readonly CompareRow[];
}

/** What the report is made of, whatever the source of the counts. */
export interface SpreadSource {
  readonly pool?: { readonly id: number; readonly name: string };
  readonly rule: number;
  readonly numRep: number;
  readonly minX: number;
  readonly maxX: number;
}

/**
 * The spread of `ruleId` over inputs minX..maxX with numRep replicas each, as
 * `crushtool --test --show-utilization` maps them (the same counts), against each device's
 * share of the weight the rule reaches.
 *
 * @group Spread
 *
 * @throws {@link SpreadError} for a rule that does not exist or places nothing, no inputs
 * (minX > maxX), a replica count outside 1..1024; {@link CrushMappingError} for a malformed
 * reweight vector.
 *
 * @example
 * ```ts
 * const r = spreadReport(map, 0, { numRep: 3, minX: 0, maxX: 9999 });
 * r.stddev / r.idealStddev; // about 1 when CRUSH spreads as well as independent placement would
 * r.pValue; // small (< 0.01): the devices stray more than chance would make them
 * ```
 */
export function spreadReport(map: CrushMap, ruleId: number, options: SpreadOptions): SpreadReport {
  checkSpreadOptions(options);
  const rule = findRule(map, ruleId);
  const mapper = new Mapper(map, options.weights === undefined ? {} : { reweight: options.weights });
  const counts = deviceCounter(mapper);
  countPlacements(mapper, ruleId, options, counts);
  const reach = ruleReach(map, rule, mapper.reweight);
  const report = buildReport({ rule: ruleId, numRep: options.numRep, minX: options.minX, maxX: options.maxX }, reach, counts);
  const stale = staleBucketWeights(map, rule);
  return stale.length === 0 ? report : { ...report, staleWeights: stale };
}

/** The report of counts (per device id) against a reach. */
export function buildReport(source: SpreadSource, reach: RuleReach, counts: ArrayLike<number>): SpreadReport {
  if (!reach.weights.some((w) => w > 0)) throw new SpreadError(`rule ${source.rule} reaches no device with weight`, source.rule);
  const observed = reach.ids.map((d) => counts[d] ?? 0);
  if (observed.every((o) => o === 0)) {
    throw new SpreadError(`rule ${source.rule} places nothing for inputs ${source.minX}..${source.maxX} with ${source.numRep} replicas`, source.rule);
  }
  const { devices, stats } = spreadStatistics(reach.ids, observed, reach.weights);
  const rows: SpreadDevice[] = devices.map((d, i) => ({ ...d, name: reach.names[i]!, domain: reach.domains[i]! }));
  const names = new Map(rows.map((d) => [d.id, d.name]));
  const domains = domainRows(reach, observed);
  const domainNames = new Map(domains.rows.map((d) => [d.id, d.name]));
  rows.sort((a, b) => a.id - b.id);
  return {
    ...source,
    placed: stats.placed,
    devices: rows,
    stddev: stats.stddev,
    idealStddev: stats.idealStddev,
    chiSquare: stats.chiSquare,
    degreesOfFreedom: stats.degreesOfFreedom,
    pValue: stats.pValue,
    maxOverfull: extreme(stats.maxOverfull, names),
    maxUnderfull: extreme(stats.maxUnderfull, names),
    domainType: reach.domainType,
    domains: domains.rows,
    domainStats: {
      stddev: domains.stats.stddev,
      idealStddev: domains.stats.idealStddev,
      chiSquare: domains.stats.chiSquare,
      degreesOfFreedom: domains.stats.degreesOfFreedom,
      pValue: domains.stats.pValue,
      maxOverfull: extreme(domains.stats.maxOverfull, domainNames),
      maxUnderfull: extreme(domains.stats.maxUnderfull, domainNames),
    },
  };
}

/** Devices summed into their failure domains, in the order the rule first reaches each. */
function domainRows(reach: RuleReach, observed: readonly number[]): { rows: SpreadDomain[]; stats: SpreadStatistics } {
  const slot = new Map<number, number>();
  const ids: number[] = [];
  const weights: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < reach.ids.length; i++) {
    const dom = reach.domains[i]!;
    let k = slot.get(dom);
    if (k === undefined) {
      k = ids.length;
      slot.set(dom, k);
      ids.push(dom);
      weights.push(0);
      counts.push(0);
    }
    weights[k] = weights[k]! + reach.weights[i]!;
    counts[k] = counts[k]! + observed[i]!;
  }
  const { devices, stats } = spreadStatistics(ids, counts, weights);
  const rows = devices.map((d) => ({ ...d, name: reach.domainNames.get(d.id) ?? String(d.id) }));
  return { rows, stats };
}

function extreme(d: DeviceSpread | null, names: ReadonlyMap<number, string>): SpreadExtreme | null {
  if (d === null) return null;
  return { id: d.id, name: names.get(d.id) ?? String(d.id), ratio: d.ratio, observed: d.observed, expected: d.expected };
}
