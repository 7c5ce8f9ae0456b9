/**
 * pLoss as the size of a union of events, estimated the way Karp, Luby and Madras estimate a
 * union ("Monte-Carlo approximation algorithms for enumeration problems", J. Algorithms 1989):
 * draw a group g with chance P(A_g) / Σ P(A_h), draw a failure set uniformly from those that
 * lose g, and count the groups c it loses. Then pLoss = Σ P(A_h) · E[1/c]. Every draw lands on
 * a fatal set, so the estimate keeps its precision however small pLoss is (a direct sampler
 * sees nothing at 1e-8); 1/c lies in (0, 1], so Hoeffding's inequality gives an interval that
 * holds at any sample size, with no normal approximation.
 */
import { hoeffdingHalfWidth } from "./intervals.js";
import type { GroupLoss } from "./groupLoss.js";
import type { LossGroup } from "./lossGroups.js";
import { mix, next, unit } from "./random.js";
import type { UnitIndex } from "./unitIndex.js";

export interface Estimate {
  readonly p: number;
  readonly interval: [number, number];
  readonly samples: number;
}

/** Scratch of one run, sized once. */
interface Draw {
  state: number;
  readonly failed: Int32Array;
  readonly mark: Uint8Array;
  readonly picked: Int32Array;
  readonly counts: Float64Array;
  readonly held: Int32Array;
  readonly touched: Int32Array;
}

export function unionEstimate(groups: readonly LossGroup[], index: UnitIndex, loss: GroupLoss, N: number, K: number, samples: number, seed: number, confidence: number): Estimate {
  const cumulative = new Float64Array(groups.length);
  let acc = 0;
  let widest = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    acc += loss.p[gi]!;
    cumulative[gi] = acc;
    widest = Math.max(widest, groups[gi]!.units.length, groups[gi]!.need);
  }
  const d: Draw = {
    state: 0,
    failed: new Int32Array(K),
    mark: new Uint8Array(N),
    picked: new Int32Array(K),
    counts: new Float64Array((widest + 1) * (widest + 1) * (widest + 1)),
    held: new Int32Array(groups.length),
    touched: new Int32Array(index.group.length),
  };
  let sum = 0;
  for (let s = 0; s < samples; s++) {
    d.state = mix(seed, s);
    const gi = pickGroup(cumulative, acc, draw(d));
    const g = groups[gi]!;
    const j = pickShare(loss.byJ[gi]!, loss.p[gi]!, draw(d));
    pickFatalSubset(d, g, j);
    pickOthers(d, g, N, K - j, j);
    sum += 1 / groupsLost(d, index, K);
  }
  const mean = sum / samples;
  const h = hoeffdingHalfWidth(samples, confidence);
  return { p: acc * mean, interval: [acc * Math.max(0, mean - h), acc * Math.min(1, mean + h)], samples };
}

function draw(d: Draw): number {
  d.state = next(d.state);
  return unit(d.state);
}

/** The first group whose cumulative weight passes r · total. */
function pickGroup(cumulative: Float64Array, total: number, r: number): number {
  const target = r * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** How many of the group's units fail, with chance proportional to its loss through exactly that many. */
function pickShare(row: Float64Array, total: number, r: number): number {
  let target = r * total;
  let last = 0;
  for (let j = 0; j < row.length; j++) {
    if (row[j] === 0) continue;
    last = j;
    target -= row[j]!;
    if (target < 0) return j;
  }
  return last;
}

/**
 * A uniform j-subset of the group's units holding `need` copies, into d.failed[0 … j − 1]:
 * counts[i][m][h] = ways to pick m of units i … n − 1 so that h copies plus theirs reach need.
 */
function pickFatalSubset(d: Draw, g: LossGroup, j: number): void {
  const n = g.units.length;
  const need = g.need;
  const H = need + 1;
  const M = j + 1;
  const at = (i: number, m: number, h: number): number => (i * M + m) * H + h;
  const c = d.counts;
  for (let m = 0; m <= j; m++) for (let h = 0; h <= need; h++) c[at(n, m, h)] = m === 0 && h === need ? 1 : 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let m = 0; m <= j; m++) {
      for (let h = 0; h <= need; h++) {
        c[at(i, m, h)] = c[at(i + 1, m, h)]! + (m > 0 ? c[at(i + 1, m - 1, Math.min(need, h + g.mult[i]!))]! : 0);
      }
    }
  }
  let m = j;
  let h = 0;
  let k = 0;
  for (let i = 0; i < n && m > 0; i++) {
    const take = c[at(i + 1, m - 1, Math.min(need, h + g.mult[i]!))]!;
    if (draw(d) * c[at(i, m, h)]! < take) {
      d.failed[k++] = g.units[i]!;
      m--;
      h = Math.min(need, h + g.mult[i]!);
    }
  }
}

/** `count` units drawn uniformly among the N − n outside the group (Floyd's algorithm), into d.failed[from …]. */
function pickOthers(d: Draw, g: LossGroup, N: number, count: number, from: number): void {
  const M = N - g.units.length;
  for (let t = M - count, k = 0; t < M; t++, k++) {
    const r = Math.floor(draw(d) * (t + 1));
    const v = d.mark[r] === 1 ? t : r;
    d.mark[v] = 1;
    d.picked[k] = v;
  }
  for (let k = 0; k < count; k++) {
    const v = d.picked[k]!;
    d.mark[v] = 0;
    // the v-th unit not in the group: step over the group's units (ascending) at or below it
    let u = v;
    for (let i = 0; i < g.units.length; i++) if (g.units[i]! <= u) u++;
    d.failed[from + k] = u;
  }
}

/** Groups whose need the K failed units reach (at least the drawn group). */
function groupsLost(d: Draw, index: UnitIndex, K: number): number {
  let lost = 0;
  let touched = 0;
  for (let k = 0; k < K; k++) {
    const u = d.failed[k]!;
    for (let e = index.start[u]!; e < index.start[u + 1]!; e++) {
      const gi = index.group[e]!;
      if (d.held[gi] === 0) d.touched[touched++] = gi;
      const before = d.held[gi]!;
      d.held[gi] = before + index.mult[e]!;
      const need = index.need[e]!;
      if (before < need && before + index.mult[e]! >= need) lost++;
    }
  }
  for (let t = 0; t < touched; t++) d.held[d.touched[t]!] = 0;
  return Math.max(lost, 1);
}
