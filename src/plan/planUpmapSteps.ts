/**
 * A migration as Ceph's operators run it with pg_upmap_items (as CERN's upmap-remapped and
 * DigitalOcean's pgremapper do): step 0 applies the new crush map together with items that hold
 * every group where its data is, so nothing moves; each next step rewrites or removes a batch of
 * those pins and lets Ceph backfill it; the last step leaves only the cluster's own items, and
 * the pool maps as CRUSH (with those items) places it under the new map.
 *
 * Every step's items are checked with the placement code itself (mapPool), never a model of it:
 * a group whose pins do not hold moves in step 0 instead.
 */
import { ancestorOfType } from "../map/hierarchy.js";
import { ITEM_NONE } from "../map/types.js";
import { mapPool, setOf } from "../placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState, UpmapItem } from "../placement/types.js";
import { deviceCapacity, overFull, plannedPools, startUsage } from "./capacity.js";
import { priorityOrder } from "./copyTasks.js";
import { diffMapped, mapComparedPools, type MappedPool } from "./diff.js";
import { domainLimitsOf } from "./domainLimits.js";
import { resolvePlanOptions, type PlanOptions } from "./planOptions.js";
import { allows, scheduleUpmapSteps, sourceOf, stepCounts, bump, type Backfilling, type ScheduledStep } from "./scheduleUpmapSteps.js";
import { itemsFor, movesBetween, sameSet, startSet, type OsdFacts, type SetMove, type UpmapGroup } from "./upmapGroups.js";
import type { UpmapPlan, WithheldMove } from "./upmapPlan.js";
import { charge, closeStep, createFill, fullestOf } from "./upmapFill.js";
import { buildSteps } from "./upmapStepList.js";

export type { GroupItems, UpmapMove, UpmapPlan, UpmapStep, WithheldMove } from "./upmapPlan.js";
export type { FullestOsd } from "./upmapFill.js";

/**
 * Plans the migration from `before` to `after` as upmap steps. `after` is the cluster with the
 * new crush map (and any OSD changes); its pg_upmap_items are the ones the plan ends with.
 *
 * @group Plans
 *
 * @example
 * ```ts
 * const after = withCrushMap(before, newMap);
 * const plan = planUpmapSteps(before, after, { maxBackfills: 2 });
 * plan.steps[0].commands; // the pins that keep every group where it is
 * ```
 */
export function planUpmapSteps(before: ClusterState, after: ClusterState, options: PlanOptions = {}, backfilling?: InFlight): UpmapPlan {
  const resolved = resolvePlanOptions(options);
  const mapped = mapComparedPools(before, after, options.pools);
  const changes = diffMapped(before, after, mapped, options.pgBytes);
  const facts = osdFacts(after);
  const ids = Math.max(before.maxOsd, after.maxOsd);
  const domains = domainLimitsOf(before, after, resolved.domainLimits);

  const groups: UpmapGroup[] = [];
  const lost: string[] = [];
  for (const g of changes) {
    const m = mapped.find((p) => p.after.pool.id === g.pool)!.after;
    const raw = setOf(m.raw, m.rawLength, m.width, g.ps);
    if (g.status === "lost") lost.push(g.pgid);
    groups.push({ g, raw, original: after.pgUpmapItems.get(g.pgid), set: g.status === "lost" ? [...g.after] : startSet(g, facts), pending: [] });
  }
  const unpinned = holdStepZero(after, mapped, groups, facts);
  const capacity = deviceCapacity(before, after, options, ids);
  const usage = startUsage(before, after, mapped.map((m) => m.before), options, ids);
  const full = overFull(usage, capacity, resolved.fullRatio);
  const fill = createFill(usage, capacity, resolved.backfillFullRatio);

  // step 0: the copies that could not be pinned, counted against the limits there
  const withheld: WithheldMove[] = [];
  const step0: ScheduledStep = { moves: [], overLimit: false };
  const c0 = stepCounts(ids, domains);
  groups.forEach((u, gi) => {
    const domain = (o: number): number | undefined => facts.domainOf(u.g.pool, o);
    if (u.g.status === "lost") return;
    for (const move of movesBetween(u.g.live, u.set, u.g.erasure, domain)) {
      const source = sourceOf(u, move);
      if (!allows(c0, domains, resolved.maxBackfills, move.to, source)) step0.overLimit = true;
      bump(c0, domains, move.to, source);
      charge(fill, move.to, move.from, u.g.bytes);
      step0.moves.push({ group: gi, move, source });
    }
    u.pending = withhold(u, movesBetween(u.set, u.g.after, u.g.erasure, domain), withheld);
  });
  // step 0's copies cannot wait: they move whatever the fill, and the step says so
  step0.fill = closeStep(fill);
  const startSets = groups.map((u) => u.set);
  const order = priorityOrder(changes);
  const { steps: later, blocked } = scheduleUpmapSteps(groups, order, facts, resolved, domains, ids, fill, backfilling === undefined ? undefined : busyOf(groups, backfilling), options.onProgress);
  groups.forEach((u, i) => (u.set = startSets[i]!));

  let minimumReplicas = 0;
  for (const u of groups) if (u.g.status !== "lost") minimumReplicas += movesBetween(u.g.live, u.g.after, u.g.erasure, () => undefined).filter((m) => m.to !== null).length;
  const steps = buildSteps(before, after, groups, [step0, ...later], facts, resolved.bandwidth, plannedPools(before, after, options));
  let movedReplicas = 0;
  let movedBytes = 0;
  for (const s of steps) {
    movedReplicas += s.movedReplicas;
    movedBytes += s.bytes;
  }
  const startFullest = fullestOf(usage, capacity);
  return { options: resolved, pools: plannedPools(before, after, options), steps, lost, unpinned, withheld, blocked, overFull: full, startFullest, movedReplicas, movedBytes, minimumReplicas };
}


