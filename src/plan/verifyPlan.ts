/**
 * Replays a plan wave by wave from the state before and proves what a plan promises: every
 * transfer reads a complete copy and writes a device that lacks one, the per-device and
 * per-bucket limits hold, no device passes the full ratio, old copies go only after the group's
 * new ones are complete and never below min_size, degraded groups are never held back by groups
 * that only move, and the end state is the state after. The group list is recomputed from the
 * two states, not taken from the plan.
 */
import { ITEM_NONE } from "../map/types.js";
import type { ClusterState } from "../placement/types.js";
import { diffStates, type GroupChange } from "./diff.js";
import { ancestorOfType } from "../map/hierarchy.js";
import { copiesHeld, type Holder, type PlannedMove, type RebalancePlan } from "./planRebalance.js";

export interface PlanVerification {
  readonly ok: boolean;
  /** What is wrong, one sentence each (at most 100). */
  readonly violations: readonly string[];
}

const MAX_VIOLATIONS = 100;

export function verifyPlan(before: ClusterState, after: ClusterState, plan: RebalancePlan): PlanVerification {
  const violations: string[] = [];
  const fail = (msg: string): void => {
    if (violations.length < MAX_VIOLATIONS) violations.push(msg);
  };
  const bytesByPg = new Map(plan.groups.map((g) => [g.pgid, g.bytes]));
  const groups = diffStates(before, after, { pools: plan.pools, pgBytes: { byPg: bytesByPg, average: 0 } });
  const byPg = new Map<string, GroupChange>(groups.map((g) => [g.pgid, g]));
  if (groups.length !== plan.groups.length) fail(`the plan lists ${plan.groups.length} changed groups, the states differ in ${groups.length}`);
  for (const g of plan.groups) {
    const real = byPg.get(g.pgid);
    if (real === undefined) fail(`${g.pgid} is in the plan but does not change`);
    else if (!sameList(real.live, g.live) || !sameList(real.after, g.after)) fail(`${g.pgid}: the plan's sets differ from the states'`);
  }

  const { maxBackfills, fullRatio, domainLimits } = plan.options;
  const domains = Object.entries(domainLimits).map(([type, limit]) => ({ type, limit, of: ancestorOfType([after.crush, before.crush], type) }));
  const usage = new Map(plan.startUsage);
  const holders = new Map<string, Holder[]>(
    groups.map((g) => [
      g.pgid,
      g.erasure ? g.live.flatMap((o, i) => (o === ITEM_NONE ? [] : [{ shard: i, osd: o }])) : g.live.map((o) => ({ shard: -1, osd: o })),
    ]),
  );
  const lost = new Set(plan.lost);
  const blocked = new Set(plan.blocked);
  for (const g of groups) {
    const isLost = g.liveCount < g.readable;
    if (isLost !== lost.has(g.pgid)) fail(`${g.pgid} ${isLost ? "has lost its data but is not reported lost" : "is reported lost but is readable"}`);
  }

  const lastCopyWave = new Map<string, number>();
  for (const m of plan.moves) {
    if (m.to !== null) lastCopyWave.set(m.pg, Math.max(lastCopyWave.get(m.pg) ?? -1, m.wave));
    if (lost.has(m.pg)) fail(`${m.pg} is lost but the plan moves it`);
  }

  for (let w = 0; w < Math.max(plan.waves, 1); w++) {
    const transfers = plan.moves.filter((m) => m.to !== null && m.wave === w);
    const inCount = new Map<number, number>();
    const outCount = new Map<number, number>();
    const add = (m: Map<number, number>, k: number): number => {
      const v = (m.get(k) ?? 0) + 1;
      m.set(k, v);
      return v;
    };
    for (const t of transfers) {
      const g = byPg.get(t.pg);
      if (g === undefined) {
        fail(`wave ${w}: ${t.pg} does not change but the plan copies it`);
        continue;
      }
      const h = holders.get(t.pg)!;
      checkTransfer(w, t, g, h, fail);
      if (add(inCount, t.to!) > maxBackfills) fail(`wave ${w}: more than ${maxBackfills} transfers into osd.${t.to}`);
      if (t.source !== null && add(outCount, t.source) > maxBackfills) fail(`wave ${w}: more than ${maxBackfills} transfers out of osd.${t.source}`);
      const u = (usage.get(t.to!) ?? 0) + t.bytes;
      usage.set(t.to!, u);
      const cap = plan.capacity.get(t.to!);
      if (cap !== undefined && u > fullRatio * cap * (1 + 1e-12)) fail(`wave ${w}: osd.${t.to} fills past ${fullRatio} of its capacity`);
    }
    for (const d of domains) {
      const inB = new Map<number, number>();
      const outB = new Map<number, number>();
      for (const t of transfers) {
        const bi = d.of.get(t.to!);
        if (bi !== undefined && add(inB, bi) > d.limit) fail(`wave ${w}: more than ${d.limit} transfers into ${d.type} ${bi}`);
        const bo = t.source === null ? undefined : d.of.get(t.source);
        if (bo !== undefined && add(outB, bo) > d.limit) fail(`wave ${w}: more than ${d.limit} transfers out of ${d.type} ${bo}`);
      }
    }
    checkDegradedFirst(w, plan, groups, holders, transfers, usage, fail);
    // copies complete at the end of the wave, then drops happen
    for (const t of transfers) holders.get(t.pg)?.push({ shard: t.shard ?? -1, osd: t.to! });
    for (const m of plan.moves) {
      if (m.from === null || m.dropWave !== w) continue;
      const g = byPg.get(m.pg);
      const h = holders.get(m.pg);
      if (g === undefined || h === undefined) continue;
      if ((lastCopyWave.get(m.pg) ?? -1) > w) fail(`${m.pg}: osd.${m.from} is dropped in wave ${w} before the group's copies complete`);
      const shard = m.shard ?? -1;
      const i = h.findIndex((e) => e.osd === m.from && e.shard === shard);
      if (i < 0) fail(`${m.pg}: drops ${m.shard === null ? "" : `shard ${m.shard} `}from osd.${m.from}, which does not hold it`);
      else h.splice(i, 1);
      const left = copiesHeld(h);
      if (left < g.minSize) fail(`${m.pg}: dropping osd.${m.from} leaves ${left} copies, below min_size ${g.minSize}`);
      usage.set(m.from, (usage.get(m.from) ?? 0) - m.bytes);
    }
  }

  const withheld = new Map<string, number[]>();
  for (const w of plan.withheld) withheld.set(w.pg, [...(withheld.get(w.pg) ?? []), w.osd]);
  for (const g of groups) {
    if (lost.has(g.pgid) || blocked.has(g.pgid)) continue;
    const extra = withheld.get(g.pgid) ?? [];
    // what the group holds at the end, less copies the plan says it keeps for min_size
    const h = holders.get(g.pgid)!.filter((e) => !(extra.includes(e.osd) && (g.erasure ? g.after[e.shard] !== e.osd : !g.after.includes(e.osd))));
    const want = g.erasure ? g.after.flatMap((o, i) => (o === ITEM_NONE ? [] : [`${i}:${o}`])) : g.after.map((o) => `-1:${o}`);
    const ok = sameSet(h.map((e) => `${e.shard}:${e.osd}`), want);
    if (!ok) fail(`${g.pgid} ends on [${h.map((e) => e.osd).join(",")}], not on the state after's [${g.after.join(",")}]`);
  }
  return { ok: violations.length === 0, violations };
}

