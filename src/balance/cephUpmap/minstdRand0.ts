/**
 * libstdc++'s std::default_random_engine, which is std::minstd_rand0: the Lehmer generator
 * x ← 16807·x mod (2^31 − 1), values 1 … 2^31 − 2. Ceph's OSDMap::get_random_engine seeds one
 * per shuffle in calc_pg_upmaps (Reef and later, when osdmaptool is given --upmap-seed).
 * Seeding takes the seed modulo 2^31 − 1 and turns 0 into 1, as libstdc++'s seed() does.
 * Every product stays below 2^46, so plain doubles compute it exactly.
 */

/** The modulus 2^31 − 1. */
export const MINSTD_M = 2147483647;
/** The smallest value the engine returns (min()). */
export const MINSTD_MIN = 1;
/** The largest value the engine returns (max()). */
export const MINSTD_MAX = MINSTD_M - 1;

export class MinstdRand0 {
  private x: number;

  /** `seed`: an unsigned 32-bit value (Ceph passes a std::random_device::result_type). */
  constructor(seed: number) {
    const s = (seed >>> 0) % MINSTD_M;
    this.x = s === 0 ? 1 : s;
  }

  /** The next value, in [MINSTD_MIN, MINSTD_MAX]. */
  next(): number {
    this.x = (this.x * 16807) % MINSTD_M;
    return this.x;
  }
}
