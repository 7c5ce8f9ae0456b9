/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014): a 64-bit key picks one of n buckets by jumping forward through bucket counts with a
 * 64-bit linear congruential generator, so growing n → n+1 moves exactly the keys that now land
 * on bucket n (about 1/(n+1) of them) and no key between old buckets. Buckets have no weights
 * and only the last one can be removed.
 *
 * The key is two uint32 halves and the LCG step key·2862933555777941757 + 1 (mod 2^64) is done
 * in 32-bit halves, with the high half of each 32×32 product built from 16-bit pieces, so the
 * loop allocates nothing (no BigInt).
 */
import { hash32_2, hash32_3 } from "../../hash/rjenkins.js";
import { SpreadError } from "../errors.js";
import { checkNumRep, checkWeights, holds, liveDevices, type ReferencePlacer } from "./placer.js";

/** 2862933555777941757 = 0x27BB2EE6_87B0B0FD, the paper's multiplier. */
const MUL_HI = 0x27bb2ee6;
const MUL_LO = 0x87b0b0fd;
const TWO_31 = 2147483648;

/** High 32 bits of the unsigned 64-bit product a·b of two uint32 (every partial stays < 2^53). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const lo = a0 * b0;
  const m1 = a1 * b0;
  const m2 = a0 * b1;
  const mid = Math.floor(lo / 65536) + (m1 % 65536) + (m2 % 65536);
  return (a1 * b1 + Math.floor(m1 / 65536) + Math.floor(m2 / 65536) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * Jump consistent hash of the 64-bit key `hi·2^32 + lo` (both uint32) into `buckets` buckets
 * (1..2^31−1): the paper's `JumpConsistentHash`, bit for bit.
 *
 * @group Spread
 *
 * @example
 * ```ts
 * jumpConsistentHash(0, 12345, 10); // a bucket in 0..9, the same on every run
 * ```
 */
export function jumpConsistentHash(hi: number, lo: number, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0x7fffffff) {
    throw new SpreadError(`jump hash: ${String(buckets)} buckets, need 1..2147483647`, "buckets");
  }
  let h = hi >>> 0;
  let l = lo >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    // key = key * MUL + 1 (mod 2^64)
    const nh = (Math.imul(h, MUL_LO) + Math.imul(l, MUL_HI) + mulHi32(l, MUL_LO)) >>> 0;
    const nl = Math.imul(l, MUL_LO) >>> 0;
    l = (nl + 1) >>> 0;
    h = l === 0 ? (nh + 1) >>> 0 : nh;
    // j = (b + 1) * (2^31 / ((key >> 33) + 1)), as the paper's doubles
    j = Math.floor((b + 1) * (TWO_31 / ((h >>> 1) + 1)));
  }
  return b;
}

/** Bound on salts per input, so a cluster with fewer devices than replicas cannot spin forever. */
const SALTS_PER_REPLICA = 64;

/**
 * Jump consistent hash over the devices with positive weight, in index order (bucket k is the
 * k-th such device). Replicas are emulated as users do: the key is re-hashed with salts 0, 1, …
 * until numRep distinct buckets come out. Weights beyond "present or not" are ignored.
 *
 * @group Spread
 */
export class JumpPlacer implements ReferencePlacer {
  readonly algorithm = "jump consistent hash";
  readonly lacks: readonly string[] = Object.freeze([
    "weights (every device gets the same share)",
    "removing any device but the last (the ones after it renumber)",
    "replicas (emulated: re-salt until distinct)",
    "failure domains",
    "Ceph compatibility",
  ]);
  private readonly live: Int32Array;

  constructor(weights: ArrayLike<number>) {
    this.live = liveDevices(checkWeights(weights));
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    const live = this.live;
    const want = Math.min(numRep, live.length);
    const maxSalt = SALTS_PER_REPLICA * want + live.length;
    let n = 0;
    for (let salt = 0; n < want && salt < maxSalt; salt++) {
      const d = live[jumpConsistentHash(hash32_2(x | 0, salt), hash32_3(x | 0, salt, 0x6a756d70), live.length)]!;
      if (!holds(out, n, d)) out[n++] = d;
    }
    return n;
  }
}
