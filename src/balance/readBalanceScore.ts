/**
 * Ceph's read_balance_score of a replicated pool (OSDMap::calc_read_balance_score, Ceph 20.2),
 * computed from the same counts and in the same 32-bit float steps, so that it prints exactly
 * as `ceph osd pool ls detail`, `ceph osd dump` and `osdmaptool --read` print it.
 *
 * Two scores exist. The fair score ("Fair distribution"), for pools without a read_ratio: the
 * most primaries on one OSD of the rule over the pool's average per OSD that holds its groups,
 * divided by an optimal score that corrects for OSDs with primary affinity 0; 1 is perfect. The
 * size-aware score ("OSD size aware"), for pools with a read_ratio: each OSD's load is 100 per
 * primary and (100 - read_ratio) per other copy, and the score is the most loaded OSD over the
 * average load. Both are rounded to hundredths as Ceph's rbi_round does.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import type { LoadedOsd, ReadBalanceScore } from "../placement/readBalanceTypes.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { ruleWeightOsdMap, type RuleWeights } from "./ruleWeightMap.js";

export type { LoadedOsd, ReadBalanceScore };

const f32 = Math.fround;

/** Per-OSD counts of one pool, as Ceph's get_pgs_by_osd gathers them. */
export interface PrimaryCounts {
  /** Groups whose up set holds the OSD, indexed by OSD id. */
  readonly pgs: Uint32Array;
  /** Groups whose up primary the OSD is. */
  readonly primaries: Uint32Array;
  /** Groups whose acting primary the OSD is. */
  readonly actingPrimaries: Uint32Array;
  /** The first group whose acting set has only OSDs of primary affinity 0 (or none), or -1. */
  readonly zeroAffinityPg: number;
}

/**
 * The read balance score of a replicated pool.
 *
 * @group Balancing
 *
 * @throws {@link PlacementError} when the pool does not exist.
 *
 * @example
 * ```ts
 * readBalanceScore(state, "rbd").stable; // 1.25, as `ceph osd pool ls detail` prints it
 * ```
 */
export function readBalanceScore(state: ClusterState, pool: number | string): ReadBalanceScore {
  const p = resolvePool(state, pool);
  if (p.type !== "replicated") return failed("fair", `pool ${p.id} is not a replicated pool, read balance score is meaningless`);
  const rule = state.crush.rules.find((r) => r.id === p.crushRule);
  const weights = rule === undefined ? { osds: new Int32Array(0), weights: new Float32Array(0) } : ruleWeightOsdMap(state.crush, rule);
  return scoreFromCounts(state, p, primaryCounts(state, p.id), weights);
}

/** The counts of `pool` in `state` (every group placed once). */
export function primaryCounts(state: ClusterState, pool: number): PrimaryCounts {
  const m = mapPool(state, pool);
  const n = state.maxOsd;
  const pgs = new Uint32Array(n);
  const primaries = new Uint32Array(n);
  const actingPrimaries = new Uint32Array(n);
  const affinity = state.osds;
  let zeroAffinityPg = -1;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const base = ps * m.width;
    const upLength = m.upLength[ps]!;
    if (upLength > 0) {
      for (let i = 0; i < upLength; i++) {
        const o = m.up[base + i]!;
        if (o !== ITEM_NONE) pgs[o]!++;
      }
      const pr = m.upPrimary[ps]!;
      if (pr >= 0) primaries[pr]!++;
      const ap = m.actingPrimary[ps]!;
      if (ap >= 0) actingPrimaries[ap]!++;
    }
    if (zeroAffinityPg < 0) {
      let zero = true;
      for (let i = 0; i < m.actingLength[ps]! && zero; i++) {
        const o = m.acting[base + i]!;
        if (o === ITEM_NONE || affinity[o]!.primaryAffinity !== 0) zero = false;
      }
      if (zero) zeroAffinityPg = ps;
    }
  }
  return { pgs, primaries, actingPrimaries, zeroAffinityPg };
}

