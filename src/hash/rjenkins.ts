/**
 * Robert Jenkins' 32-bit integer mix, seeded and arranged exactly as Ceph's crush hash
 * "rjenkins1" (CRUSH_HASH_RJENKINS1 = 0), for one to five inputs.
 *
 * This is the innermost loop of every placement, so each function spells its mixing rounds out
 * over local int32 variables: `(p - q | 0) - r | 0` keeps every subtraction in int32 (wrapping
 * like C's unsigned arithmetic) and `>>>` is the unsigned shift Ceph uses. The sequence of
 * mix(p, q, h) calls per arity is Ceph's.
 *
 * `hash32s_N` return the hash as a signed int32 (the same 32 bits): the mapper uses these,
 * because a function returning an integer of 2^31 or more makes V8 allocate a heap number on
 * every call. `hash32_N` return Ceph's unsigned value.
 */

const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

/** crush_hash32_rjenkins1(a), as an int32; its first round mixes a copy of a. */
export function hash32s_1(a: number): number {
  a |= 0;
  let h = SEED ^ a;
  let b = a;
  let x = X0;
  let y = Y0;
  // mix(b, x, h)
  b = ((b - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - b | 0) ^ (b << 8); h = ((h - b | 0) - x | 0) ^ (x >>> 13);
  b = ((b - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - b | 0) ^ (b << 16); h = ((h - b | 0) - x | 0) ^ (x >>> 5);
  b = ((b - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - b | 0) ^ (b << 10); h = ((h - b | 0) - x | 0) ^ (x >>> 15);
  // mix(y, a, h)
  y = ((y - a | 0) - h | 0) ^ (h >>> 13); a = ((a - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - a | 0) ^ (a >>> 13);
  y = ((y - a | 0) - h | 0) ^ (h >>> 12); a = ((a - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - a | 0) ^ (a >>> 5);
  y = ((y - a | 0) - h | 0) ^ (h >>> 3); a = ((a - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - a | 0) ^ (a >>> 15);
  return h | 0;
}

/** crush_hash32_rjenkins1_2(a, b), as an int32. */
export function hash32s_2(a: number, b: number): number {
  a |= 0; b |= 0;
  let h = SEED ^ a ^ b;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = ((a - b | 0) - h | 0) ^ (h >>> 13); b = ((b - h | 0) - a | 0) ^ (a << 8); h = ((h - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - h | 0) ^ (h >>> 12); b = ((b - h | 0) - a | 0) ^ (a << 16); h = ((h - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - h | 0) ^ (h >>> 3); b = ((b - h | 0) - a | 0) ^ (a << 10); h = ((h - a | 0) - b | 0) ^ (b >>> 15);
  // mix(x, a, h)
  x = ((x - a | 0) - h | 0) ^ (h >>> 13); a = ((a - h | 0) - x | 0) ^ (x << 8); h = ((h - x | 0) - a | 0) ^ (a >>> 13);
  x = ((x - a | 0) - h | 0) ^ (h >>> 12); a = ((a - h | 0) - x | 0) ^ (x << 16); h = ((h - x | 0) - a | 0) ^ (a >>> 5);
  x = ((x - a | 0) - h | 0) ^ (h >>> 3); a = ((a - h | 0) - x | 0) ^ (x << 10); h = ((h - x | 0) - a | 0) ^ (a >>> 15);
  // mix(b, y, h)
  b = ((b - y | 0) - h | 0) ^ (h >>> 13); y = ((y - h | 0) - b | 0) ^ (b << 8); h = ((h - b | 0) - y | 0) ^ (y >>> 13);
  b = ((b - y | 0) - h | 0) ^ (h >>> 12); y = ((y - h | 0) - b | 0) ^ (b << 16); h = ((h - b | 0) - y | 0) ^ (y >>> 5);
  b = ((b - y | 0) - h | 0) ^ (h >>> 3); y = ((y - h | 0) - b | 0) ^ (b << 10); h = ((h - b | 0) - y | 0) ^ (y >>> 15);
  return h | 0;
}

/** crush_hash32_rjenkins1_3(a, b, c), as an int32. */
export function hash32s_3(a: number, b: number, c: number): number {
  a |= 0; b |= 0; c |= 0;
  let h = SEED ^ a ^ b ^ c;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = ((a - b | 0) - h | 0) ^ (h >>> 13); b = ((b - h | 0) - a | 0) ^ (a << 8); h = ((h - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - h | 0) ^ (h >>> 12); b = ((b - h | 0) - a | 0) ^ (a << 16); h = ((h - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - h | 0) ^ (h >>> 3); b = ((b - h | 0) - a | 0) ^ (a << 10); h = ((h - a | 0) - b | 0) ^ (b >>> 15);
  // mix(c, x, h)
  c = ((c - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - c | 0) ^ (c << 8); h = ((h - c | 0) - x | 0) ^ (x >>> 13);
  c = ((c - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - c | 0) ^ (c << 16); h = ((h - c | 0) - x | 0) ^ (x >>> 5);
  c = ((c - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - c | 0) ^ (c << 10); h = ((h - c | 0) - x | 0) ^ (x >>> 15);
  // mix(y, a, h)
  y = ((y - a | 0) - h | 0) ^ (h >>> 13); a = ((a - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - a | 0) ^ (a >>> 13);
  y = ((y - a | 0) - h | 0) ^ (h >>> 12); a = ((a - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - a | 0) ^ (a >>> 5);
  y = ((y - a | 0) - h | 0) ^ (h >>> 3); a = ((a - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - a | 0) ^ (a >>> 15);
  // mix(b, x, h)
  b = ((b - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - b | 0) ^ (b << 8); h = ((h - b | 0) - x | 0) ^ (x >>> 13);
  b = ((b - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - b | 0) ^ (b << 16); h = ((h - b | 0) - x | 0) ^ (x >>> 5);
  b = ((b - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - b | 0) ^ (b << 10); h = ((h - b | 0) - x | 0) ^ (x >>> 15);
  // mix(y, c, h)
  y = ((y - c | 0) - h | 0) ^ (h >>> 13); c = ((c - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - c | 0) ^ (c >>> 13);
  y = ((y - c | 0) - h | 0) ^ (h >>> 12); c = ((c - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - c | 0) ^ (c >>> 5);
  y = ((y - c | 0) - h | 0) ^ (h >>> 3); c = ((c - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - c | 0) ^ (c >>> 15);
  return h | 0;
}

/** crush_hash32_rjenkins1_4(a, b, c, d), as an int32. */
export function hash32s_4(a: number, b: number, c: number, d: number): number {
  a |= 0; b |= 0; c |= 0; d |= 0;
  let h = SEED ^ a ^ b ^ c ^ d;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = ((a - b | 0) - h | 0) ^ (h >>> 13); b = ((b - h | 0) - a | 0) ^ (a << 8); h = ((h - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - h | 0) ^ (h >>> 12); b = ((b - h | 0) - a | 0) ^ (a << 16); h = ((h - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - h | 0) ^ (h >>> 3); b = ((b - h | 0) - a | 0) ^ (a << 10); h = ((h - a | 0) - b | 0) ^ (b >>> 15);
  // mix(c, d, h)
  c = ((c - d | 0) - h | 0) ^ (h >>> 13); d = ((d - h | 0) - c | 0) ^ (c << 8); h = ((h - c | 0) - d | 0) ^ (d >>> 13);
  c = ((c - d | 0) - h | 0) ^ (h >>> 12); d = ((d - h | 0) - c | 0) ^ (c << 16); h = ((h - c | 0) - d | 0) ^ (d >>> 5);
  c = ((c - d | 0) - h | 0) ^ (h >>> 3); d = ((d - h | 0) - c | 0) ^ (c << 10); h = ((h - c | 0) - d | 0) ^ (d >>> 15);
  // mix(a, x, h)
  a = ((a - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - a | 0) ^ (a << 8); h = ((h - a | 0) - x | 0) ^ (x >>> 13);
  a = ((a - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - a | 0) ^ (a << 16); h = ((h - a | 0) - x | 0) ^ (x >>> 5);
  a = ((a - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - a | 0) ^ (a << 10); h = ((h - a | 0) - x | 0) ^ (x >>> 15);
  // mix(y, b, h)
  y = ((y - b | 0) - h | 0) ^ (h >>> 13); b = ((b - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - b | 0) ^ (b >>> 13);
  y = ((y - b | 0) - h | 0) ^ (h >>> 12); b = ((b - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - b | 0) ^ (b >>> 5);
  y = ((y - b | 0) - h | 0) ^ (h >>> 3); b = ((b - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - b | 0) ^ (b >>> 15);
  // mix(c, x, h)
  c = ((c - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - c | 0) ^ (c << 8); h = ((h - c | 0) - x | 0) ^ (x >>> 13);
  c = ((c - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - c | 0) ^ (c << 16); h = ((h - c | 0) - x | 0) ^ (x >>> 5);
  c = ((c - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - c | 0) ^ (c << 10); h = ((h - c | 0) - x | 0) ^ (x >>> 15);
  // mix(y, d, h)
  y = ((y - d | 0) - h | 0) ^ (h >>> 13); d = ((d - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - d | 0) ^ (d >>> 13);
  y = ((y - d | 0) - h | 0) ^ (h >>> 12); d = ((d - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - d | 0) ^ (d >>> 5);
  y = ((y - d | 0) - h | 0) ^ (h >>> 3); d = ((d - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - d | 0) ^ (d >>> 15);
  return h | 0;
}

/** crush_hash32_rjenkins1_5(a, b, c, d, e), as an int32 (Ceph's widest hash; CRUSH itself uses up to four). */
export function hash32s_5(a: number, b: number, c: number, d: number, e: number): number {
  a |= 0; b |= 0; c |= 0; d |= 0; e |= 0;
  let h = SEED ^ a ^ b ^ c ^ d ^ e;
  let x = X0;
  let y = Y0;
  // mix(a, b, h)
  a = ((a - b | 0) - h | 0) ^ (h >>> 13); b = ((b - h | 0) - a | 0) ^ (a << 8); h = ((h - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - h | 0) ^ (h >>> 12); b = ((b - h | 0) - a | 0) ^ (a << 16); h = ((h - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - h | 0) ^ (h >>> 3); b = ((b - h | 0) - a | 0) ^ (a << 10); h = ((h - a | 0) - b | 0) ^ (b >>> 15);
  // mix(c, d, h)
  c = ((c - d | 0) - h | 0) ^ (h >>> 13); d = ((d - h | 0) - c | 0) ^ (c << 8); h = ((h - c | 0) - d | 0) ^ (d >>> 13);
  c = ((c - d | 0) - h | 0) ^ (h >>> 12); d = ((d - h | 0) - c | 0) ^ (c << 16); h = ((h - c | 0) - d | 0) ^ (d >>> 5);
  c = ((c - d | 0) - h | 0) ^ (h >>> 3); d = ((d - h | 0) - c | 0) ^ (c << 10); h = ((h - c | 0) - d | 0) ^ (d >>> 15);
  // mix(e, x, h)
  e = ((e - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - e | 0) ^ (e << 8); h = ((h - e | 0) - x | 0) ^ (x >>> 13);
  e = ((e - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - e | 0) ^ (e << 16); h = ((h - e | 0) - x | 0) ^ (x >>> 5);
  e = ((e - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - e | 0) ^ (e << 10); h = ((h - e | 0) - x | 0) ^ (x >>> 15);
  // mix(y, a, h)
  y = ((y - a | 0) - h | 0) ^ (h >>> 13); a = ((a - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - a | 0) ^ (a >>> 13);
  y = ((y - a | 0) - h | 0) ^ (h >>> 12); a = ((a - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - a | 0) ^ (a >>> 5);
  y = ((y - a | 0) - h | 0) ^ (h >>> 3); a = ((a - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - a | 0) ^ (a >>> 15);
  // mix(b, x, h)
  b = ((b - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - b | 0) ^ (b << 8); h = ((h - b | 0) - x | 0) ^ (x >>> 13);
  b = ((b - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - b | 0) ^ (b << 16); h = ((h - b | 0) - x | 0) ^ (x >>> 5);
  b = ((b - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - b | 0) ^ (b << 10); h = ((h - b | 0) - x | 0) ^ (x >>> 15);
  // mix(y, c, h)
  y = ((y - c | 0) - h | 0) ^ (h >>> 13); c = ((c - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - c | 0) ^ (c >>> 13);
  y = ((y - c | 0) - h | 0) ^ (h >>> 12); c = ((c - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - c | 0) ^ (c >>> 5);
  y = ((y - c | 0) - h | 0) ^ (h >>> 3); c = ((c - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - c | 0) ^ (c >>> 15);
  // mix(d, x, h)
  d = ((d - x | 0) - h | 0) ^ (h >>> 13); x = ((x - h | 0) - d | 0) ^ (d << 8); h = ((h - d | 0) - x | 0) ^ (x >>> 13);
  d = ((d - x | 0) - h | 0) ^ (h >>> 12); x = ((x - h | 0) - d | 0) ^ (d << 16); h = ((h - d | 0) - x | 0) ^ (x >>> 5);
  d = ((d - x | 0) - h | 0) ^ (h >>> 3); x = ((x - h | 0) - d | 0) ^ (d << 10); h = ((h - d | 0) - x | 0) ^ (x >>> 15);
  // mix(y, e, h)
  y = ((y - e | 0) - h | 0) ^ (h >>> 13); e = ((e - h | 0) - y | 0) ^ (y << 8); h = ((h - y | 0) - e | 0) ^ (e >>> 13);
  y = ((y - e | 0) - h | 0) ^ (h >>> 12); e = ((e - h | 0) - y | 0) ^ (y << 16); h = ((h - y | 0) - e | 0) ^ (e >>> 5);
  y = ((y - e | 0) - h | 0) ^ (h >>> 3); e = ((e - h | 0) - y | 0) ^ (y << 10); h = ((h - y | 0) - e | 0) ^ (e >>> 15);
  return h | 0;
}

/**
 * crush_hash32_rjenkins1(a), unsigned.
 *
 * @group Hashing
 */
export function hash32_1(a: number): number {
  return hash32s_1(a) >>> 0;
}

/**
 * crush_hash32_rjenkins1_2(a, b), unsigned.
 *
 * @group Hashing
 */
export function hash32_2(a: number, b: number): number {
  return hash32s_2(a, b) >>> 0;
}

/**
 * crush_hash32_rjenkins1_3(a, b, c), unsigned.
 *
 * @group Hashing
 */
export function hash32_3(a: number, b: number, c: number): number {
  return hash32s_3(a, b, c) >>> 0;
}

/**
 * crush_hash32_rjenkins1_4(a, b, c, d), unsigned.
 *
 * @group Hashing
 */
export function hash32_4(a: number, b: number, c: number, d: number): number {
  return hash32s_4(a, b, c, d) >>> 0;
}

/**
 * crush_hash32_rjenkins1_5(a, b, c, d, e), unsigned.
 *
 * @group Hashing
 */
export function hash32_5(a: number, b: number, c: number, d: number, e: number): number {
  return hash32s_5(a, b, c, d, e) >>> 0;
}
