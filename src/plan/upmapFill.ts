/**
 * How full the OSDs get while an upmap plan runs. Ceph backfills a copy onto its new OSD and
 * removes the old copy only once the group is clean again, so while a step runs every OSD holds
 * what it held plus everything arriving; what leaves goes at the step's end. The scheduler asks
 * {@link fits} before it releases a move and the plan reports {@link closeStep}'s fullest OSD.
 */

/** The bytes model of one plan, advanced step by step. */
export interface Fill {
  /** Bytes on each OSD when the current step starts. */
  readonly usage: Float64Array;
  /** Capacity in bytes; Infinity where unknown. */
  readonly capacity: Float64Array;
  /** Arrivals never push an OSD past `limit` × capacity (Ceph's backfillfull_ratio). */
  readonly limit: number;
  readonly arriving: Float64Array;
  readonly leaving: Float64Array;
}

/**
 * The fullest OSD while a step runs (arrivals in, nothing dropped yet).
 *
 * @group Plans
 */
export interface FullestOsd {
  readonly osd: number;
  readonly bytes: number;
  readonly capacity: number;
  /** bytes / capacity. */
  readonly ratio: number;
}

/** What one step does to the OSDs' fill. */
export interface StepFill {
  /** Null when no OSD has a known capacity. */
  readonly fullest: FullestOsd | null;
  /** OSDs that receive data in this step and end up past the limit (only step 0's unpinnable copies can). */
  readonly pastLimit: readonly number[];
}

/** The OSD holding the largest share of its capacity in `bytes` (capacities unknown or 0 skipped). */
export function fullestOf(bytes: Float64Array, capacity: Float64Array): FullestOsd | null {
  let best: FullestOsd | null = null;
  for (let o = 0; o < bytes.length; o++) {
    const cap = capacity[o]!;
    if (!(cap > 0 && Number.isFinite(cap))) continue;
    const ratio = bytes[o]! / cap;
    if (best === null || ratio > best.ratio) best = { osd: o, bytes: bytes[o]!, capacity: cap, ratio };
  }
  return best;
}

export function createFill(usage: Float64Array, capacity: Float64Array, limit: number): Fill {
  return { usage, capacity, limit, arriving: new Float64Array(usage.length), leaving: new Float64Array(usage.length) };
}

/** Whether `bytes` more can arrive on `to` in this step within the limit. */
export function fits(f: Fill, to: number, bytes: number): boolean {
  return f.usage[to]! + f.arriving[to]! + bytes <= f.limit * f.capacity[to]!;
}

/** Records one move's bytes: they arrive on `to` now and leave `from` at the step's end. */
export function charge(f: Fill, to: number | null, from: number | null, bytes: number): void {
  if (to !== null) f.arriving[to]! += bytes;
  if (from !== null) f.leaving[from]! += bytes;
}

/** The step's fullest OSD and the OSDs it pushed past the limit; then the step is applied. */
export function closeStep(f: Fill): StepFill {
  let fullest: FullestOsd | null = null;
  const pastLimit: number[] = [];
  for (let o = 0; o < f.usage.length; o++) {
    const cap = f.capacity[o]!;
    const peak = f.usage[o]! + f.arriving[o]!;
    if (cap > 0 && Number.isFinite(cap)) {
      const ratio = peak / cap;
      if (fullest === null || ratio > fullest.ratio) fullest = { osd: o, bytes: peak, capacity: cap, ratio };
    }
    if (f.arriving[o]! > 0 && peak > f.limit * cap) pastLimit.push(o);
    // a copy read from an OSD that never held the bytes (a lost copy rebuilt) leaves nothing
    f.usage[o] = Math.max(0, peak - f.leaving[o]!);
  }
  f.arriving.fill(0);
  f.leaving.fill(0);
  return { fullest, pastLimit };
}
