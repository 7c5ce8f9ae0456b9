/**
 * Ceph's fixed-point logarithm: crush_ln(x) ~ 2^44 * log2(x + 1) for x in 0..0xffff, computed
 * with the same tables and the same 64-bit integer steps as mapper.c, so straw2 draws match Ceph
 * bit for bit. straw2 only ever asks for the 65,536 values of a 16-bit hash, so the whole
 * function is evaluated once, with exact integer arithmetic on doubles, into a table.
 */
import { LL, RH_LH } from "./lnTables.js";

/** 2^24: the limb size of the exact multiplication below. */
const LIMB = 0x1000000;

/** crush_ln(xin) for xin in 0..0xffff, exactly as Ceph computes it (a value below 2^49). */
export function crushLn(xin: number): number {
  let x = (xin & 0xffff) + 1;
  let iexpon = 15;
  // Normalise so that bit 15 or 16 is set; Ceph counts the shift with clz.
  if ((x & 0x18000) === 0) {
    const bits = Math.clz32(x & 0x1ffff) - 16;
    x <<= bits;
    iexpon = 15 - bits;
  }
  const index1 = (x >> 8) << 1;
  const rh = RH_LH[index1 - 256]!;
  const lh = RH_LH[index1 + 1 - 256]!;
  // Ceph multiplies in (wrapping) 64-bit arithmetic and keeps bits 48..55 of x * rh. With rh
  // split at 2^24 every partial product stays below 2^53, so doubles give those bits exactly
  // (BigInt did too, but allocated ~13 MB of garbage building the table at every start).
  const hi = Math.floor(rh / LIMB);
  const above24 = x * hi + Math.floor((x * (rh - hi * LIMB)) / LIMB); // floor(x * rh / 2^24)
  const index2 = Math.floor(above24 / LIMB) % 256;
  const sum = Math.floor((lh + LL[index2]!) / 16);
  return iexpon * 2 ** 44 + sum;
}

/**
 * `crush_ln(u) - 2^48` for every 16-bit u: the (non-positive) numerator of a straw2 draw.
 * Values are integers of magnitude below 2^49 and so exact in a Float64Array.
 */
export const STRAW2_LN: Float64Array = buildStraw2Ln();

function buildStraw2Ln(): Float64Array {
  const table = new Float64Array(0x10000);
  const offset = 2 ** 48;
  for (let u = 0; u < 0x10000; u++) table[u] = crushLn(u) - offset;
  return table;
}
