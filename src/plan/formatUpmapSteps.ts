/**
 * An upmap plan as an operator runs it: a shell script, step by step, and the JSON the CLI's
 * `--json` prints. Pure: the caller writes the text.
 */
import { formatOsdList } from "./osdList.js";
import { formatBytes, formatDuration } from "./units.js";
import type { FullestOsd } from "./upmapFill.js";
import type { UpmapPlan, UpmapStep } from "./upmapPlan.js";

/**
 * Where the script {@link formatUpmapScript} writes finds the new crush map, and whether to compile it first.
 *
 * @group Plans
 */
export interface UpmapScriptOptions {
  /** The compiled (binary) new crush map, as `ceph osd setcrushmap -i` takes it. */
  readonly crushFile: string;
  /** The new map is text: compile it first with crushtool. */
  readonly crushIsText?: boolean;
}

/**
 * The shell script: step 0 sets the crush map and the pins under norebalance, then each batch.
 *
 * @group Plans
 */
export function formatUpmapScript(plan: UpmapPlan, o: UpmapScriptOptions): string {
  const out: string[] = ["#!/bin/sh", "# Migration as pg_upmap_items steps (crushmap plan --upmap). Run one step at a time;", "# each later step waits until Ceph has backfilled the previous one.", "set -e", ""];
  out.push(`# ${plan.steps.length - 1} step(s) after step 0; ${plan.movedReplicas} replica(s), ${formatBytes(plan.movedBytes)} in all (the change needs ${plan.minimumReplicas}).`);
  if (plan.lost.length > 0) out.push(`# ${plan.lost.length} group(s) have no readable copy and are left to CRUSH: ${plan.lost.join(" ")}`);
  out.push(...fillLines(plan));
  if (plan.withheld.length > 0) out.push(`# ${new Set(plan.withheld.map((w) => w.pg)).size} group(s) stay pinned: CRUSH gives them fewer OSDs than min_size (${[...new Set(plan.withheld.map((w) => w.pg))].join(" ")})`);
  out.push("", "wait_for_backfill() {", "  # remapped groups are the ones still moving", "  while ceph pg ls remapped -f json | grep -q '\"pgid\"'; do sleep 60; done", "}", "");
  // loops, not spreads: a step may hold more commands than V8 passes as arguments (~125k)
  for (const step of plan.steps) {
    for (const line of stepLines(step, plan, o)) out.push(line);
    out.push("");
  }
  return out.join("\n");
}

export function stepLines(step: UpmapStep, plan: UpmapPlan, o: UpmapScriptOptions): string[] {
  const out: string[] = [`# step ${step.step}: ${describe(step, plan)}`];
  if (step.overLimit) out.push("# (this step exceeds the backfill limits: its moves cannot be split)");
  if (step.fullest !== null) out.push(`# fullest while it runs: ${describeFullest(step.fullest)}`);
  if (step.pastFullRatio.length > 0) out.push(`# WARNING: it fills past the backfillfull ratio (${percent(plan.options.backfillFullRatio)}): ${formatOsdList(step.pastFullRatio, { first: 60 })}`);
  if (step.step === 0) {
    if (o.crushIsText === true) out.push(`crushtool -c ${o.crushFile} -o ${o.crushFile}.bin`);
    out.push("ceph osd set norebalance", `ceph osd setcrushmap -i ${o.crushIsText === true ? `${o.crushFile}.bin` : o.crushFile}`);
    for (const c of step.commands) out.push(c);
    out.push("ceph osd unset norebalance");
  } else {
    out.push("wait_for_backfill");
    for (const c of step.commands) out.push(c);
  }
  return out;
}

