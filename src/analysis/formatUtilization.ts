/** Human-readable form of a UtilizationReport: the spread at a glance. */
import { ratioHistogram } from "./histogram.js";
import type { UtilizationReport, UtilizationRow } from "./utilization.js";

export function formatUtilization(r: UtilizationReport): string {
  const lines: string[] = [];
  const pct = (row: UtilizationRow): string => `${row.ratio >= 1 ? "+" : ""}${((row.ratio - 1) * 100).toFixed(1)}%`;
  const line = (row: UtilizationRow): string =>
    `  ${row.name.padEnd(14)} ${String(row.actual).padStart(9)} replicas, expected ${row.expected.toFixed(1).padStart(10)}  ${pct(row).padStart(7)}`;
  lines.push(
    `rule ${r.rule}, ${r.numRep} replicas, inputs 0..${r.inputs - 1}: ${r.placed} replicas on ${r.devices.length} devices` +
      (r.shortMappings > 0 ? ` (${r.shortMappings} inputs got fewer devices than asked)` : ""),
  );
  lines.push("", "replicas per device against its weight share (1.000 = exactly its share):");
  // bins wide enough that eight of them span about two standard deviations each side of 1.0
  const step = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25].find((s) => s >= r.stddev / 2) ?? 0.5;
  const ratios = r.devices.filter((d) => d.expected > 0).map((d) => d.ratio);
  for (const l of ratioHistogram(ratios, 1 - 4 * step, step)) lines.push("  " + l);
  lines.push(`  standard deviation ${r.stddev.toFixed(4)}`);
  lines.push("", "most over-full devices:");
  for (const row of r.overfull) lines.push(line(row));
  lines.push("", "most under-full devices:");
  for (const row of r.underfull) lines.push(line(row));
  // one line per failure domain: pushed one at a time, a spread of them all would outgrow the stack
  lines.push("", `per ${r.domainType}:`);
  for (const row of r.domains) lines.push(line(row));
  return lines.join("\n") + "\n";
}
