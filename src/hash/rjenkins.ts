/**
 * Robert Jenkins' 32-bit integer mix, seeded and arranged exactly as Ceph's crush hash
 * "rjenkins1" (CRUSH_HASH_RJENKINS1 = 0). Every value is an unsigned 32-bit integer; the
 * arithmetic is done in int32 (`| 0`) and the results returned with `>>> 0`.
 *
 * The mixing state lives in three module-level registers so that the hot functions allocate
 * nothing and need no closures.
 */

const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

let ra = 0;
let rb = 0;
let rc = 0;

/** One round of Jenkins' mix over the registers (ra, rb, rc); rc carries the result. */
function mix(): void {
  let a = ra;
  let b = rb;
  let c = rc;
  a = (a - b - c) ^ (c >>> 13);
  b = (b - c - a) ^ (a << 8);
  c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12);
  b = (b - c - a) ^ (a << 16);
  c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3);
  b = (b - c - a) ^ (a << 10);
  c = (c - a - b) ^ (b >>> 15);
  ra = a | 0;
  rb = b | 0;
  rc = c | 0;
}

/**
 * mix(p, q, hash) with the registers loaded from p and q; returns the new p and q through the
 * registers so callers can thread them on, as Ceph's macro mutates its arguments in place.
 */
function mixInto(p: number, q: number, h: number): void {
  ra = p;
  rb = q;
  rc = h;
  mix();
}

/** crush_hash32_rjenkins1(a). */
export function hash32_1(a: number): number {
  a |= 0;
  let h = SEED ^ a;
  // Ceph mixes a copy of `a` first, so the second round still sees the original `a`.
  mixInto(a, X0, h);
  h = rc;
  mixInto(Y0, a, h);
  return rc >>> 0;
}

/** crush_hash32_rjenkins1_2(a, b). */
export function hash32_2(a: number, b: number): number {
  a |= 0;
  b |= 0;
  let x = X0;
  let y = Y0;
  let h = SEED ^ a ^ b;
  mixInto(a, b, h);
  a = ra;
  b = rb;
  h = rc;
  mixInto(x, a, h);
  x = ra;
  a = rb;
  h = rc;
  mixInto(b, y, h);
  return rc >>> 0;
}

/** crush_hash32_rjenkins1_3(a, b, c). */
export function hash32_3(a: number, b: number, c: number): number {
  a |= 0;
  b |= 0;
  c |= 0;
  let x = X0;
  let y = Y0;
  let h = SEED ^ a ^ b ^ c;
  mixInto(a, b, h);
  a = ra;
  b = rb;
  h = rc;
  mixInto(c, x, h);
  c = ra;
  x = rb;
  h = rc;
  mixInto(y, a, h);
  y = ra;
  a = rb;
  h = rc;
  mixInto(b, x, h);
  b = ra;
  x = rb;
  h = rc;
  mixInto(y, c, h);
  return rc >>> 0;
}

/** crush_hash32_rjenkins1_4(a, b, c, d). */
export function hash32_4(a: number, b: number, c: number, d: number): number {
  a |= 0;
  b |= 0;
  c |= 0;
  d |= 0;
  let x = X0;
  let y = Y0;
  let h = SEED ^ a ^ b ^ c ^ d;
  mixInto(a, b, h);
  a = ra;
  b = rb;
  h = rc;
  mixInto(c, d, h);
  c = ra;
  d = rb;
  h = rc;
  mixInto(a, x, h);
  a = ra;
  x = rb;
  h = rc;
  mixInto(y, b, h);
  y = ra;
  b = rb;
  h = rc;
  mixInto(c, x, h);
  c = ra;
  x = rb;
  h = rc;
  mixInto(y, d, h);
  return rc >>> 0;
}
