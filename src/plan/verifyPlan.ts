/**
 * Replays a plan wave by wave from the state before and proves what a plan promises: every
 * transfer reads a complete copy and writes a device that lacks one, the per-device and
 * per-bucket limits hold, no device passes the full ratio, old copies go only after the group's
 * new ones are complete and never below min_size, degraded groups are never held back by groups
 * that only move, and the end state is the state after. The group list is recomputed from the
 * two states, not taken from the plan.
 *
 * The moves are indexed by wave and the groups by id once, so a replay costs the plan's size
 * plus, for the degraded-first check, each recovery copy once per wave it waits.
 */
import { ITEM_NONE } from "../map/types.js";
import type { ClusterState } from "../placement/types.js";
import { diffStates, type GroupChange } from "./diff.js";
import { domainLimitsOf, type DomainLimit } from "./domainLimits.js";
import { copiesHeld, holdsOn, holdsShard, startHolders, type Holder } from "./holders.js";
import { movesByWave } from "./movesByWave.js";
import type { PlannedMove, RebalancePlan } from "./rebalancePlan.js";

/**
 * What {@link verifyPlan} found: `ok` when the replay broke no promise, else the violations.
 *
 * @group Plans
 */
export interface PlanVerification {
  readonly ok: boolean;
  /** What is wrong, one sentence each (at most 100). */
  readonly violations: readonly string[];
}

const MAX_VIOLATIONS = 100;

type Fail = (message: string) => void;

/** The replay's state: the true groups, who holds what, and each device's bytes. */
interface Replay {
  readonly plan: RebalancePlan;
  readonly groups: readonly GroupChange[];
  readonly byPg: ReadonlyMap<string, GroupChange>;
  readonly holders: ReadonlyMap<string, Holder[]>;
  readonly usage: Map<number, number>;
  readonly domains: readonly DomainLimit[];
  readonly lost: ReadonlySet<string>;
  /** The wave of each group's last copy. */
  readonly lastCopyWave: ReadonlyMap<string, number>;
  readonly fail: Fail;
}

/**
 * Replays `plan` wave by wave from `before` and checks every promise a plan makes: each copy
 * reads a complete copy and writes a device that lacks one, the per-device (osd_max_backfills)
 * and per-bucket limits and the full ratio hold, old copies are dropped only after the group's
 * new ones are complete and never below min_size, degraded groups go first, and the end is the
 * state `after`. The groups are recomputed from the two states, not taken from the plan.
 *
 * @group Plans
 *
 * @throws {@link PlanError} when the two states' pools cannot be compared (as {@link diffStates}).
 *
 * @example
 * ```ts
 * const plan = planRebalance(before, after, { pgBytes: 4 << 30 });
 * const { ok, violations } = verifyPlan(before, after, plan); // ok: true, violations: []
 * ```
 */
export function verifyPlan(before: ClusterState, after: ClusterState, plan: RebalancePlan): PlanVerification {
  const violations: string[] = [];
  const fail: Fail = (msg) => {
    if (violations.length < MAX_VIOLATIONS) violations.push(msg);
  };
  const r = startReplay(before, after, plan, fail);
  const index = movesByWave(plan.moves);
  const degradedFirst = Object.keys(plan.options.domainLimits).length === 0;
  // recovery copies still to start, in plan order: those that wait past a wave are checked in it
  let waiting = degradedFirst ? plan.moves.filter((m) => m.recovery && m.to !== null) : [];
  const waves = Math.max(plan.waves, 1);
  // past the last wave any move names, a wave has nothing to replay or check
  const end = index.last === Infinity ? waves : Math.min(waves, Math.floor(index.last) + 1);
  for (let w = 0; w < end; w++) {
    const transfers = index.copies.get(w) ?? [];
    checkTransfers(r, w, transfers);
    checkDomainLimits(r, w, transfers);
    if (degradedFirst) {
      waiting = waiting.filter((m) => m.wave > w);
      checkDegradedFirst(r, w, transfers, waiting);
    }
    // copies complete at the end of the wave, then drops happen
    for (const t of transfers) r.holders.get(t.pg)?.push({ shard: t.shard ?? -1, osd: t.to! });
    for (const m of index.drops.get(w) ?? []) replayDrop(r, w, m);
  }
  checkEndState(r);
  return { ok: violations.length === 0, violations };
}

