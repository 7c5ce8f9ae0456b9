/**
 * Bookkeeping of what each choosemsr step has chosen, per position (Ceph's step_vecs and the
 * crush_msr_valid_candidate / push_used / pop_used helpers). A step's vector spans the block's
 * positions; the stretch of it that one chosen item covers is a stride. Unfilled slots hold
 * ITEM_UNDEF.
 */
import { ITEM_UNDEF } from "../context.js";

/**
 * Whether `candidate` may serve the stride [strideStart, strideEnd): yes if the stride already
 * uses it, no if another stride in [start, end) does, yes otherwise. This is what keeps the
 * strides' sets of failure domains disjoint.
 */
export function validCandidate(
  v: Int32Array, vec: number, start: number, end: number, strideStart: number, strideEnd: number, candidate: number,
): boolean {
  for (let i = start; i < end; i++) {
    if (v[vec + i] === candidate) return i >= strideStart && i < strideEnd;
  }
  return true;
}

/**
 * Records `candidate` as used by the stride, in its first free slot; false if the stride already
 * had it. A stride never records more items than it has slots: every item it keeps has filled
 * at least one of its positions, and a full stride is not chosen for again.
 */
export function pushUsed(v: Int32Array, vec: number, strideStart: number, strideEnd: number, candidate: number): boolean {
  for (let i = strideStart; i < strideEnd; i++) {
    const at = v[vec + i]!;
    if (at === candidate) return false;
    if (at === ITEM_UNDEF) {
      v[vec + i] = candidate;
      return true;
    }
  }
  return false;
}

/** Forgets the stride's last recorded item (the one pushed last). */
export function popUsed(v: Int32Array, vec: number, strideStart: number, strideEnd: number): void {
  for (let i = strideEnd - 1; i >= strideStart; i--) {
    if (v[vec + i] !== ITEM_UNDEF) {
      v[vec + i] = ITEM_UNDEF;
      return;
    }
  }
}

/** Whether every position in [start, end) already has its device (the block's last vector). */
export function strideFilled(v: Int32Array, leafVec: number, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (v[leafVec + i] === ITEM_UNDEF) return false;
  return true;
}
