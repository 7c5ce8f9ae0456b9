/**
 * The exact number of fatal K-sets when there are few enough K-sets to walk: a depth-first walk
 * over units in ascending order that keeps, per group, the copies its chosen units hold. Once the
 * chosen units lose some group every completion of them does too, so they count C(units left,
 * picks left) at once and the walk does not descend. Iterative (an explicit stack of K picks).
 * Undefined when the walk would pass `budget` steps (one per unit added and per group touched).
 */
import { binomial } from "./combinatorics.js";
import type { LossGroup } from "./lossGroups.js";
import type { UnitIndex } from "./unitIndex.js";

interface Walk {
  readonly index: UnitIndex;
  readonly held: Int32Array;
  /** Groups the chosen units lose now. */
  lost: number;
  steps: number;
}

export function countAllFatal(groups: readonly LossGroup[], index: UnitIndex, N: number, K: number, budget: number): number | undefined {
  if (!(binomial(N, K) < 2 ** 53)) return undefined;
  const w: Walk = { index, held: new Int32Array(groups.length), lost: 0, steps: 0 };
  const chosen = new Int32Array(K);
  let depth = 0;
  let next = 0;
  let fatal = 0;
  for (;;) {
    if (next > N - (K - depth)) {
      // no room left for the remaining picks: back up one pick
      if (depth === 0) return fatal;
      depth--;
      remove(w, chosen[depth]!);
      next = chosen[depth]! + 1;
      continue;
    }
    const u = next;
    add(w, u);
    if (w.steps > budget) return undefined;
    if (w.lost > 0) {
      // every K-set that extends these picks with units after u is fatal
      fatal += binomial(N - u - 1, K - depth - 1);
      remove(w, u);
      next = u + 1;
    } else if (depth + 1 === K) {
      remove(w, u); // a safe K-set
      next = u + 1;
    } else {
      chosen[depth++] = u;
      next = u + 1;
    }
  }
}

function add(w: Walk, u: number): void {
  const { start, group, mult } = w.index;
  w.steps += 1 + start[u + 1]! - start[u]!;
  for (let e = start[u]!; e < start[u + 1]!; e++) {
    const gi = group[e]!;
    const need = w.index.need[e]!;
    const before = w.held[gi]!;
    w.held[gi] = before + mult[e]!;
    if (before < need && before + mult[e]! >= need) w.lost++;
  }
}

function remove(w: Walk, u: number): void {
  const { start, group, mult } = w.index;
  for (let e = start[u]!; e < start[u + 1]!; e++) {
    const gi = group[e]!;
    const need = w.index.need[e]!;
    const before = w.held[gi]!;
    w.held[gi] = before - mult[e]!;
    if (before >= need && before - mult[e]! < need) w.lost--;
  }
}
