/**
 * List buckets (Ceph's bucket_list_choose): walk from the newest item to the oldest and stop at
 * the first whose scaled hash falls under its weight, given the running sum of weights so far.
 */
import { hash32s_4 } from "../../hash/rjenkins.js";
import type { CompiledMap } from "../compiledMap.js";

export function listChoose(cm: CompiledMap, b: number, x: number, r: number): number {
  const start = cm.start[b]!;
  const id = cm.bucketId[b]!;
  for (let i = cm.size[b]! - 1; i >= 0; i--) {
    const item = cm.items[start + i]!;
    const w = hash32s_4(x, item, r, id) & 0xffff;
    // (16-bit hash * 32-bit sum) >> 16 stays below 2^48: exact in a double
    const scaled = Math.floor((w * cm.aux[start + i]!) / 0x10000);
    if (scaled < cm.itemWeights[start + i]!) return item;
  }
  return cm.items[start]!;
}
