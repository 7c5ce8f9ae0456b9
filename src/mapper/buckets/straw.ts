/**
 * Legacy straw buckets (Ceph's bucket_straw_choose): each item draws a 16-bit hash scaled by
 * its precomputed straw length; the longest draw wins, the first item on ties.
 */
import { hash32s_3 } from "../../hash/rjenkins.js";
import type { CompiledMap } from "../compiledMap.js";

export function strawChoose(cm: CompiledMap, b: number, x: number, r: number): number {
  const start = cm.start[b]!;
  const end = start + cm.size[b]!;
  let high = start;
  let highDraw = 0;
  for (let i = start; i < end; i++) {
    const draw = (hash32s_3(x, cm.items[i]!, r) & 0xffff) * cm.aux[i]!;
    if (i === start || draw > highDraw) {
      high = i;
      highDraw = draw;
    }
  }
  return cm.items[high]!;
}
