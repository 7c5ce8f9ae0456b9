/**
 * crushtool's `--mark-down-ratio D [--mark-down-bucket-ratio B]` (CrushTester::adjust_weights):
 * before a test maps anything, zero the weight of some devices to see placement on a degraded
 * cluster. It draws from the test's lrand48 (so a later --simulate continues that sequence) and
 * keeps Ceph's quirks, which are its output:
 *
 * - the candidates are the buckets of positive weight, shadow (device-class) copies included,
 *   taken by index (-1, -2, …), whose first item is a device;
 * - that list is shuffled by swapping each entry with entry `lrand48() % (n - 1)`, and the first
 *   trunc(B × n) buckets are visited (B defaults to 1);
 * - each visited bucket's items are shuffled the same way, but the shuffle is thrown away: the
 *   devices zeroed are the bucket's first trunc(D × size) items in their stored order.
 *
 * The shuffles divide by n - 1: with a single candidate bucket, or a visited bucket of one item,
 * crushtool dies of SIGFPE. That is reported as crushtool's crash, not mapped. A ratio above 1
 * makes crushtool read past its list or the bucket's items (undefined behaviour); crushmap stops
 * at the end instead.
 */
import { classTrees } from "../map/classes.js";
import type { Bucket, CrushMap } from "../map/types.js";
import type { Lrand48 } from "./lrand48.js";

/** The two ratios, as crushtool reads them (C floats). */
export interface MarkDown {
  /** --mark-down-ratio: the share of each visited bucket's devices to mark down; 0 does nothing. */
  readonly deviceRatio: number;
  /** --mark-down-bucket-ratio: the share of candidate buckets to visit (crushtool's default 1). */
  readonly bucketRatio: number;
}

/** What crushmap says where crushtool divides by zero. */
export const MARK_DOWN_CRASH =
  "crushtool dies here (SIGFPE in CrushTester::adjust_weights): --mark-down-ratio shuffles with lrand48() % (n - 1), and a list it shuffles holds one entry\n";

/**
 * The weight vector with the marked-down devices at 0 (a new array), or {@link MARK_DOWN_CRASH}
 * where crushtool crashes.
 */
export function markDownDevices(map: CrushMap, weight: Uint32Array, opts: MarkDown, rng: Lrand48): Uint32Array | string {
  const out = weight.slice();
  const deviceRatio = Math.fround(opts.deviceRatio);
  if (!(deviceRatio > 0)) return out;
  const candidates = [...map.buckets, ...classTrees(map)]
    .filter((b) => bucketWeight(b) > 0 && b.items.length > 0 && b.items[0]!.id >= 0)
    .sort((a, b) => b.id - a.id);
  if (!shuffle(candidates.length, rng, candidates)) return MARK_DOWN_CRASH;
  const visit = Math.min(candidates.length, Math.trunc(Math.fround(Math.fround(opts.bucketRatio) * candidates.length)));
  for (let i = 0; i < visit; i++) {
    const items = candidates[i]!.items;
    if (!shuffle(items.length, rng, null)) return MARK_DOWN_CRASH;
    const down = Math.min(items.length, Math.trunc(Math.fround(deviceRatio * items.length)));
    for (let o = 0; o < down; o++) {
      const id = items[o]!.id;
      if (id >= 0 && id < out.length) out[id] = 0;
    }
  }
  return out;
}

/** Ceph's shuffle of `n` entries (of `list`, or draws only); false where it divides by zero. */
function shuffle<T>(n: number, rng: Lrand48, list: T[] | null): boolean {
  if (n === 0) return true;
  if (n === 1) return false;
  for (let i = 0; i < n; i++) {
    const j = rng.next() % (n - 1);
    if (list !== null) [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return true;
}

function bucketWeight(b: Bucket): number {
  let w = 0;
  for (const it of b.items) w += it.weight;
  return w;
}
