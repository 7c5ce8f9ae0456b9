/**
 * How evenly a rule spreads replicas: maps a range of inputs, counts replicas per device and per
 * failure-domain bucket, and sets each count against its weight-proportional share, the
 * expectation any placement would aim for.
 */
import { CrushMappingError } from "../map/errors.js";
import { hierarchy, type HierarchyIndex } from "../map/hierarchyIndex.js";
import type { CrushMap } from "../map/types.js";
import { ITEM_NONE } from "../map/types.js";
import { Mapper } from "../mapper/mapper.js";

export interface UtilizationOptions {
  readonly rule: number;
  readonly numRep: number;
  /** Inputs 0..inputs-1 are mapped (default 100,000). */
  readonly inputs?: number;
  /** 16.16 reweight per device id, as in `Mapper`. */
  readonly reweight?: ArrayLike<number>;
  /** Type name of the failure domain to summarise (default: the rule's last choose type, else host). */
  readonly domain?: string;
}

/** Counts for one device or one failure-domain bucket. */
export interface UtilizationRow {
  readonly id: number;
  readonly name: string;
  /** Effective weight (16.16 CRUSH weight × reweight). */
  readonly weight: number;
  readonly expected: number;
  readonly actual: number;
  /** actual / expected (0 when nothing was expected). */
  readonly ratio: number;
}

export interface UtilizationReport {
  readonly rule: number;
  readonly numRep: number;
  readonly inputs: number;
  /** Replicas placed in all (holes and short results excluded). */
  readonly placed: number;
  /** Inputs that got fewer devices than asked, or holes. */
  readonly shortMappings: number;
  readonly devices: readonly UtilizationRow[];
  readonly domainType: string;
  readonly domains: readonly UtilizationRow[];
  /** Standard deviation of the device ratios (weighted devices only). */
  readonly stddev: number;
  /** The fullest and emptiest devices against their share, up to five each. */
  readonly overfull: readonly UtilizationRow[];
  readonly underfull: readonly UtilizationRow[];
}

export function analyzeUtilization(map: CrushMap, opts: UtilizationOptions): UtilizationReport {
  const inputs = opts.inputs ?? 100_000;
  if (!Number.isInteger(inputs) || inputs < 1) throw new CrushMappingError(`inputs must be a positive integer, not ${inputs}`);
  const rule = map.rules.find((r) => r.id === opts.rule);
  if (rule === undefined) throw new CrushMappingError(`rule ${opts.rule} does not exist`, opts.rule);
  const mapper = new Mapper(map, opts.reweight === undefined ? {} : { reweight: opts.reweight });

  const counts = new Map<number, number>();
  const out = new Int32Array(Math.max(1, opts.numRep));
  let placed = 0;
  let shortMappings = 0;
  for (let x = 0; x < inputs; x++) {
    const n = mapper.mapInto(opts.rule, x, opts.numRep, out);
    let hole = n !== opts.numRep;
    for (let i = 0; i < n; i++) {
      const d = out[i]!;
      if (d === ITEM_NONE) {
        hole = true;
        continue;
      }
      counts.set(d, (counts.get(d) ?? 0) + 1);
      placed++;
    }
    if (hole) shortMappings++;
  }

  // the devices the rule can reach, with the weight each carries below the rule's take steps
  const index = hierarchy(map);
  const compiled = mapper.compiled;
  const roots: number[] = [];
  for (let s = compiled.ruleStart[rule.id]!, i = 0; i < rule.steps.length; i++, s += 3) {
    if (rule.steps[i]!.op === "take") roots.push(compiled.steps[s + 1]!);
  }
  const weights = takeWeights(index, mapper.reweight, roots);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const names = new Map(map.devices.map((d) => [d.id, d.name]));
  const row = (id: number, name: string, weight: number, actual: number): UtilizationRow => {
    const expected = total === 0 ? 0 : (placed * weight) / total;
    return { id, name, weight, expected, actual, ratio: expected === 0 ? 0 : actual / expected };
  };
  const devices = [...weights.keys()]
    .sort((a, b) => a - b)
    .map((d) => row(d, names.get(d) ?? `osd.${d}`, weights.get(d)!, counts.get(d) ?? 0));

  const domainType = opts.domain ?? defaultDomain(map, rule.steps);
  const type = map.types.find((t) => t.name === domainType);
  if (type === undefined) throw new CrushMappingError(`unknown failure-domain type '${domainType}'`, domainType);
  const byDevice = new Map(devices.map((d) => [d.id, d]));
  const domains: UtilizationRow[] = [];
  for (const b of map.buckets) {
    if (b.type !== type.id) continue;
    let weight = 0;
    let actual = 0;
    for (const d of index.devicesUnder(b.id)) {
      const r = byDevice.get(d);
      if (r === undefined) continue;
      weight += r.weight;
      actual += r.actual;
    }
    if (weight > 0 || actual > 0) domains.push(row(b.id, b.name, weight, actual));
  }
  domains.sort((a, b) => b.id - a.id);

  const weighted = devices.filter((d) => d.expected > 0);
  const mean = weighted.reduce((a, d) => a + d.ratio, 0) / Math.max(1, weighted.length);
  const stddev = Math.sqrt(weighted.reduce((a, d) => a + (d.ratio - mean) ** 2, 0) / Math.max(1, weighted.length));
  const byRatio = [...weighted].sort((a, b) => b.ratio - a.ratio || a.id - b.id);
  return {
    rule: opts.rule,
    numRep: opts.numRep,
    inputs,
    placed,
    shortMappings,
    devices,
    domainType,
    domains,
    stddev,
    overfull: byRatio.slice(0, 5),
    underfull: byRatio.slice(-5).reverse(),
  };
}

/** A rule's failure domain: the type of its last choose step below devices, else host (else the first type). */
export function defaultDomain(map: CrushMap, steps: CrushMap["rules"][number]["steps"]): string {
  let type: number | undefined;
  for (const s of steps) if ((s.op === "choose" || s.op === "chooseleaf" || s.op === "choosemsr") && s.type !== 0) type = s.type;
  return map.types.find((t) => t.id === type)?.name ?? (map.types.some((t) => t.name === "host") ? "host" : map.types[0]!.name);
}

/**
 * Per device the rule's takes reach (the compiled take roots, shadow buckets for `take … class`),
 * the largest crush weight × reweight it has in a bucket under them, in depth-first item order.
 */
function takeWeights(index: HierarchyIndex, reweight: ArrayLike<number>, roots: readonly number[]): Map<number, number> {
  const weights = new Map<number, number>();
  const effective = (id: number, weight: number): number => (weight * (reweight[id] ?? 0)) / 0x10000;
  for (const root of roots) {
    const best = new Map<number, number>();
    if (root >= 0) best.set(root, effective(root, 0x10000));
    for (const b of index.subtree(root)) {
      for (const it of index.bucket(b)!.items) {
        if (it.id >= 0) best.set(it.id, Math.max(best.get(it.id) ?? 0, effective(it.id, it.weight)));
      }
    }
    for (const d of index.devicesUnder(root)) weights.set(d, Math.max(weights.get(d) ?? 0, best.get(d) ?? 0));
  }
  return weights;
}
