/**
 * Whether a device is out for input x (Ceph's is_out): the reweight vector holds 16.16 values;
 * 1.0 and above is in, 0 is out, and in between the device is kept for that fraction of inputs,
 * decided by a hash of (x, device).
 */
import { hash32s_2 } from "../hash/rjenkins.js";

export function isOut(weight: ArrayLike<number>, weightMax: number, item: number, x: number): boolean {
  if (item >= weightMax) return true;
  const w = weight[item]!;
  if (w >= 0x10000) return false;
  if (w === 0) return true;
  return (hash32s_2(x, item) & 0xffff) >= w;
}
