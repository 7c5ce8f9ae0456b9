/**
 * CRC-32C (Castagnoli), as Ceph computes it (`ceph_crc32c(seed, data)`): the reflected
 * polynomial 0x82f63b78 with no inversion on entry or exit, so a caller chains blocks by passing
 * the previous result as the seed. Ceph seeds an OSD map's crc with -1 (0xffffffff).
 */

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Ceph's crc32c of `bytes[from, to)`, continuing from `seed`. */
export function crc32c(seed: number, bytes: Uint8Array, from = 0, to = bytes.length): number {
  let c = seed >>> 0;
  for (let i = from; i < to; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}
