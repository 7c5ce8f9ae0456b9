/**
 * How likely a pool is to lose data: its copysets (distinct sets of devices that hold a group,
 * after Cidon et al., "Copysets: Reducing the Frequency of Data Loss in Cloud Storage", USENIX
 * ATC 2013), the probability that K simultaneous failures of random devices (or of failure
 * domains) lose some group, and a yearly estimate from a failure rate and the recovery time.
 *
 * Failures are uniform: every K-subset of the pool's units (devices that are up, in and
 * weighted under the pool's rule, or the buckets of a type that hold them) is equally likely.
 * A group is lost when the failed units hold `copies − k + 1` of its copies (every copy for a
 * replicated group; more than m shards for an erasure group).
 */
import { ancestorOfType } from "../map/hierarchy.js";
import { ITEM_NONE } from "../map/types.js";
import { mapPool } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import { findPoolRule } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { ruleScope } from "../balance/ruleScope.js";
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
  };
}

interface Group {
  /** Unit indexes holding copies, with how many copies each. */
  readonly units: readonly number[];
  readonly mult: readonly number[];
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
  const groups: Group[] = [];
  for (let ps = 0; ps < m.pgNum; ps++) {
    const members: number[] = [];
    for (let i = 0; i < m.actingLength[ps]!; i++) {
      const o = m.acting[ps * m.width + i]!;
      if (o !== ITEM_NONE) members.push(o);
    }
    if (members.length === 0) continue;
    copysets.add([...members].sort((a, b) => a - b).join(","));
    const count = new Map<number, number>();
    for (const o of members) {
      const u = unitOf.get(o);
      if (u !== undefined) count.set(u, (count.get(u) ?? 0) + 1);
    }
    const need = members.length - readable + 1;
    const entries = [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    let fewest = 0;
    let acc = 0;
    for (const [, c] of entries) {
      if (acc >= need) break;
      acc += c;
      fewest++;
    }
    if (acc < need) continue; // copies outside the failing units keep it safe
    groups.push({ units: entries.map((e) => e[0]), mult: entries.map((e) => e[1]), need, fewest });
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
function failureUnits(state: ClusterState, rule: Parameters<typeof ruleScope>[1], domain: string | undefined): { unitOf: Map<number, number>; units: number[] } {
  const scope = ruleScope(state.crush, rule);
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
  // Distinct K-subsets of units that lose some group: only groups needing exactly K units can.
  const fatal = new Set<string>();
  let work = 0;
  for (const g of groups) {
    if (g.fewest !== K) continue;
    const n = g.units.length;
    work += binomial(n, K);
    if (work > 5_000_000) return undefined;
    const pick: number[] = [];
    const visit = (from: number, held: number): void => {
      if (pick.length === K) {
        if (held >= g.need) fatal.add(pick.map((i) => g.units[i]!).sort((a, b) => a - b).join(","));
        return;
      }
      for (let i = from; i <= n - (K - pick.length); i++) {
        pick.push(i);
        visit(i + 1, held + g.mult[i]!);
        pick.pop();
      }
    };
    visit(0, 0);
  }
  return fatal.size / binomial(N, K);
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
 * unit) with recovery time T ≪ 1/λ: r units fail within one recovery window at the rate
 * C(N, r)·r·λ^r·T^(r−1), and such a set loses data with probability pLoss(r) — the MTTDL-style
 * approximation the copyset paper uses. r is the pool's tolerance.
 */
function annualLoss(groups: readonly Group[], N: number, tolerance: number, afr: number, hours: number): NonNullable<DurabilityResult["annual"]> {
  if (!Number.isFinite(tolerance) || tolerance > N) return { afr, recoveryHours: hours, lossRate: 0, probability: 0 };
  const lambda = -Math.log(1 - afr);
  const T = hours / 8760;
  const pr = closedForm(groups, N, tolerance, tolerance) ?? 0;
  const lossRate = pr * binomial(N, tolerance) * tolerance * lambda ** tolerance * T ** (tolerance - 1);
  return { afr, recoveryHours: hours, lossRate, probability: -Math.expm1(-lossRate) };
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
