/**
 * The samplers' deterministic randomness: a 32-bit seed per (seed, sample) and xorshift32 after
 * it. No clock, no Math.random: the same options give the same estimate on every run.
 */

/** A 32-bit seed per (seed, sample): two rounds of a murmur-style finaliser. */
export function mix(seed: number, s: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(s + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** xorshift32 (never 0). */
export function next(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x | 0 || 0x6d2b79f5;
}

/** A state's value as a uniform number in [0, 1). */
export function unit(x: number): number {
  return (x >>> 0) / 4294967296;
}
