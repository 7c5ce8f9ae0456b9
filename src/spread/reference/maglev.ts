/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016): a lookup table of prime size M, filled by letting devices take turns
 * claiming the next free slot of their own permutation (offset + j·skip mod M). Lookup is one
 * hash and one read; a change of devices rewrites a little more than the changed device's share
 * of slots ("minimal disruption" only approximately).
 *
 * Weights follow the weighted variant (as in Envoy's Maglev): in round r a device of weight w
 * takes a turn when ⌊r·w/wmax⌋ grows, so its slot count is proportional to its weight.
 */
import { hash32_2 } from "../../hash/rjenkins.js";
import { SpreadError } from "../errors.js";
import { checkNumRep, checkWeights, holds, type ReferencePlacer } from "./placer.js";

/** The paper's smallest suggested table size; larger clusters get about 100 slots per device. */
export const MAGLEV_MIN_TABLE = 65537;
/** Largest table (4 bytes a slot). */
const MAX_TABLE = 1 << 26;
const OFFSET_SALT = 0x6d61676c;
const SKIP_SALT = 0x736b6970;
const INPUT_SALT = 0x696e7075;
const SALTS_PER_REPLICA = 64;

/** Whether n is prime (trial division; table sizes are below 2^26). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false;
  return true;
}

/**
 * The table size Maglev suggests for `devices` devices: the smallest prime ≥ max(65537,
 * 100·devices).
 *
 * @group Spread
 */
export function maglevTableSize(devices: number): number {
  let m = Math.max(MAGLEV_MIN_TABLE, 100 * devices);
  while (!isPrime(m)) m++;
  return m;
}

/**
 * Options of a {@link MaglevPlacer}.
 *
 * @group Spread
 */
export interface MaglevOptions {
  /** A prime; keep it fixed across the clusters being compared. Default: maglevTableSize(devices). */
  readonly tableSize?: number;
}

/**
 * Weighted Maglev: the lookup table maps slot → device index; an input reads slot
 * hash32(x, salt) mod M, and replicas re-salt until numRep distinct devices come out.
 *
 * @group Spread
 */
export class MaglevPlacer implements ReferencePlacer {
  readonly algorithm = "Maglev (weighted, prime table)";
  readonly lacks: readonly string[] = Object.freeze([
    "minimal movement (a change rewrites somewhat more than its share of slots)",
    "replicas (emulated: re-salt until distinct)",
    "failure domains",
    "Ceph compatibility",
  ]);
  /** Slot → device index. */
  readonly table: Int32Array;
  private readonly devices: number;

  constructor(weights: ArrayLike<number>, options: MaglevOptions = {}) {
    const w = checkWeights(weights);
    let devices = 0;
    for (let d = 0; d < w.length; d++) if (w[d]! > 0) devices++;
    const m = options.tableSize ?? maglevTableSize(devices);
    if (!Number.isInteger(m) || m > MAX_TABLE || !isPrime(m) || m < devices) {
      throw new SpreadError(`maglev: table size ${String(m)} is not a prime in ${devices}..${MAX_TABLE}`, "tableSize");
    }
    this.table = fillTable(w, m);
    this.devices = devices;
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    const table = this.table;
    const want = Math.min(numRep, this.devices);
    const maxSalt = SALTS_PER_REPLICA * want + this.devices;
    let n = 0;
    for (let salt = 0; n < want && salt < maxSalt; salt++) {
      const d = table[hash32_2(x | 0, (INPUT_SALT + salt) | 0) % table.length]!;
      if (!holds(out, n, d)) out[n++] = d;
    }
    return n;
  }
}

/**
 * Maglev's population: devices take turns (weighted, see above) and each claims the next slot
 * of its permutation that nobody holds yet, until all M slots are held.
 */
function fillTable(w: Float64Array, m: number): Int32Array {
  const table = new Int32Array(m).fill(-1);
  const next = new Float64Array(w.length);
  const skip = new Float64Array(w.length);
  const share = new Float64Array(w.length);
  let wmax = 0;
  for (let d = 0; d < w.length; d++) wmax = Math.max(wmax, w[d]!);
  for (let d = 0; d < w.length; d++) {
    next[d] = hash32_2(d, OFFSET_SALT) % m;
    skip[d] = (hash32_2(d, SKIP_SALT) % (m - 1)) + 1;
    share[d] = w[d]! / wmax;
  }
  let filled = 0;
  for (let round = 1; filled < m; round++) {
    for (let d = 0; d < w.length && filled < m; d++) {
      if (share[d]! <= 0 || Math.floor(round * share[d]!) === Math.floor((round - 1) * share[d]!)) continue;
      // skip is coprime with the prime m, so the permutation visits every slot: this ends
      let slot = next[d]!;
      while (table[slot]! >= 0) slot = (slot + skip[d]!) % m;
      table[slot] = d;
      next[d] = (slot + skip[d]!) % m;
      filled++;
    }
  }
  return table;
}
