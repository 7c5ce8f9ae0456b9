/**
 * Releasing pins in batches: each step takes, in priority order (degraded groups first), the
 * moves that keep every OSD within `maxBackfills` transfers in and out (and every limited bucket
 * within its limit), never add a failure-domain clash and leave a set items can express. A group
 * whose moves only work together (erasure shards trading domains) is released as a whole.
 */
import type { ResolvedPlanOptions } from "./planOptions.js";
import { domainAllows, domainBump, domainCounts, type DomainLimit } from "./domainLimits.js";
import { applyMove, domainClashes, itemsFor, type OsdFacts, type SetMove, type UpmapGroup } from "./upmapGroups.js";

export interface StepMove {
  readonly group: number;
  readonly move: SetMove;
  readonly source: number | null;
}

export interface ScheduledStep {
  readonly moves: StepMove[];
  overLimit: boolean;
}

/** Transfer counts of one step. */
export interface StepCounts {
  readonly inCount: Int32Array;
  readonly outCount: Int32Array;
  readonly domainIn: Map<number, number>[];
  readonly domainOut: Map<number, number>[];
}

export function stepCounts(ids: number, domains: readonly DomainLimit[]): StepCounts {
  return { inCount: new Int32Array(ids), outCount: new Int32Array(ids), domainIn: domainCounts(domains), domainOut: domainCounts(domains) };
}

/** The OSD a move reads: its old holder if readable, else the group's first readable copy. */
export function sourceOf(u: UpmapGroup, m: SetMove): number | null {
  if (m.to === null) return null;
  if (m.from !== null && u.g.live.includes(m.from)) return m.from;
  for (const o of u.g.live) if (o >= 0) return o;
  return null;
}

export function allows(c: StepCounts, domains: readonly DomainLimit[], max: number, to: number | null, source: number | null): boolean {
  if (to !== null && (c.inCount[to]! >= max || !domainAllows(domains, c.domainIn, to))) return false;
  if (source !== null && (c.outCount[source]! >= max || !domainAllows(domains, c.domainOut, source))) return false;
  return true;
}

export function bump(c: StepCounts, domains: readonly DomainLimit[], to: number | null, source: number | null): void {
  if (to !== null) {
    c.inCount[to]!++;
    domainBump(domains, c.domainIn, to);
  }
  if (source !== null) {
    c.outCount[source]!++;
    domainBump(domains, c.domainOut, source);
  }
}

/**
 * Transfers Ceph runs already (from `ceph pg ls`), charged to step 1, whose groups step 1 leaves
 * alone: the next batch never piles onto backfills in progress.
 */
export interface Backfilling {
  /** Indices of the groups on the move. */
  readonly groups: ReadonlySet<number>;
  /** One entry per replica arriving (OSD id) and per replica read. */
  readonly into: readonly number[];
  readonly outOf: readonly number[];
}

/** Steps 1…n; `groups[i].set` is each group's set after step 0 and is left at its final set. */
export function scheduleUpmapSteps(groups: readonly UpmapGroup[], order: readonly number[], facts: OsdFacts, options: ResolvedPlanOptions, domains: readonly DomainLimit[], ids: number, busy?: Backfilling): ScheduledStep[] {
  const steps: ScheduledStep[] = [];
  let left = 0;
  for (const u of groups) left += u.pending.length;
  while (left > 0) {
    const c = stepCounts(ids, domains);
    const step: ScheduledStep = { moves: [], overLimit: false };
    const first = steps.length === 0 && busy !== undefined;
    if (first) {
      for (const o of busy.into) bump(c, domains, o, null);
      for (const o of busy.outOf) bump(c, domains, null, o);
    }
    for (const gi of order) if (!first || !busy.groups.has(gi)) left -= releaseGroup(groups[gi]!, gi, step, c, facts, options.maxBackfills, domains, false);
    if (step.moves.length === 0 && first) {
      // what Ceph runs now fills the limits: the batch after it waits for those backfills
      steps.push(step);
      continue;
    }
    if (step.moves.length === 0) {
      // nothing fits on its own: release the first waiting group whole, over the limits
      const gi = order.find((i) => groups[i]!.pending.length > 0)!;
      left -= releaseGroup(groups[gi]!, gi, step, c, facts, options.maxBackfills, domains, true);
      step.overLimit = true;
    }
    steps.push(step);
  }
  return steps;
}

/** The moves of one group this step takes; returns how many. */
function releaseGroup(u: UpmapGroup, gi: number, step: ScheduledStep, c: StepCounts, facts: OsdFacts, max: number, domains: readonly DomainLimit[], force: boolean): number {
  if (u.pending.length === 0) return 0;
  const domain = (o: number): number | undefined => facts.domainOf(u.g.pool, o);
  const clashes = domainClashes(u.set, domain);
  let set = u.set;
  const kept: SetMove[] = [];
  // moves the limits allowed but the set's shape refused (a domain clash, no items for it)
  let shapeRefused = 0;
  for (const m of force ? [] : u.pending) {
    const source = sourceOf(u, m);
    if (!allows(c, domains, max, m.to, source)) {
      kept.push(m);
      continue;
    }
    const next = applyMove(set, m);
    if (domainClashes(next, domain) > clashes || itemsFor(u, next, facts) === null) {
      shapeRefused++;
      kept.push(m);
      continue;
    }
    bump(c, domains, m.to, source);
    step.moves.push({ group: gi, move: m, source });
    set = next;
  }
  if (kept.length === u.pending.length && (force || (shapeRefused > 0 && wholeFits(u, c, domains, max) && itemsFor(u, finalSet(u), facts) !== null))) {
    // the group's moves only work together: all of them, to its final set
    for (const m of u.pending) {
      const source = sourceOf(u, m);
      bump(c, domains, m.to, source);
      step.moves.push({ group: gi, move: m, source });
      set = applyMove(set, m);
    }
    kept.length = 0;
  }
  const taken = u.pending.length - kept.length;
  u.set = set;
  u.pending = kept;
  return taken;
}

function finalSet(u: UpmapGroup): number[] {
  let set = u.set;
  for (const m of u.pending) set = applyMove(set, m);
  return set;
}

/** Whether all the group's waiting moves fit the step's limits together. */
function wholeFits(u: UpmapGroup, c: StepCounts, domains: readonly DomainLimit[], max: number): boolean {
  const trial: StepCounts = { inCount: c.inCount.slice(), outCount: c.outCount.slice(), domainIn: c.domainIn.map((m) => new Map(m)), domainOut: c.domainOut.map((m) => new Map(m)) };
  for (const m of u.pending) {
    const source = sourceOf(u, m);
    if (!allows(trial, domains, max, m.to, source)) return false;
    bump(trial, domains, m.to, source);
  }
  return true;
}
