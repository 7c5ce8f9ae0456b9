/**
 * Counting what moves between two placements of the same input, one input at a time: the inner
 * loop of every movement measurement (two maps, or two cluster states of one pool).
 */
import { ITEM_NONE } from "../map/types.js";

/** Running totals of a movement measurement, indexed by device id. */
export interface MoveTally {
  readonly before: Float64Array;
  readonly after: Float64Array;
  readonly gained: Float64Array;
  readonly lost: Float64Array;
  moved: number;
}

/** A zeroed tally for device ids below `size`. */
export function moveTally(size: number): MoveTally {
  return { before: new Float64Array(size), after: new Float64Array(size), gained: new Float64Array(size), lost: new Float64Array(size), moved: 0 };
}

function held(d: number, size: number): boolean {
  return d !== ITEM_NONE && d >= 0 && d < size;
}

/** How many of the first `n` entries of `set` are `d` (sets are a few entries long). */
function countOf(set: Int32Array, offset: number, n: number, d: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (set[offset + i] === d) c++;
  return c;
}

/** True when `set[offset + i]` also appears earlier in the set. */
function seenBefore(set: Int32Array, offset: number, i: number): boolean {
  const d = set[offset + i];
  for (let j = 0; j < i; j++) if (set[offset + j] === d) return true;
  return false;
}

/**
 * Adds one input's move: `a` (na entries at aOff) before, `b` (nb at bOff) after. Replicated
 * results compare as multisets (a replica that only changes rank stays where its data is; a
 * rule with several emits may name a device twice); erasure results compare position by
 * position, since shard i lives where position i points.
 */
export function tallyInput(t: MoveTally, a: Int32Array, aOff: number, na: number, b: Int32Array, bOff: number, nb: number, positional: boolean): void {
  if (positional) {
    tallyPositions(t, a, aOff, na, b, bOff, nb);
    return;
  }
  const size = t.before.length;
  for (let i = 0; i < na; i++) {
    const d = a[aOff + i]!;
    if (!held(d, size)) continue;
    t.before[d] = t.before[d]! + 1;
    if (seenBefore(a, aOff, i)) continue;
    const extra = countOf(a, aOff, na, d) - countOf(b, bOff, nb, d);
    if (extra > 0) t.lost[d] = t.lost[d]! + extra;
  }
  for (let i = 0; i < nb; i++) {
    const d = b[bOff + i]!;
    if (!held(d, size)) continue;
    t.after[d] = t.after[d]! + 1;
    if (seenBefore(b, bOff, i)) continue;
    const extra = countOf(b, bOff, nb, d) - countOf(a, aOff, na, d);
    if (extra > 0) {
      t.gained[d] = t.gained[d]! + extra;
      t.moved += extra;
    }
  }
}

function tallyPositions(t: MoveTally, a: Int32Array, aOff: number, na: number, b: Int32Array, bOff: number, nb: number): void {
  const size = t.before.length;
  for (let i = 0; i < na; i++) {
    const d = a[aOff + i]!;
    if (!held(d, size)) continue;
    t.before[d] = t.before[d]! + 1;
    if (!(i < nb && b[bOff + i] === d)) t.lost[d] = t.lost[d]! + 1;
  }
  for (let i = 0; i < nb; i++) {
    const d = b[bOff + i]!;
    if (!held(d, size)) continue;
    t.after[d] = t.after[d]! + 1;
    if (!(i < na && a[aOff + i] === d)) {
      t.gained[d] = t.gained[d]! + 1;
      t.moved++;
    }
  }
}
