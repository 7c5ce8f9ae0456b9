/**
 * The least any placement could move for a change of weights. Before the change device d should
 * hold placedBefore·p_d replicas (p_d its weight share), after it placedAfter·q_d. A replica can
 * only stay where it is, so every device that should hold more afterwards must receive the
 * difference as new copies, and no placement that meets both shares can copy less:
 *
 *   minimum = Σ_d max(0, placedAfter·q_d − placedBefore·p_d)
 *
 * When the same number of replicas is placed before and after, this equals the sum of the
 * shares devices lose, Σ_d max(0, placed·(p_d − q_d)), the usual statement. It ignores that
 * one input cannot hold two replicas on one device, so a change can force more (a device whose
 * share would exceed one replica per input), never less.
 */

function shares(w: Float64Array, n: number): Float64Array {
  let total = 0;
  for (let d = 0; d < w.length; d++) total += w[d]!;
  const p = new Float64Array(n);
  for (let d = 0; d < w.length; d++) p[d] = w[d]! / total;
  return p;
}

/** The minimum above, over the union of both clusters' device indices. */
export function minimumMoves(before: Float64Array, placedBefore: number, after: Float64Array, placedAfter: number): number {
  const n = Math.max(before.length, after.length);
  const p = shares(before, n);
  const q = shares(after, n);
  let minimum = 0;
  for (let d = 0; d < n; d++) minimum += Math.max(0, placedAfter * q[d]! - placedBefore * p[d]!);
  return minimum;
}
