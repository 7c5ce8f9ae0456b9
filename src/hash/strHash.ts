/**
 * Ceph's string hashes (ceph_str_hash, src/common/ceph_hash.cc), the ones pools choose between
 * with `object_hash`: rjenkins (2, the default) and the Linux dcache hash (1). Both take bytes
 * and return an unsigned 32-bit value; names become bytes as UTF-8 (utf8.ts).
 */

/**
 * Ceph's ceph_str_hash_rjenkins: Bob Jenkins' 1996 string hash (lookup2) with a zero initial
 * value, over 12-byte little-endian blocks, the length folded into c before the last mix.
 * Returns the unsigned 32-bit hash.
 *
 * @group Hashing
 */
export function strHashRjenkins(bytes: Uint8Array): number {
  let a = 0x9e3779b9 | 0;
  let b = a;
  let c = 0;
  const length = bytes.length;
  let k = 0;
  let len = length;
  while (len >= 12) {
    a = (a + (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))) | 0;
    b = (b + (bytes[k + 4]! | (bytes[k + 5]! << 8) | (bytes[k + 6]! << 16) | (bytes[k + 7]! << 24))) | 0;
    c = (c + (bytes[k + 8]! | (bytes[k + 9]! << 8) | (bytes[k + 10]! << 16) | (bytes[k + 11]! << 24))) | 0;
    // mix(a, b, c)
    a = ((a - b | 0) - c | 0) ^ (c >>> 13); b = ((b - c | 0) - a | 0) ^ (a << 8); c = ((c - a | 0) - b | 0) ^ (b >>> 13);
    a = ((a - b | 0) - c | 0) ^ (c >>> 12); b = ((b - c | 0) - a | 0) ^ (a << 16); c = ((c - a | 0) - b | 0) ^ (b >>> 5);
    a = ((a - b | 0) - c | 0) ^ (c >>> 3); b = ((b - c | 0) - a | 0) ^ (a << 10); c = ((c - a | 0) - b | 0) ^ (b >>> 15);
    k += 12;
    len -= 12;
  }
  c = (c + length) | 0;
  // The tail falls through from the highest remaining byte down, as in C's switch; the lowest
  // byte of c is reserved for the length, so c takes bytes 8..10 at shifts 8..24.
  if (len >= 11) c = (c + (bytes[k + 10]! << 24)) | 0;
  if (len >= 10) c = (c + (bytes[k + 9]! << 16)) | 0;
  if (len >= 9) c = (c + (bytes[k + 8]! << 8)) | 0;
  if (len >= 8) b = (b + (bytes[k + 7]! << 24)) | 0;
  if (len >= 7) b = (b + (bytes[k + 6]! << 16)) | 0;
  if (len >= 6) b = (b + (bytes[k + 5]! << 8)) | 0;
  if (len >= 5) b = (b + bytes[k + 4]!) | 0;
  if (len >= 4) a = (a + (bytes[k + 3]! << 24)) | 0;
  if (len >= 3) a = (a + (bytes[k + 2]! << 16)) | 0;
  if (len >= 2) a = (a + (bytes[k + 1]! << 8)) | 0;
  if (len >= 1) a = (a + bytes[k]!) | 0;
  a = ((a - b | 0) - c | 0) ^ (c >>> 13); b = ((b - c | 0) - a | 0) ^ (a << 8); c = ((c - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - c | 0) ^ (c >>> 12); b = ((b - c | 0) - a | 0) ^ (a << 16); c = ((c - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - c | 0) ^ (c >>> 3); b = ((b - c | 0) - a | 0) ^ (a << 10); c = ((c - a | 0) - b | 0) ^ (b >>> 15);
  return c >>> 0;
}

/**
 * Ceph's ceph_str_hash_linux, the Linux dcache hash: h = (h + (c << 4) + (c >> 4)) * 11 per
 * unsigned byte. Ceph computes it in an unsigned long and returns the low 32 bits, which only
 * depend on the low 32 bits of every step.
 *
 * @group Hashing
 */
export function strHashLinux(bytes: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    h = Math.imul((h + (c << 4) + (c >>> 4)) | 0, 11);
  }
  return h >>> 0;
}