/** The groups recomputed from the states, checked against the plan's list and its lost groups. */
function startReplay(before: ClusterState, after: ClusterState, plan: RebalancePlan, fail: Fail): Replay {
  const bytesByPg = new Map(plan.groups.map((g) => [g.pgid, g.bytes]));
  const groups = diffStates(before, after, { pools: plan.pools, pgBytes: { byPg: bytesByPg, average: 0 } });
  const byPg = new Map<string, GroupChange>(groups.map((g) => [g.pgid, g]));
  if (groups.length !== plan.groups.length) fail(`the plan lists ${plan.groups.length} changed groups, the states differ in ${groups.length}`);
  for (const g of plan.groups) {
    const real = byPg.get(g.pgid);
    if (real === undefined) fail(`${g.pgid} is in the plan but does not change`);
    else if (!sameList(real.live, g.live) || !sameList(real.after, g.after)) fail(`${g.pgid}: the plan's sets differ from the states'`);
  }
  const lost = new Set(plan.lost);
  for (const g of groups) {
    const isLost = g.liveCount < g.readable;
    if (isLost !== lost.has(g.pgid)) fail(`${g.pgid} ${isLost ? "has lost its data but is not reported lost" : "is reported lost but is readable"}`);
  }
  const lastCopyWave = new Map<string, number>();
  for (const m of plan.moves) {
    if (m.to !== null) lastCopyWave.set(m.pg, Math.max(lastCopyWave.get(m.pg) ?? -1, m.wave));
    if (lost.has(m.pg)) fail(`${m.pg} is lost but the plan moves it`);
  }
  return {
    plan,
    groups,
    byPg,
    holders: new Map(groups.map((g) => [g.pgid, startHolders(g)])),
    usage: new Map(plan.startUsage),
    domains: domainLimitsOf(before, after, plan.options.domainLimits),
    lost,
    lastCopyWave,
    fail,
  };
}

/** Each copy of wave `w`: a real source and target, the device limits, and the full ratio. */
function checkTransfers(r: Replay, w: number, transfers: readonly PlannedMove[]): void {
  const { maxBackfills, fullRatio } = r.plan.options;
  const inCount = new Map<number, number>();
  const outCount = new Map<number, number>();
  for (const t of transfers) {
    const g = r.byPg.get(t.pg);
    if (g === undefined) {
      r.fail(`wave ${w}: ${t.pg} does not change but the plan copies it`);
      continue;
    }
    checkTransfer(w, t, g, r.holders.get(t.pg)!, r.fail);
    if (bump(inCount, t.to!) > maxBackfills) r.fail(`wave ${w}: more than ${maxBackfills} transfers into osd.${t.to}`);
    if (t.source !== null && bump(outCount, t.source) > maxBackfills) r.fail(`wave ${w}: more than ${maxBackfills} transfers out of osd.${t.source}`);
    const u = (r.usage.get(t.to!) ?? 0) + t.bytes;
    r.usage.set(t.to!, u);
    const cap = r.plan.capacity.get(t.to!);
    if (cap !== undefined && u > fullRatio * cap * (1 + 1e-12)) r.fail(`wave ${w}: osd.${t.to} fills past ${fullRatio} of its capacity`);
  }
}

/** The per-bucket limits of wave `w`, into and out of each bucket of every limited type. */
function checkDomainLimits(r: Replay, w: number, transfers: readonly PlannedMove[]): void {
  for (const d of r.domains) {
    const inB = new Map<number, number>();
    const outB = new Map<number, number>();
    for (const t of transfers) {
      const bi = d.of.get(t.to!);
      if (bi !== undefined && bump(inB, bi) > d.limit) r.fail(`wave ${w}: more than ${d.limit} transfers into ${d.type} ${bi}`);
      const bo = t.source === null ? undefined : d.of.get(t.source);
      if (bo !== undefined && bump(outB, bo) > d.limit) r.fail(`wave ${w}: more than ${d.limit} transfers out of ${d.type} ${bo}`);
    }
  }
}

function checkTransfer(w: number, t: PlannedMove, g: GroupChange, holders: readonly Holder[], fail: Fail): void {
  const to = t.to!;
  if (t.shard === null) {
    if (holdsOn(holders, to)) fail(`wave ${w}: ${t.pg} copies onto osd.${to}, which already holds it`);
    if (!g.after.includes(to)) fail(`wave ${w}: ${t.pg} copies onto osd.${to}, which is not in its new set`);
    if (t.source === null || !holdsOn(holders, t.source)) fail(`wave ${w}: ${t.pg} reads from osd.${String(t.source)}, which holds no complete copy`);
    return;
  }
  const shard = t.shard;
  if (holdsShard(holders, shard, to)) fail(`wave ${w}: ${t.pg} shard ${t.shard} is already on osd.${to}`);
  if (g.after[t.shard] !== to) fail(`wave ${w}: ${t.pg} shard ${t.shard} goes to osd.${to}, not its new holder`);
  if (t.reconstruct) {
    const have = copiesHeld(holders);
    if (have < g.readable) fail(`wave ${w}: ${t.pg} rebuilds shard ${t.shard} from ${have} shards, fewer than k = ${g.readable}`);
    if (t.source === null || !holdsOn(holders, t.source)) fail(`wave ${w}: ${t.pg} rebuilds shard ${t.shard} reading osd.${String(t.source)}, which holds no shard`);
  } else if (t.source === null || !holdsShard(holders, shard, t.source)) {
    fail(`wave ${w}: ${t.pg} shard ${t.shard} is read from osd.${String(t.source)}, which does not hold it`);
  }
}