/** The score from counts: the read balancer scores its candidate states this way. */
export function scoreFromCounts(state: ClusterState, pool: Pool, counts: PrimaryCounts, weights: RuleWeights): ReadBalanceScore {
  if (pool.type !== "replicated") return failed("fair", `pool ${pool.id} is not a replicated pool, read balance score is meaningless`);
  return pool.readRatio === undefined ? fairScore(state, pool, counts, weights) : sizeAwareScore(state, pool, counts);
}

/** Ceph's rbi_round: to hundredths, half away from zero, on the float's hundredfold. */
export function rbiRound(f: number): number {
  const h = f32(f * 100);
  return f32(f > 0 ? Math.floor(h + 0.5) / 100 : Math.ceil(h - 0.5) / 100);
}

/** primary affinity as a float, as OSDMap::get_primary_affinityf returns it */
function affinityOf(state: ClusterState, osd: number): number {
  return osd < state.maxOsd ? f32(state.osds[osd]!.primaryAffinity / 0x10000) : 1;
}

function failed(type: "fair" | "size-aware", message: string | undefined): ReadBalanceScore {
  return Object.freeze({ type, ok: false, acting: 0, stable: 0, ...(message === undefined ? {} : { message }) });
}

/** calc_rbs_fair: the sums over the rule's OSDs, then set_rbi_fair. */
function fairScore(state: ClusterState, pool: Pool, counts: PrimaryCounts, weights: RuleWeights): ReadBalanceScore {
  let numOsds = 0;
  for (let o = 0; o < counts.pgs.length; o++) if (counts.pgs[o]! > 0) numOsds++;
  // no group maps anywhere: Ceph gives up without a message
  if (numOsds === 0) return failed("fair", undefined);
  const avg = f32(f32(pool.pgNum) / f32(numOsds));
  let maxPrims = 0;
  let maxActing = 0;
  let maxOsdScore = 0;
  let actingOnZero = false;
  let paSum = 0;
  let totalWeight = 0;
  let weightedPa = 0;
  let paCount = 0;
  for (let i = 0; i < weights.osds.length; i++) {
    const osd = weights.osds[i]!;
    const w = weights.weights[i]!;
    totalWeight = f32(totalWeight + w);
    const pa = affinityOf(state, osd);
    weightedPa = f32(weightedPa + f32(w * pa));
    if (pa !== 0) paCount++;
    const prims = osd < counts.primaries.length ? counts.primaries[osd]! : 0;
    if (prims > 0) maxPrims = Math.max(maxPrims, prims);
    const acting = osd < counts.actingPrimaries.length ? counts.actingPrimaries[osd]! : 0;
    if (acting > 0) {
      maxActing = Math.max(maxActing, acting);
      if (pa !== 0) maxOsdScore = Math.max(maxOsdScore, f32(acting / pa));
      else actingOnZero = true;
    }
    paSum = f32(paSum + pa);
  }
  if (paSum === 0) return failed("fair", `pool ${pool.id} has primary_affinity set to zero on all OSDs`);
  maxOsdScore = f32(maxOsdScore * f32(paSum / numOsds));
  return setFair(pool, counts, { avg, maxPrims, maxActing, maxOsdScore, actingOnZero, paSum, paCount, totalWeight, weightedPa, numOsds });
}

interface FairSums {
  readonly avg: number;
  readonly maxPrims: number;
  readonly maxActing: number;
  readonly maxOsdScore: number;
  readonly actingOnZero: boolean;
  readonly paSum: number;
  readonly paCount: number;
  readonly totalWeight: number;
  readonly weightedPa: number;
  readonly numOsds: number;
}

