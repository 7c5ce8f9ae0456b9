/**
 * Tree buckets (Ceph's bucket_tree_choose): descend the weighted binary tree from the root,
 * going left when a hash scaled by the node's weight falls under the left child's weight.
 *
 * The descent can end on a leaf with no item. Ceph's builder leaves interior node weights of
 * the class copies of tree buckets uninitialised (see CEPH-NOTES), and a binary map stores
 * whatever they held, so a right subtree beyond the last item may carry weight. Ceph then
 * reads past the bucket's items (another bucket's item, or garbage): there is no reference
 * answer. crushmap answers CRUSH_ITEM_NONE instead, which the rule interpreters treat as
 * Ceph treats any item beyond max_devices: firstn skips the replica, indep leaves a hole. So a
 * tree bucket only ever yields one of its own items, or none, and the mapping terminates.
 */
import { hash32s_4 } from "../../hash/rjenkins.js";
import { ITEM_NONE } from "../../map/types.js";
import type { CompiledMap } from "../compiledMap.js";

export function treeChoose(cm: CompiledMap, b: number, x: number, r: number): number {
  const nodes = cm.nodeWeights;
  const base = cm.treeStart[b]!;
  const id = cm.bucketId[b]!;
  let n = cm.numNodes[b]! >> 1;
  if (n === 0) return ITEM_NONE; // no tree at all: label 0 has no children to descend to
  while ((n & 1) === 0) {
    const w = nodes[base + n]!;
    const t = mulHigh32(hash32s_4(x, n, r, id) >>> 0, w);
    // the children of n sit half its height's span to each side
    const half = (n & -n) >> 1;
    const left = n - half;
    n = t < nodes[base + left]! ? left : n + half;
  }
  const i = n >> 1;
  return i < cm.size[b]! ? cm.items[cm.start[b]! + i]! : ITEM_NONE;
}

/** floor(a * b / 2^32) for 32-bit unsigned a and b, exact (the product needs 64 bits). */
function mulHigh32(a: number, b: number): number {
  const bHi = Math.floor(b / 0x10000);
  const bLo = b % 0x10000;
  // a * b = a*bHi*2^16 + a*bLo; each partial product is below 2^48
  return Math.floor((a * bHi + Math.floor((a * bLo) / 0x10000)) / 0x10000);
}
