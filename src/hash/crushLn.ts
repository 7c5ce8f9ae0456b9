/**
 * Ceph's fixed-point logarithm: crush_ln(x) ~ 2^44 * log2(x + 1) for x in 0..0xffff, computed
 * with the same tables and the same 64-bit integer steps as mapper.c, so straw2 draws match Ceph
 * bit for bit. straw2 only ever asks for the 65,536 values of a 16-bit hash, so the whole
 * function is evaluated once, with exact BigInt arithmetic, into a table.
 */
import { LL, RH_LH } from "./lnTables.js";

const U64 = 64;

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
  const rh = BigInt(RH_LH[index1 - 256]!);
  const lh = BigInt(RH_LH[index1 + 1 - 256]!);
  // Ceph multiplies in (wrapping) 64-bit arithmetic and keeps bits 48..55.
  const xl64 = BigInt.asUintN(U64, BigInt(x) * rh) >> 48n;
  const index2 = Number(xl64 & 0xffn);
  const sum = (lh + BigInt(LL[index2]!)) >> 4n;
  return Number((BigInt(iexpon) << 44n) + sum);
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
