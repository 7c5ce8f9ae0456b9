/**
 * A histogram with a density curve over it: bins as `<rect class="bin">` (with `data-from`,
 * `data-to`, `data-count`), the curve as one `<path class="curve">` giving the count each bin
 * would expect.
 */
import { chartSvg, valueAxis, type Chart, type ChartHeader } from "./chartFrame.js";
import { niceTicks, scaled, type LinearScale } from "./scale.js";
import { el, num, textEl } from "./svgWriter.js";

/** One bin: [from, to) and how many values fell in it. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** A histogram and the expected count along the x axis (points in increasing x). */
export interface HistogramSpec extends ChartHeader {
  readonly bins: readonly HistogramBin[];
  readonly curve: readonly { readonly x: number; readonly y: number }[];
  readonly xLabel: string;
  readonly curveLabel: string;
}

const MARGIN = { top: 48, right: 20, bottom: 50, left: 70 };
const PLOT = { width: 520, height: 220 };

/** The chart: a standalone `<svg>` element and its size; bins must be contiguous and increasing. */
export function histogramChart(spec: HistogramSpec): Chart {
  const lo = spec.bins.length === 0 ? 0 : spec.bins[0]!.from;
  const hi = spec.bins.length === 0 ? 1 : spec.bins[spec.bins.length - 1]!.to;
  let max = 0;
  for (const b of spec.bins) max = Math.max(max, b.count);
  for (const p of spec.curve) max = Math.max(max, p.y);
  const ticks = niceTicks(0, max > 0 ? max * 1.05 : 1);
  const y: LinearScale = { domainMin: 0, domainMax: ticks[ticks.length - 1]!, rangeMin: MARGIN.top + PLOT.height, rangeMax: MARGIN.top };
  const x: LinearScale = { domainMin: lo, domainMax: hi, rangeMin: MARGIN.left, rangeMax: MARGIN.left + PLOT.width };
  const body: string[] = [valueAxis(y, ticks, MARGIN.left, MARGIN.left + PLOT.width, "devices", (v) => num(v))];
  for (const b of spec.bins) {
    const x0 = scaled(x, b.from);
    const top = scaled(y, b.count);
    const attrs = [
      ["class", "bin"],
      ["x", x0],
      ["y", top],
      ["width", scaled(x, b.to) - x0],
      ["height", y.rangeMin - top],
      ["data-from", num(b.from, 4)],
      ["data-to", num(b.to, 4)],
      ["data-count", b.count],
    ] as const;
    body.push(el("rect", attrs, [textEl("title", [], `${num(b.from)} to ${num(b.to)}: ${b.count}`)]));
  }
  body.push(xAxis(x, y.rangeMin, spec.xLabel));
  if (spec.curve.length > 1) {
    const d = spec.curve.map((p, i) => `${i === 0 ? "M" : "L"}${num(scaled(x, p.x))} ${num(scaled(y, p.y))}`).join(" ");
    body.push(el("path", [["class", "curve"], ["d", d]], [textEl("title", [], spec.curveLabel)]));
  }
  // the legend sits above the plot, right-aligned, so no bin can hide it
  const legendX = MARGIN.left + PLOT.width - 20;
  body.push(el("line", [["class", "curve"], ["x1", legendX], ["x2", legendX + 20], ["y1", MARGIN.top - 10], ["y2", MARGIN.top - 10]]));
  body.push(textEl("text", [["x", legendX - 6], ["y", MARGIN.top - 6], ["text-anchor", "end"]], spec.curveLabel));
  return chartSvg(spec, MARGIN.left + PLOT.width + MARGIN.right, MARGIN.top + PLOT.height + MARGIN.bottom, body);
}

function xAxis(x: LinearScale, y0: number, label: string): string {
  const parts: string[] = [el("line", [["x1", x.rangeMin], ["x2", x.rangeMax], ["y1", y0], ["y2", y0]])];
  for (const t of niceTicks(x.domainMin, x.domainMax, 8)) {
    if (t < x.domainMin || t > x.domainMax) continue;
    const px = scaled(x, t);
    parts.push(el("line", [["x1", px], ["x2", px], ["y1", y0], ["y2", y0 + 4]]));
    parts.push(textEl("text", [["x", px], ["y", y0 + 16], ["text-anchor", "middle"]], num(t)));
  }
  parts.push(textEl("text", [["x", (x.rangeMin + x.rangeMax) / 2], ["y", y0 + 36], ["text-anchor", "middle"]], label));
  return el("g", [["class", "axis"]], parts);
}
