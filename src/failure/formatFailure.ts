/** Failure analyses as people read them. */
import { formatOsdList } from "../plan/osdList.js";
import { formatBytes, formatDuration } from "../plan/units.js";
import type { RebalancePlan } from "../plan/rebalancePlan.js";
import type { AuditFinding } from "./audit.js";
import type { DurabilityResult } from "./durability/index.js";
import type { FailureImpact } from "./failureImpact.js";

/**
 * A failure's impact as people read it: the groups lost, below min_size and degraded, with their
 * share and bytes, then, given the recovery plan, its copies, waves and time, and what the full
 * ratio blocks.
 *
 * @group Failure analysis
 *
 * @example
 * ```ts
 * console.log(formatFailureImpact(failureImpact(state, "rbd", ["node3"]), failureRecovery(state, "rbd", ["node3"])));
 * ```
 */
export function formatFailureImpact(r: FailureImpact, recovery?: RebalancePlan): string {
  const pct = (n: number): string => `${((100 * n) / r.groups).toFixed(1)}%`;
  const bytes = (b: number): string => (b > 0 ? `, ${formatBytes(b)}` : "");
  const head = `failing ${r.failed.length} device${r.failed.length === 1 ? "" : "s"} in pool ${r.pool} of ${r.groups} groups: `;
  const out = [
    head + formatOsdList(r.failed, { indent: "    ", first: head.length }),
    `  lost:           ${String(r.lost).padStart(6)} (${pct(r.lost)}${bytes(r.lostBytes)})  every copy gone${r.lost > 0 ? " — DATA LOSS" : ""}`,
    `  below min_size: ${String(r.belowMinSize).padStart(6)} (${pct(r.belowMinSize)}${bytes(r.belowMinSizeBytes)})  I/O blocks until recovery`,
    `  degraded:       ${String(r.degraded).padStart(6)} (${pct(r.degraded)}${bytes(r.degradedBytes)})  fewer copies, still serving`,
  ];
  if (recovery !== undefined) out.push(...recoveryLines(recovery));
  return out.join("\n") + "\n";
}

/** The recovery plan in a few lines, saying so when the full ratio keeps it from finishing or from starting. */
function recoveryLines(plan: RebalancePlan): string[] {
  const rep = plan.report;
  const { fullRatio, bytesPerWeight } = plan.options;
  const blocked = plan.blocked.length;
  const out: string[] = [];
  if (blocked > 0 && rep.movedReplicas === 0) {
    out.push(`recovery once the devices are marked out: BLOCKED — no copy fits under the full ratio ${fullRatio}; ${blocked} group${blocked === 1 ? " stays" : "s stay"} as the failure left ${blocked === 1 ? "it" : "them"}`);
  } else {
    out.push(
      `recovery once the devices are marked out: ${rep.movedReplicas} copies (${formatBytes(rep.movedBytes)}) in ${plan.waves} waves, about ${formatDuration(rep.estimatedSeconds)}, degraded groups first`,
    );
    if (blocked > 0) out.push(`  ${blocked} group${blocked === 1 ? "" : "s"} cannot finish: a target would pass the full ratio ${fullRatio}`);
  }
  const full = plan.overFull;
  if (full.length > 0) {
    out.push(`  ${full.length} device${full.length === 1 ? " was" : "s were"} past the full ratio before recovery started (capacity ${formatBytes(bytesPerWeight)} per crush weight 1.0 unless given):`);
    out.push(`    ${formatOsdList(full, { indent: "    ", first: 4 })}`);
  }
  return out;
}

/**
 * A durability result as people read it: copysets, tolerance, the loss probability with what backs an estimate, and the yearly chance.
 *
 * @group Failure analysis
 */
export function formatDurability(r: DurabilityResult): string {
  const unit = r.domain === "device" ? "device" : r.domain;
  const p = r.exact ? `${formatProbability(r.pLoss)} (exact)` : estimateText(r);
  const out = [
    `pool ${r.pool}: ${r.copysets} copysets over ${r.units} ${unit}s; the fewest ${unit} failures that can lose data: ${r.tolerance}`,
    ...(r.unreadable > 0 ? [`${r.unreadable} group${r.unreadable === 1 ? " is" : "s are"} already unreadable (fewer than k live shards) and left out`] : []),
    `P(${r.failures} random ${unit} failure${r.failures === 1 ? "" : "s"} at once lose some group) = ${p}`,
  ];
  if (r.annual !== undefined) {
    out.push(
      `with ${(100 * r.annual.afr).toFixed(2)}% annual failure rate per ${unit} and ${formatDuration(r.annual.recoveryHours * 3600)} to recover: ` +
        `${r.annual.exact ? "" : "at most "}${formatProbability(r.annual.probability)} chance of losing data in a year (${r.annual.lossRate.toExponential(2)} events/year)`,
    );
  }
  return out.join("\n") + "\n";
}

/**
 * Audit findings as people read them: one line each, severity and subject first, then the fix.
 *
 * @group Failure analysis
 */
export function formatAudit(findings: readonly AuditFinding[]): string {
  if (findings.length === 0) return "no findings: every rule can spread its copies and survive the loss of one failure domain\n";
  return findings.map((f) => `${f.severity.toUpperCase()} ${f.subject}: ${f.message}\n  fix: ${f.fix}`).join("\n") + "\n";
}

const ESTIMATORS: Readonly<Record<string, string>> = { union: "union estimator", sampled: "direct sampling" };

/**
 * An estimate with what backs it: its interval at the stated confidence and the bounds that
 * hold for certain, each end rounded outward so the printed range contains the computed one.
 */
function estimateText(r: DurabilityResult): string {
  const [lo, hi] = r.interval!;
  const level = `${Math.round((r.confidence ?? 0.95) * 1000) / 10}%`;
  const how = `${r.samples} samples, ${ESTIMATORS[r.method] ?? r.method}`;
  const certain = r.bounds === undefined ? "" : `; always within ${formatProbability(r.bounds[0], "down")} … ${formatProbability(r.bounds[1], "up")}`;
  return `about ${formatProbability(r.pLoss)} (${level} interval ${formatProbability(lo, "down")} … ${formatProbability(hi, "up")}, ${how}${certain})`;
}

/** Three significant digits; "down" and "up" round toward 0 and away from it instead of to the nearest. */
function formatProbability(p: number, round: "nearest" | "down" | "up" = "nearest"): string {
  if (p === 0) return "0";
  let v = p;
  if (round !== "nearest") {
    const scale = 10 ** (Math.floor(Math.log10(p)) - 2);
    v = (round === "down" ? Math.floor(p / scale) : Math.ceil(p / scale)) * scale;
  }
  if (v >= 0.001) return v.toPrecision(3);
  return v.toExponential(2);
}
