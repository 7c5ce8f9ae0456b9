/**
 * glibc's `lrand48()`, the generator CrushTester draws from for `--simulate` and for
 * `--mark-down-ratio`. crushtool never seeds it, and glibc's hidden drand48 state starts at zero
 * (not at the 0x1234ABCD330E that `srand48`-less systems elsewhere use), so every run of crushtool
 * draws the same sequence: 0, 8, 5, 6, … modulo 10. Reproducing it exactly makes simulated
 * placements byte for byte those of crushtool 16.2, 18.2 and 20.2.
 *
 * The 48-bit linear congruence X' = (0x5DEECE66D · X + 0xB) mod 2^48 is kept as two 24-bit
 * halves so that every product stays below 2^53 and is exact in a double: no BigInt, nothing
 * allocated per draw.
 */

const A_LO = 0xece66d; // low 24 bits of 0x5DEECE66D
const A_HI = 0x5de; // high bits
const C = 0xb;
const TWO_24 = 0x1000000;

/** A drand48-family generator with glibc's unseeded state; `next()` is one `lrand48()` call. */
export class Lrand48 {
  private lo = 0;
  private hi = 0;

  /** The next draw: a non-negative 31-bit integer (bits 47..17 of the state). */
  next(): number {
    const lo = A_LO * this.lo + C; // < 2^48
    const carry = Math.floor(lo / TWO_24);
    const hi = (A_LO * this.hi + A_HI * this.lo + carry) % TWO_24; // < 2^49 before the modulo
    this.lo = lo % TWO_24;
    this.hi = hi;
    return hi * 128 + Math.floor(this.lo / 0x20000);
  }
}
