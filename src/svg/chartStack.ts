/**
 * Several charts as one SVG document (for `--svg FILE`): stacked top to bottom, each keeping its
 * own title, with an overall title for the file.
 */
import type { Chart } from "./chartFrame.js";
import { el, num, textEl } from "./svgWriter.js";

const GAP = 16;

/** One `<svg>` holding `charts` one under another; its `<title>` is `title`. */
export function stackCharts(title: string, charts: readonly Chart[]): Chart {
  let width = 0;
  let height = 0;
  const parts: string[] = [textEl("title", [], title)];
  for (const c of charts) {
    if (height > 0) height += GAP;
    parts.push(el("g", [["transform", `translate(0 ${num(height)})`]], [c.svg]));
    height += c.height;
    width = Math.max(width, c.width);
  }
  const svg = el("svg", [["xmlns", "http://www.w3.org/2000/svg"], ["width", width], ["height", height], ["viewBox", `0 0 ${num(width)} ${num(height)}`], ["role", "img"]], parts);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, width, height };
}
