/**
 * The text `crushmap spread` prints: a summary line with the statistics, the most over- and
 * under-full devices, the failure domains, and the movement when there is one.
 */
import { formatCompare } from "./formatCompare.js";
import type { MovementDevice, SpreadMovement } from "./movement.js";
import type { SpreadReport } from "./spreadReport.js";

/** Rows shown at each end of a long list. */
const ENDS = 5;
/** Failure domains listed in full up to this many. */
const ALL_DOMAINS = 24;

interface Row {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly observed: number;
  readonly expected: number;
  readonly ratio: number;
}

/**
 * A p-value readable at both ends: 0.0312, 4.1e-9, < 1e-300.
 *
 * @group Spread
 */
export function formatPValue(p: number): string {
  if (p === 0) return "< 1e-300";
  return p >= 1e-4 ? p.toFixed(4) : p.toExponential(1);
}

function table(rows: readonly Row[]): string[] {
  const width = Math.max(12, ...rows.slice(0, 64).map((r) => r.name.length));
  const out = [`  ${"".padEnd(width)} ${"observed".padStart(9)} ${"expected".padStart(11)} ${"ratio".padStart(7)}`];
  for (const r of rows) {
    out.push(`  ${r.name.padEnd(width)} ${String(r.observed).padStart(9)} ${r.expected.toFixed(1).padStart(11)} ${r.ratio.toFixed(3).padStart(7)}`);
  }
  return out;
}

function statsLine(s: { stddev: number; idealStddev: number; chiSquare: number; degreesOfFreedom: number; pValue: number }): string {
  const rel = s.idealStddev > 0 ? ` (${(s.stddev / s.idealStddev).toFixed(2)}× ideal ${s.idealStddev.toFixed(2)})` : "";
  return `stddev ${s.stddev.toFixed(2)}${rel}, chi-square ${s.chiSquare.toFixed(1)} on ${s.degreesOfFreedom} degrees of freedom, p = ${formatPValue(s.pValue)}`;
}

/** The rows with the highest and lowest ratios, weightless ones left out. */
function ends(rows: readonly Row[]): { over: Row[]; under: Row[] } {
  const weighted = rows.filter((r) => r.weight > 0);
  const over = [...weighted].sort((a, b) => b.ratio - a.ratio || a.id - b.id);
  const under = weighted.sort((a, b) => a.ratio - b.ratio || a.id - b.id);
  return { over: over.slice(0, ENDS), under: under.slice(0, ENDS) };
}

/**
 * The report as `crushmap spread` prints it: statistics, the most over- and under-full devices,
 * the failure domains, and the movement when the report has one.
 *
 * @group Spread
 */
export function formatSpread(r: SpreadReport): string {
  const lines = [
    r.pool === undefined
      ? `rule ${r.rule}, ${r.numRep} replicas, inputs ${r.minX}..${r.maxX}: ${r.placed} replicas on ${r.devices.length} devices`
      : `pool ${r.pool.name} (${r.pool.id}), rule ${r.rule}, size ${r.numRep}, groups 0..${r.maxX}: ${r.placed} replicas in up sets on ${r.devices.length} OSDs`,
    statsLine(r),
  ];
  for (const w of r.staleWeights ?? []) {
    lines.push(`note: ${w.bucket} lists ${w.item} at weight ${w.listed.toFixed(5)} but its items sum to ${w.sum.toFixed(5)}: CRUSH follows the listed weight, the expected shares the devices'`);
  }
  const devices = ends(r.devices);
  lines.push("", "most over-full devices:", ...table(devices.over), "", "most under-full devices:", ...table(devices.under));
  lines.push("", `per ${r.domainType} (${r.domains.length}): ${statsLine(r.domainStats)}`);
  if (r.domains.length <= ALL_DOMAINS) {
    lines.push(...table(r.domains));
  } else {
    const d = ends(r.domains);
    lines.push(...table(d.over), `  … ${r.domains.length - 2 * ENDS} more …`, ...table(d.under).slice(1));
  }
  if (r.movement !== undefined) lines.push("", ...formatMovement(r.movement));
  if (r.compare !== undefined) lines.push("", ...formatCompare(r.compare, r.maxX - r.minX + 1));
  return lines.join("\n") + "\n";
}

function moveRows(title: string, rows: readonly MovementDevice[]): string[] {
  if (rows.length === 0) return [];
  const width = Math.max(12, ...rows.map((d) => d.name.length));
  const out = [title, `  ${"".padEnd(width)} ${"before".padStart(8)} ${"after".padStart(8)} ${"gained".padStart(8)} ${"lost".padStart(8)}`];
  for (const d of rows) {
    out.push(`  ${d.name.padEnd(width)} ${String(d.before).padStart(8)} ${String(d.after).padStart(8)} ${String(d.gained).padStart(8)} ${String(d.lost).padStart(8)}`);
  }
  return out;
}

/**
 * The movement as lines of text: the totals, then the devices that gained and lost most.
 *
 * @group Spread
 */
export function formatMovement(m: SpreadMovement): string[] {
  const share = m.total > 0 ? ` (${((100 * m.moved) / m.total).toFixed(1)}% of ${m.total})` : "";
  const factor = m.minimum > 0 ? `, ${(m.moved / m.minimum).toFixed(2)}× the minimum` : "";
  const lines = [`movement: ${m.moved} replicas moved${share}; minimum ${m.minimum.toFixed(1)}${factor}`];
  for (const w of m.staleWeightsAfter ?? []) {
    lines.push(`note: after the change ${w.bucket} lists ${w.item} at weight ${w.listed.toFixed(5)} but its items sum to ${w.sum.toFixed(5)}: CRUSH follows the listed weight, so the minimum (from the devices' shares) is no lower bound`);
  }
  const gained = m.devices.filter((d) => d.gained > 0).sort((a, b) => b.gained - a.gained || a.id - b.id).slice(0, ENDS);
  const lost = m.devices.filter((d) => d.lost > 0).sort((a, b) => b.lost - a.lost || a.id - b.id).slice(0, ENDS);
  lines.push(...moveRows("gained most:", gained), ...moveRows("lost most:", lost));
  return lines;
}
