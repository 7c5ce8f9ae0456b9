/**
 * The calls a storage system makes: which group holds an object, and which OSDs hold a group.
 * A state's compiled form is built on first use and kept for the state's lifetime (states are
 * frozen values, map included, so it never goes stale; a state assembled by hand and left
 * unfrozen is compiled afresh on every call).
 */
import type { NameHasher } from "../hash/xxhash.js";
import { compileMap } from "../mapper/compile.js";
import { PlacementError } from "./errors.js";
import { hashLocator, locatorBytes } from "./objectHash.js";
import { formatPgId, parsePgId, type PgId } from "./pgId.js";
import { osdTables, PoolPlacer } from "./poolPlacer.js";
import { pgMask, stableMod } from "./stableMod.js";
import type { ClusterState, Pool } from "./types.js";

/**
 * Where one placement group lives. Sets list OSD ids; erasure pools' holes are ITEM_NONE (2147483647).
 *
 * @group Placement
 */
export interface PgPlacement {
  /** `pool.ps`, as Ceph prints it. */
  readonly pgid: string;
  readonly pool: number;
  readonly ps: number;
  /** The group's CRUSH input (hash of the placement seed and the pool). */
  readonly seed: number;
  /** CRUSH's result before upmap exceptions and down OSDs (Ceph's "raw"). */
  readonly raw: readonly number[];
  /** The up set: CRUSH, then upmap exceptions, then down OSDs removed; primary first for replicated pools. */
  readonly up: readonly number[];
  /** Primary of the up set, -1 when the set is empty. */
  readonly upPrimary: number;
  /** The acting set: pg_temp when the cluster set one, else the up set. */
  readonly acting: readonly number[];
  readonly actingPrimary: number;
}

/**
 * Options naming an object the way Ceph's object locator does.
 *
 * @group Placement
 */
export interface ObjectOptions {
  /** Locator key: hash this instead of the name (objects sharing a key share a group). */
  readonly key?: string | Uint8Array;
  /** Namespace within the pool; hashed as namespace + 0x1f + key. */
  readonly namespace?: string | Uint8Array;
  /** An explicit placement seed, which bypasses name hashing (Ceph's locator hash). */
  readonly hash?: number;
  /** Needed for pools whose objectHash is "xxhash": `await createNameHasher()`. */
  readonly hasher?: NameHasher;
}

/**
 * An object's placement: the raw seed of its name and the group it falls in, plus the group's sets.
 *
 * @group Placement
 */
export interface ObjectPlacement extends PgPlacement {
  /** The object's 32-bit seed before pg_num is applied (Ceph's raw pg). */
  readonly objectSeed: number;
}

interface Compiled {
  readonly placers: Map<number, PoolPlacer>;
  readonly pools: Map<number, Pool>;
}

const cache = new WeakMap<ClusterState, Compiled>();

function compiled(state: ClusterState): Compiled {
  let c = cache.get(state);
  if (c === undefined) {
    const cm = compileMap(state.crush);
    const osds = osdTables(state);
    const placers = new Map<number, PoolPlacer>();
    for (const pool of state.pools) placers.set(pool.id, new PoolPlacer(state, pool, cm, osds));
    c = { placers, pools: new Map(state.pools.map((p) => [p.id, p])) };
    if (Object.isFrozen(state) && Object.isFrozen(state.crush)) cache.set(state, c);
  }
  return c;
}

/** The placer for one pool of a state (internal: the bulk paths of plan and analysis use it). */
export function poolPlacer(state: ClusterState, pool: number | string): PoolPlacer {
  const c = compiled(state);
  const id = resolvePool(state, pool).id;
  return c.placers.get(id)!;
}

/**
 * A pool by id or name, or a PlacementError naming it.
 *
 * @group Placement
 *
 * @throws {@link PlacementError} when no pool has that id or name.
 */
