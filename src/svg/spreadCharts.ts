/**
 * The pictures of a spread report (`crushmap spread --svg/--html`): per-device ratio bars
 * grouped by failure domain, the residual histogram, movement per device when the report has a
 * change, and the algorithms side by side when it has a comparison.
 */
import type { Chart } from "./chartFrame.js";
import { stackCharts } from "./chartStack.js";
import { deviceShareCharts } from "./deviceCharts.js";
import { gainLossChart } from "./gainLossChart.js";
import { groupedBarChart } from "./groupedBarChart.js";
import { htmlPage, type PageSection, type PageTable, type SummaryRows } from "./htmlPage.js";
import type { SpreadCompareRowJson, SpreadMovementJson, SpreadReportJson } from "./spreadReportJson.js";
import { num } from "./svgWriter.js";

/**
 * The charts of a spread report, in page order.
 *
 * @group Pictures
 */
export function spreadCharts(report: SpreadReportJson): Chart[] {
  const charts = deviceShareCharts(report.devices, report.domains, report.domainType, report.placed, "spread");
  if (report.movement !== undefined) charts.push(movementChart(report.movement));
  if (report.compare !== undefined && report.compare.length > 0) charts.push(compareChart(report.compare));
  return charts;
}

/**
 * A spread report as one SVG document: its charts stacked.
 *
 * @group Pictures
 * @example
 * ```ts
 * writeFileSync("spread.svg", spreadSvg(JSON.parse(readFileSync("spread.json", "utf8"))));
 * ```
 */
export function spreadSvg(report: SpreadReportJson): string {
  return stackCharts(spreadTitle(report), spreadCharts(report)).svg;
}

/**
 * A spread report as one self-contained HTML page: the numbers, then the charts (inline SVG and
 * CSS, no script, nothing fetched).
 *
 * @group Pictures
 */
export function spreadHtml(report: SpreadReportJson): string {
  const rows: [string, string][] = [
    ["replicas placed", String(report.placed)],
    ["devices", String(report.devices.length)],
    ["standard deviation of observed − expected", num(report.stddev, 3)],
    ["the same for independent placement", num(report.idealStddev, 3)],
    ["chi-square (degrees of freedom)", `${num(report.chiSquare, 3)} (${report.degreesOfFreedom})`],
    ["p-value", probability(report.pValue)],
  ];
  if (report.maxOverfull !== null) rows.push(["most over-full", `${report.maxOverfull.name}: ratio ${num(report.maxOverfull.ratio, 3)}`]);
  if (report.maxUnderfull !== null) rows.push(["most under-full", `${report.maxUnderfull.name}: ratio ${num(report.maxUnderfull.ratio, 3)}`]);
  const ds = report.domainStats;
  if (ds !== undefined) {
    rows.push([`per ${report.domainType}: standard deviation (independent placement)`, `${num(ds.stddev, 3)} (${num(ds.idealStddev, 3)})`]);
    rows.push([`per ${report.domainType}: chi-square (degrees of freedom), p-value`, `${num(ds.chiSquare, 3)} (${ds.degreesOfFreedom}), ${probability(ds.pValue)}`]);
  }
  const [ratio, histogram, ...rest] = spreadCharts(report);
  const sections: PageSection[] = [{ heading: `Spread over ${report.devices.length} devices`, rows, charts: [ratio!, histogram!] }];
  if (report.movement !== undefined) sections.push({ heading: "Movement", rows: movementRows(report.movement), charts: [rest.shift()!] });
  if (rest.length > 0) sections.push({ heading: "Algorithms side by side", table: compareTable(report.compare!), charts: rest });
  return htmlPage(spreadTitle(report), sections);
}

/** A p-value: four decimals, or three significant digits with an exponent when that would print 0. */
function probability(p: number): string {
  return p > 0 && p < 5e-5 ? p.toExponential(2) : num(p, 4);
}

function spreadTitle(r: SpreadReportJson): string {
  const what = r.pool === undefined ? `inputs ${r.minX}..${r.maxX}` : `pool ${r.pool.name}, groups ${r.minX}..${r.maxX}`;
  return `Placement spread: rule ${r.rule}, ${r.numRep} replicas, ${what}`;
}

function movementChart(m: SpreadMovementJson): Chart {
  return gainLossChart({
    key: "spread-movement",
    title: "Replicas gained and lost per device",
    description: `For each of ${m.devices.length} devices, the replicas it gains (up) and loses (down) between the two maps: ${m.moved} moved, at least ${m.minimum} needed.`,
    items: m.devices.map((d) => ({ id: d.id, label: d.name, gained: d.gained, lost: d.lost })),
    valueLabel: "replicas",
  });
}

function movementRows(m: SpreadMovementJson): SummaryRows {
  return [
    ["replicas moved", `${m.moved} of ${m.total}`],
    ["the least any placement could move", num(m.minimum, 1)],
    ["moved / minimum", m.minimum > 0 ? num(m.moved / m.minimum, 3) : "–"],
  ];
}

function compareChart(rows: readonly SpreadCompareRowJson[]): Chart {
  return groupedBarChart({
    key: "spread-compare",
    title: "Standard deviation against independent placement, per algorithm",
    description: `For each of ${rows.length} algorithms, its standard deviation of observed − expected divided by that of independent placement; the dashed line is 1.0.`,
    groups: rows.map((r, i) => ({ id: i, label: r.algorithm, bars: [{ id: r.algorithm, label: r.algorithm, value: r.idealStddev > 0 ? r.stddev / r.idealStddev : 0 }] })),
    valueLabel: "stddev / ideal",
    reference: 1,
  });
}

function compareTable(rows: readonly SpreadCompareRowJson[]): PageTable {
  const opt = (v: number | undefined, digits: number) => (v === undefined ? "–" : num(v, digits));
  return {
    head: ["algorithm", "stddev", "ideal", "min ratio", "max ratio", "moved", "minimum", "lacks"],
    rows: rows.map((r) => [r.algorithm, num(r.stddev, 3), num(r.idealStddev, 3), num(r.minRatio, 3), num(r.maxRatio, 3), opt(r.moved, 0), opt(r.minimum, 1), r.lacks.join("; ")]),
  };
}
