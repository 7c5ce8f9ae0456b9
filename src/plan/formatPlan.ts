/** A plan as people read it: a summary, then a table per wave. */
import type { RebalancePlan } from "./rebalancePlan.js";
import { movesByWave } from "./movesByWave.js";
import { formatOsdList } from "./osdList.js";
import { formatBytes, formatDuration } from "./units.js";

/**
 * How much of a plan {@link formatPlan} prints.
 *
 * @group Plans
 */
export interface FormatPlanOptions {
  /** Leave out the per-wave tables. */
  readonly summaryOnly?: boolean;
  /** Moves listed per wave before "… N more" (default 20). */
  readonly movesPerWave?: number;
}

/**
 * A plan as people read it: a summary of groups, copies, bytes against the minimum, waves and
 * estimated time, the limits it ran under, then a table of moves per wave.
 *
 * @group Plans
 *
 * @example
 * ```ts
 * console.log(formatPlan(planRebalance(before, after, { pgBytes: 4 << 30 }), { summaryOnly: true }));
 * ```
 */
export function formatPlan(plan: RebalancePlan, options: FormatPlanOptions = {}): string {
  const r = plan.report;
  const o = plan.options;
  const out: string[] = [];
  out.push(
    `groups changing: ${r.groupsChanged} (degraded ${r.groupsDegraded}, lost ${r.groupsLost}, blocked by the full ratio ${r.groupsBlocked}) in pool${plan.pools.length === 1 ? "" : "s"} ${plan.pools.join(", ")}`,
  );
  const ratio = r.minimumReplicas > 0 ? ` — ${(r.movedReplicas / r.minimumReplicas).toFixed(2)}× the minimum` : "";
  out.push(`copies: ${r.movedReplicas} (${formatBytes(r.movedBytes)}); lower bound ${r.minimumReplicas} (${formatBytes(r.minimumBytes)})${ratio}`);
  out.push(
    `waves: ${plan.waves}, estimated ${formatDuration(r.estimatedSeconds)} at ${formatBytes(o.bandwidth)}/s per device, ` +
      `at most ${o.maxBackfills} backfill${o.maxBackfills === 1 ? "" : "s"} in and out per device` +
      Object.entries(o.domainLimits)
        .map(([t, n]) => `, ${n} per ${t}`)
        .join("") +
      `, full ratio ${o.fullRatio}`,
  );
  if (r.startFullest !== null) out.push(`fullest device before anything moves: osd.${r.startFullest.osd} at ${(100 * r.startFullest.ratio).toFixed(1)}% of ${formatBytes(r.startFullest.capacity)}`);
  if (plan.lost.length > 0) out.push(`DATA LOST in ${plan.lost.length} group${plan.lost.length === 1 ? "" : "s"}: ${list(plan.lost)}`);
  if (plan.blocked.length > 0) {
    const what = r.movedReplicas === 0 ? "BLOCKED: no copy fits under the full ratio; waiting" : "blocked (a target would pass the full ratio)";
    out.push(`${what}: ${list(plan.blocked)}`);
  }
  if (plan.overFull.length > 0) {
    const n = plan.overFull.length;
    out.push(`${n} device${n === 1 ? " is" : "s are"} past the full ratio ${o.fullRatio} before anything moves and receive nothing (capacity ${formatBytes(o.bytesPerWeight)} per crush weight 1.0 unless given):`);
    out.push(`  ${formatOsdList(plan.overFull, { indent: "  ", first: 2 })}`);
  }
  if (plan.withheld.length > 0) {
    out.push(`kept to hold min_size (the new set is too small): ${list(plan.withheld.map((w) => `${w.pg} on osd.${w.osd}`))}`);
  }
  const busiest = [...r.devices].sort((a, b) => Math.max(b.bytesIn, b.bytesOut) - Math.max(a.bytesIn, a.bytesOut) || a.osd - b.osd).slice(0, 5);
  if (busiest.length > 0) {
    out.push("busiest devices:");
    out.push("  osd       in          out         peak extra");
    for (const d of busiest) {
      out.push(`  ${`osd.${d.osd}`.padEnd(9)} ${formatBytes(d.bytesIn).padEnd(11)} ${formatBytes(d.bytesOut).padEnd(11)} ${formatBytes(d.peakExtraBytes)}`);
    }
  }
  if (options.summaryOnly !== true) {
    const perWave = options.movesPerWave ?? 20;
    const byWave = movesByWave(plan.moves);
    for (let w = 0; w < plan.waves; w++) {
      const moves = byWave.copies.get(w) ?? [];
      const drops = (byWave.drops.get(w) ?? []).length;
      const recovery = moves.filter((m) => m.recovery).length;
      out.push("");
      const f = r.fullestByWave[w];
      const fullest = f === null || f === undefined ? "" : `; fullest osd.${f.osd} at ${(100 * f.ratio).toFixed(1)}%`;
      out.push(`wave ${w}: ${moves.length} copies (${recovery} recovery), ${formatBytes(moves.reduce((s, m) => s + m.bytes, 0))}, then ${drops} drops${fullest}`);
      out.push("  pg        shard  from    to      read    bytes");
      for (const m of moves.slice(0, perWave)) {
        out.push(
          `  ${m.pg.padEnd(9)} ${(m.shard === null ? "-" : String(m.shard)).padEnd(6)} ${osd(m.from).padEnd(7)} ${osd(m.to).padEnd(7)} ${(m.reconstruct ? "rebuild" : osd(m.source)).padEnd(7)} ${formatBytes(m.bytes)}${m.recovery ? "  recovery" : ""}`,
        );
      }
      if (moves.length > perWave) out.push(`  … ${moves.length - perWave} more`);
    }
  }
  return out.join("\n") + "\n";
}

function osd(id: number | null): string {
  return id === null ? "-" : String(id);
}

function list(items: readonly string[]): string {
  return items.length <= 12 ? items.join(", ") : `${items.slice(0, 12).join(", ")} … (${items.length - 12} more)`;
}