/** set_rbi_fair: the scores from the sums, with Ceph's checks and messages in Ceph's order. */
function setFair(pool: Pool, counts: PrimaryCounts, s: FairSums): ReadBalanceScore {
  const id = pool.id;
  // Ceph compares the float quotient with a double 1/size
  if (f32(s.weightedPa / s.totalWeight) < 1 / pool.size) {
    return failed("fair", `pool ${id} average primary affinity is lower than ${(1 / pool.size).toFixed(2)}, read balance score is not reliable`);
  }
  const weightedAvg = rbiRound(f32(s.weightedPa / s.totalWeight));
  const rawStable = rbiRound(f32(s.maxPrims / s.avg));
  let message: string | undefined;
  let rawActing: number;
  if (s.actingOnZero) {
    rawActing = rbiRound(s.maxOsdScore);
    message = `pool ${id} has acting primaries on OSD(s) with primary affinity 0, read balance score is not accurate`;
  } else {
    rawActing = rbiRound(f32(s.maxActing / s.avg));
  }
  const paAvg = s.paCount !== 0 ? rbiRound(f32(s.paSum / s.paCount)) : 0;
  if (paAvg === 0) return failed("fair", `pool ${id} all OSDs have zero primary affinity, can't calculate a reliable read balance score`);
  if (counts.zeroAffinityPg >= 0) {
    return failed(
      "fair",
      `pool ${id} has some PGs where all OSDs are with primary_affinity 0 (at least pg ${id}.${counts.zeroAffinityPg.toString(16)}), read balance score may not be reliable`,
    );
  }
  const optimal = rbiRound(f32(f32(s.numOsds) / f32(s.paCount)));
  return Object.freeze({
    type: "fair",
    ok: true,
    acting: rbiRound(f32(rawActing / optimal)),
    stable: rbiRound(f32(rawStable / optimal)),
    ...(message === undefined ? {} : { message }),
    optimal,
    rawActing,
    rawStable,
    primaryAffinityWeighted: s.weightedPa,
    averagePrimaryAffinity: paAvg,
    averagePrimaryAffinityWeighted: weightedAvg,
  });
}

/** calc_rbs_size_optimal: the most loaded OSD over the average load. */
function sizeAwareScore(state: ClusterState, pool: Pool, counts: PrimaryCounts): ReadBalanceScore {
  const id = pool.id;
  const rr = pool.readRatio!;
  let numOsds = 0;
  let legs = 0;
  for (let o = 0; o < counts.pgs.length; o++) {
    if (counts.pgs[o]! === 0) continue;
    numOsds++;
    legs += counts.pgs[o]!;
  }
  if (legs !== pool.pgNum * pool.size) {
    return failed("size-aware", `ERROR: pool ${id} has ${legs} PG OSD legs, expected ${pool.pgNum * pool.size} - Can't calculate size-optimal read balancer score`);
  }
  if (rr <= 0 || rr > 100) return failed("size-aware", `ERROR: pool ${id} has invalid read_ratio ${rr} - Can't calculate size-optimal read balancer score`);
  const loadPerOsd = f32(((100 + (pool.size - 1) * (100 - rr)) * pool.pgNum) / numOsds);
  const most = mostLoaded(counts, counts.primaries, rr);
  const mostActing = mostLoaded(counts, counts.actingPrimaries, rr);
  let message: string | undefined;
  for (let o = 0; o < counts.pgs.length && message === undefined; o++) {
    if (counts.pgs[o]! > 0 && affinityOf(state, o) !== 1) {
      message = `Warning: pool ${id} has primary_affinity set to non-default value on some OSDs, this is ignored by the size-optimal read balancer`;
    }
  }
  return Object.freeze({
    type: "size-aware",
    ok: true,
    acting: rbiRound(f32(mostActing.load / loadPerOsd)),
    stable: rbiRound(f32(most.load / loadPerOsd)),
    ...(message === undefined ? {} : { message }),
    averageOsdLoad: Math.trunc(loadPerOsd),
    mostLoaded: most,
    ...(mostActing.osd === most.osd ? {} : { mostLoadedActing: mostActing }),
  });
}

/** The first OSD (by id) with the highest load. */
function mostLoaded(counts: PrimaryCounts, primaries: Uint32Array, rr: number): LoadedOsd {
  let best: LoadedOsd = { osd: -1, pgs: 0, primaries: 0, load: 0 };
  for (let o = 0; o < counts.pgs.length; o++) {
    const pgs = counts.pgs[o]!;
    if (pgs === 0) continue;
    const prims = primaries[o]!;
    const load = prims * 100 + (pgs - prims) * (100 - rr);
    if (load > best.load) best = { osd: o, pgs, primaries: prims, load };
  }
  return Object.freeze(best);
}
