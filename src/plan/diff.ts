/**
 * What changes between two cluster states, group by group: where each placement group's data
 * is now (the acting set before, minus copies on OSDs that the new state has down), where it
 * must be (the up set after), and whether anything is lost on the way.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool, setOf, type PoolMapping } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import { formatPgId } from "../placement/pgId.js";
import { pgMask, stableMod } from "../placement/stableMod.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { PlanError } from "./errors.js";

/**
 * Group sizes: one average for every group, or per group id (`1.1f`) with the average for the rest.
 *
 * @group Plans
 */
export type GroupBytes = number | { readonly average?: number; readonly byPg: ReadonlyMap<string, number> };

/**
 * How a group fares: its data is gone, it lost copies, it only moves, or nothing changes.
 *
 * @group Plans
 */
export type GroupStatus = "lost" | "degraded" | "remapped";

/**
 * One placement group whose data must move or whose copies were lost: where its data is (the
 * acting set before), what of it is still readable, where it must end (the up set after), and
 * whether it is lost, degraded or only remapped.
 *
 * @group Plans
 */
export interface GroupChange {
  readonly pgid: string;
  readonly pool: number;
  readonly ps: number;
  readonly erasure: boolean;
  /** Copies (or shards) the group needs to accept I/O. */
  readonly minSize: number;
  /** Shards an erasure group needs to be readable (k); 1 for replicated groups. */
  readonly readable: number;
  /** Where the data is: the acting set before (erasure holes ITEM_NONE). */
  readonly before: readonly number[];
  /** Copies still readable once the change happens: `before` minus OSDs down in the new state. */
  readonly live: readonly number[];
  /** Where the data must end: the up set after. */
  readonly after: readonly number[];
  readonly bytes: number;
  readonly status: GroupStatus;
  /** Readable copies (or shards) at the start. */
  readonly liveCount: number;
}

/**
 * Which pools {@link diffStates} compares, and how many bytes their groups hold.
 *
 * @group Plans
 */
export interface DiffOptions {
  /** Pools to compare (ids or names); default every pool. */
  readonly pools?: readonly (number | string)[];
  /** Default 0: sizes unknown. */
  readonly pgBytes?: GroupBytes;
}

/** A pool compared, mapped once in each state (`before` is also what the planner reads usage from). */
export interface MappedPool {
  readonly before: PoolMapping;
  readonly after: PoolMapping;
}

/**
 * Every group whose data must move or whose copies were lost. Both states must have the same
 * pools (same ids and types; erasure pools the same width). pg_num may grow: a new group starts
 * where its parent's data is, as after a Ceph split.
 *
 * @group Plans
 *
 * @throws {@link PlanError} when the states' pools cannot be compared (a pool only on one side,
 * a changed type or k+m, a shrinking pg_num), and {@link PlacementError} when `options.pools`
 * names a pool that does not exist.
 */
export function diffStates(before: ClusterState, after: ClusterState, options: DiffOptions = {}): GroupChange[] {
  return diffMapped(before, after, mapComparedPools(before, after, options.pools), options.pgBytes);
}

/** Each pool to compare, bulk-mapped once in both states. */
export function mapComparedPools(before: ClusterState, after: ClusterState, only: readonly (number | string)[] | undefined): MappedPool[] {
  return comparablePools(before, after, only).map(([b, a]) => ({ before: mapPool(before, b.id), after: mapPool(after, a.id) }));
}

/** diffStates over pools already mapped. */
export function diffMapped(before: ClusterState, after: ClusterState, pools: readonly MappedPool[], pgBytes: GroupBytes | undefined): GroupChange[] {
  const changes: GroupChange[] = [];
  const alive = aliveAfter(before, after);
  for (const { before: mb, after: ma } of pools) {
    const a = ma.pool;
    const erasure = a.type === "erasure";
    const mask = pgMask(mb.pgNum);
    for (let ps = 0; ps < ma.pgNum; ps++) {
      const parent = ps < mb.pgNum ? ps : stableMod(ps, mb.pgNum, mask);
      if (unchanged(mb, parent, ma, ps, erasure, alive)) continue;
      const beforeSet = setOf(mb.acting, mb.actingLength, mb.width, parent);
      const afterSet = setOf(ma.up, ma.upLength, ma.width, ps);
      const live = erasure
        ? beforeSet.map((o) => (o !== ITEM_NONE && alive(o) ? o : ITEM_NONE))
        : beforeSet.filter((o) => o !== ITEM_NONE && alive(o));
      const liveCount = live.filter((o) => o !== ITEM_NONE).length;
      const readable = erasure ? a.erasureK ?? 1 : 1;
      const copiesBefore = beforeSet.filter((o) => o !== ITEM_NONE).length;
      const lostCopies = liveCount < copiesBefore;
      // degraded: a copy was lost here, or the group has fewer copies than the pool wants
      const status: GroupStatus = liveCount < readable ? "lost" : lostCopies || liveCount < a.size ? "degraded" : "remapped";
      const pgid = formatPgId(a.id, ps);
      changes.push({ pgid, pool: a.id, ps, erasure, minSize: a.minSize, readable, before: beforeSet, live, after: afterSet, bytes: groupBytes(pgBytes, pgid), status, liveCount });
    }
  }
  return changes;
}

