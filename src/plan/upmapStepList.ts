/**
 * Scheduled moves → the steps an operator runs: each step's complete pg_upmap_items for the
 * planned pools, the commands from the previous list to it, and what it moves.
 */
import { parsePgId } from "../placement/pgId.js";
import type { ClusterState, UpmapItem } from "../placement/types.js";
import { PlanError } from "./errors.js";
import type { ScheduledStep } from "./scheduleUpmapSteps.js";
import { applyMove, itemsFor, type OsdFacts, type UpmapGroup } from "./upmapGroups.js";
import { sameItems } from "./upmapPins.js";
import type { GroupItems, UpmapMove, UpmapStep } from "./upmapPlan.js";

/** Replays `scheduled` from each group's step-0 set; groups end at their final sets. */
export function buildSteps(before: ClusterState, after: ClusterState, groups: readonly UpmapGroup[], scheduled: readonly ScheduledStep[], facts: OsdFacts, bandwidth: number, pools: readonly number[]): UpmapStep[] {
  const planned = new Set(pools);
  const inPools = (m: ReadonlyMap<string, readonly UpmapItem[]>): Map<string, readonly UpmapItem[]> => new Map([...m].filter(([pgid]) => planned.has(parsePgId(pgid).pool)));
  let previous = inPools(before.pgUpmapItems);
  const current = inPools(after.pgUpmapItems);
  const steps: UpmapStep[] = [];
  scheduled.forEach((s, index) => {
    const touched = new Set<number>();
    if (index === 0) groups.forEach((_, gi) => touched.add(gi));
    for (const m of s.moves) touched.add(m.group);
    if (index > 0) for (const m of s.moves) groups[m.group]!.set = applyMove(groups[m.group]!.set, m.move);
    for (const gi of touched) {
      const u = groups[gi]!;
      const list = itemsFor(u, u.set, facts);
      // the scheduler only releases moves whose sets items can hold
      if (list === null) throw new PlanError(`internal: no pg_upmap_items hold ${u.g.pgid} on [${u.set.join(",")}]`, u.g.pgid);
      if (list.length === 0) current.delete(u.g.pgid);
      else current.set(u.g.pgid, list);
    }
    steps.push(stepOf(index, s, groups, previous, current, bandwidth));
    previous = new Map(current);
  });
  return steps;
}

function stepOf(index: number, s: ScheduledStep, groups: readonly UpmapGroup[], previous: ReadonlyMap<string, readonly UpmapItem[]>, current: ReadonlyMap<string, readonly UpmapItem[]>, bandwidth: number): UpmapStep {
  const moves: UpmapMove[] = s.moves.map(({ group, move, source }) => {
    const g = groups[group]!.g;
    return { pg: g.pgid, pool: g.pool, ps: g.ps, shard: move.shard, from: move.from, to: move.to, source, bytes: move.to === null ? 0 : g.bytes, recovery: g.status === "degraded" };
  });
  const traffic = new Map<number, number>();
  let bytes = 0;
  let movedReplicas = 0;
  for (const m of moves) {
    if (m.to === null) continue;
    movedReplicas++;
    bytes += m.bytes;
    traffic.set(m.to, (traffic.get(m.to) ?? 0) + m.bytes);
    if (m.source !== null) traffic.set(-1 - m.source, (traffic.get(-1 - m.source) ?? 0) + m.bytes);
  }
  let busiest = 0;
  for (const t of traffic.values()) busiest = Math.max(busiest, t);
  return { step: index, pgUpmapItems: sortedItems(current), commands: commandsBetween(previous, current), moves, movedReplicas, bytes, seconds: busiest / bandwidth, overLimit: s.overLimit, fullest: s.fill?.fullest ?? null, pastFullRatio: s.fill?.pastLimit ?? [] };
}

function byPgId(a: string, b: string): number {
  const x = parsePgId(a);
  const y = parsePgId(b);
  return x.pool - y.pool || x.ps - y.ps;
}

function sortedItems(items: ReadonlyMap<string, readonly UpmapItem[]>): GroupItems[] {
  return [...items.keys()].sort(byPgId).map((pgid) => ({ pgid, mappings: items.get(pgid)! }));
}

/** `ceph osd pg-upmap-items PG FROM TO …` for a changed list, `rm-pg-upmap-items PG` for a removed one. */
export function commandsBetween(previous: ReadonlyMap<string, readonly UpmapItem[]>, current: ReadonlyMap<string, readonly UpmapItem[]>): string[] {
  const keys = [...new Set([...previous.keys(), ...current.keys()])].sort(byPgId);
  const out: string[] = [];
  for (const pgid of keys) {
    const now = current.get(pgid);
    if (sameItems(previous.get(pgid), now)) continue;
    if (now === undefined || now.length === 0) out.push(`ceph osd rm-pg-upmap-items ${pgid}`);
    else out.push(`ceph osd pg-upmap-items ${pgid} ${now.map((i) => `${i.from} ${i.to}`).join(" ")}`);
  }
  return out;
}
