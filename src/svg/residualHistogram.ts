/**
 * The spread of per-device counts against what independent placement would give, as a histogram
 * one can read whatever the device weights are.
 *
 * Why standardized residuals and not raw counts: with mixed weights each device has its own
 * binomial (placed trials, success p = its weight share), so raw counts of a 1 TB and a 16 TB
 * disk do not belong in one histogram. The residual z = (observed − expected) / √(expected·(1 − p))
 * divides each device's deviation by its own binomial standard deviation; for independent
 * placement every z is close to standard normal, whatever the weights. So the histogram is of z,
 * and the curve is the standard normal density scaled to the number of devices and the bin
 * width: bars above the curve's tails mean more extreme devices than chance, a histogram
 * narrower than the curve means placement more even than independent draws (CRUSH never puts
 * two replicas of one input on one device, which evens counts out a little).
 */
import type { HistogramBin, HistogramSpec } from "./histogramChart.js";

/** One device's count and its expectation. */
export interface CountAgainstShare {
  readonly observed: number;
  readonly expected: number;
}

/** Bins are this wide, in standard deviations. */
export const RESIDUAL_BIN_WIDTH = 0.5;
/** The histogram covers at least ±this many standard deviations (wider if a device lies further out). */
export const RESIDUAL_MIN_SPAN = 4;

/**
 * (observed − expected) / √(expected·(1 − p)) with p = expected / placed; devices expected to
 * hold nothing have no residual and are left out (NaN).
 */
export function standardizedResidual(observed: number, expected: number, placed: number): number {
  if (!(expected > 0) || !(placed > 0)) return NaN;
  const p = Math.min(1, expected / placed);
  const variance = expected * (1 - p);
  return variance > 0 ? (observed - expected) / Math.sqrt(variance) : 0;
}

/** The histogram of the devices' standardized residuals and the standard normal curve scaled to it. */
export function residualHistogram(devices: readonly CountAgainstShare[], placed: number): Pick<HistogramSpec, "bins" | "curve" | "xLabel" | "curveLabel"> {
  const z: number[] = [];
  for (const d of devices) {
    const r = standardizedResidual(d.observed, d.expected, placed);
    if (!Number.isNaN(r)) z.push(r);
  }
  let span = RESIDUAL_MIN_SPAN;
  for (const v of z) span = Math.max(span, Math.ceil(Math.abs(v) / RESIDUAL_BIN_WIDTH) * RESIDUAL_BIN_WIDTH);
  const n = Math.round((2 * span) / RESIDUAL_BIN_WIDTH);
  const counts = new Array<number>(n).fill(0);
  for (const v of z) counts[Math.min(n - 1, Math.max(0, Math.floor((v + span) / RESIDUAL_BIN_WIDTH)))]!++;
  const bins: HistogramBin[] = counts.map((count, i) => ({ from: -span + i * RESIDUAL_BIN_WIDTH, to: -span + (i + 1) * RESIDUAL_BIN_WIDTH, count }));
  const curve: { x: number; y: number }[] = [];
  const steps = n * 4;
  for (let i = 0; i <= steps; i++) {
    const x = -span + (2 * span * i) / steps;
    curve.push({ x, y: (z.length * RESIDUAL_BIN_WIDTH * Math.exp(-(x * x) / 2)) / Math.sqrt(2 * Math.PI) });
  }
  return { bins, curve, xLabel: "standardized residual (observed − expected) / √(expected·(1 − p))", curveLabel: "independent placement: standard normal" };
}