export function resolvePool(state: ClusterState, pool: number | string): Pool {
  const found = typeof pool === "number" ? state.pools.find((p) => p.id === pool) : state.pools.find((p) => p.name === pool);
  if (found === undefined) throw new PlacementError(`pool ${typeof pool === "number" ? pool : `'${pool}'`} does not exist`, pool);
  return found;
}

/**
 * The OSDs of one placement group.
 *
 * @group Placement
 *
 * @throws {@link PlacementError} when the group id is malformed, names a pool that does not exist,
 * or lies beyond the pool's pg_num.
 *
 * @example
 * ```ts
 * const state = clusterStateFromOsdmapJson(osdDumpJson, loadCrushMap(crushBytes));
 * const { up, upPrimary, acting } = placePg(state, "1.1f");
 * ```
 */
export function placePg(state: ClusterState, pgid: string | PgId): PgPlacement {
  const id = typeof pgid === "string" ? parsePgId(pgid) : pgid;
  const placer = poolPlacer(state, id.pool);
  if (!Number.isInteger(id.ps) || id.ps < 0 || id.ps >= placer.pool.pgNum) {
    throw new PlacementError(`placement group ${formatPgId(id.pool, id.ps)} is beyond pool ${id.pool}'s ${placer.pool.pgNum} groups`, formatPgId(id.pool, id.ps));
  }
  return snapshot(placer, id.ps);
}

/**
 * The group of an object and the group's OSDs. Pools read from Ceph hash names as Ceph does
 * (rjenkins or linux); crushmap's own pools default to XXH32, which needs `options.hasher`.
 *
 * @group Placement
 *
 * @example
 * ```ts
 * placeObject(state, "photos", "2026/a.jpg").pgid; // "3.5c", as `ceph osd map photos 2026/a.jpg`
 * ```
 */
export function placeObject(state: ClusterState, pool: number | string, name: string | Uint8Array, options: ObjectOptions = {}): ObjectPlacement {
  const placer = poolPlacer(state, pool);
  const objectSeed = objectSeedOf(placer.pool, name, options);
  const ps = stableMod(objectSeed, placer.pool.pgNum, pgMask(placer.pool.pgNum));
  return { ...snapshot(placer, ps), objectSeed };
}

/**
 * An object's 32-bit seed in a pool (before pg_num): Ceph's object_locator_to_pg.
 *
 * @group Placement
 *
 * @throws {@link PlacementError} when a locator hash is not an unsigned 32-bit integer.
 */
export function objectSeedOf(pool: Pool, name: string | Uint8Array, options: ObjectOptions = {}): number {
  if (options.hash !== undefined) {
    if (!Number.isInteger(options.hash) || options.hash < 0 || options.hash > 0xffffffff) {
      throw new PlacementError(`locator hash ${String(options.hash)} is not an unsigned 32-bit integer`);
    }
    return options.hash;
  }
  const key = options.key !== undefined && options.key.length > 0 ? options.key : name;
  return hashLocator(pool.objectHash, locatorBytes(key, options.namespace ?? ""), options.hasher);
}

/**
 * The group an object falls in (pool id and ps), without placing it.
 *
 * @group Placement
 *
 * @throws {@link PlacementError} when the pool does not exist or a locator hash is out of range.
 */
export function objectToPg(state: ClusterState, pool: number | string, name: string | Uint8Array, options: ObjectOptions = {}): PgId {
  const p = resolvePool(state, pool);
  const seed = objectSeedOf(p, name, options);
  return { pool: p.id, ps: stableMod(seed, p.pgNum, pgMask(p.pgNum)) };
}

function snapshot(placer: PoolPlacer, ps: number): PgPlacement {
  placer.place(ps);
  return {
    pgid: formatPgId(placer.pool.id, ps),
    pool: placer.pool.id,
    ps,
    seed: placer.seed,
    raw: Array.from(placer.raw.subarray(0, placer.rawLength)),
    up: Array.from(placer.up.subarray(0, placer.upLength)),
    upPrimary: placer.upPrimary,
    acting: Array.from(placer.acting.subarray(0, placer.actingLength)),
    actingPrimary: placer.actingPrimary,
  };
}
