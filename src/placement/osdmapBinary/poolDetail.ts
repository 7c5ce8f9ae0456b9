/**
 * The fields of a pg_pool_t that placement does not read but `osdmaptool --print` and `--dump`
 * show: snapshots, quotas, tiering, hit sets, options, applications, merge and stretch state.
 * Read in pg_pool_t::decode's order, each behind the struct_v that added it; a field the
 * writer's struct_v lacks keeps pg_pool_t's constructor default.
 */
import type { OsdMapPoolDetail, OsdMapPoolOption, OsdMapTime } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/** A utime_t: u32 seconds, u32 nanoseconds. */
export function readTime(r: OsdmapReader, what: string): OsdMapTime {
  const seconds = r.u32(`${what} seconds`);
  return Object.freeze({ seconds, nanoseconds: r.u32(`${what} nanoseconds`) });
}

/** An eversion_t: u64 version, u32 epoch. */
function readEversion(r: OsdmapReader, what: string): { readonly epoch: number; readonly version: number } {
  const version = r.u64(`${what} version`);
  return Object.freeze({ epoch: r.u32(`${what} epoch`), version });
}

/** interval_set<u64>: u32 count, then (start, length) pairs. */
export function readIntervals(r: OsdmapReader, what: string): readonly (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (let n = r.count(what, 16); n > 0; n--) {
    const start = r.u64(`${what} start`);
    out.push(Object.freeze([start, r.u64(`${what} length`)] as const));
  }
  return Object.freeze(out);
}

/** snap_seq, snap_epoch, snaps, removed_snaps, auid (every struct_v). */
export function readPoolMiddle(r: OsdmapReader, what: string): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  d["snapSeq"] = r.u64(`${what} snap_seq`);
  d["snapEpoch"] = r.u32(`${what} snap_epoch`);
  const snaps: { snapid: number; stamp: OsdMapTime; name: string }[] = [];
  for (let n = r.count(`${what} snaps`, 8 + 6); n > 0; n--) {
    r.u64(`${what} snap id`);
    const s = r.open(`${what} pool_snap_info`, 2);
    const snapid = r.u64(`${what} snapid`);
    const stamp = readTime(r, `${what} snap stamp`);
    snaps.push(Object.freeze({ snapid, stamp, name: r.string(`${what} snap name`) }));
    r.close(s);
  }
  d["snaps"] = Object.freeze(snaps);
  d["removedSnaps"] = readIntervals(r, `${what} removed_snaps`);
  d["auid"] = r.u64(`${what} auid`);
  return d;
}

/** quotas, tiers, properties, hit sets (struct_v 8 to 11). */
export function readPoolTiering(r: OsdmapReader, what: string, v: number, d: Record<string, unknown>): void {
  if (v >= 8) {
    d["quotaMaxBytes"] = r.u64(`${what} quota_max_bytes`);
    d["quotaMaxObjects"] = r.u64(`${what} quota_max_objects`);
  }
  if (v >= 9) {
    const tiers: number[] = [];
    for (let n = r.count(`${what} tiers`, 8); n > 0; n--) tiers.push(r.u64(`${what} tier`));
    d["tiers"] = Object.freeze(tiers);
    d["tierOf"] = r.i64(`${what} tier_of`);
    d["cacheMode"] = r.u8(`${what} cache_mode`);
    d["readTier"] = r.i64(`${what} read_tier`);
    d["writeTier"] = r.i64(`${what} write_tier`);
  }
  if (v >= 10) d["properties"] = Object.freeze(r.stringMap(`${what} properties`).map((p) => Object.freeze(p)));
  if (v >= 11) {
    d["hitSetParams"] = readHitSetParams(r, what);
    d["hitSetPeriod"] = r.u32(`${what} hit_set_period`);
    d["hitSetCount"] = r.u32(`${what} hit_set_count`);
  }
}

/** The cache tier's targets (struct_v 13 and later, after stripe_width). */
export function readCacheTargets(r: OsdmapReader, what: string, d: Record<string, unknown>): void {
  d["targetMaxBytes"] = r.u64(`${what} target_max_bytes`);
  d["targetMaxObjects"] = r.u64(`${what} target_max_objects`);
  d["cacheTargetDirtyRatioMicro"] = r.u32(`${what} cache_target_dirty_ratio_micro`);
  d["cacheTargetFullRatioMicro"] = r.u32(`${what} cache_target_full_ratio_micro`);
  d["cacheMinFlushAge"] = r.u32(`${what} cache_min_flush_age`);
  d["cacheMinEvictAge"] = r.u32(`${what} cache_min_evict_age`);
}

/** HitSet::Params: a type, and for a bloom filter its false positive rate, size and seed. */
function readHitSetParams(r: OsdmapReader, what: string): OsdMapPoolDetail["hitSetParams"] {
  const s = r.open(`${what} hit_set_params`, 1);
  const type = r.u8(`${what} hit_set_params type`);
  let bloom: { fppMicro: number; targetSize: number; seed: number } | undefined;
  if (type === 3) {
    const b = r.open(`${what} bloom params`, 1);
    const fppMicro = r.u32(`${what} bloom fpp`);
    const targetSize = r.u64(`${what} bloom target_size`);
    bloom = Object.freeze({ fppMicro, targetSize, seed: r.u64(`${what} bloom seed`) });
    r.close(b);
  }
  r.close(s);
  return Object.freeze({ type, ...(bloom === undefined ? {} : { bloom }) });
}

/** pool_opts_t: option key → typed value, in the order stored (by key). */
export function readPoolOptions(r: OsdmapReader, what: string): readonly OsdMapPoolOption[] {
  const s = r.open(`${what} options`, 2);
  const out: OsdMapPoolOption[] = [];
  for (let n = r.count(`${what} options`, 8); n > 0; n--) {
    const key = r.i32(`${what} option key`);
    const at = r.offset;
    const type = r.i32(`${what} option type`);
    let value: string | number;
    if (type === 0) value = r.string(`${what} option value`);
    else if (type === 1) value = s.version >= 2 ? r.i64(`${what} option value`) : r.i32(`${what} option value`);
    else if (type === 2) value = r.f64(`${what} option value`);
    else throw r.error(`${what} option ${key} has value type ${type}, neither string (0), int (1) nor double (2)`, at);
    out.push(Object.freeze({ key, type: type === 0 ? "string" : type === 1 ? "int" : "double", value } as OsdMapPoolOption));
  }
  r.close(s);
  return Object.freeze(out);
}

/** last_pg_merge_meta (struct_v 29 and later). */
export function readMergeMeta(r: OsdmapReader, what: string, readPgId: (r: OsdmapReader, what: string) => string): OsdMapPoolDetail["lastPgMergeMeta"] {
  const s = r.open(`${what} last_pg_merge_meta`, 1);
  const sourcePgid = readPgId(r, `${what} last_pg_merge_meta`);
  const readyEpoch = r.u32(`${what} ready_epoch`);
  const lastEpochStarted = r.u32(`${what} last_epoch_started`);
  const lastEpochClean = r.u32(`${what} last_epoch_clean`);
  const sourceVersion = readEversion(r, `${what} source_version`);
  const targetVersion = readEversion(r, `${what} target_version`);
  r.close(s);
  return Object.freeze({ sourcePgid, readyEpoch, lastEpochStarted, lastEpochClean, sourceVersion, targetVersion });
}
