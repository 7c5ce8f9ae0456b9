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
 */
import { ancestorOfType } from "../map/hierarchy.js";
import { hierarchy } from "../map/hierarchyIndex.js";
import { ITEM_NONE, type Rule } from "../map/types.js";
import { mapPool } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import { findPoolRule } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { FailureError } from "./errors.js";

export interface DurabilityOptions {
  /** K: how many units fail at once. */
  readonly failures: number;
  /** Fail buckets of this type (host, rack, …) instead of devices. */
  readonly domain?: string;
  /**
   * "exact" (closed form where it exists, else an error), "simulate" (Monte Carlo) or "auto"
   * (exact where possible). Default "auto".
   */
  readonly method?: "auto" | "exact" | "simulate";
  /** Monte Carlo samples. Default 20,000. */
  readonly samples?: number;
  /** Seed of the deterministic sampler. Default 1. */
  readonly seed?: number;
  /** Confidence level of a simulated pLoss's interval. Default 0.95. */
  readonly confidence?: number;
  /** Annual failure rate of one unit, e.g. 0.02. Enables the yearly estimate. */
  readonly afr?: number;
  /** Hours to restore redundancy after a failure (e.g. from a recovery plan's estimate). */
  readonly recoveryHours?: number;
}

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
  /** Wilson score interval of a simulated pLoss at the requested confidence (95% by default). */
  readonly interval?: readonly [number, number];
  readonly samples?: number;
  /** Yearly estimate, when `afr` and `recoveryHours` are given. */
  readonly annual?: {
    readonly afr: number;
    readonly recoveryHours: number;
    /** Expected data-loss events per year. */
    readonly lossRate: number;
    /** Probability of at least one data-loss event in a year. */
    readonly probability: number;
    /** False when the fatal sets were too many to count one by one and an upper bound was used. */
    readonly exact: boolean;
  };
}

interface Group {
  /** Unit indexes holding copies, ascending, with how many copies each. */
  readonly units: Int32Array;
  readonly mult: Int32Array;
  /** Copies the failed units must hold to lose the group. */
  readonly need: number;
  /** Fewest units whose failure loses it. */
  readonly fewest: number;
}

/**
 * @example
 * ```ts
 * durability(state, "rbd", { failures: 3 }).pLoss;            // exact: copysets / C(N, 3)
 * durability(state, "rbd", { failures: 2, domain: "host" });   // two hosts at once
 * durability(state, "rbd", { failures: 3, afr: 0.02, recoveryHours: 6 }).annual?.probability;
 * ```
 */
