/**
 * What each device (or domain) gains and loses, as bars above and below a zero line: gained as
 * `<rect class="bar gained">`, lost as `<rect class="bar lost">`, both drawn for every item (a
 * zero bar has no height) so a page has exactly two bars per item, each with `data-id` and
 * `data-value`.
 */
import { chartSvg, valueAxis, type Chart, type ChartHeader } from "./chartFrame.js";
import { niceByteTicks, niceTicks, scaled, type LinearScale } from "./scale.js";
import { el, num, textEl } from "./svgWriter.js";

/** One device or domain: what it gains and what it loses (both ≥ 0). */
export interface GainLossItem {
  readonly id: number | string;
  readonly label: string;
  readonly gained: number;
  readonly lost: number;
}

/** A gained/lost chart. */
export interface GainLossSpec extends ChartHeader {
  readonly items: readonly GainLossItem[];
  readonly valueLabel: string;
  readonly format?: (value: number) => string;
  /** Ticks on binary byte units (default: decimal). */
  readonly bytes?: boolean;
  /** Captions of the two halves (default "gained ▲", "lost ▼"). */
  readonly upLabel?: string;
  readonly downLabel?: string;
}

const MARGIN = { top: 34, right: 20, bottom: 60, left: 80 };
const HALF = 120;

/** The chart: a standalone `<svg>` element and its size. */
export function gainLossChart(spec: GainLossSpec): Chart {
  const format = spec.format ?? ((v: number) => num(v));
  let max = 0;
  for (const it of spec.items) max = Math.max(max, it.gained, it.lost);
  const up = spec.bytes === true ? niceByteTicks(max > 0 ? max * 1.05 : 1) : niceTicks(0, max > 0 ? max * 1.05 : 1);
  const top = up[up.length - 1]!;
  const barWidth = Math.max(1, Math.min(24, 900 / Math.max(1, spec.items.length)));
  const plotWidth = Math.max(300, spec.items.length * barWidth);
  const zero = MARGIN.top + HALF;
  const scale: LinearScale = { domainMin: -top, domainMax: top, rangeMin: zero + HALF, rangeMax: MARGIN.top };
  const ticks = [...up.slice(1).reverse().map((t) => -t), ...up];
  const body: string[] = [valueAxis(scale, ticks, MARGIN.left, MARGIN.left + plotWidth, spec.valueLabel, (v) => format(Math.abs(v)))];
  for (let i = 0; i < spec.items.length; i++) {
    const it = spec.items[i]!;
    const x = MARGIN.left + i * barWidth;
    const w = Math.max(0.5, barWidth - (barWidth >= 4 ? 1 : 0));
    const g = scaled(scale, it.gained);
    const l = scaled(scale, -it.lost);
    body.push(el("rect", [["class", "bar gained"], ["x", x], ["y", g], ["width", w], ["height", zero - g], ["data-id", String(it.id)], ["data-value", num(it.gained, 4)]], [textEl("title", [], `${it.label} gains ${format(it.gained)}`)]));
    body.push(el("rect", [["class", "bar lost"], ["x", x], ["y", zero], ["width", w], ["height", l - zero], ["data-id", String(it.id)], ["data-value", num(it.lost, 4)]], [textEl("title", [], `${it.label} loses ${format(it.lost)}`)]));
    if (barWidth >= 12) body.push(textEl("text", [["transform", `translate(${num(x + barWidth / 2 + 3)} ${num(zero + HALF + 6)}) rotate(-60)`], ["text-anchor", "end"], ["font-size", 9]], it.label));
  }
  body.push(el("line", [["class", "reference"], ["x1", MARGIN.left], ["x2", MARGIN.left + plotWidth], ["y1", zero], ["y2", zero]]));
  body.push(textEl("text", [["x", MARGIN.left + 6], ["y", MARGIN.top + 12]], spec.upLabel ?? "gained ▲"));
  body.push(textEl("text", [["x", MARGIN.left + 6], ["y", zero + HALF - 4]], spec.downLabel ?? "lost ▼"));
  return chartSvg(spec, MARGIN.left + plotWidth + MARGIN.right, MARGIN.top + 2 * HALF + MARGIN.bottom, body);
}
