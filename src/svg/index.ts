/**
 * Pictures: plain SVG and self-contained HTML pages of spread reports, utilization, plans and
 * failures, written by the small writer in svgWriter.ts (no dependency, no script, no network).
 */
export type { Chart } from "./chartFrame.js";
export { analyzeCharts, analyzeHtml, analyzeSvg } from "./analyzeCharts.js";
export { failureCharts, failureHtml, failureSvg } from "./failureCharts.js";
export { planCharts, planHtml, planSvg } from "./planCharts.js";
export { spreadCharts, spreadHtml, spreadSvg } from "./spreadCharts.js";
export { standardizedResidual } from "./residualHistogram.js";
export type {
  SpreadCompareRowJson,
  SpreadDeviceJson,
  SpreadDomainJson,
  SpreadDomainStatisticsJson,
  SpreadExtremeJson,
  SpreadMovementDeviceJson,
  SpreadMovementJson,
  SpreadReportJson,
} from "./spreadReportJson.js";
