/**
 * How likely a pool is to lose data: its copysets (distinct sets of devices that hold a group,
 * after Cidon et al., "Copysets: Reducing the Frequency of Data Loss in Cloud Storage", USENIX
 * ATC 2013), the probability that K simultaneous failures of random devices (or of failure
 * domains) lose some group, and a yearly estimate from a failure rate and the recovery time.
 *
 * Failures are uniform: every K-subset of the pool's units (devices that are up, in and
 * weighted under the pool's rule, or the buckets of a type that hold them) is equally likely.
 * A group is lost when the failed units hold `copies − k + 1` of its copies (every copy for a
 * replicated group; more than m shards for an erasure group). Copies are today's acting sets:
 * groups already degraded by down OSDs need fewer failures, and groups already below k live
 * shards are counted apart (`unreadable`).
 *
 * The parts, one file each: failure units, loss groups, the index of groups by unit, each
 * group's own loss chance (and the certain bounds), the exact counts (at the tolerance, and by
 * walking every K-set), the two estimators with their intervals, the yearly estimate.
 */
import { mapPool } from "../../placement/mapPool.js";
import { resolvePool } from "../../placement/place.js";
import { poolRule } from "../../placement/state.js";
import type { ClusterState } from "../../placement/types.js";
import { FailureError } from "../errors.js";
import { annualLoss, type AnnualLoss } from "./annualLoss.js";
import { binomial } from "./combinatorics.js";
import { countFatalSets } from "./fatalSets.js";
import { failureUnits } from "./failureUnits.js";
import { groupLoss } from "./groupLoss.js";
import { lossGroups, type LossGroup } from "./lossGroups.js";
import { COUNT_BUDGET, lossProbability, type LossMethod } from "./lossProbability.js";
import { unitIndex } from "./unitIndex.js";

/**
 * What {@link durability} computes: K simultaneous failures of devices or of buckets of a type, how, and the yearly inputs.
 *
 * @group Failure analysis
 */
export interface DurabilityOptions {
  /** K: how many units fail at once. */
  readonly failures: number;
  /** Fail buckets of this type (host, rack, …) instead of devices. */
  readonly domain?: string;
  /**
   * "exact" (an exact count, else an error), "simulate" (direct Monte Carlo) or "auto" (exact
   * where it can be counted, else an estimate). Default "auto".
   */
  readonly method?: "auto" | "exact" | "simulate";
  /** Samples of an estimate. Default 20,000. */
  readonly samples?: number;
  /** Seed of the deterministic samplers. Default 1. */
  readonly seed?: number;
  /** Confidence level of an estimate's interval. Default 0.95. */
  readonly confidence?: number;
  /** Annual failure rate of one unit, e.g. 0.02. Enables the yearly estimate. */
  readonly afr?: number;
  /** Hours to restore redundancy after a failure (e.g. from a recovery plan's estimate). */
  readonly recoveryHours?: number;
}

/**
 * A pool's durability, from {@link durability}: its copysets, the fewest failures that can lose
 * data, the probability that K failures do (exact, or an estimate with its interval and certain
 * bounds), and the yearly estimate when asked for.
 *
 * @group Failure analysis
 */
export interface DurabilityResult {
  readonly pool: number;
  /** "device" or the bucket type failed. */
  readonly domain: string;
  /** Units that can fail (N). */
  readonly units: number;
  readonly failures: number;
  /** Distinct sets of devices holding a group. */
  readonly copysets: number;
  /**
   * Groups already below k live shards (erasure pools with down OSDs): unreadable until those
   * come back, whatever else fails, so left out of pLoss and the yearly estimate.
   */
  readonly unreadable: number;
  /** Fewest simultaneous unit failures that can lose some group. */
  readonly tolerance: number;
  /** Probability that K random simultaneous failures lose some group. */
  readonly pLoss: number;
  readonly exact: boolean;
  /**
   * How pLoss was found: "closed" (0 below the tolerance, 1 when all fail), "counted" (the
   * distinct fatal sets at the tolerance), "enumerated" (every K-set walked), "union" (the
   * Karp–Luby–Madras estimate of the union of the groups' losses) or "sampled" (direct Monte Carlo).
   */
  readonly method: LossMethod;
  /** An estimate's interval at `confidence`, inside `bounds`. */
  readonly interval?: readonly [number, number];
  readonly confidence?: number;
  /** Bounds on an estimate that hold for certain: below, the likeliest group's own loss or pLoss at the tolerance; above, the sum over groups (Boole). */
  readonly bounds?: readonly [number, number];
  readonly samples?: number;
  /** Samples that lost data, for "sampled". */
  readonly losses?: number;
  /** Yearly estimate, when `afr` and `recoveryHours` are given. */
  readonly annual?: AnnualLoss;
}

