/**
 * What every chart shares: the outer `<svg>` with its accessible title and description, the
 * style, and a left value axis with grid lines. A chart is a standalone SVG document and, pasted
 * into an HTML page, an inline one (the ids carry the chart's key, so several charts can share a
 * page).
 */
import { scaled, type LinearScale } from "./scale.js";
import { el, num, textEl } from "./svgWriter.js";

/** The style every chart carries, so a chart file looks the same alone and inside a page. */
export const CHART_STYLE = [
  "text{font:11px sans-serif;fill:#222}",
  ".chart-title{font-size:14px;font-weight:bold}",
  ".axis line,.axis path{stroke:#555;stroke-width:1}",
  ".grid{stroke:#ddd;stroke-width:1}",
  ".bar{fill:#4e79a7}",
  ".bar.over{fill:#e15759}",
  ".bar.under{fill:#f28e2b}",
  ".bar.gained{fill:#59a14f}",
  ".bar.lost{fill:#e15759}",
  ".bar.failed{fill:#9c9c9c}",
  ".bin{fill:#a0cbe8;stroke:#4e79a7;stroke-width:0.5}",
  ".curve{fill:none;stroke:#e15759;stroke-width:2}",
  ".reference{stroke:#222;stroke-width:1.5;stroke-dasharray:6 3}",
  ".group-band{fill:#f4f4f4}",
].join("");

/** Who a chart is for: a key unique on its page, its title and a sentence describing it. */
export interface ChartHeader {
  /** Short, unique on a page, `[a-z0-9-]`: ids and the `data-chart` attribute derive from it. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
}

/** Space around the plot area. */
export interface Margins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** A chart written out: its `<svg>` element and its size in pixels. */
export interface Chart {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Wraps a chart's body into its `<svg>` root: size, accessible title and description, style, heading. */
export function chartSvg(header: ChartHeader, plotWidth: number, height: number, body: readonly string[]): Chart {
  // never narrower than its heading (bold 14px runs about 8px a character)
  const width = Math.max(plotWidth, 20 + header.title.length * 8);
  const titleId = `${header.key}-title`;
  const descId = `${header.key}-desc`;
  const svg = el(
    "svg",
    [
      ["xmlns", "http://www.w3.org/2000/svg"],
      ["class", "chart"],
      ["data-chart", header.key],
      ["width", width],
      ["height", height],
      ["viewBox", `0 0 ${num(width)} ${num(height)}`],
      ["role", "img"],
      ["aria-labelledby", `${titleId} ${descId}`],
    ],
    [
      textEl("title", [["id", titleId]], header.title),
      textEl("desc", [["id", descId]], header.description),
      textEl("style", [], CHART_STYLE),
      textEl("text", [["class", "chart-title"], ["x", 10], ["y", 18]], header.title),
      ...body,
    ],
  );
  return { svg, width, height };
}

/** A value axis on the left of the plot, with a grid line and a label per tick. */
export function valueAxis(scale: LinearScale, ticks: readonly number[], x0: number, x1: number, label: string, format: (v: number) => string): string {
  const parts: string[] = [];
  for (const t of ticks) {
    const y = scaled(scale, t);
    parts.push(el("line", [["class", "grid"], ["x1", x0], ["x2", x1], ["y1", y], ["y2", y]]));
    parts.push(textEl("text", [["x", x0 - 6], ["y", y + 4], ["text-anchor", "end"]], format(t)));
  }
  parts.push(el("line", [["x1", x0], ["x2", x0], ["y1", scale.rangeMin], ["y2", scale.rangeMax]]));
  const mid = (scale.rangeMin + scale.rangeMax) / 2;
  parts.push(textEl("text", [["transform", `translate(${num(x0 - 48)} ${num(mid)}) rotate(-90)`], ["text-anchor", "middle"]], label));
  return el("g", [["class", "axis"]], parts);
}
