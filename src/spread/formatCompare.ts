/**
 * The side-by-side table `crushmap spread --compare` prints: the same devices, weights, inputs
 * and replica count through each reference algorithm.
 */
import type { CompareRow } from "./compare.js";

function fixed(v: number | undefined, digits: number): string {
  return v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits);
}

/**
 * The compare rows as lines of text, one per algorithm, with what each algorithm lacks below
 * the table (spread against the ideal, the extreme ratios, moved ÷ minimum when there was a
 * change, inputs sharing a failure domain when there are domains, speed when timed).
 *
 * @group Spread
 */
export function formatCompare(rows: readonly CompareRow[], inputs: number): string[] {
  const width = Math.max(10, ...rows.map((r) => r.algorithm.length));
  const head = `  ${"algorithm".padEnd(width)} ${"sd/ideal".padStart(8)} ${"max".padStart(6)} ${"min".padStart(6)} ${"moved/min".padStart(9)} ${"shared".padStart(7)} ${"inputs/s".padStart(10)}`;
  const lines = ["compared with (same devices, weights, inputs):", head];
  for (const r of rows) {
    const moved = r.moved !== undefined && r.minimum !== undefined && r.minimum > 0 ? r.moved / r.minimum : undefined;
    const shared = r.sharedDomainInputs === undefined || inputs === 0 ? "-" : `${((100 * r.sharedDomainInputs) / inputs).toFixed(1)}%`;
    const speed = r.placementsPerSecond === undefined ? "-" : Math.round(r.placementsPerSecond).toString();
    lines.push(
      `  ${r.algorithm.padEnd(width)} ${fixed(r.idealStddev > 0 ? r.stddev / r.idealStddev : undefined, 2).padStart(8)} ${fixed(r.maxRatio, 3).padStart(6)} ${fixed(r.minRatio, 3).padStart(6)} ${fixed(moved, 2).padStart(9)} ${shared.padStart(7)} ${speed.padStart(10)}`,
    );
  }
  lines.push("lacks:");
  for (const r of rows) lines.push(`  ${r.algorithm}: ${r.lacks.length === 0 ? "-" : r.lacks.join("; ")}`);
  return lines;
}
