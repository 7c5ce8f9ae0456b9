/**
 * Bars grouped under labels: one bar per device, devices grouped by failure domain, with an
 * optional dashed reference line (1.0 for a ratio to the weight-proportional share). Each bar is
 * a `<rect class="bar …">` carrying `data-id`, `data-group` and `data-value`, with a `<title>`
 * a browser shows on hover and a screen reader reads.
 */
import { chartSvg, valueAxis, type Chart, type ChartHeader } from "./chartFrame.js";
import { niceByteTicks, niceTicks, scaled, type LinearScale } from "./scale.js";
import { el, escapeText, num, textEl } from "./svgWriter.js";

/** One bar: what it stands for, its value, extra classes and its hover text. */
export interface ChartBar {
  readonly id: number | string;
  readonly label: string;
  readonly value: number;
  /** Extra classes besides `bar` (`over`, `under`, `failed`). */
  readonly classes?: string;
  /** The hover text; by default `label: value`. */
  readonly tip?: string;
}

/** Bars drawn side by side under one label (a failure domain and its devices). */
export interface ChartBarGroup {
  readonly id: number | string;
  readonly label: string;
  readonly bars: readonly ChartBar[];
}

/** A grouped bar chart. */
export interface GroupedBarChartSpec extends ChartHeader {
  readonly groups: readonly ChartBarGroup[];
  readonly valueLabel: string;
  /** A dashed horizontal line at this value (1.0 for ratios). */
  readonly reference?: number;
  /** How tick labels and tips print a value (default: two decimals). */
  readonly format?: (value: number) => string;
  /** Ticks on binary byte units (default: decimal). */
  readonly bytes?: boolean;
}

const MARGIN = { top: 34, right: 20, bottom: 70, left: 70 };
const PLOT_HEIGHT = 240;
/** Group labels longer than this are cut (the whole label is the text's `<title>`). */
const LABEL_CHARS = 28;
/** About how wide a character of an 11px label is. */
const CHAR_WIDTH = 6.5;
const SLANT = (40 * Math.PI) / 180;

function shownLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/** A label wider than its group is slanted, so neighbouring labels do not overlap. */
function slanted(g: ChartBarGroup, barWidth: number): boolean {
  return g.bars.length * barWidth < shownLabel(g.label).length * CHAR_WIDTH;
}

/** The chart: a standalone `<svg>` element and its size. */
export function groupedBarChart(spec: GroupedBarChartSpec): Chart {
  const format = spec.format ?? ((v: number) => num(v));
  let bars = 0;
  let max = spec.reference ?? 0;
  for (const g of spec.groups) {
    bars += g.bars.length;
    for (const b of g.bars) max = Math.max(max, b.value);
  }
  // a wide cluster gets thin bars rather than a page wider than a screen or two
  const barWidth = Math.max(1, Math.min(24, 900 / Math.max(1, bars)));
  const gap = Math.max(4, barWidth);
  const plotWidth = bars * barWidth + Math.max(0, spec.groups.length - 1) * gap;
  // room for the longest slanted label below the plot and, for the first group's, to its left
  let slant = 0;
  for (const g of spec.groups) if (slanted(g, barWidth)) slant = Math.max(slant, shownLabel(g.label).length * CHAR_WIDTH);
  const first = spec.groups[0];
  const firstHalf = first === undefined ? 0 : (first.bars.length * barWidth) / 2;
  const left = Math.max(MARGIN.left, first !== undefined && slanted(first, barWidth) ? shownLabel(first.label).length * CHAR_WIDTH * Math.cos(SLANT) + 10 - firstHalf : 0);
  const width = left + Math.max(plotWidth, 300) + MARGIN.right;
  const height = MARGIN.top + PLOT_HEIGHT + Math.max(MARGIN.bottom, slant * Math.sin(SLANT) + 40);
  const top = max > 0 ? max * 1.05 : 1;
  const ticks = spec.bytes === true ? niceByteTicks(top) : niceTicks(0, top);
  const scale: LinearScale = { domainMin: 0, domainMax: ticks[ticks.length - 1]!, rangeMin: MARGIN.top + PLOT_HEIGHT, rangeMax: MARGIN.top };
  const body: string[] = [valueAxis(scale, ticks, left, left + plotWidth, spec.valueLabel, format)];
  let x = left;
  for (const g of spec.groups) {
    body.push(barGroup(g, x, barWidth, scale, format));
    x += g.bars.length * barWidth + gap;
  }
  if (spec.reference !== undefined) {
    const y = scaled(scale, spec.reference);
    body.push(el("line", [["class", "reference"], ["x1", left], ["x2", left + plotWidth], ["y1", y], ["y2", y]]));
  }
  return chartSvg(spec, width, height, body);
}

function barGroup(g: ChartBarGroup, x0: number, barWidth: number, scale: LinearScale, format: (v: number) => string): string {
  const parts: string[] = [];
  const base = scale.rangeMin;
  const groupWidth = g.bars.length * barWidth;
  parts.push(el("rect", [["class", "group-band"], ["x", x0], ["y", scale.rangeMax], ["width", groupWidth], ["height", base - scale.rangeMax]]));
  for (let i = 0; i < g.bars.length; i++) {
    const b = g.bars[i]!;
    const top = scaled(scale, b.value);
    const x = x0 + i * barWidth;
    const tip = textEl("title", [], b.tip ?? `${b.label}: ${format(b.value)}`);
    const attrs = [
      ["class", b.classes === undefined ? "bar" : `bar ${b.classes}`],
      ["x", x],
      ["y", top],
      ["width", Math.max(0.5, barWidth - (barWidth >= 4 ? 1 : 0))],
      ["height", base - top],
      ["data-id", String(b.id)],
      ["data-group", String(g.id)],
      ["data-value", num(b.value, 4)],
    ] as const;
    parts.push(el("rect", attrs, [tip]));
    // device names fit under their bars only when bars are wide
    // a bar standing alone for its group is named by the group's label
    if (barWidth >= 12 && !(g.bars.length === 1 && b.label === g.label)) parts.push(textEl("text", [["transform", `translate(${num(x + barWidth / 2 + 3)} ${num(base + 6)}) rotate(-60)`], ["text-anchor", "end"], ["font-size", 9]], b.label));
  }
  const named = barWidth >= 12 && g.bars.some((b) => b.label !== g.label);
  const labelY = base + (named ? 52 : 16);
  const cx = x0 + groupWidth / 2;
  const place = slanted(g, barWidth) ? ([["transform", `translate(${num(cx)} ${num(labelY - 6)}) rotate(-40)`], ["text-anchor", "end"]] as const) : ([["x", cx], ["y", labelY], ["text-anchor", "middle"]] as const);
  parts.push(el("text", [...place, ["class", "group-label"]], [textEl("title", [], g.label), escapeText(shownLabel(g.label))]));
  return el("g", [["class", "group"], ["data-group", String(g.id)]], parts);
}
