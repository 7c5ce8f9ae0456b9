/**
 * pg_pool_t, in every encoding since the one with a length header (struct_v 5 on; Ceph 16.2
 * and 18.2 write 29, or 30 for a stretch pool; 20.2 writes 32). Fields come in the order of
 * pg_pool_t::decode, each behind the struct_v that added it; what placement does not need is
 * skipped field by field (to reach the later ones) and, after the last known field, by the
 * section's length.
 */
import { MAX_PG_NUM } from "../state.js";
import type { OsdMapPoolRecord } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/** The newest pg_pool_t encoding this decoder knows (Tentacle's). */
const POOL_VERSION = 32;
/** pool_opts_t key of read_ratio (pool_opts_t::key_t READ_RATIO, as Tentacle stores it). */
const OPT_READ_RATIO = 24;
const OPT_STR = 0;
const OPT_INT = 1;
const OPT_DOUBLE = 2;

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
  r.skip(8, `${what} lpg_num, lpgp_num`);
  const lastChange = r.u32(`${what} last_change`);
  r.skip(12, `${what} snap_seq, snap_epoch`);
  skipSnaps(r, what);
  let flags = 0;
  if (v >= 4) {
    flags = r.u64(`${what} flags`);
    r.skip(4, `${what} crash_replay_interval`);
  }
  const minSize = v >= 7 ? r.u8(`${what} min_size`) : size - Math.floor(size / 2);
  if (v >= 8) r.skip(16, `${what} quotas`);
  if (v >= 9) {
    r.skip(8 * r.count(`${what} tiers`, 8), `${what} tiers`);
    r.skip(8 + 1 + 8 + 8, `${what} tier_of, cache_mode, read_tier, write_tier`);
  }
  if (v >= 10) r.stringMap(`${what} properties`);
  if (v >= 11) {
    r.close(r.open(`${what} hit_set_params`, 1));
    r.skip(8, `${what} hit_set_period, hit_set_count`);
  }
  const stripeWidth = v >= 12 ? r.u32(`${what} stripe_width`) : 0;
  if (v >= 13) r.skip(16 + 16, `${what} cache targets`);
  const erasureCodeProfile = v >= 14 ? r.string(`${what} erasure_code_profile`) : "";
  const tail = readPoolTail(r, what, v);
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
  };
}

/** snaps (map<snapid, pool_snap_info_t>), removed_snaps (interval_set), auid. */
function skipSnaps(r: OsdmapReader, what: string): void {
  for (let n = r.count(`${what} snaps`, 8 + 6); n > 0; n--) {
    r.skip(8, `${what} snap id`);
    r.close(r.open(`${what} pool_snap_info`, 2));
  }
  r.skip(16 * r.count(`${what} removed_snaps`, 16), `${what} removed_snaps`);
  r.skip(8, `${what} auid`);
}

interface PoolTail {
  readRatio?: number;
  pgNumTarget?: number;
  pgpNumTarget?: number;
  applications: string[];
  nonprimaryShards: number[];
}

/** The fields after erasure_code_profile (struct_v 15 and later). */
function readPoolTail(r: OsdmapReader, what: string, v: number): PoolTail {
  const tail: PoolTail = { applications: [], nonprimaryShards: [] };
  // last_force_op_resend_preluminous, min_read_recency, expected_num_objects, dirty_high_ratio,
  // min_write_recency, use_gmt_hitset, fast_read, hit_set_grade_decay_rate + search_last_n
  const widths: readonly (readonly [number, number])[] = [[15, 4], [16, 4], [17, 8], [19, 4], [20, 4], [21, 1], [22, 1], [23, 8]];
  for (const [since, bytes] of widths) if (v >= since) r.skip(bytes, `${what} cache tiering fields`);
  if (v >= 24) {
    const ratio = readReadRatio(r, what);
    if (ratio !== undefined) tail.readRatio = ratio;
  }
  if (v >= 25) r.skip(4, `${what} last_force_op_resend_prenautilus`);
  if (v >= 26) {
    for (let n = r.count(`${what} application_metadata`, 8); n > 0; n--) {
      tail.applications.push(r.string(`${what} application name`));
      r.stringMap(`${what} application metadata`);
    }
  }
  if (v >= 27) r.skip(8, `${what} create_time`);
  if (v >= 28) {
    tail.pgNumTarget = r.u32(`${what} pg_num_target`);
    tail.pgpNumTarget = r.u32(`${what} pgp_num_target`);
    r.skip(4 + 8 + 4 + 1, `${what} pg_num_pending, merge epochs, last_force_op_resend, pg_autoscale_mode`);
  }
  if (v >= 29) r.close(r.open(`${what} last_pg_merge_meta`, 1));
  if (v === 30) r.skip(16, `${what} peering_crush_bucket fields`);
  if (v >= 31 && r.u8(`${what} peering_crush_data present`) !== 0) r.skip(16, `${what} peering_crush_data`);
  if (v >= 32) tail.nonprimaryShards = readShardSet(r, `${what} nonprimary_shards`);
  return tail;
}

/** pool_opts_t: a map of option key to a typed value; only read_ratio matters here. */
function readReadRatio(r: OsdmapReader, what: string): number | undefined {
  const s = r.open(`${what} options`, 2);
  let ratio: number | undefined;
  for (let n = r.count(`${what} options`, 8); n > 0; n--) {
    const key = r.i32(`${what} option key`);
    const at = r.offset;
    const type = r.i32(`${what} option type`);
    if (type === OPT_STR) r.string(`${what} option value`);
    else if (type === OPT_DOUBLE) r.skip(8, `${what} option value`);
    else if (type === OPT_INT) {
      const value = s.version >= 2 ? r.i64(`${what} option value`) : r.i32(`${what} option value`);
      if (key === OPT_READ_RATIO) ratio = value;
    } else throw r.error(`${what} option ${key} has value type ${type}, neither string (0), int (1) nor double (2)`, at);
  }
  r.close(s);
  return ratio;
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
