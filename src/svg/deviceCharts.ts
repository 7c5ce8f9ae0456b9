/**
 * The two pictures of how evenly devices are filled, shared by `spread` and `analyze`: the ratio
 * of each device's replicas to its weight-proportional share, as bars grouped by failure domain
 * with a line at 1.0, and the histogram of standardized residuals against the standard normal.
 */
import type { Chart } from "./chartFrame.js";
import { groupedBarChart, type ChartBar, type ChartBarGroup } from "./groupedBarChart.js";
import { histogramChart } from "./histogramChart.js";
import { residualHistogram, standardizedResidual } from "./residualHistogram.js";
import { num } from "./svgWriter.js";

/** One device as the charts need it. */
export interface DeviceShare {
  readonly id: number;
  readonly name: string;
  readonly observed: number;
  readonly expected: number;
  readonly ratio: number;
  /** Its failure-domain bucket's id; null when it has none. */
  readonly domain: number | null;
}

/** A failure-domain bucket: id and name. */
export interface DomainLabel {
  readonly id: number;
  readonly name: string;
}

/** Bars beyond this many binomial standard deviations are coloured as over- or under-full. */
export const OUTLIER_Z = 3;

/** Devices grouped by domain, in the order of `domains`; devices of no listed domain last. */
export function groupByDomain(devices: readonly DeviceShare[], domains: readonly DomainLabel[], placed: number): ChartBarGroup[] {
  const byDomain = new Map<number | null, ChartBar[]>();
  for (const d of domains) byDomain.set(d.id, []);
  const others: ChartBar[] = [];
  for (const d of devices) {
    const z = standardizedResidual(d.observed, d.expected, placed);
    const classes = z > OUTLIER_Z ? "over" : z < -OUTLIER_Z ? "under" : undefined;
    const tip = `${d.name}: ${d.observed} replicas, ${num(d.expected)} expected, ratio ${num(d.ratio, 3)}`;
    const bar: ChartBar = { id: d.id, label: d.name, value: d.ratio, tip, ...(classes === undefined ? {} : { classes }) };
    (byDomain.get(d.domain) ?? others).push(bar);
  }
  const groups: ChartBarGroup[] = domains.map((d) => ({ id: d.id, label: d.name, bars: byDomain.get(d.id)! })).filter((g) => g.bars.length > 0);
  if (others.length > 0) groups.push({ id: "none", label: "(no domain)", bars: others });
  return groups;
}

/** Per-device ratio bars grouped by `domainType` buckets, and the residual histogram. */
export function deviceShareCharts(devices: readonly DeviceShare[], domains: readonly DomainLabel[], domainType: string, placed: number, keyPrefix: string): Chart[] {
  const ratio = groupedBarChart({
    key: `${keyPrefix}-ratio`,
    title: `Replicas per device against its weight share, by ${domainType}`,
    description: `One bar per device (${devices.length}), grouped by ${domainType}: replicas placed divided by the weight-proportional share; the dashed line is 1.0, a perfect share. Red and orange bars lie more than ${OUTLIER_Z} binomial standard deviations over or under.`,
    groups: groupByDomain(devices, domains, placed),
    valueLabel: "observed / expected",
    reference: 1,
    format: (v) => num(v, 2),
  });
  const histogram = histogramChart({
    key: `${keyPrefix}-residuals`,
    title: "Per-device deviation against independent placement",
    description: `Histogram of the standardized residual (observed − expected) / √(expected·(1 − p)) of ${devices.length} devices, p the device's weight share, against the standard normal curve independent placement would give.`,
    ...residualHistogram(devices, placed),
  });
  return [ratio, histogram];
}
