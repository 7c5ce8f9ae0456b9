/**
 * pg_pool_t, in every encoding since the one with a length header (struct_v 5 on; Ceph 16.2
 * and 18.2 write 29, or 30 for a stretch pool; 20.2 writes 32). Fields come in the order of
 * pg_pool_t::decode, each behind the struct_v that added it; what placement does not need is
 * kept in the pool's detail (poolDetail.ts); after the last known field the rest is skipped by
 * the section's length.
 */
import { MAX_PG_NUM } from "../state.js";
import { readPgId } from "./pgTables.js";
import { readCacheTargets, readMergeMeta, readPoolMiddle, readPoolOptions, readPoolTiering, readTime } from "./poolDetail.js";
import type { OsdMapPoolDetail, OsdMapPoolRecord } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/** The newest pg_pool_t encoding this decoder knows (Tentacle's). */
const POOL_VERSION = 32;
/** pool_opts_t key of read_ratio (pool_opts_t::key_t READ_RATIO, as Tentacle stores it). */
const OPT_READ_RATIO = 24;

/** Reads one pool (the value of the pools map); `id` is its key. */
export function readPool(r: OsdmapReader, id: number): Omit<OsdMapPoolRecord, "name"> {
  const what = `pool ${id}`;
  const s = r.open(what, POOL_VERSION, 5);
  const v = s.version;
  const type = r.u8(`${what} type`);
  const size = r.u8(`${what} size`);
  const crushRule = r.u8(`${what} crush_rule`);
  const objectHash = r.u8(`${what} object_hash`);
  const pgNumAt = r.offset;
  const pgNum = r.u32(`${what} pg_num`);
  if (pgNum > MAX_PG_NUM) {
    throw r.error(`${what} has pg_num ${pgNum}, more groups than crushmap maps in one pool (${MAX_PG_NUM}; Ceph's monitor allows mon_max_pool_pg_num, 65536 by default)`, pgNumAt, id);
  }
  const pgpNum = r.u32(`${what} pgp_num`);
  const lpgNum = r.u32(`${what} lpg_num`);
  const d: Record<string, unknown> = { ...POOL_DEFAULTS, lpgNum, lpgpNum: r.u32(`${what} lpgp_num`), pgNumPending: pgNum };
  const lastChange = r.u32(`${what} last_change`);
  Object.assign(d, readPoolMiddle(r, what));
  let flags = 0;
  if (v >= 4) {
    flags = r.u64(`${what} flags`);
    d["crashReplayInterval"] = r.u32(`${what} crash_replay_interval`);
  }
  const minSize = v >= 7 ? r.u8(`${what} min_size`) : size - Math.floor(size / 2);
  readPoolTiering(r, what, v, d);
  const stripeWidth = v >= 12 ? r.u32(`${what} stripe_width`) : 0;
  if (v >= 13) readCacheTargets(r, what, d);
  const erasureCodeProfile = v >= 14 ? r.string(`${what} erasure_code_profile`) : "";
  const tail = readPoolTail(r, what, v, d);
  r.close(s);
  return {
    id,
    type,
    size,
    minSize,
    crushRule,
    objectHash,
    pgNum,
    pgpNum,
    pgNumTarget: tail.pgNumTarget ?? pgNum,
    pgpNumTarget: tail.pgpNumTarget ?? pgpNum,
    flags,
    lastChange,
    stripeWidth,
    erasureCodeProfile,
    ...(tail.readRatio === undefined ? {} : { readRatio: tail.readRatio }),
    nonprimaryShards: Object.freeze(tail.nonprimaryShards),
    applications: Object.freeze(tail.applications),
    encodingVersion: v,
    detail: Object.freeze(d) as unknown as OsdMapPoolDetail,
  };
}

/** pg_pool_t's constructor defaults, for fields an older encoding lacks. */
const POOL_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({
  crashReplayInterval: 0,
  quotaMaxBytes: 0,
  quotaMaxObjects: 0,
  tiers: Object.freeze([]),
  tierOf: -1,
  cacheMode: 0,
  readTier: -1,
  writeTier: -1,
  properties: Object.freeze([]),
  hitSetParams: Object.freeze({ type: 0 }),
  hitSetPeriod: 0,
  hitSetCount: 0,
  targetMaxBytes: 0,
  targetMaxObjects: 0,
  cacheTargetDirtyRatioMicro: 400000,
  cacheTargetDirtyHighRatioMicro: 600000,
  cacheTargetFullRatioMicro: 800000,
  cacheMinFlushAge: 0,
  cacheMinEvictAge: 0,
  lastForceOpResendPreluminous: 0,
  minReadRecencyForPromote: 0,
  minWriteRecencyForPromote: 0,
  expectedNumObjects: 0,
  useGmtHitset: true,
  fastRead: false,
  hitSetGradeDecayRate: 0,
  hitSetSearchLastN: 0,
  options: Object.freeze([]),
  lastForceOpResendPrenautilus: 0,
  applicationMetadata: Object.freeze([]),
  createTime: Object.freeze({ seconds: 0, nanoseconds: 0 }),
  lastForceOpResend: 0,
  pgAutoscaleMode: 255,
  lastPgMergeMeta: Object.freeze({
    sourcePgid: "0.0",
    readyEpoch: 0,
    lastEpochStarted: 0,
    lastEpochClean: 0,
    sourceVersion: Object.freeze({ epoch: 0, version: 0 }),
    targetVersion: Object.freeze({ epoch: 0, version: 0 }),
  }),
  peeringCrushBucketCount: 0,
  peeringCrushBucketTarget: 0,
  peeringCrushBucketBarrier: 0,
  peeringCrushMandatoryMember: 0x7fffffff,
});