/**
 * A group that neither loses a copy nor moves one, read off the flat arrays without building
 * its sets (most groups of a plan are such).
 */
function unchanged(mb: PoolMapping, parent: number, ma: PoolMapping, ps: number, erasure: boolean, alive: (osd: number) => boolean): boolean {
  const bn = mb.actingLength[parent]!;
  const an = ma.upLength[ps]!;
  const bBase = parent * mb.width;
  const aBase = ps * ma.width;
  let copies = 0;
  for (let i = 0; i < bn; i++) {
    const o = mb.acting[bBase + i]!;
    if (o === ITEM_NONE) continue;
    if (!alive(o)) return false;
    copies++;
  }
  if (erasure) {
    if (bn !== an) return false;
    for (let i = 0; i < an; i++) if (mb.acting[bBase + i] !== ma.up[aBase + i]) return false;
    return true;
  }
  if (copies !== an) return false;
  for (let i = 0; i < an; i++) {
    const o = ma.up[aBase + i]!;
    if (o === ITEM_NONE) return false;
    let found = false;
    for (let j = 0; j < bn && !found; j++) found = mb.acting[bBase + j] === o;
    if (!found) return false;
  }
  return true;
}

/**
 * The bytes one group holds under `sizes`.
 *
 * @group Plans
 */
export function groupBytes(sizes: GroupBytes | undefined, pgid: string): number {
  if (sizes === undefined) return 0;
  if (typeof sizes === "number") return sizes;
  return sizes.byPg.get(pgid) ?? sizes.average ?? 0;
}

/**
 * A copy stays readable unless its OSD was down already or the new state marks it down (a
 * failure). OSDs removed from the new state still serve reads while they are drained.
 */
export function aliveAfter(before: ClusterState, after: ClusterState): (osd: number) => boolean {
  return (o) => {
    if (o < 0 || o >= before.maxOsd || !before.osds[o]!.up) return false;
    if (o < after.maxOsd && after.osds[o]!.exists && !after.osds[o]!.up) return false;
    return true;
  };
}

function comparablePools(before: ClusterState, after: ClusterState, only: readonly (number | string)[] | undefined): [Pool, Pool][] {
  // a pool named twice (by id and by name) is compared once
  const selected = only === undefined ? after.pools : [...new Map(only.map((p) => resolvePool(after, p)).map((p) => [p.id, p])).values()];
  if (only === undefined && before.pools.length !== after.pools.length) {
    throw new PlanError(`the states have different pools (${before.pools.map((p) => p.id).join(",")} before, ${after.pools.map((p) => p.id).join(",")} after)`);
  }
  return selected.map((a) => {
    const b = before.pools.find((p) => p.id === a.id);
    if (b === undefined) throw new PlanError(`pool ${a.id} exists only after the change; a new pool has no data to move`, a.id);
    if (b.type !== a.type) throw new PlanError(`pool ${a.id} is ${b.type} before and ${a.type} after; they cannot be compared`, a.id);
    if (a.type === "erasure" && (a.size !== b.size || a.erasureK !== b.erasureK)) {
      throw new PlanError(`erasure pool ${a.id} changes its k+m (${b.erasureK}+${b.size - (b.erasureK ?? 0)} → ${a.erasureK}+${a.size - (a.erasureK ?? 0)}); shards cannot be moved between layouts`, a.id);
    }
    if (a.pgNum < b.pgNum) {
      throw new PlanError(`pool ${a.id} shrinks from ${b.pgNum} to ${a.pgNum} groups; merges are not planned (grow or keep pg_num)`, a.id);
    }
    return [b, a];
  });
}
