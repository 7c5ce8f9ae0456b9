/**
 * A compact terminal histogram of ratios around 1.0 (actual / expected), one line per bin.
 */

/** Lines like `0.975–1.000 ██████████ 33`, bins of `step` from `lo`, open-ended at both ends. */
export function ratioHistogram(values: readonly number[], lo = 0.9, step = 0.025, bins = 8, width = 40): string[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.max(0, Math.min(bins - 1, Math.floor((v - lo) / step)))]!++;
  let peak = 1;
  for (const n of counts) peak = Math.max(peak, n);
  return counts.map((n, i) => {
    const from = i === 0 ? "    <" : (lo + i * step).toFixed(3);
    const to = i === bins - 1 ? "     " : (lo + (i + 1) * step).toFixed(3);
    return `${from}–${to} ${"█".repeat(Math.round((n / peak) * width)).padEnd(width)} ${n}`;
  });
}
