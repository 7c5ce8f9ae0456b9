/**
 * The pictures of `crushmap plan`: bytes copied in each wave (the waves run one after another,
 * so the bars read left to right as the migration's course), and per device the bytes it
 * receives against the bytes it drops.
 */
import type { CrushMap } from "../map/types.js";
import type { RebalancePlan } from "../plan/rebalancePlan.js";
import { formatBytes, formatDuration } from "../plan/units.js";
import type { Chart } from "./chartFrame.js";
import { stackCharts } from "./chartStack.js";
import { deviceNamer } from "./domainOf.js";
import { gainLossChart } from "./gainLossChart.js";
import { groupedBarChart, type ChartBar } from "./groupedBarChart.js";
import { htmlPage } from "./htmlPage.js";

/** Per wave: the copies it runs and their bytes. */
function waveTotals(plan: RebalancePlan): { copies: number[]; bytes: number[] } {
  const copies = new Array<number>(plan.waves).fill(0);
  const bytes = new Array<number>(plan.waves).fill(0);
  for (const m of plan.moves) {
    if (m.to === null || m.wave < 0 || m.wave >= plan.waves) continue;
    copies[m.wave]!++;
    bytes[m.wave]! += m.bytes;
  }
  return { copies, bytes };
}

/**
 * The charts of a plan: bytes per wave, bytes received and dropped per device (names from `map`
 * when given).
 *
 * @group Pictures
 */
export function planCharts(plan: RebalancePlan, map?: CrushMap): Chart[] {
  const { copies, bytes } = waveTotals(plan);
  const bars: ChartBar[] = bytes.map((b, w) => ({ id: w, label: `wave ${w}`, value: b, tip: `wave ${w}: ${copies[w]} copies, ${formatBytes(b)}` }));
  const waves = groupedBarChart({
    key: "plan-waves",
    title: "Bytes copied per wave",
    description: `${plan.waves} waves, run one after another: the bytes each copies (${formatBytes(plan.report.movedBytes)} in all).`,
    groups: bars.length === 0 ? [] : [{ id: "waves", label: `waves 0..${plan.waves - 1}`, bars }],
    valueLabel: "bytes",
    format: formatBytes,
    bytes: true,
  });
  const name = deviceNamer(map);
  const devices = gainLossChart({
    key: "plan-devices",
    title: "Bytes received and dropped per device",
    upLabel: "received ▲",
    downLabel: "dropped ▼",
    description: `For each of the ${plan.report.devices.length} devices the plan touches, the bytes copied onto it (up) and the bytes it drops (down).`,
    items: plan.report.devices.map((d) => ({ id: d.osd, label: name(d.osd), gained: d.bytesIn, lost: d.bytesDropped })),
    valueLabel: "bytes",
    format: formatBytes,
    bytes: true,
  });
  return [waves, devices];
}

/**
 * A plan as one SVG document.
 *
 * @group Pictures
 */
export function planSvg(plan: RebalancePlan, map?: CrushMap): string {
  return stackCharts("Rebalance plan", planCharts(plan, map)).svg;
}

/**
 * A plan as one self-contained HTML page.
 *
 * @group Pictures
 */
export function planHtml(plan: RebalancePlan, map?: CrushMap): string {
  const r = plan.report;
  const rows: [string, string][] = [
    ["groups changed", String(r.groupsChanged)],
    ["copies", `${r.movedReplicas} (at least ${r.minimumReplicas})`],
    ["bytes", `${formatBytes(r.movedBytes)} (at least ${formatBytes(r.minimumBytes)})`],
    ["waves", String(r.waves)],
    ["estimated time", formatDuration(r.estimatedSeconds)],
    ["groups lost / blocked", `${r.groupsLost} / ${r.groupsBlocked}`],
  ];
  return htmlPage("Rebalance plan", [{ heading: "Waves and devices", rows, charts: planCharts(plan, map) }]);
}
