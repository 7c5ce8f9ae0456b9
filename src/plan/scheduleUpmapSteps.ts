/**
 * Releasing pins in batches: each step takes, in priority order (degraded groups first), the
 * moves that keep every OSD within `maxBackfills` transfers in and out (and every limited bucket
 * within its limit), never add a failure-domain clash and leave a set items can express. A group
 * whose moves only work together (erasure shards trading domains) is released as a whole.
 */
import type { ResolvedPlanOptions } from "./planOptions.js";
import { domainAllows, domainBump, domainCounts, type DomainLimit } from "./domainLimits.js";
import { applyMove, domainClashes, itemsFor, type OsdFacts, type SetMove, type UpmapGroup } from "./upmapGroups.js";
import { charge, closeStep, fits, type Fill, type StepFill } from "./upmapFill.js";
import type { WithheldMove } from "./upmapPlan.js";

export interface StepMove {
  readonly group: number;
  readonly move: SetMove;
  readonly source: number | null;
}

export interface ScheduledStep {
  readonly moves: StepMove[];
  overLimit: boolean;
  /** The OSDs' fill while the step runs, set when the step is closed. */
  fill?: StepFill;
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

/** What the scheduler shares with each group it releases. */
interface Release {
  readonly c: StepCounts;
  readonly facts: OsdFacts;
  readonly max: number;
  readonly domains: readonly DomainLimit[];
  readonly fill: Fill;
}

/**
 * Steps 1…n; `groups[i].set` is each group's set after step 0 and is left at its final set.
 * `fill` is the OSDs' fill after step 0; a move that would push its target past the limit waits
 * for space, and moves that can never fit (nothing else frees space) are returned in `blocked`:
 * their groups stay pinned where they are.
 */
export function scheduleUpmapSteps(groups: readonly UpmapGroup[], order: readonly number[], facts: OsdFacts, options: ResolvedPlanOptions, domains: readonly DomainLimit[], ids: number, fill: Fill, busy?: Backfilling, progress?: (done: number, total: number) => void): { steps: ScheduledStep[]; blocked: WithheldMove[] } {
  const steps: ScheduledStep[] = [];
  const blocked: WithheldMove[] = [];
  let left = 0;
  for (const u of groups) left += u.pending.length;
  const total = left;
  while (left > 0) {
    progress?.(total - left, total);
    const c = stepCounts(ids, domains);
    const step: ScheduledStep = { moves: [], overLimit: false };
    const first = steps.length === 0 && busy !== undefined;
    if (first) {
      for (const o of busy.into) bump(c, domains, o, null);
      for (const o of busy.outOf) bump(c, domains, null, o);
    }
    const r: Release = { c, facts, max: options.maxBackfills, domains, fill };
    for (const gi of order) if (!first || !busy.groups.has(gi)) left -= releaseGroup(groups[gi]!, gi, step, r, false);
    if (step.moves.length === 0 && first) {
      // what Ceph runs now fills the limits: the batch after it waits for those backfills
      step.fill = closeStep(fill);
      steps.push(step);
      continue;
    }
    if (step.moves.length === 0) {
      // nothing fits on its own: release the first waiting group whole, over the backfill
      // limits, but never past the full ratio; when no group fits, nothing frees space again
      const gi = order.find((i) => groups[i]!.pending.length > 0 && groupFits(groups[i]!, fill));
      if (gi === undefined) {
        for (const u of groups) for (const m of u.pending) blocked.push({ pg: u.g.pgid, shard: m.shard, from: m.from, to: m.to });
        for (const u of groups) u.pending = [];
        break;
      }
      left -= releaseGroup(groups[gi]!, gi, step, r, true);
      step.overLimit = true;
    }
    step.fill = closeStep(fill);
    steps.push(step);
  }
  return { steps, blocked };
}

/** Whether all of a group's waiting arrivals fit the OSDs' space in this step. */
function groupFits(u: UpmapGroup, fill: Fill): boolean {
  const extra = new Map<number, number>();
  for (const m of u.pending) {
    if (m.to === null) continue;
    const bytes = (extra.get(m.to) ?? 0) + u.g.bytes;
    if (!fits(fill, m.to, bytes)) return false;
    extra.set(m.to, bytes);
  }
  return true;
}

function take(u: UpmapGroup, gi: number, m: SetMove, step: ScheduledStep, r: Release): void {
  const source = sourceOf(u, m);
  bump(r.c, r.domains, m.to, source);
  charge(r.fill, m.to, m.from, u.g.bytes);
  step.moves.push({ group: gi, move: m, source });
}

/** The moves of one group this step takes; returns how many. */
function releaseGroup(u: UpmapGroup, gi: number, step: ScheduledStep, r: Release, force: boolean): number {
  if (u.pending.length === 0) return 0;
  const domain = (o: number): number | undefined => r.facts.domainOf(u.g.pool, o);
  const clashes = domainClashes(u.set, domain);
  let set = u.set;
  const kept: SetMove[] = [];
  // moves the limits allowed but the set's shape refused (a domain clash, no items for it)
  let shapeRefused = 0;
  for (const m of force ? [] : u.pending) {
    if (!allows(r.c, r.domains, r.max, m.to, sourceOf(u, m)) || (m.to !== null && !fits(r.fill, m.to, u.g.bytes))) {
      kept.push(m);
      continue;
    }
    const next = applyMove(set, m);
    if (domainClashes(next, domain) > clashes || itemsFor(u, next, r.facts) === null) {
      shapeRefused++;
      kept.push(m);
      continue;
    }
    take(u, gi, m, step, r);
    set = next;
  }
  if (kept.length === u.pending.length && (force || (shapeRefused > 0 && wholeFits(u, r.c, r.domains, r.max) && groupFits(u, r.fill) && itemsFor(u, finalSet(u), r.facts) !== null))) {
    // the group's moves only work together: all of them, to its final set
    for (const m of u.pending) {
      take(u, gi, m, step, r);
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
