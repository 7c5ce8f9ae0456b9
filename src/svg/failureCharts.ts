/**
 * The pictures of `crushmap failure`: how many groups each class of harm reaches, and per
 * failure-domain bucket the recovery load it carries: bytes written onto its devices and bytes
 * read from them.
 */
import { defaultDomain } from "../analysis/utilization.js";
import type { FailureImpact } from "../failure/failureImpact.js";
import type { CrushMap } from "../map/types.js";
import type { RebalancePlan } from "../plan/rebalancePlan.js";
import { formatBytes, formatDuration } from "../plan/units.js";
import type { Chart } from "./chartFrame.js";
import { stackCharts } from "./chartStack.js";
import { domainOfDevices } from "./domainOf.js";
import { gainLossChart, type GainLossItem } from "./gainLossChart.js";
import { groupedBarChart } from "./groupedBarChart.js";
import { htmlPage } from "./htmlPage.js";

/**
 * Per domain bucket (in map order), the bytes recovery writes onto its devices and reads from
 * them; failed domains are marked in the label (their copies are gone, not moved: a down device
 * is neither read nor dropped from).
 */
function domainTraffic(map: CrushMap, domainType: string, impact: FailureImpact, recovery: RebalancePlan): GainLossItem[] {
  const domainOf = domainOfDevices(map, domainType);
  const type = map.types.find((t) => t.name === domainType);
  const failed = new Set(impact.failed);
  const rows = new Map<number, { gained: number; lost: number; devices: number; dead: number }>();
  for (const b of map.buckets) if (type !== undefined && b.type === type.id) rows.set(b.id, { gained: 0, lost: 0, devices: 0, dead: 0 });
  for (const [d, b] of domainOf) {
    const r = rows.get(b);
    if (r === undefined) continue;
    r.devices++;
    if (failed.has(d)) r.dead++;
  }
  for (const t of recovery.report.devices) {
    const r = rows.get(domainOf.get(t.osd) ?? 0);
    if (r === undefined) continue;
    r.gained += t.bytesIn;
    r.lost += t.bytesOut;
  }
  const items: GainLossItem[] = [];
  for (const b of map.buckets) {
    const r = rows.get(b.id);
    if (r === undefined || r.devices === 0) continue;
    const label = r.dead === 0 ? b.name : r.dead === r.devices ? `${b.name} (failed)` : `${b.name} (${r.dead} failed)`;
    items.push({ id: b.id, label, gained: r.gained, lost: r.lost });
  }
  return items;
}

/**
 * The charts of a failure: groups per class, and recovery traffic per failure-domain bucket
 * (`domainType`, by default the pool's rule's failure domain).
 *
 * @group Pictures
 */
export function failureCharts(map: CrushMap, impact: FailureImpact, recovery: RebalancePlan, ruleId: number, domainType?: string): Chart[] {
  const rule = map.rules.find((r) => r.id === ruleId);
  const type = domainType ?? (rule === undefined ? "host" : defaultDomain(map, rule.steps));
  const classes = groupedBarChart({
    key: "failure-classes",
    title: `Placement groups the failure reaches (of ${impact.groups})`,
    description: `Groups degraded (copies missing, I/O goes on): ${impact.degraded}; below min_size (I/O blocks): ${impact.belowMinSize}; lost: ${impact.lost}.`,
    groups: [
      { id: "degraded", label: "degraded", bars: [{ id: "degraded", label: "degraded", value: impact.degraded }] },
      { id: "belowMinSize", label: "below min_size", bars: [{ id: "belowMinSize", label: "below min_size", value: impact.belowMinSize, classes: "under" }] },
      { id: "lost", label: "lost", bars: [{ id: "lost", label: "lost", value: impact.lost, classes: "over" }] },
    ],
    valueLabel: "placement groups",
    format: (v) => String(Math.round(v)),
  });
  const domains = gainLossChart({
    key: "failure-domains",
    title: `Recovery traffic per ${type}`,
    description: `For each ${type}, the bytes recovery writes onto its devices (up) and reads from them (down); a failed ${type} takes no part.`,
    items: domainTraffic(map, type, impact, recovery),
    valueLabel: "bytes",
    format: formatBytes,
    bytes: true,
    upLabel: "written ▲",
    downLabel: "read ▼",
  });
  return [classes, domains];
}

/**
 * A failure as one SVG document.
 *
 * @group Pictures
 */
export function failureSvg(map: CrushMap, impact: FailureImpact, recovery: RebalancePlan, ruleId: number, domainType?: string): string {
  return stackCharts(`Failure of ${impact.failed.length} devices`, failureCharts(map, impact, recovery, ruleId, domainType)).svg;
}

/**
 * A failure as one self-contained HTML page.
 *
 * @group Pictures
 */
export function failureHtml(map: CrushMap, impact: FailureImpact, recovery: RebalancePlan, ruleId: number, domainType?: string): string {
  const r = recovery.report;
  const rows: [string, string][] = [
    ["failed devices", impact.failed.map(String).join(", ")],
    ["groups degraded / below min_size / lost", `${impact.degraded} / ${impact.belowMinSize} / ${impact.lost} of ${impact.groups}`],
    ["recovery copies", `${r.movedReplicas} (${formatBytes(r.movedBytes)})`],
    ["recovery waves, estimated time", `${r.waves}, ${formatDuration(r.estimatedSeconds)}`],
    ["groups blocked by the full ratio", String(recovery.blocked.length)],
  ];
  return htmlPage(`Failure of ${impact.failed.length} devices`, [{ heading: "Impact", rows, charts: failureCharts(map, impact, recovery, ruleId, domainType) }]);
}
