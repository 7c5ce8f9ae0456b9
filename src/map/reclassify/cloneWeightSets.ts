/**
 * The weight sets device_class_clone gives a new shadow copy: per position, each device keeps its
 * weight from the original's weight set, each child copy weighs what its own weight set summed
 * to (0 if it has none), and the copy never gets ids. Two of Ceph's quirks are kept because they
 * decide what the written map holds and how it maps:
 * - the sums a copy leaves for its parent are stored after the loop over positions from a vector
 *   made afresh for each position, so only the last position's sum survives; with more than one
 *   position, a child copy weighs 0 in its parent's copy at every position but the last;
 * - an original without a weight set still gives its copy a non-NULL weight set of 0 positions.
 */
import type { CephState, SimBucket } from "./cephState.js";
import { cephAborts } from "./weightSets.js";
import { argAt } from "./weightSetState.js";

/** Ceph's cmap_item_weight: choose_args key (as a C int) → copy id → sums per position. */
export type CloneWeights = Map<number, Map<number, number[]>>;

export function cloneArgs(st: CephState, original: SimBucket, copy: SimBucket, origPos: readonly number[], sums: CloneWeights): void {
  for (const m of st.weightSets) {
    // the map is keyed by int while choose_args keys are int64: Ceph narrows the key
    const key = m.id | 0;
    let known = sums.get(key);
    if (known === undefined) sums.set(key, (known = new Map()));
    const o = m.args[-1 - original.id]?.weightSet ?? [];
    const weightSet: number[][] = [];
    for (let s = 0; s < o.length; s++) {
      const bucketWeights = new Array<number>(o.length).fill(0);
      const weights: number[] = [];
      for (let i = 0; i < copy.items.length; i++) {
        const item = copy.items[i]!.id;
        let w: number;
        if (item >= 0) {
          const v = o[s]![origPos[i]!];
          if (v === undefined) throw cephAborts(`device_class_clone: weight set of bucket ${original.id} is short`);
          w = v;
        } else {
          const child = known.get(item);
          if (child !== undefined && s >= child.length) throw cephAborts(`device_class_clone: copy ${item} has fewer positions than ${copy.id}`);
          w = child === undefined ? 0 : child[s]! >>> 0;
        }
        weights.push(w);
        bucketWeights[s] = (bucketWeights[s]! + w) | 0;
      }
      weightSet.push(weights);
      known.set(copy.id, bucketWeights);
    }
    const n = argAt(m, -1 - copy.id);
    n.weightSet = weightSet;
    n.ids = undefined;
  }
}