function percent(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

function describeFullest(f: FullestOsd): string {
  return `osd.${f.osd} at ${percent(f.ratio)} (${formatBytes(f.bytes)} of ${formatBytes(f.capacity)})`;
}

/** The fill before step 0: the fullest OSD, those already past the full ratio, the moves it blocks. */
function fillLines(plan: UpmapPlan): string[] {
  const out: string[] = [];
  if (plan.startFullest !== null) out.push(`# fullest OSD before step 0: ${describeFullest(plan.startFullest)}; full ratio ${percent(plan.options.fullRatio)}, backfillfull ${percent(plan.options.backfillFullRatio)}`);
  if (plan.overFull.length > 0) out.push(`# the cluster is ALREADY past the full ratio before anything moves, on ${formatOsdList(plan.overFull, { first: 60 })}: nothing is moved onto them`);
  const blocked = [...new Set(plan.blocked.map((b) => b.pg))];
  if (blocked.length > 0) out.push(`# ${blocked.length} group(s) stay pinned where they are: their moves would fill an OSD past the backfillfull ratio (${blocked.slice(0, 20).join(" ")}${blocked.length > 20 ? " …" : ""})`);
  return out;
}

function describe(step: UpmapStep, plan: UpmapPlan): string {
  const what = step.step === 0 ? `the new crush map, ${step.pgUpmapItems.length} group(s) pinned where their data is` : `release ${new Set(step.moves.map((m) => m.pg)).size} group(s)`;
  const recovery = step.moves.filter((m) => m.recovery && m.to !== null).length;
  const moves = step.movedReplicas === 0 ? "nothing moves" : `${step.movedReplicas} replica(s) move, ${formatBytes(step.bytes)}, about ${formatDuration(step.seconds)} at ${formatBytes(plan.options.bandwidth)}/s`;
  return `${what}; ${moves}${recovery > 0 ? ` (${recovery} restore degraded groups)` : ""}`;
}

/**
 * `--next`: the one batch that is safe now, or why there is none.
 *
 * @group Plans
 */
export function formatNextStep(next: { readonly step: UpmapStep | null; readonly done: boolean; readonly moving: readonly string[]; readonly plan: UpmapPlan }, o: UpmapScriptOptions): string {
  if (next.done) return "# the migration is done: every group is where CRUSH places it under the new map\n";
  const out = ["#!/bin/sh", "set -e"];
  if (next.moving.length > 0) out.push(`# ${next.moving.length} group(s) still moving or repairing; this batch leaves them alone`);
  const blocked = new Set(next.plan.blocked.map((b) => b.pg)).size;
  if (next.step === null && next.moving.length === 0 && blocked > 0) out.push(`# nothing can be released: ${blocked} group(s) would fill an OSD past the backfillfull ratio; free space or add capacity first`);
  else if (next.step === null) out.push("# nothing is safe to release now: the backfills in progress fill the limits; run again later");
  else {
    for (const line of fillLines(next.plan)) out.push(line);
    for (const line of stepLines(next.step, next.plan, o)) if (line !== "wait_for_backfill") out.push(line);
  }
  out.push(`# ${next.plan.steps.length - 1} batch(es) left after this one`);
  return out.join("\n") + "\n";
}

/**
 * The `--json` shape: `{"steps":[{"pg_upmap_items","commands","moves","bytes",…}],…}`.
 *
 * @group Plans
 */
export function upmapPlanJson(plan: UpmapPlan): unknown {
  return {
    steps: plan.steps.map((s) => ({ step: s.step, pg_upmap_items: s.pgUpmapItems, commands: s.commands, moves: s.movedReplicas, bytes: s.bytes, seconds: s.seconds, over_limit: s.overLimit, fullest: s.fullest, past_full_ratio: s.pastFullRatio, transfers: s.moves })),
    moved_replicas: plan.movedReplicas,
    moved_bytes: plan.movedBytes,
    minimum_replicas: plan.minimumReplicas,
    lost: plan.lost,
    unpinned: plan.unpinned,
    withheld: plan.withheld,
    blocked: plan.blocked,
    full_ratio: plan.options.fullRatio,
    backfillfull_ratio: plan.options.backfillFullRatio,
    start_fullest: plan.startFullest,
    over_full: plan.overFull,
  };
}
