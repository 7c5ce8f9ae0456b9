/**
 * OSDMap::get_random_engine (Reef and later): each shuffle in calc_pg_upmaps gets a fresh
 * std::default_random_engine seeded with `seed + n`, n counting every engine made so far in the
 * process (a function-static counter in Ceph, so it carries from one pool's calc_pg_upmaps to the
 * next). Without a seed Ceph draws one from std::random_device for each engine, which no replay
 * can match; crushmap then uses seed 0 (see osdmaptoolUpmap).
 */
import { MinstdRand0 } from "./minstdRand0.js";

export class CephRandom {
  /** Engines made so far (Ceph's seed_set). */
  made: number;

  constructor(readonly seed: number, made = 0) {
    this.made = made;
  }

  /** The next engine: seeded with (seed + made) mod 2^32. */
  engine(): MinstdRand0 {
    const e = new MinstdRand0((this.seed + this.made) >>> 0);
    this.made++;
    return e;
  }
}