function checkTransfer(w: number, t: PlannedMove, g: GroupChange, holders: readonly Holder[], fail: (m: string) => void): void {
  const to = t.to!;
  const h = holders.map((e) => e.osd);
  if (t.shard === null) {
    if (h.includes(to)) fail(`wave ${w}: ${t.pg} copies onto osd.${to}, which already holds it`);
    if (!g.after.includes(to)) fail(`wave ${w}: ${t.pg} copies onto osd.${to}, which is not in its new set`);
    if (t.source === null || !h.includes(t.source)) fail(`wave ${w}: ${t.pg} reads from osd.${String(t.source)}, which holds no complete copy`);
    return;
  }
  const shard = t.shard;
  if (holders.some((e) => e.shard === shard && e.osd === to)) fail(`wave ${w}: ${t.pg} shard ${t.shard} is already on osd.${to}`);
  if (g.after[t.shard] !== to) fail(`wave ${w}: ${t.pg} shard ${t.shard} goes to osd.${to}, not its new holder`);
  if (t.reconstruct) {
    const have = copiesHeld(holders);
    if (have < g.readable) fail(`wave ${w}: ${t.pg} rebuilds shard ${t.shard} from ${have} shards, fewer than k = ${g.readable}`);
    if (t.source === null || !h.includes(t.source)) fail(`wave ${w}: ${t.pg} rebuilds shard ${t.shard} reading osd.${String(t.source)}, which holds no shard`);
  } else if (t.source === null || !holders.some((e) => e.shard === shard && e.osd === t.source)) {
    fail(`wave ${w}: ${t.pg} shard ${t.shard} is read from osd.${String(t.source)}, which does not hold it`);
  }
}

/**
 * Degraded groups first: a recovery copy that waits past wave w must have been impossible in w
 * given the recovery transfers of that wave alone (its target or every possible source at the
 * limit).
 */
function checkDegradedFirst(
  w: number,
  plan: RebalancePlan,
  groups: readonly GroupChange[],
  holders: ReadonlyMap<string, readonly Holder[]>,
  transfers: readonly PlannedMove[],
  usage: ReadonlyMap<number, number>,
  fail: (m: string) => void,
): void {
  const { maxBackfills, fullRatio } = plan.options;
  if (Object.keys(plan.options.domainLimits).length > 0) return; // bucket limits make the test ambiguous; skip
  const inCount = new Map<number, number>();
  const outCount = new Map<number, number>();
  for (const t of transfers) {
    if (!t.recovery) continue;
    inCount.set(t.to!, (inCount.get(t.to!) ?? 0) + 1);
    if (t.source !== null) outCount.set(t.source, (outCount.get(t.source) ?? 0) + 1);
  }
  const later = plan.moves.filter((m) => m.recovery && m.to !== null && m.wave > w);
  const statusOf = new Map(groups.map((g) => [g.pgid, g]));
  for (const m of later) {
    const g = statusOf.get(m.pg);
    if (g === undefined) continue;
    const h = (holders.get(m.pg) ?? []).map((e) => e.osd);
    const targetFree = (inCount.get(m.to!) ?? 0) < maxBackfills;
    const sources = m.shard !== null && !m.reconstruct ? [m.source!] : h;
    const sourceFree = sources.some((s) => h.includes(s) && (outCount.get(s) ?? 0) < maxBackfills);
    const cap = plan.capacity.get(m.to!);
    const fits = cap === undefined || (usage.get(m.to!) ?? 0) + m.bytes <= fullRatio * cap;
    if (targetFree && sourceFree && fits) {
      fail(`wave ${w}: recovery of ${m.pg} onto osd.${m.to} waits although it had free slots`);
    }
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
