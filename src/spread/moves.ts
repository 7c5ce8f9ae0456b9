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

/** True when `d` is among the first `n` entries of `set` (sets are a few entries long). */
function holds(set: Int32Array, offset: number, n: number, d: number): boolean {
  for (let i = 0; i < n; i++) if (set[offset + i] === d) return true;
  return false;
}

/**
 * Adds one input's move: `a` (na entries at aOff) before, `b` (nb at bOff) after. Replicated
 * sets compare as sets (a replica that only changes rank stays where its data is); erasure
 * sets compare position by position, since shard i lives where position i points.
 */
export function tallyInput(t: MoveTally, a: Int32Array, aOff: number, na: number, b: Int32Array, bOff: number, nb: number, positional: boolean): void {
  const size = t.before.length;
  for (let i = 0; i < na; i++) {
    const d = a[aOff + i]!;
    if (!held(d, size)) continue;
    t.before[d] = t.before[d]! + 1;
    const stays = positional ? i < nb && b[bOff + i] === d : holds(b, bOff, nb, d);
    if (!stays) t.lost[d] = t.lost[d]! + 1;
  }
  for (let i = 0; i < nb; i++) {
    const d = b[bOff + i]!;
    if (!held(d, size)) continue;
    t.after[d] = t.after[d]! + 1;
    const stayed = positional ? i < na && a[aOff + i] === d : holds(a, aOff, na, d);
    if (!stayed) {
      t.gained[d] = t.gained[d]! + 1;
      t.moved++;
    }
  }
}
