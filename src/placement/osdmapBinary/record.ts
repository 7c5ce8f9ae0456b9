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
  /** Everything else the pool stores, as `osdmaptool --print` and `--dump` show it. */
  readonly detail: OsdMapPoolDetail;
}

/**
 * A utime_t as Ceph stores it.
 *
 * @group Placement
 */
export interface OsdMapTime {
  readonly seconds: number;
  readonly nanoseconds: number;
}

/**
 * One pool option (pool_opts_t): its key (pool_opts_t::key_t) and typed value.
 *
 * @group Placement
 */
export type OsdMapPoolOption =
  | { readonly key: number; readonly type: "string"; readonly value: string }
  | { readonly key: number; readonly type: "int" | "double"; readonly value: number };

/**
 * The fields of a pg_pool_t that placement does not use, with pg_pool_t's defaults where the
 * writer's encoding lacks them.
 *
 * @group Placement
 */
export interface OsdMapPoolDetail {
  readonly lpgNum: number;
  readonly lpgpNum: number;
  readonly snapSeq: number;
  readonly snapEpoch: number;
  readonly snaps: readonly { readonly snapid: number; readonly stamp: OsdMapTime; readonly name: string }[];
  /** (start, length) intervals of snapshot ids. */
  readonly removedSnaps: readonly (readonly [number, number])[];
  readonly auid: number;
  readonly crashReplayInterval: number;
  readonly quotaMaxBytes: number;
  readonly quotaMaxObjects: number;
  readonly tiers: readonly number[];
  readonly tierOf: number;
  /** cache_mode_t: 0 none, 1 writeback, 2 forward, 3 readonly, 4 readforward, 5 readproxy, 6 proxy. */
  readonly cacheMode: number;
  readonly readTier: number;
  readonly writeTier: number;
  readonly properties: readonly (readonly [string, string])[];
  /** HitSet type: 0 none, 1 explicit_hash, 2 explicit_object, 3 bloom. */
  readonly hitSetParams: { readonly type: number; readonly bloom?: { readonly fppMicro: number; readonly targetSize: number; readonly seed: number } };
  readonly hitSetPeriod: number;
  readonly hitSetCount: number;
  readonly targetMaxBytes: number;
  readonly targetMaxObjects: number;
  readonly cacheTargetDirtyRatioMicro: number;
  readonly cacheTargetDirtyHighRatioMicro: number;
  readonly cacheTargetFullRatioMicro: number;
  readonly cacheMinFlushAge: number;
  readonly cacheMinEvictAge: number;
  readonly lastForceOpResendPreluminous: number;
  readonly minReadRecencyForPromote: number;
  readonly minWriteRecencyForPromote: number;
  readonly expectedNumObjects: number;
  readonly useGmtHitset: boolean;
  readonly fastRead: boolean;
  readonly hitSetGradeDecayRate: number;
  readonly hitSetSearchLastN: number;
  /** Every option set, by key as stored. */
  readonly options: readonly OsdMapPoolOption[];
  readonly lastForceOpResendPrenautilus: number;
  /** Application → its key/value metadata, in Ceph's (sorted) order. */
  readonly applicationMetadata: readonly (readonly [string, readonly (readonly [string, string])[]])[];
  readonly createTime: OsdMapTime;
  readonly pgNumPending: number;
  readonly lastForceOpResend: number;
  /** pg_autoscale_mode_t: 0 off, 1 warn, 2 on, 255 unknown. */
  readonly pgAutoscaleMode: number;
  readonly lastPgMergeMeta: {
    readonly sourcePgid: string;
    readonly readyEpoch: number;
    readonly lastEpochStarted: number;
    readonly lastEpochClean: number;
    readonly sourceVersion: { readonly epoch: number; readonly version: number };
    readonly targetVersion: { readonly epoch: number; readonly version: number };
  };
  readonly peeringCrushBucketCount: number;
  readonly peeringCrushBucketTarget: number;
  readonly peeringCrushBucketBarrier: number;
  readonly peeringCrushMandatoryMember: number;
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
  readonly lastCleanBegin: number;
  readonly lastCleanEnd: number;
  /** Its public (client), cluster and heartbeat addresses; empty where it never booted. */
  readonly addrs: {
    readonly public: readonly OsdMapAddr[];
    readonly cluster: readonly OsdMapAddr[];
    readonly heartbeatBack: readonly OsdMapAddr[];
    readonly heartbeatFront: readonly OsdMapAddr[];
  };
  /** osd_xinfo_t. */
  readonly xinfo: {
    readonly downStamp: OsdMapTime;
    /** As stored: laggy_probability × 0xffffffff. */
    readonly laggyProbability: number;
    readonly laggyInterval: number;
    /** Feature bits of the daemon (64 bits). */
    readonly features: bigint;
    readonly oldWeight: number;
    readonly lastPurgedSnapsScrub: OsdMapTime;
    readonly deadEpoch: number;
  };
}

/**
 * An entity_addr_t: type (0 none, 1 v1 / legacy, 2 v2, 3 any, 4 cidr), nonce and socket address
 * (family 2 IPv4, 10 IPv6, with the address bytes).
 *
 * @group Placement
 */
export interface OsdMapAddr {
  readonly type: number;
  readonly nonce: number;
  readonly family: number;
  readonly port: number;
  readonly ip: readonly number[];
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
  /** created and modified as stored (seconds and nanoseconds). */
  readonly createdStamp: OsdMapTime;
  readonly modifiedStamp: OsdMapTime;
  readonly lastUpChange: OsdMapTime;
  readonly lastInChange: OsdMapTime;
  /** ceph_release_t numbers of require_min_compat_client and require_osd_release (0 unset). */
  readonly requireMinCompatClientId: number;
  readonly requireOsdReleaseId: number;
  readonly clusterSnapshotEpoch: number;
  /** Blocked addresses with their expiry, in Ceph's order. */
  readonly blocklist: readonly { readonly addr: OsdMapAddr; readonly expires: OsdMapTime }[];
  readonly rangeBlocklist: readonly { readonly addr: OsdMapAddr; readonly expires: OsdMapTime }[];
  /** Per pool, (start, length) snapshot intervals. */
  readonly removedSnapsQueue: readonly { readonly pool: number; readonly snaps: readonly (readonly [number, number])[] }[];
  readonly newRemovedSnaps: readonly { readonly pool: number; readonly snaps: readonly (readonly [number, number])[] }[];
  readonly newPurgedSnaps: readonly { readonly pool: number; readonly snaps: readonly (readonly [number, number])[] }[];
  /** crush item id → CEPH_OSD_* state bits (noup, nodown, noin, noout). */
  readonly crushNodeFlags: readonly (readonly [number, number])[];
  /** device class id → state bits. */
  readonly deviceClassFlags: readonly (readonly [number, number])[];
  readonly stretchMode: {
    readonly enabled: boolean;
    readonly bucketCount: number;
    readonly degraded: number;
    readonly recovering: number;
    readonly bucket: number;
  };
  readonly allowCrimson: boolean;
}
