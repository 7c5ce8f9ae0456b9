/**
 * How many primaries of a pool each OSD should hold: its share of the reads.
 *
 * Fair (the default): reads spread evenly over the OSDs, each OSD's share scaled by its primary
 * affinity, and no OSD asked for more primaries than groups it can be primary of. That is the
 * distribution Ceph's fair read_balance_score calls perfect (the most primaries on one OSD equal
 * to the average); Ceph's own balancer aims instead at primaries in proportion to each OSD's
 * groups, which on OSDs of different sizes raises the busiest OSD and so its own score.
 *
 * Size-aware (osdmaptool's --osd-size-aware): an OSD's load is reads on the groups it is primary
 * of plus writes on every group it holds, read_ratio per primary and 100 - read_ratio per copy
 * (Ceph's load model), and the targets level the load: OSDs heavy with writes alone get fewer
 * primaries. Both are water-fillings: one level λ, each OSD's target a clamped function of it,
 * the level found by bisection so that the targets add up to the pool's groups.
 */

export interface TargetInput {
  /** Per OSD: groups it can be primary of (a choice of some group). */
  readonly available: Uint32Array;
  /** Per OSD: groups whose up set holds it. */
  readonly pgs: Uint32Array;
  /** Per OSD: primary affinity as a fraction (0..1). */
  readonly affinity: Float64Array;
  readonly pgNum: number;
}

/** Fair targets: min(available, λ × affinity). */
export function fairTargets(t: TargetInput): Float64Array {
  const n = t.available.length;
  const target = new Float64Array(n);
  const at = (level: number): number => {
    let sum = 0;
    for (let o = 0; o < n; o++) sum += Math.min(t.available[o]!, level * t.affinity[o]!);
    return sum;
  };
  // past this level every OSD is at its availability
  let high = 1;
  for (let o = 0; o < n; o++) if (t.affinity[o]! > 0) high = Math.max(high, t.available[o]! / t.affinity[o]! + 1);
  const level = solveLevel(at, t.pgNum, high);
  for (let o = 0; o < n; o++) target[o] = Math.min(t.available[o]!, level * t.affinity[o]!);
  return target;
}

/**
 * Size-aware targets in primaries, unclamped above zero load: (L − (100 − r) × pgs) / r, where
 * L is the common load level; an OSD whose writes alone pass L gets a negative target (it should
 * hold no primary, and its excess shows as its distance from the target). OSDs that can be
 * primary of nothing (affinity 0 or no choice) are left at 0.
 */
export function sizeAwareTargets(t: TargetInput, readRatio: number): Float64Array {
  const n = t.available.length;
  const r = readRatio;
  const w = 100 - readRatio;
  const target = new Float64Array(n);
  const clamped = (o: number, level: number): number => {
    if (t.affinity[o]! === 0 || t.available[o]! === 0) return 0;
    return Math.min(t.available[o]!, Math.max(0, (level - w * t.pgs[o]!) / r));
  };
  const at = (level: number): number => {
    let sum = 0;
    for (let o = 0; o < n; o++) sum += clamped(o, level);
    return sum;
  };
  let top = 1;
  for (let o = 0; o < n; o++) top = Math.max(top, w * t.pgs[o]! + r * t.available[o]!);
  const level = solveLevel(at, t.pgNum, top + 1);
  for (let o = 0; o < n; o++) {
    if (t.affinity[o]! === 0 || t.available[o]! === 0) continue;
    target[o] = Math.min(t.available[o]!, (level - w * t.pgs[o]!) / r);
  }
  return target;
}

/** The smallest level in [0, high] where `at(level)` reaches `want` (or high if it never does). */
function solveLevel(at: (level: number) => number, want: number, high: number): number {
  let lo = 0;
  let hi = high;
  if (at(hi) < want) return hi;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) >= want) hi = mid;
    else lo = mid;
  }
  return hi;
}
