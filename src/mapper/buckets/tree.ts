/**
 * Tree buckets (Ceph's bucket_tree_choose): descend the weighted binary tree from the root,
 * going left when a hash scaled by the node's weight falls under the left child's weight.
 */
import { hash32s_4 } from "../../hash/rjenkins.js";
import type { CompiledMap } from "../compiledMap.js";

export function treeChoose(cm: CompiledMap, b: number, x: number, r: number): number {
  const nodes = cm.nodeWeights;
  const base = cm.treeStart[b]!;
  const id = cm.bucketId[b]!;
  let n = cm.numNodes[b]! >> 1;
  while ((n & 1) === 0) {
    const w = nodes[base + n]!;
    const t = mulHigh32(hash32s_4(x, n, r, id) >>> 0, w);
    // the children of n sit half its height's span to each side
    const half = (n & -n) >> 1;
    const left = n - half;
    n = t < nodes[base + left]! ? left : n + half;
  }
  return cm.items[cm.start[b]! + (n >> 1)]!;
}

/** floor(a * b / 2^32) for 32-bit unsigned a and b, exact (the product needs 64 bits). */
function mulHigh32(a: number, b: number): number {
  const bHi = Math.floor(b / 0x10000);
  const bLo = b % 0x10000;
  // a * b = a*bHi*2^16 + a*bLo; each partial product is below 2^48
  return Math.floor((a * bHi + Math.floor((a * bLo) / 0x10000)) / 0x10000);
}
