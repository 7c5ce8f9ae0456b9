/**
 * Straw lengths of a legacy `straw` bucket, as Ceph's builder (crush_calc_straw) derives them
 * from the item weights. Version 0 is the original, flawed calculation; version 1 is
 * `straw_calc_version 1`. Both are reproduced step for step because every mapping through a
 * straw bucket depends on these exact 32-bit values.
 */

/** Returns one 32-bit straw per item. */
export function strawLengths(weights: ArrayLike<number>, strawCalcVersion: number): number[] {
  const size = weights.length;
  const straws = new Array<number>(size).fill(0);
  const order = sortedByWeight(weights);

  let numleft = size;
  let straw = 1.0;
  let wbelow = 0;
  let lastw = 0;
  let i = 0;
  while (i < size) {
    const cur = weights[order[i]!]!;
    if (cur === 0) {
      // zero-weight items get zero-length straws
      straws[order[i]!] = 0;
      i++;
      if (strawCalcVersion >= 1) numleft--;
      continue;
    }
    straws[order[i]!] = toU32(straw * 0x10000);
    i++;
    if (i === size) break;

    const prev = weights[order[i - 1]!]!;
    const next = weights[order[i]!]!;
    if (strawCalcVersion === 0) {
      // version 0 skips equal weights and counts the run of equal weights ahead
      if (next === prev) continue;
      wbelow += (prev - lastw) * numleft;
      for (let j = i; j < size; j++) {
        if (weights[order[j]!] === next) numleft--;
        else break;
      }
    } else {
      wbelow += (prev - lastw) * numleft;
      numleft--;
    }
    // Ceph computes this product in unsigned 32-bit arithmetic before widening to double.
    const wnext = Math.imul(numleft, (next - prev) >>> 0) >>> 0;
    const pbelow = wbelow / (wbelow + wnext);
    straw *= cPow(1.0 / pbelow, 1.0 / numleft);
    lastw = prev;
  }
  return straws;
}

/**
 * Indices ordered by ascending weight, ties in item order. Ceph sorts with an insertion sort that
 * places each item after every earlier item of the same weight: that is a stable sort, done
 * here in O(n log n) (the index breaks ties explicitly, so no engine's sort stability matters).
 */
function sortedByWeight(weights: ArrayLike<number>): Int32Array {
  const order = new Int32Array(weights.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => weights[a]! - weights[b]! || a - b);
}

/** C's pow where it differs from Math.pow: a base of exactly 1 gives 1 even for an infinite or NaN exponent. */
function cPow(base: number, exponent: number): number {
  return base === 1 ? 1 : Math.pow(base, exponent);
}

/** C's conversion of a non-negative double to a 32-bit unsigned integer (truncation). */
function toU32(v: number): number {
  return Math.trunc(v) % 0x100000000;
}