/**
 * Degraded groups first: a recovery copy that waits past wave w must have been impossible in w
 * given the recovery transfers of that wave alone (its target or every possible source at the
 * limit, or the target full). Skipped under bucket limits, which make the test ambiguous.
 */
function checkDegradedFirst(r: Replay, w: number, transfers: readonly PlannedMove[], waiting: readonly PlannedMove[]): void {
  const { maxBackfills, fullRatio } = r.plan.options;
  const inCount = new Map<number, number>();
  const outCount = new Map<number, number>();
  for (const t of transfers) {
    if (!t.recovery) continue;
    bump(inCount, t.to!);
    if (t.source !== null) bump(outCount, t.source);
  }
  for (const m of waiting) {
    if (!r.byPg.has(m.pg)) continue;
    const h = r.holders.get(m.pg) ?? [];
    const targetFree = (inCount.get(m.to!) ?? 0) < maxBackfills;
    let sourceFree = false;
    if (m.shard !== null && !m.reconstruct) sourceFree = m.source !== null && holdsOn(h, m.source) && (outCount.get(m.source) ?? 0) < maxBackfills;
    else for (let i = 0; i < h.length && !sourceFree; i++) sourceFree = (outCount.get(h[i]!.osd) ?? 0) < maxBackfills;
    const cap = r.plan.capacity.get(m.to!);
    const fits = cap === undefined || (r.usage.get(m.to!) ?? 0) + m.bytes <= fullRatio * cap;
    if (targetFree && sourceFree && fits) r.fail(`wave ${w}: recovery of ${m.pg} onto osd.${m.to} waits although it had free slots`);
  }
}

/** A drop at the end of wave `w`: after the group's copies, from a holder, never below min_size. */
function replayDrop(r: Replay, w: number, m: PlannedMove): void {
  const g = r.byPg.get(m.pg);
  const h = r.holders.get(m.pg);
  if (g === undefined || h === undefined) return;
  if ((r.lastCopyWave.get(m.pg) ?? -1) > w) r.fail(`${m.pg}: osd.${m.from} is dropped in wave ${w} before the group's copies complete`);
  const shard = m.shard ?? -1;
  const i = h.findIndex((e) => e.osd === m.from && e.shard === shard);
  if (i < 0) r.fail(`${m.pg}: drops ${m.shard === null ? "" : `shard ${m.shard} `}from osd.${m.from}, which does not hold it`);
  else h.splice(i, 1);
  const left = copiesHeld(h);
  if (left < g.minSize) r.fail(`${m.pg}: dropping osd.${m.from} leaves ${left} copies, below min_size ${g.minSize}`);
  r.usage.set(m.from!, (r.usage.get(m.from!) ?? 0) - m.bytes);
}

/** Every group not lost or blocked ends on the state after's set, less the copies kept for min_size. */
function checkEndState(r: Replay): void {
  const withheld = new Map<string, number[]>();
  for (const w of r.plan.withheld) {
    const list = withheld.get(w.pg);
    if (list === undefined) withheld.set(w.pg, [w.osd]);
    else list.push(w.osd);
  }
  const blocked = new Set(r.plan.blocked);
  for (const g of r.groups) {
    if (r.lost.has(g.pgid) || blocked.has(g.pgid)) continue;
    const extra = withheld.get(g.pgid) ?? [];
    const h = r.holders.get(g.pgid)!.filter((e) => !(extra.includes(e.osd) && (g.erasure ? g.after[e.shard] !== e.osd : !g.after.includes(e.osd))));
    const want = g.erasure ? g.after.flatMap((o, i) => (o === ITEM_NONE ? [] : [`${i}:${o}`])) : g.after.map((o) => `-1:${o}`);
    if (!sameSet(h.map((e) => `${e.shard}:${e.osd}`), want)) r.fail(`${g.pgid} ends on [${h.map((e) => e.osd).join(",")}], not on the state after's [${g.after.join(",")}]`);
  }
}

function bump(m: Map<number, number>, k: number): number {
  const v = (m.get(k) ?? 0) + 1;
  m.set(k, v);
  return v;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
