/**
 * straw2 buckets (Ceph's bucket_straw2_choose): each item draws ln(u)/weight, an exponential
 * variable with rate proportional to its weight, and the largest draw wins. Changing one item's
 * weight therefore only moves data to or from that item.
 *
 * A choose_args set may replace the weights (per replica position) and the ids that are hashed.
 */
import { STRAW2_LN } from "../../hash/crushLn.js";
import { hash32s_3 } from "../../hash/rjenkins.js";
import type { CompiledChooseArgs, CompiledMap } from "../compiledMap.js";
import type { Straw2Kernel } from "../wasm/straw2Kernel.js";

export function straw2Choose(
  cm: CompiledMap,
  b: number,
  x: number,
  r: number,
  args: CompiledChooseArgs | null,
  position: number,
  kernel: Straw2Kernel | null,
): number {
  const start = cm.start[b]!;
  const size = cm.size[b]!;

  // WebAssembly SIMD, for buckets it takes and no choose_args of their own: the same answer
  if (kernel !== null && kernel.usable[b] === 1 && (args === null || (args.positions[b] === 0 && args.idStart[b]! < 0))) {
    const same = cm.sameWeight[b]!;
    const ids = kernel.items + 4 * start;
    const high = same !== 0 ? kernel.equal(ids, size, x, r, same) : kernel.general(ids, kernel.weights + 8 * start, size, x, r);
    return cm.items[start + high]!;
  }

  let weights: Float64Array = cm.itemWeights;
  let wBase = start;
  let ids: Int32Array = cm.items;
  let idBase = start;
  if (args !== null) {
    const positions = args.positions[b]!;
    if (positions > 0) {
      // positions past the last weight vector reuse the last one
      const p = position < positions ? position : positions - 1;
      weights = args.weights;
      wBase = args.weightStart[b]! + p * size;
    }
    if (args.idStart[b]! >= 0) {
      ids = args.ids;
      idBase = args.idStart[b]!;
    }
  }

  const same = cm.sameWeight[b]!;
  if (same !== 0 && weights === cm.itemWeights) return equalWeightChoose(cm, start, size, same, x, r, ids, idBase);

  let high = 0;
  let highDraw = 0;
  for (let i = 0; i < size; i++) {
    const w = weights[wBase + i]!;
    let draw: number;
    if (w !== 0) {
      const u = hash32s_3(x, ids[idBase + i]!, r) & 0xffff;
      // Ceph divides in 64-bit integers, truncating toward zero. The numerator is below 2^49 in
      // magnitude, so the double quotient errs by less than 1/w, while an inexact quotient is
      // at least 1/w away from an integer: truncating the double gives the same integer.
      draw = Math.trunc(STRAW2_LN[u]! / w);
    } else {
      draw = -Infinity;
    }
    if (i === 0 || draw > highDraw) {
      high = i;
      highDraw = draw;
    }
  }
  return cm.items[start + high]!;
}

/**
 * The same choice when every item has the same non-zero weight w. trunc(ln / w) never decreases
 * as ln grows, so an item whose ln is not above the best one's cannot have a larger draw and
 * needs no division; the division is only done to confirm a candidate, keeping the result
 * identical to the general loop (first item wins ties).
 */
function equalWeightChoose(
  cm: CompiledMap,
  start: number,
  size: number,
  w: number,
  x: number,
  r: number,
  ids: Int32Array,
  idBase: number,
): number {
  let high = 0;
  let highLn = STRAW2_LN[hash32s_3(x, ids[idBase]!, r) & 0xffff]!;
  let highDraw = Math.trunc(highLn / w);
  for (let i = 1; i < size; i++) {
    const ln = STRAW2_LN[hash32s_3(x, ids[idBase + i]!, r) & 0xffff]!;
    if (ln > highLn) {
      const draw = Math.trunc(ln / w);
      if (draw > highDraw) {
        high = i;
        highLn = ln;
        highDraw = draw;
      }
    }
  }
  return cm.items[start + high]!;
}
