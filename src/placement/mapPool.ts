/**
 * Every placement group of a pool at once, into flat typed arrays: the bulk call the rebalance
 * planner, the balancer and the analyses run (twice per plan, over up to millions of groups).
 */
import { ITEM_NONE } from "../map/types.js";
import { PlacementError } from "./errors.js";
import { poolPlacer } from "./place.js";
import type { PoolPlacer } from "./poolPlacer.js";
import { MAX_PG_NUM } from "./state.js";
import type { ClusterState, Pool } from "./types.js";

/**
 * Sets of every group of a pool, `width` slots per group (group ps at offset ps × width);
 * slots past a set's length hold ITEM_NONE.
 *
 * @group Placement
 */
export interface PoolMapping {
  readonly pool: Pool;
  readonly pgNum: number;
  readonly width: number;
  /** CRUSH input per group. */
  readonly seed: Uint32Array;
  /** CRUSH's result minus ids that do not exist, before exceptions (Ceph's raw). */
  readonly raw: Int32Array;
  readonly rawLength: Uint16Array;
  readonly up: Int32Array;
  readonly upLength: Uint16Array;
  readonly upPrimary: Int32Array;
  readonly acting: Int32Array;
  readonly actingLength: Uint16Array;
  readonly actingPrimary: Int32Array;
}

/**
 * Maps all `pool.pgNum` groups.
 *
 * @group Placement
 *
 * @example
 * ```ts
 * const m = mapPool(state, 1);
 * const upOf = (ps: number) => setOf(m.up, m.upLength, m.width, ps);
 * ```
 */
export function mapPool(state: ClusterState, pool: number | string): PoolMapping {
  const placer = poolPlacer(state, pool);
  const pgNum = placer.pool.pgNum;
  const width = placer.width;
  checkMappable(placer.pool, width);
  const m: PoolMapping = {
    pool: placer.pool,
    pgNum,
    width,
    seed: new Uint32Array(pgNum),
    raw: new Int32Array(pgNum * width).fill(ITEM_NONE),
    rawLength: new Uint16Array(pgNum),
    up: new Int32Array(pgNum * width).fill(ITEM_NONE),
    upLength: new Uint16Array(pgNum),
    upPrimary: new Int32Array(pgNum),
    acting: new Int32Array(pgNum * width).fill(ITEM_NONE),
    actingLength: new Uint16Array(pgNum),
    actingPrimary: new Int32Array(pgNum),
  };
  for (let ps = 0; ps < pgNum; ps++) writeGroup(placer, m, ps);
  return m;
}

/**
 * The mapping of `state`, given that it differs from the state `from` was mapped from only in
 * the exceptions (pg_upmap_items, pg_upmap, pg_temp, primary_temp) of `groups`: `from`'s sets
 * with just those groups placed again. A group's sets depend on the pool, the crush map, the
 * OSDs and its own exceptions alone, so the other groups keep theirs. The balancer, which
 * touches a few groups of a million, reports the new state's real placements this way.
 */
export function remapGroups(state: ClusterState, from: PoolMapping, groups: Iterable<number>): PoolMapping {
  const placer = poolPlacer(state, from.pool.id);
  if (placer.width !== from.width || placer.pool.pgNum !== from.pgNum) return mapPool(state, from.pool.id);
  const m: PoolMapping = {
    pool: placer.pool,
    pgNum: from.pgNum,
    width: from.width,
    seed: from.seed.slice(),
    raw: from.raw.slice(),
    rawLength: from.rawLength.slice(),
    up: from.up.slice(),
    upLength: from.upLength.slice(),
    upPrimary: from.upPrimary.slice(),
    acting: from.acting.slice(),
    actingLength: from.actingLength.slice(),
    actingPrimary: from.actingPrimary.slice(),
  };
  for (const ps of groups) {
    const base = ps * m.width;
    m.raw.fill(ITEM_NONE, base, base + m.width);
    m.up.fill(ITEM_NONE, base, base + m.width);
    m.acting.fill(ITEM_NONE, base, base + m.width);
    writeGroup(placer, m, ps);
  }
  return m;
}

/** Places group ps and writes its sets into m's arrays, whose slots for ps hold ITEM_NONE. */
function writeGroup(placer: PoolPlacer, m: PoolMapping, ps: number): void {
  placer.place(ps);
  const base = ps * m.width;
  m.seed[ps] = placer.seed;
  // element by element: a subarray per set would allocate three views per group
  for (let i = 0; i < placer.rawLength; i++) m.raw[base + i] = placer.raw[i]!;
  m.rawLength[ps] = placer.rawLength;
  for (let i = 0; i < placer.upLength; i++) m.up[base + i] = placer.up[i]!;
  m.upLength[ps] = placer.upLength;
  m.upPrimary[ps] = placer.upPrimary;
  for (let i = 0; i < placer.actingLength; i++) m.acting[base + i] = placer.acting[i]!;
  m.actingLength[ps] = placer.actingLength;
  m.actingPrimary[ps] = placer.actingPrimary;
}

/** Slots of all groups of one pool that a bulk mapping holds (2^26: 256 MiB per Int32 array). */
const MAX_SLOTS = 1 << 26;

/**
 * Throws a PlacementError for a pool too large to map in bulk: more groups than MAX_PG_NUM (a
 * state built through createClusterState never has that, one resized by hand may), or more
 * slots than MAX_SLOTS (a huge pg_num with wide exceptions).
 */
export function checkMappable(pool: Pool, width: number): void {
  if (pool.pgNum > MAX_PG_NUM || pool.pgNum * width > MAX_SLOTS) {
    throw new PlacementError(
      `pool ${pool.id} has ${pool.pgNum} groups of ${width} OSDs, more than crushmap maps at once (${MAX_PG_NUM} groups, ${MAX_SLOTS} OSD slots)`,
      pool.id,
    );
  }
}

/** One group's set out of a PoolMapping's flat arrays. */
export function setOf(sets: Int32Array, lengths: Uint16Array, width: number, ps: number): number[] {
  return Array.from(sets.subarray(ps * width, ps * width + lengths[ps]!));
}

/**
 * Replicas (or erasure shards) that change place between two mappings of the same pool: per
 * group, members of `b` not in `a` (replicated) or positions that differ (erasure).
 *
 * @group Placement
 */
export function replicaMoves(a: PoolMapping, b: PoolMapping): number {
  const erasure = a.pool.type === "erasure";
  let moves = 0;
  for (let ps = 0; ps < Math.min(a.pgNum, b.pgNum); ps++) {
    const sa = a.up.subarray(ps * a.width, ps * a.width + a.upLength[ps]!);
    const sb = b.up.subarray(ps * b.width, ps * b.width + b.upLength[ps]!);
    for (let i = 0; i < sb.length; i++) {
      const o = sb[i]!;
      if (o === ITEM_NONE) continue;
      if (erasure ? sa[i] !== o : !sa.includes(o)) moves++;
    }
  }
  return moves;
}
