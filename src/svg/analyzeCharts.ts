/**
 * The pictures of `crushmap analyze`: per-device utilization bars grouped by failure domain and
 * the residual histogram, from a {@link UtilizationReport} and the map it was computed on (the
 * report names domains; the map says which devices each holds).
 */
import type { UtilizationReport } from "../analysis/utilization.js";
import type { CrushMap } from "../map/types.js";
import type { Chart } from "./chartFrame.js";
import { stackCharts } from "./chartStack.js";
import { deviceShareCharts, type DeviceShare } from "./deviceCharts.js";
import { domainOfDevices } from "./domainOf.js";
import { htmlPage } from "./htmlPage.js";
import { num } from "./svgWriter.js";

/**
 * The charts of a utilization report: ratio bars by failure domain, residual histogram.
 *
 * @group Pictures
 */
export function analyzeCharts(map: CrushMap, report: UtilizationReport): Chart[] {
  const domainOf = domainOfDevices(map, report.domainType);
  const devices: DeviceShare[] = report.devices.map((d) => ({
    id: d.id,
    name: d.name,
    observed: d.actual,
    expected: d.expected,
    ratio: d.ratio,
    domain: domainOf.get(d.id) ?? null,
  }));
  return deviceShareCharts(devices, report.domains, report.domainType, report.placed, "analyze");
}

/**
 * A utilization report as one SVG document.
 *
 * @group Pictures
 * @example
 * ```ts
 * const svg = analyzeSvg(map, analyzeUtilization(map, { rule: 0, numRep: 3 }));
 * ```
 */
export function analyzeSvg(map: CrushMap, report: UtilizationReport): string {
  return stackCharts(analyzeTitle(report), analyzeCharts(map, report)).svg;
}

/**
 * A utilization report as one self-contained HTML page.
 *
 * @group Pictures
 */
export function analyzeHtml(map: CrushMap, report: UtilizationReport): string {
  const rows: [string, string][] = [
    ["inputs", String(report.inputs)],
    ["replicas placed", String(report.placed)],
    ["short mappings", String(report.shortMappings)],
    ["devices", String(report.devices.length)],
    ["standard deviation of the ratios", num(report.stddev, 4)],
  ];
  const over = report.overfull[0];
  const under = report.underfull[0];
  if (over !== undefined) rows.push(["most over-full", `${over.name}: ratio ${num(over.ratio, 3)}`]);
  if (under !== undefined) rows.push(["most under-full", `${under.name}: ratio ${num(under.ratio, 3)}`]);
  return htmlPage(analyzeTitle(report), [{ heading: `Utilization by ${report.domainType}`, rows, charts: analyzeCharts(map, report) }]);
}

function analyzeTitle(r: UtilizationReport): string {
  return `Utilization: rule ${r.rule}, ${r.numRep} replicas, ${r.inputs} inputs`;
}
