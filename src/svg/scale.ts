/**
 * Linear scales and round tick values for the charts' axes. Ticks are multiples of 1, 2 or 5
 * times a power of ten, computed from integers so that the same range always gives the same
 * labels.
 */

/** A linear map from data values to pixels. */
export interface LinearScale {
  readonly domainMin: number;
  readonly domainMax: number;
  readonly rangeMin: number;
  readonly rangeMax: number;
}

/** The pixel for a data value (clamped to the domain). */
export function scaled(s: LinearScale, value: number): number {
  const span = s.domainMax - s.domainMin;
  const t = span === 0 ? 0 : (Math.min(Math.max(value, s.domainMin), s.domainMax) - s.domainMin) / span;
  return s.rangeMin + t * (s.rangeMax - s.rangeMin);
}

/** Round tick values covering [min, max], about `count` of them; the last one is at least max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const power = Math.floor(Math.log10(raw));
  const base = 10 ** power;
  const step = [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) ?? 10 * base;
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks: number[] = [];
  // integer multiples of the step, so 0.1 steps give 0.3 and not 0.30000000000000004
  for (let i = first; i <= last; i++) ticks.push(power < 0 ? Number((i * step).toFixed(-power)) : i * step);
  return ticks;
}

/**
 * Round ticks for byte counts: multiples of 1, 2 or 5 of the binary unit (KiB, MiB, GiB, …)
 * that keeps `max` below 1024 units, so labels read 2 GiB, 4 GiB and not 4.66 GiB.
 */
export function niceByteTicks(max: number, count = 5): number[] {
  let unit = 1;
  while (max / unit >= 1024 && unit < 2 ** 50) unit *= 1024;
  return niceTicks(0, max / unit, count).map((t) => t * unit);
}