/**
 * How likely `pool` is to lose data when K random units fail at once: devices, or the buckets of
 * `options.domain` (host, rack, …) under the pool's rule. Counts the pool's copysets (Cidon et
 * al.) and the failure sets that take a group past its redundancy, exactly where it can, else by
 * estimate; with `afr` and `recoveryHours`, the chance of losing data in a year.
 *
 * @group Failure analysis
 *
 * @throws {@link FailureError} when the pool has no usable rule, the domain is not a type of the
 * map, K is not 1..N, `method: "exact"` cannot count, or an option is out of range; and
 * {@link PlacementError} when the pool does not exist.
 *
 * @example
 * ```ts
 * durability(state, "rbd", { failures: 3 }).pLoss;            // exact: copysets / C(N, 3)
 * durability(state, "rbd", { failures: 2, domain: "host" });   // two hosts at once
 * durability(state, "rbd", { failures: 3, afr: 0.02, recoveryHours: 6 }).annual?.probability;
 * ```
 */
export function durability(state: ClusterState, pool: number | string, options: DurabilityOptions): DurabilityResult {
  const p = resolvePool(state, pool);
  const rule = poolRule(state, p);
  if (rule === undefined) throw new FailureError(`pool ${p.id} has no usable crush rule`, p.id);
  const { unitOf, units } = failureUnits(state, rule, options.domain);
  const N = units.length;
  const K = options.failures;
  if (!Number.isInteger(K) || K < 1 || K > N) {
    throw new FailureError(`failures must be an integer from 1 to ${N} (the ${options.domain ?? "device"}s that can fail), got ${String(K)}`, "failures");
  }
  const pg = lossGroups(mapPool(state, p.id), unitOf, p.type === "erasure" ? p.erasureK ?? 1 : 1);
  const index = unitIndex(pg.groups, N);
  let counted: { n: number | undefined } | undefined;
  const fatalAtTolerance = (): number | undefined => (counted ??= { n: countFatalSets(pg.groups, index, N, pg.tolerance, COUNT_BUDGET) }).n;
  const loss = lossProbability(
    { groups: pg.groups, index, N, K, tolerance: pg.tolerance, fatalAtTolerance },
    { method: options.method ?? "auto", samples: options.samples ?? 20_000, seed: options.seed ?? 1, confidence: options.confidence ?? 0.95 },
  );
  const result: DurabilityResult = {
    pool: p.id,
    domain: options.domain ?? "device",
    units: N,
    failures: K,
    copysets: pg.copysets,
    unreadable: pg.unreadable,
    tolerance: Number.isFinite(pg.tolerance) ? pg.tolerance : N + 1,
    ...loss,
  };
  if (options.afr === undefined) return result;
  if (!(options.afr > 0 && options.afr < 1)) throw new FailureError(`afr must be a rate between 0 and 1 (2% is 0.02), got ${String(options.afr)}`, "afr");
  if (options.recoveryHours === undefined || !(options.recoveryHours > 0)) {
    throw new FailureError("the yearly estimate needs the recovery time in hours (recoveryHours > 0)", "recoveryHours");
  }
  const fatal = fatalSetsForYear(pg.groups, N, pg.tolerance, fatalAtTolerance);
  return { ...result, annual: annualLoss(fatal.count, fatal.exact, pg.tolerance, options.afr, options.recoveryHours) };
}

/** The fatal sets at the tolerance: counted, or bounded by the sum over groups (and by C(N, r)). */
function fatalSetsForYear(groups: readonly LossGroup[], N: number, tolerance: number, counted: () => number | undefined): { count: number; exact: boolean } {
  if (!Number.isFinite(tolerance) || tolerance > N) return { count: 0, exact: true };
  const n = counted();
  if (n !== undefined) return { count: n, exact: true };
  const all = binomial(N, tolerance);
  return { count: Math.min(groupLoss(groups, N, tolerance).sum * all, all), exact: false };
}
