/**
 * How far observed placement counts stray from their weight-proportional share, and whether the
 * straying is more than chance: the numbers `crushmap spread` prints for devices and for failure
 * domains alike.
 */
import { SpreadError } from "./errors.js";
import { chiSquarePValue } from "./gamma.js";

/**
 * One device (or failure domain) set against its share.
 *
 * @group Spread
 */
export interface DeviceSpread {
  readonly id: number;
  /** Effective weight (crush weight × reweight), in any unit: only shares matter. */
  readonly weight: number;
  /** Replicas it holds. */
  readonly observed: number;
  /** placed × weight ÷ total weight. */
  readonly expected: number;
  /** observed ÷ expected; 0 when nothing was expected (a device of weight 0). */
  readonly ratio: number;
}

/**
 * The spread of a placement over its devices, against independent weighted placement.
 *
 * @group Spread
 */
export interface SpreadStatistics {
  /** Replicas placed in total (the sum of observed). */
  readonly placed: number;
  /** Population standard deviation of observed − expected over the devices of weight > 0. */
  readonly stddev: number;
  /** What independent placement would give: sqrt(mean over those devices of placed·p·(1 − p)), p the weight share. */
  readonly idealStddev: number;
  /** Σ (observed − expected)² ÷ expected over the devices with expected > 0. */
  readonly chiSquare: number;
  /** Devices with expected > 0, minus 1. */
  readonly degreesOfFreedom: number;
  /** The chance that independent placement strays at least this far (upper tail of chi-square). */
  readonly pValue: number;
  /** The device with the highest ratio (lowest id on ties), null when none has weight. */
  readonly maxOverfull: DeviceSpread | null;
  /** The device with the lowest ratio among those of weight > 0 (lowest id on ties). */
  readonly maxUnderfull: DeviceSpread | null;
}

function check(ids: ArrayLike<number>, observed: ArrayLike<number>, weights: ArrayLike<number>): void {
  if (observed.length !== ids.length || weights.length !== ids.length) {
    throw new SpreadError(`spreadStatistics needs one count and one weight per device: ${ids.length} ids, ${observed.length} counts, ${weights.length} weights`);
  }
  for (let i = 0; i < ids.length; i++) {
    const o = observed[i]!;
    const w = weights[i]!;
    if (!Number.isFinite(o) || o < 0) throw new SpreadError(`device ${ids[i]} has a bad count ${o}`, ids[i]);
    if (!Number.isFinite(w) || w < 0) throw new SpreadError(`device ${ids[i]} has a bad weight ${w}`, ids[i]);
  }
}

/**
 * Sets each device's count against its weight share and summarises the spread.
 *
 * @group Spread
 *
 * @param ids - device ids, in the order of the other two arrays
 * @param observed - observed[i] replicas on device i
 * @param weights - weights[i] the effective weight of device i (crush weight × reweight)
 * @throws SpreadError when the arrays differ in length, a count or weight is negative or not
 *   finite, no device has weight, or nothing was placed
 *
 * @example
 * ```ts
 * // two devices, the second twice as heavy, 30 replicas split 12 / 18 (expected 10 / 20)
 * const { stats } = spreadStatistics([0, 1], [12, 18], [1, 2]);
 * stats.chiSquare; // (2²/10) + (2²/20) = 0.6
 * ```
 */
export function spreadStatistics(
  ids: ArrayLike<number>,
  observed: ArrayLike<number>,
  weights: ArrayLike<number>,
): { devices: DeviceSpread[]; stats: SpreadStatistics } {
  check(ids, observed, weights);
  let placed = 0;
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    placed += observed[i]!;
    total += weights[i]!;
  }
  if (total === 0) throw new SpreadError("no device has weight: there is no share to compare against");
  if (placed === 0) throw new SpreadError("nothing was placed: there is no spread to measure");
  const devices: DeviceSpread[] = [];
  for (let i = 0; i < ids.length; i++) {
    const expected = (placed * weights[i]!) / total;
    const o = observed[i]!;
    devices.push({ id: ids[i]!, weight: weights[i]!, observed: o, expected, ratio: expected === 0 ? 0 : o / expected });
  }
  return { devices, stats: summarise(devices, placed, total) };
}

function summarise(devices: readonly DeviceSpread[], placed: number, total: number): SpreadStatistics {
  let n = 0;
  let sumDiff = 0;
  let sumVariance = 0;
  let chiSquare = 0;
  let over: DeviceSpread | null = null;
  let under: DeviceSpread | null = null;
  for (const d of devices) {
    if (d.weight === 0) continue;
    n++;
    sumDiff += d.observed - d.expected;
    const p = d.weight / total;
    sumVariance += placed * p * (1 - p);
    chiSquare += (d.observed - d.expected) ** 2 / d.expected;
    if (over === null || d.ratio > over.ratio) over = d;
    if (under === null || d.ratio < under.ratio) under = d;
  }
  // the mean of observed − expected is 0 unless a weightless device holds replicas
  const mean = sumDiff / n;
  let sumSquares = 0;
  for (const d of devices) if (d.weight > 0) sumSquares += (d.observed - d.expected - mean) ** 2;
  const degreesOfFreedom = n - 1;
  return {
    placed,
    stddev: Math.sqrt(sumSquares / n),
    idealStddev: Math.sqrt(sumVariance / n),
    chiSquare,
    degreesOfFreedom,
    pValue: chiSquarePValue(chiSquare, degreesOfFreedom),
    maxOverfull: over,
    maxUnderfull: under,
  };
}
