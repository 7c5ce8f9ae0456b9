/**
 * Each group's own chance of being lost when K of N units fail at random. Event A_g is "the K
 * failed units hold `need` of g's copies"; with W_g(j) the j-subsets of g's n units that hold
 * that many,
 *
 *   P(A_g) = Σ_j W_g(j) · C(N − n, K − j) / C(N, K) = Σ_j hyp(j) · W_g(j) / C(n, j),
 *
 * hyp(j) = C(K, j) C(N − K, n − j) / C(N, n) being the hypergeometric chance that j of g's units
 * fail — computed from logarithms of binomials with few factors, so it stays accurate for any
 * N and K. W_g depends only on the group's copies per unit and its need, so groups share it.
 * max_g P(A_g) ≤ pLoss ≤ Σ_g P(A_g) (Boole's inequality): bounds that hold for certain.
 */
import { binomial, logBinomial } from "./combinatorics.js";
import type { LossGroup } from "./lossGroups.js";

export interface GroupLoss {
  /** P(A_g) per group. */
  readonly p: Float64Array;
  /** Σ_g P(A_g). */
  readonly sum: number;
  /** max_g P(A_g). */
  readonly max: number;
  /** Per group: the chance that exactly j of its units fail and lose it, j = 0 … n (row of `byJ`). */
  readonly byJ: readonly Float64Array[];
}

/** W(j) for j = 0 … maxJ: j-subsets of units holding `mult` copies that hold at least `need`. */
export function fatalSubsets(mult: Int32Array, need: number, maxJ: number): Float64Array {
  // ways[j][h]: j-subsets of the units seen so far holding h copies (h capped at need)
  const ways = new Float64Array((maxJ + 1) * (need + 1));
  ways[0] = 1;
  for (let u = 0; u < mult.length; u++) {
    const c = mult[u]!;
    for (let j = Math.min(maxJ, u + 1); j >= 1; j--) {
      for (let h = need; h >= 0; h--) {
        const from = ways[(j - 1) * (need + 1) + h]!;
        if (from !== 0) ways[j * (need + 1) + Math.min(need, h + c)]! += from;
      }
    }
  }
  const W = new Float64Array(maxJ + 1);
  for (let j = 0; j <= maxJ; j++) W[j] = ways[j * (need + 1) + need]!;
  return W;
}

export function groupLoss(groups: readonly LossGroup[], N: number, K: number): GroupLoss {
  const shared = new Map<string, Float64Array>();
  const p = new Float64Array(groups.length);
  const byJ: Float64Array[] = [];
  let sum = 0;
  let max = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const key = `${g.need}|${Array.from(g.mult).sort((a, b) => a - b).join(",")}`;
    let row = shared.get(key);
    if (row === undefined) {
      row = lossByJ(g, N, K);
      shared.set(key, row);
    }
    let pg = 0;
    for (let j = 0; j < row.length; j++) pg += row[j]!;
    byJ.push(row);
    p[gi] = pg;
    sum += pg;
    if (pg > max) max = pg;
  }
  return { p, sum, max, byJ };
}

/** hyp(j) · W(j) / C(n, j) for j = 0 … n. */
function lossByJ(g: LossGroup, N: number, K: number): Float64Array {
  const n = g.units.length;
  const W = fatalSubsets(g.mult, g.need, Math.min(n, K));
  const row = new Float64Array(n + 1);
  const lnAll = logBinomial(N, n);
  for (let j = g.fewest; j <= Math.min(n, K); j++) {
    if (W[j] === 0) continue;
    const hyp = Math.exp(logBinomial(K, j) + logBinomial(N - K, n - j) - lnAll);
    row[j] = (hyp * W[j]!) / binomial(n, j);
  }
  return row;
}
