/**
 * What the binary OSD map decoder returns: the map's facts as Ceph stores them (pool types,
 * object hashes and flags as Ceph's numbers, reweights and primary affinities 16.16), named as
 * `ceph osd dump` names them, with the crush map decoded.
 */
import type { CephRelease } from "../../map/release.js";
import type { CrushMap } from "../../map/types.js";
import type { UpmapItem } from "../types.js";

/**
 * One pg_pool_t: the fields placement and a pool listing read.
 *
 * @group Placement
 */
export interface OsdMapPoolRecord {
  readonly id: number;
  readonly name: string;
  /** Ceph's pool type: 1 replicated, 3 erasure. */
  readonly type: number;
  readonly size: number;
  readonly minSize: number;
  readonly crushRule: number;
  /** Ceph's object hash: 1 linux dcache, 2 rjenkins. */
  readonly objectHash: number;
  readonly pgNum: number;
  /** pgp_num (Ceph's pg_placement_num). */
  readonly pgpNum: number;
  /** pg_num_target, pgp_num_target: where the manager steps pg_num and pgp_num to (Nautilus and later). */
  readonly pgNumTarget: number;
  readonly pgpNumTarget: number;
  /** pg_pool_t flags (hashpspool = 1, ec_overwrites = 4, ec_optimizations = 1 << 19, …). */
  readonly flags: number;
  readonly lastChange: number;
  readonly stripeWidth: number;
  readonly erasureCodeProfile: string;
  /** Pool option read_ratio (Ceph 20), when set. */
  readonly readRatio?: number;
  /** Ceph 20's nonprimary_shards, ascending (empty for every pool without EC optimizations). */
  readonly nonprimaryShards: readonly number[];
  /** Names of the applications enabled on the pool (rbd, rgw, cephfs, …). */
  readonly applications: readonly string[];
  /** struct_v of the pool's encoding (29 in 16.2 and 18.2, 32 in 20.2). */
  readonly encodingVersion: number;
}

/**
 * One OSD id of the map, whether it exists or not (`osds` has max_osd entries).
 *
 * @group Placement
 */
export interface OsdMapOsdRecord {
  readonly id: number;
  /** osd_state bits (CEPH_OSD_EXISTS 1, UP 2, AUTOOUT 4, NEW 8, …). */
  readonly state: number;
  readonly exists: boolean;
  readonly up: boolean;
  /** Exists with a reweight above 0 (Ceph's is_in). */
  readonly in: boolean;
  /** Reweight, 16.16 (0 = out). */
  readonly weight: number;
  /** Primary affinity, 16.16 (0x10000 when the map stores none). */
  readonly primaryAffinity: number;
  /** The OSD's uuid, as Ceph prints it. */
  readonly uuid: string;
  readonly upFrom: number;
  readonly upThru: number;
  readonly downAt: number;
  readonly lostAt: number;
}

/**
 * A decoded binary OSD map (Ceph's OSDMap, full map encoding of 16.2, 18.2 and 20.2). Frozen.
 *
 * @group Placement
 */
export interface OsdMapRecord {
  readonly fsid: string;
  readonly epoch: number;
  /** created and modified, seconds since the epoch (with the fraction Ceph stores). */
  readonly created: number;
  readonly modified: number;
  /**
   * OSD map flags (CEPH_OSDMAP_*: noout, noup, sortbitwise, …) as OSDMap::decode leaves them:
   * requiring Luminous or later drops the legacy require_* flags and sets recovery_deletes,
   * Nautilus or later sets pglog_hardlimit (`flags_num` of the JSON dump).
   */
  readonly flags: number;
  readonly poolMax: number;
  readonly maxOsd: number;
  /** Sorted by id. */
  readonly pools: readonly OsdMapPoolRecord[];
  /** Indexed by OSD id, max_osd entries. */
  readonly osds: readonly OsdMapOsdRecord[];
  /** The exception tables, sorted by group as Ceph stores them; group ids as `1.1f`. */
  readonly pgTemp: readonly { readonly pgid: string; readonly osds: readonly number[] }[];
  readonly primaryTemp: readonly { readonly pgid: string; readonly osd: number }[];
  readonly pgUpmap: readonly { readonly pgid: string; readonly osds: readonly number[] }[];
  readonly pgUpmapItems: readonly { readonly pgid: string; readonly mappings: readonly UpmapItem[] }[];
  /** Reef and later; empty before. */
  readonly pgUpmapPrimaries: readonly { readonly pgid: string; readonly osd: number }[];
  /** Profile name → its key/value pairs, in Ceph's (sorted) order. */
  readonly erasureCodeProfiles: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly crushVersion: number;
  readonly clusterSnapshot: string;
  readonly nearfullRatio: number;
  readonly fullRatio: number;
  readonly backfillfullRatio: number;
  /** Release names as `ceph osd dump` prints them ("reef"; "unknown" when unset). */
  readonly requireMinCompatClient: string;
  readonly requireOsdRelease: string;
  /** The embedded crush map. */
  readonly crush: CrushMap;
  /**
   * The release whose encoding this is, told as the JSON dump tells it: pools of Tentacle's
   * encoding (pg_pool_t v32) → 20, a pg_upmap_primaries table (client data v10) → 18, else 16.
   */
  readonly release: CephRelease;
  /** struct_v of the wrapper, the client-usable and the OSD-only sections. */
  readonly encoding: { readonly wrapper: number; readonly client: number; readonly osd: number };
  /** The stored crc32c (verified). */
  readonly crc: number;
}