interface PoolTail {
  readRatio?: number;
  pgNumTarget?: number;
  pgpNumTarget?: number;
  applications: string[];
  nonprimaryShards: number[];
}

/** The fields after erasure_code_profile (struct_v 15 and later), into `d` and the tail. */
function readPoolTail(r: OsdmapReader, what: string, v: number, d: Record<string, unknown>): PoolTail {
  const tail: PoolTail = { applications: [], nonprimaryShards: [] };
  if (v >= 15) d["lastForceOpResendPreluminous"] = r.u32(`${what} last_force_op_resend_preluminous`);
  if (v >= 16) d["minReadRecencyForPromote"] = r.i32(`${what} min_read_recency_for_promote`);
  if (v >= 17) d["expectedNumObjects"] = r.u64(`${what} expected_num_objects`);
  if (v >= 19) d["cacheTargetDirtyHighRatioMicro"] = r.u32(`${what} cache_target_dirty_high_ratio_micro`);
  if (v >= 20) d["minWriteRecencyForPromote"] = r.i32(`${what} min_write_recency_for_promote`);
  if (v >= 21) d["useGmtHitset"] = r.u8(`${what} use_gmt_hitset`) !== 0;
  if (v >= 22) d["fastRead"] = r.u8(`${what} fast_read`) !== 0;
  if (v >= 23) {
    d["hitSetGradeDecayRate"] = r.i32(`${what} hit_set_grade_decay_rate`);
    d["hitSetSearchLastN"] = r.i32(`${what} hit_set_search_last_n`);
  }
  if (v >= 24) {
    const options = readPoolOptions(r, what);
    d["options"] = options;
    const ratio = options.find((o) => o.key === OPT_READ_RATIO && o.type === "int");
    if (ratio !== undefined) tail.readRatio = ratio.value as number;
  }
  if (v >= 25) d["lastForceOpResendPrenautilus"] = r.u32(`${what} last_force_op_resend_prenautilus`);
  if (v >= 26) d["applicationMetadata"] = readApplications(r, what, tail);
  if (v >= 27) d["createTime"] = readTime(r, `${what} create_time`);
  if (v >= 28) {
    tail.pgNumTarget = r.u32(`${what} pg_num_target`);
    tail.pgpNumTarget = r.u32(`${what} pgp_num_target`);
    d["pgNumPending"] = r.u32(`${what} pg_num_pending`);
    r.skip(8, `${what} pg_num_dec_last_epoch_started, _clean (always 0)`);
    d["lastForceOpResend"] = r.u32(`${what} last_force_op_resend`);
    d["pgAutoscaleMode"] = r.u8(`${what} pg_autoscale_mode`);
  }
  if (v >= 29) d["lastPgMergeMeta"] = readMergeMeta(r, what, readPgId);
  // a stretch pool's peering bucket: always there in struct_v 30, optional from 31 on
  if (v === 30 || (v >= 31 && r.u8(`${what} peering_crush_data present`) !== 0)) {
    d["peeringCrushBucketCount"] = r.u32(`${what} peering_crush_bucket_count`);
    d["peeringCrushBucketTarget"] = r.u32(`${what} peering_crush_bucket_target`);
    d["peeringCrushBucketBarrier"] = r.u32(`${what} peering_crush_bucket_barrier`);
    d["peeringCrushMandatoryMember"] = r.i32(`${what} peering_crush_mandatory_member`);
  }
  if (v >= 32) tail.nonprimaryShards = readShardSet(r, `${what} nonprimary_shards`);
  return tail;
}

/** application_metadata: map<string, map<string, string>>; the names also go to the tail. */
function readApplications(r: OsdmapReader, what: string, tail: PoolTail): OsdMapPoolDetail["applicationMetadata"] {
  const out: (readonly [string, readonly (readonly [string, string])[]])[] = [];
  for (let n = r.count(`${what} application_metadata`, 8); n > 0; n--) {
    const app = r.string(`${what} application name`);
    tail.applications.push(app);
    out.push(Object.freeze([app, Object.freeze(r.stringMap(`${what} application metadata`).map((p) => Object.freeze(p)))] as const));
  }
  return Object.freeze(out);
}

/**
 * Ceph 20's shard_id_set: a 128-bit set stored as two varint words (low word first), each
 * bit a shard. Shards are listed ascending.
 */
function readShardSet(r: OsdmapReader, what: string): number[] {
  const shards: number[] = [];
  for (let word = 0; word < 2; word++) {
    // a varint: 7 bits a byte, low bits first, the high bit set on every byte but the last
    for (let shift = 0, more = true; more; shift += 7) {
      const at = r.offset;
      const b = r.u8(what);
      if (shift >= 64) throw r.error(`${what} has a varint longer than 64 bits`, at);
      for (let k = 0; k < 7 && shift + k < 64; k++) if ((b >> k) & 1) shards.push(word * 64 + shift + k);
      more = (b & 0x80) !== 0;
    }
  }
  return shards;
}
