/**
 * One self-contained HTML page: inline CSS, inline SVG charts and tables of the numbers, no
 * script and nothing fetched, so it opens the same from a mail attachment as from a web server.
 */
import type { Chart } from "./chartFrame.js";
import { el, escapeText, textEl } from "./svgWriter.js";

/** A table of label/value rows shown above the charts. */
export type SummaryRows = readonly (readonly [string, string])[];

/** A table with a header row: one row per item, cells as text. */
export interface PageTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A section of the page: a heading, optional summary rows or table, charts. */
export interface PageSection {
  readonly heading: string;
  readonly rows?: SummaryRows;
  readonly table?: PageTable;
  readonly charts: readonly Chart[];
}

const PAGE_STYLE = [
  "body{font:14px/1.4 sans-serif;margin:24px;color:#222;background:#fff}",
  "h1{font-size:20px}h2{font-size:16px;margin-top:28px}",
  "table{border-collapse:collapse;margin:8px 0}td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}",
  "td.value{text-align:right;font-variant-numeric:tabular-nums}",
  "table.items td{vertical-align:top}table.items th{border-bottom:1px solid #999}",
  "figure{margin:12px 0;overflow-x:auto}",
].join("");

/** The page as a string (UTF-8 text). */
export function htmlPage(title: string, sections: readonly PageSection[]): string {
  const body: string[] = [textEl("h1", [], title)];
  for (const s of sections) {
    const parts: string[] = [textEl("h2", [], s.heading)];
    if (s.rows !== undefined && s.rows.length > 0) {
      const rows = s.rows.map(([k, v]) => el("tr", [], [textEl("th", [["scope", "row"]], k), textEl("td", [["class", "value"]], v)]));
      parts.push(el("table", [["class", "summary"]], [el("tbody", [], rows)]));
    }
    if (s.table !== undefined) parts.push(tableOf(s.table));
    for (const c of s.charts) parts.push(el("figure", [], [c.svg]));
    body.push(el("section", [], parts));
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeText(title)}</title><style>${PAGE_STYLE}</style></head><body>${body.join("\n")}</body></html>\n`;
}

function tableOf(t: PageTable): string {
  const head = el("thead", [], [el("tr", [], t.head.map((h) => textEl("th", [["scope", "col"]], h)))]);
  const rows = t.rows.map((r) => el("tr", [], r.map((cell) => textEl("td", [], cell))));
  return el("table", [["class", "items"]], [head, el("tbody", [], rows.length === 0 ? [""] : rows)]);
}