export function durability(state: ClusterState, pool: number | string, options: DurabilityOptions): DurabilityResult {
  const p = resolvePool(state, pool);
  const rule = findPoolRule(state.crush, p.crushRule, p.type, p.size);
  if (rule === undefined) throw new FailureError(`pool ${p.id} has no usable crush rule`, p.id);
  const { unitOf, units } = failureUnits(state, rule, options.domain);
  const N = units.length;
  const K = options.failures;
  if (!Number.isInteger(K) || K < 1 || K > N) {
    throw new FailureError(`failures must be an integer from 1 to ${N} (the ${options.domain ?? "device"}s that can fail), got ${String(K)}`, "failures");
  }
  const m = mapPool(state, p.id);
  const readable = p.type === "erasure" ? p.erasureK ?? 1 : 1;
  const copysets = new Set<string>();
  // groups whose copies sit on the same units with the same need fail together: keep one
  const seen = new Set<string>();
  const groups: Group[] = [];
  let unreadable = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const members: number[] = [];
    for (let i = 0; i < m.actingLength[ps]!; i++) {
      const o = m.acting[ps * m.width + i]!;
      if (o !== ITEM_NONE) members.push(o);
    }
    if (members.length === 0) continue;
    copysets.add([...members].sort((a, b) => a - b).join(","));
    // already unreadable (down OSDs took more than m shards): no further failure changes it
    if (members.length < readable) {
      unreadable++;
      continue;
    }
    const count = new Map<number, number>();
    for (const o of members) {
      const u = unitOf.get(o);
      if (u !== undefined) count.set(u, (count.get(u) ?? 0) + 1);
    }
    const need = members.length - readable + 1;
    const entries = [...count].sort((a, b) => a[0] - b[0]);
    const key = `${need}|${entries.join(";")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // the fewest units that hold `need` copies: the fullest ones first
    const fullest = entries.map((e) => e[1]).sort((a, b) => b - a);
    let fewest = 0;
    let acc = 0;
    for (const c of fullest) {
      if (acc >= need) break;
      acc += c;
      fewest++;
    }
    if (acc < need) continue; // copies outside the failing units keep it safe
    groups.push({ units: Int32Array.from(entries, (e) => e[0]), mult: Int32Array.from(entries, (e) => e[1]), need, fewest });
  }
  const tolerance = groups.reduce((t, g) => Math.min(t, g.fewest), Infinity);
  const method = options.method ?? "auto";
  let pLoss: number;
  let exact = true;
  let interval: [number, number] | undefined;
  let samples: number | undefined;
  const closed = closedForm(groups, N, K, tolerance);
  if (method !== "simulate" && closed !== undefined) {
    pLoss = closed;
  } else if (method === "exact") {
    throw new FailureError(`no closed form for ${K} failures (it exists for K below ${Number.isFinite(tolerance) ? tolerance : "any"}, K = ${tolerance} and K = N); use method "simulate"`, "method");
  } else {
    const confidence = options.confidence ?? 0.95;
    if (!(confidence > 0 && confidence < 1)) throw new FailureError(`confidence must be between 0 and 1, got ${String(confidence)}`, "confidence");
    const sim = simulate(groups, N, K, options.samples ?? 20_000, options.seed ?? 1, normalQuantile(0.5 + confidence / 2));
    pLoss = sim.p;
    interval = sim.interval;
    samples = sim.samples;
    exact = false;
  }
  const result: DurabilityResult = {
    pool: p.id,
    domain: options.domain ?? "device",
    units: N,
    failures: K,
    copysets: copysets.size,
    unreadable,
    tolerance: Number.isFinite(tolerance) ? tolerance : N + 1,
    pLoss,
    exact,
    ...(interval === undefined ? {} : { interval, samples }),
  };
  if (options.afr === undefined) return result;
  if (!(options.afr > 0 && options.afr < 1)) throw new FailureError(`afr must be a rate between 0 and 1 (2% is 0.02), got ${String(options.afr)}`, "afr");
  if (options.recoveryHours === undefined || !(options.recoveryHours > 0)) {
    throw new FailureError("the yearly estimate needs the recovery time in hours (recoveryHours > 0)", "recoveryHours");
  }
  return { ...result, annual: annualLoss(groups, N, tolerance, options.afr, options.recoveryHours) };
}

/** The pool's failure units: devices the rule reaches that are up and in, or their buckets of a type. */
function failureUnits(state: ClusterState, rule: Rule, domain: string | undefined): { unitOf: Map<number, number>; units: number[] } {
  const scope = hierarchy(state.crush).ruleScope(rule);
  const live = [...scope.weight.keys()].filter((d) => {
    const o = state.osds[d];
    return o !== undefined && o.exists && o.up && o.weight > 0 && scope.weight.get(d)! > 0;
  });
  const unitOf = new Map<number, number>();
  if (domain === undefined || domain === "device" || domain === "osd") {
    live.sort((a, b) => a - b).forEach((d, i) => unitOf.set(d, i));
    return { unitOf, units: live };
  }
  if (!state.crush.types.some((t) => t.name === domain)) throw new FailureError(`the crush map has no bucket type '${domain}'`, domain);
  const ancestor = ancestorOfType([state.crush], domain);
  const units: number[] = [];
  const index = new Map<number, number>();
  for (const d of live.sort((a, b) => a - b)) {
    const bucket = ancestor.get(d);
    if (bucket === undefined) continue;
    if (!index.has(bucket)) {
      index.set(bucket, units.length);
      units.push(bucket);
    }
    unitOf.set(d, index.get(bucket)!);
  }
  if (units.length === 0) throw new FailureError(`no ${domain} holds a device of this pool`, domain);
  return { unitOf, units };
}

/** Exact pLoss where it has a closed form: K below the tolerance, K equal to it, or every unit. */
function closedForm(groups: readonly Group[], N: number, K: number, tolerance: number): number | undefined {
  if (groups.length === 0 || K < tolerance) return 0;
  if (K >= N) return 1;
  if (K !== tolerance) return undefined;
  const fatal = fatalSets(groups, N, K);
  return fatal === undefined ? undefined : fatal / binomial(N, K);
}

/** Fatal K-sets numbered by colex rank, 8 bytes each (64 MiB at most). */
const MAX_RANKED = 1 << 23;
/** Fatal K-sets kept as K unit indexes each, when ranks do not fit a double. */
const MAX_LISTED = 1 << 20;

/**
 * The distinct K-sets of units that lose some group (the copyset paper's count, generalised to
 * erasure shards and to units holding several copies), or undefined when there are too many to
 * enumerate. Only groups that K units can lose take part; each contributes the K-subsets of its
 * units holding at least `need` of its copies.
 */
function fatalSets(groups: readonly Group[], N: number, K: number): number | undefined {
  let bound = 0;
  for (const g of groups) if (g.fewest === K) bound += Math.round(binomial(g.units.length, K));
  if (bound === 0) return 0;
  // colex rank Σ C(u_i, i + 1) numbers every K-set below C(N, K): exact in a double up to 2^53
  const ranked = binomial(N, K) * K < 2 ** 53 && N * (K + 1) <= 1 << 22;
  if (bound > (ranked ? MAX_RANKED : MAX_LISTED)) return undefined;
  let table: Float64Array | undefined;
  if (ranked) {
    // Pascal's triangle, C(u, j) at u * (K + 1) + j: sums of exact integers stay exact
    table = new Float64Array(N * (K + 1));
    for (let u = 0; u < N; u++) {
      table[u * (K + 1)] = 1;
      for (let j = 1; j <= K && u > 0; j++) table[u * (K + 1) + j] = table[(u - 1) * (K + 1) + j - 1]! + table[(u - 1) * (K + 1) + j]!;
    }
  }
  const ranks = new Float64Array(ranked ? bound : 0);
  const lists = new Int32Array(ranked ? 0 : bound * K);
  let count = 0;
  const idx = new Int32Array(K);
  for (const g of groups) {
    if (g.fewest !== K) continue;
    const n = g.units.length;
    for (let i = 0; i < K; i++) idx[i] = i;
    for (;;) {
      let held = 0;
      for (let i = 0; i < K; i++) held += g.mult[idx[i]!]!;
      if (held >= g.need) {
        if (table !== undefined) {
          let r = 0;
          for (let i = 0; i < K; i++) r += table[g.units[idx[i]!]! * (K + 1) + i + 1]!;
          ranks[count++] = r;
        } else {
          for (let i = 0; i < K; i++) lists[count * K + i] = g.units[idx[i]!]!;
          count++;
        }
      }
      // next K-combination of 0..n-1 in lexicographic order (units ascend, so the set is sorted)
      let i = K - 1;
      while (i >= 0 && idx[i] === n - K + i) i--;
      if (i < 0) break;
      idx[i]!++;
      for (let j = i + 1; j < K; j++) idx[j] = idx[j - 1]! + 1;
    }
  }
  if (count === 0) return 0;
  let distinct = 1;
  if (table !== undefined) {
    const sorted = ranks.subarray(0, count).sort();
    for (let i = 1; i < count; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
    return distinct;
  }
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const compare = (a: number, b: number): number => {
    for (let i = 0; i < K; i++) {
      const d = lists[a * K + i]! - lists[b * K + i]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  order.sort(compare);
  for (let i = 1; i < count; i++) if (compare(order[i]!, order[i - 1]!) !== 0) distinct++;
  return distinct;
}

/**
 * Σ over groups of their fatal K-sets, counting a set once per group that it loses: an upper
 * bound on the distinct count, for when those are too many to enumerate. Per group, a small
 * dynamic programme over its units: ways[j][h] = j-subsets holding h copies (h capped at need).
 */
function fatalSetsUpperBound(groups: readonly Group[], K: number): number {
  let total = 0;
  for (const g of groups) {
    if (g.fewest !== K) continue;
    const need = g.need;
    const ways = new Float64Array((K + 1) * (need + 1));
    ways[0] = 1;
    for (let u = 0; u < g.units.length; u++) {
      const c = g.mult[u]!;
      for (let j = Math.min(K, u + 1); j >= 1; j--) {
        for (let h = need; h >= 0; h--) {
          const from = ways[(j - 1) * (need + 1) + h]!;
          if (from !== 0) ways[j * (need + 1) + Math.min(need, h + c)]! += from;
        }
      }
    }
    total += ways[K * (need + 1) + need]!;
  }
  return total;
}

/** Monte Carlo with common random numbers: sample s fails the first K units of its own shuffle. */
function simulate(groups: readonly Group[], N: number, K: number, samples: number, seed: number, z: number): { p: number; interval: [number, number]; samples: number } {
  if (!Number.isInteger(samples) || samples < 1) throw new FailureError(`samples must be a positive integer, got ${String(samples)}`, "samples");
  const byUnit: number[][] = Array.from({ length: N }, () => []);
  groups.forEach((g, gi) => g.units.forEach((u, j) => byUnit[u]!.push(gi, g.mult[j]!)));
  const held = new Int32Array(groups.length);
  const touched: number[] = [];
  const perm = new Int32Array(N);
  let losses = 0;
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < N; i++) perm[i] = i;
    let state = mix(seed, s);
    let lost = false;
    for (let i = 0; i < K && !lost; i++) {
      state = next(state);
      const j = i + Math.floor(((state >>> 0) / 4294967296) * (N - i));
      const u = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = u;
      const list = byUnit[u]!;
      for (let k = 0; k < list.length; k += 2) {
        const gi = list[k]!;
        if (held[gi] === 0) touched.push(gi);
        held[gi]! += list[k + 1]!;
        if (held[gi]! >= groups[gi]!.need) {
          lost = true;
          break;
        }
      }
    }
    if (lost) losses++;
    for (const gi of touched) held[gi] = 0;
    touched.length = 0;
  }
  const p = losses / samples;
  return { p, interval: wilson(losses, samples, z), samples };
}

/** Wilson score interval of x successes in n trials for the normal quantile z. */
function wilson(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/**
 * Expected yearly losses under independent exponential failures (rate λ = −ln(1 − AFR) per
 * unit) with recovery time T ≪ 1/λ: a given set of r units fails within one recovery window
 * at the rate r·λ^r·T^(r−1) (one fails, the other r − 1 before it is recovered), and data is
 * lost when that set is one of the fatal r-sets — the MTTDL-style approximation the copyset
 * paper uses. r is the pool's tolerance; larger sets fail far less often and are left out.
 * When the fatal sets are too many to tell apart, the sum over groups bounds their number.
 */
function annualLoss(groups: readonly Group[], N: number, tolerance: number, afr: number, hours: number): NonNullable<DurabilityResult["annual"]> {
  if (!Number.isFinite(tolerance) || tolerance > N) return { afr, recoveryHours: hours, lossRate: 0, probability: 0, exact: true };
  const lambda = -Math.log(1 - afr);
  const T = hours / 8760;
  const distinct = fatalSets(groups, N, tolerance);
  // no more fatal sets than there are r-sets at all
  const fatal = distinct ?? Math.min(fatalSetsUpperBound(groups, tolerance), binomial(N, tolerance));
  const lossRate = fatal * tolerance * lambda ** tolerance * T ** (tolerance - 1);
  return { afr, recoveryHours: hours, lossRate, probability: -Math.expm1(-lossRate), exact: distinct !== undefined };
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** A 32-bit seed per (seed, sample): two rounds of a murmur-style finaliser. */
function mix(seed: number, s: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(s + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** xorshift32. */
function next(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x | 0 || 0x6d2b79f5;
}
