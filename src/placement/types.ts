/**
 * The cluster state: a crush map plus the OSD map facts that decide where a placement group
 * lives — pools, which OSDs exist and are up, their reweight and primary affinity, and the
 * exceptions operators and Ceph's balancers add (pg_upmap, pg_upmap_items, pg_upmap_primaries,
 * pg_temp, primary_temp). A state is an immutable value; build one with `createClusterState` or
 * load Ceph's `ceph osd dump -f json` (16.2, 18.2 or 20.2) with `clusterStateFromOsdmapJson`.
 *
 * Reweights and primary affinities are 16.16 fixed point as Ceph stores them (0x10000 = 1.0).
 */
import type { CephRelease } from "../map/release.js";
import type { CrushMap } from "../map/types.js";
import type { ObjectHash } from "./objectHash.js";

/**
 * Replicated pools close ranks when a replica is missing; erasure pools keep each shard's position.
 *
 * @group Placement
 */
export type PoolType = "replicated" | "erasure";

/**
 * Ceph's numbers for pool types, also the rule types of their crush rules.
 *
 * @group Placement
 */
export const POOL_TYPE_ID: Readonly<Record<PoolType, number>> = Object.freeze({ replicated: 1, erasure: 3 });

/**
 * A pool as the OSD map records it (Ceph's pg_pool_t, the fields placement reads): its type, size,
 * crush rule, and how many placement groups and placement seeds it has.
 *
 * @group Placement
 */
export interface Pool {
  readonly id: number;
  readonly name: string;
  readonly type: PoolType;
  /** Copies (replicated) or k + m shards (erasure) per placement group. */
  readonly size: number;
  /** Copies or shards a group needs to accept I/O. */
  readonly minSize: number;
  /** Id of the crush rule the pool maps through (Ceph's `crush_rule`). */
  readonly crushRule: number;
  /** Placement groups. */
  readonly pgNum: number;
  /** Placement seeds (`pgp_num`, Ceph's pg_placement_num): groups beyond it share seeds while splitting. */
  readonly pgpNum: number;
  /** Ceph's hashpspool flag: mix the pool id into the seed so pools do not overlap. */
  readonly hashPsPool: boolean;
  /** How object names become seeds. Pools read from Ceph carry Ceph's hash. */
  readonly objectHash: ObjectHash;
  /** Data shards of an erasure pool (its profile's k); size - k shards may be lost. */
  readonly erasureK?: number;
  /** Name of the erasure-code profile, as Ceph reports it. */
  readonly erasureCodeProfile?: string;
  /**
   * Percentage of the pool's I/O that reads (Ceph 20's pool option `read_ratio`, 1..100), when
   * set: Ceph then scores the pool's read balance by OSD load rather than by primaries alone,
   * and osdmaptool's `--osd-size-aware` balances by it.
   */
  readonly readRatio?: number;
  /**
   * Shards of an erasure pool that cannot be primary (Ceph 20's EC optimizations,
   * `allow_ec_optimizations`: shards 1..k-1), ascending, when there are any. Ceph then stores the
   * pool's pg_temp entries primary-capable shards first and undoes that order when it maps.
   */
  readonly nonprimaryShards?: readonly number[];
}

/**
 * What the OSD map knows of one OSD.
 *
 * @group Placement
 */
export interface OsdInfo {
  readonly id: number;
  /** The id is allocated (Ceph's EXISTS state bit); a non-existent id is never mapped. */
  readonly exists: boolean;
  /** The daemon is running; down OSDs leave the up set (replicated) or leave a hole (erasure). */
  readonly up: boolean;
  /** Reweight, 16.16: 0x10000 in, 0 out; in between CRUSH rejects that share of its choices. */
  readonly weight: number;
  /** Primary affinity, 16.16: 0x10000 default; lower values make the OSD primary less often. */
  readonly primaryAffinity: number;
}

/**
 * One pg_upmap_items pair: replace `from` by `to` in the group's CRUSH result.
 *
 * @group Placement
 */
export interface UpmapItem {
  readonly from: number;
  readonly to: number;
}

/**
 * What decides where every placement group of a cluster lives: the crush map and the OSD map's
 * facts (Ceph's OSDMap, the fields placement reads): pools, OSDs with their up state, reweight and
 * primary affinity, and the exceptions (pg_upmap, pg_upmap_items, pg_upmap_primaries, pg_temp,
 * primary_temp). An immutable value; build one with {@link createClusterState} or
 * {@link clusterStateFromOsdmapJson}.
 *
 * @group Placement
 */
export interface ClusterState {
  readonly crush: CrushMap;
  /** OSD map epoch, when known (0 otherwise). */
  readonly epoch: number;
  /** One past the highest OSD id the map can hold (Ceph's max_osd). */
  readonly maxOsd: number;
  /** Indexed by OSD id, `maxOsd` entries. */
  readonly osds: readonly OsdInfo[];
  /** Sorted by id. */
  readonly pools: readonly Pool[];
  /** Full replacements of a group's CRUSH result, keyed by group id (`1.1f`). */
  readonly pgUpmap: ReadonlyMap<string, readonly number[]>;
  /** Per-device replacements in a group's CRUSH result, keyed by group id. */
  readonly pgUpmapItems: ReadonlyMap<string, readonly UpmapItem[]>;
  /**
   * Primaries moved by Ceph's read balancer (Reef and later: `ceph osd pg-upmap-primary`), keyed
   * by group id: after the upmaps, the named OSD swaps places with the group's first OSD when it
   * is in the set and not out; down OSDs and primary affinity apply after that.
   */
  readonly pgUpmapPrimaries: ReadonlyMap<string, number>;
  /** Acting sets that override the up set while data moves, keyed by group id. */
  readonly pgTemp: ReadonlyMap<string, readonly number[]>;
  /** Primaries that override the acting primary, keyed by group id. */
  readonly primaryTemp: ReadonlyMap<string, number>;
  /** Whose OSD map code places the state's pools (see ClusterStateInput.release). */
  readonly release: CephRelease;
}

/**
 * Something Ceph tolerates in a cluster state but that has no effect, reported instead of
 * refused: a pg_upmap_primaries entry naming an OSD that does not exist, a dump from a release
 * newer than crushmap knows.
 *
 * @group Placement
 */
export interface ClusterStateWarning {
  readonly message: string;
  /** The offending group, OSD or field. */
  readonly item: string | number;
}