/**
 * A group whose new set has fewer copies than min_size, and fewer than it holds now (CRUSH finds
 * too few OSDs under the new state), is not moved on: it stays pinned where it is, and the plan
 * names its moves as withheld.
 */
function withhold(u: UpmapGroup, moves: SetMove[], withheld: WithheldMove[]): SetMove[] {
  const count = (set: readonly number[]): number => set.filter((o) => o !== ITEM_NONE).length;
  const final = count(u.g.after);
  if (final >= u.g.minSize || final >= count(u.set)) return moves;
  for (const m of moves) withheld.push({ pg: u.g.pgid, shard: m.shard, from: m.from, to: m.to });
  return [];
}

/**
 * Backfills Ceph runs already: the groups (left alone by step 1) and the OSDs they keep busy.
 *
 * @group Plans
 */
export interface InFlight {
  readonly pgids: ReadonlySet<string>;
  readonly into: readonly number[];
  readonly outOf: readonly number[];
}

function busyOf(groups: readonly UpmapGroup[], f: InFlight): Backfilling {
  const ids = new Set<number>();
  groups.forEach((u, gi) => {
    if (f.pgids.has(u.g.pgid)) ids.add(gi);
  });
  return { groups: ids, into: f.into, outOf: f.outOf };
}

/**
 * Pins every group to its start set, maps the pools with those pins, and sends any group the
 * placement code does not hold there straight to its final set (it moves in step 0).
 */
function holdStepZero(after: ClusterState, mapped: readonly MappedPool[], groups: UpmapGroup[], facts: OsdFacts): string[] {
  const unpinned: string[] = [];
  const items = new Map<string, readonly UpmapItem[]>(after.pgUpmapItems);
  for (const u of groups) {
    const list = itemsFor(u, u.set, facts);
    if (list === null) u.set = [...u.g.after];
    const use = list ?? u.original ?? [];
    if (use.length === 0) items.delete(u.g.pgid);
    else items.set(u.g.pgid, use);
  }
  const pinned = withUpmapItems(after, items);
  const maps = new Map(mapped.map((m) => [m.after.pool.id, mapPool(pinned, m.after.pool.id)]));
  for (const u of groups) {
    const m = maps.get(u.g.pool)!;
    const up = setOf(m.up, m.upLength, m.width, u.g.ps);
    if (!sameSet(up, u.set, u.g.erasure)) u.set = [...u.g.after];
    if (u.g.status !== "lost" && !sameSet(u.set, u.g.live, u.g.erasure)) unpinned.push(u.g.pgid);
  }
  return unpinned;
}

/**
 * `state` with its pg_upmap_items replaced by `items`.
 *
 * @group Plans
 *
 * @throws {@link ClusterStateError} when an entry names a group or OSD the state does not have.
 */
export function withUpmapItems(state: ClusterState, items: ReadonlyMap<string, readonly UpmapItem[]>): ClusterState {
  return createClusterState({ ...clusterStateInput(state), pgUpmapItems: [...items].map(([pgid, mappings]) => ({ pgid, mappings })) });
}

function osdFacts(after: ClusterState): OsdFacts {
  const isUp = (o: number): boolean => o >= 0 && o < after.maxOsd && after.osds[o]!.exists && after.osds[o]!.up;
  const byPool = new Map<number, ReadonlyMap<number, number>>();
  for (const p of after.pools) {
    const rule = after.crush.rules.find((r) => r.id === p.crushRule);
    let type: number | undefined;
    for (const s of rule?.steps ?? []) if (s.op === "choose" || s.op === "chooseleaf") type = s.type;
    const name = after.crush.types.find((t) => t.id === type)?.name;
    byPool.set(p.id, name === undefined ? new Map() : ancestorOfType([after.crush], name));
  }
  return {
    isUp,
    pinnable: (o) => isUp(o) && after.osds[o]!.weight > 0,
    domainOf: (pool, o) => byPool.get(pool)?.get(o),
  };
}
