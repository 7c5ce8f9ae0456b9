/**
 * pg_pool_t's operator<<: the text after `pool ID 'NAME' ` in `osdmaptool --print`.
 */
import type { OsdMapPoolRecord } from "../osdmapBinary/record.js";
import { formatStream } from "./cephText.js";
import { poolFlagString } from "./flagNames.js";
import { formatPoolOptions } from "./poolOptions.js";

/** pg_pool_t::get_type_name. */
export function poolTypeName(type: number): string {
  return type === 1 ? "replicated" : type === 3 ? "erasure" : "???";
}

/** ceph_str_hash_name. */
export function objectHashName(hash: number): string {
  return hash === 1 ? "linux" : hash === 2 ? "rjenkins" : "unknown";
}

const AUTOSCALE_MODES: Readonly<Record<number, string>> = { 0: "off", 1: "warn", 2: "on" };

/** pg_pool_t::get_pg_autoscale_mode_name. */
export function autoscaleModeName(mode: number): string {
  return AUTOSCALE_MODES[mode] ?? "unknown";
}

const CACHE_MODES: readonly string[] = ["none", "writeback", "forward", "readonly", "readforward", "readproxy", "proxy"];

/** pg_pool_t::get_cache_mode_name. */
export function cacheModeName(mode: number): string {
  return CACHE_MODES[mode] ?? "unknown";
}

const HIT_SET_TYPES: readonly string[] = ["none", "explicit_hash", "explicit_object", "bloom"];

/** HitSet::Params's operator<<: the type, and a bloom filter's parameters in braces. */
export function formatHitSetParams(p: OsdMapPoolRecord["detail"]["hitSetParams"]): string {
  const name = HIT_SET_TYPES[p.type] ?? "???";
  if (p.bloom === undefined) return name;
  return `${name}{false_positive_probability: ${formatStream(p.bloom.fppMicro / 1000000)}, target_size: ${p.bloom.targetSize}, seed: ${p.bloom.seed}}`;
}

/** The pool's text, field by field in operator<<'s order, each printed only where Ceph prints it. */
export function formatPool(p: OsdMapPoolRecord): string {
  const d = p.detail;
  let out = poolTypeName(p.type);
  if (p.type === 3) out += ` profile ${p.erasureCodeProfile}`;
  out += ` size ${p.size} min_size ${p.minSize} crush_rule ${p.crushRule} object_hash ${objectHashName(p.objectHash)} pg_num ${p.pgNum} pgp_num ${p.pgpNum}`;
  if (p.pgNumTarget !== p.pgNum) out += ` pg_num_target ${p.pgNumTarget}`;
  if (p.pgpNumTarget !== p.pgpNum) out += ` pgp_num_target ${p.pgpNumTarget}`;
  if (d.pgNumPending !== p.pgNum) out += ` pg_num_pending ${d.pgNumPending}`;
  if (d.pgAutoscaleMode !== 255) out += ` autoscale_mode ${autoscaleModeName(d.pgAutoscaleMode)}`;
  out += ` last_change ${p.lastChange}`;
  if (d.lastForceOpResend !== 0 || d.lastForceOpResendPrenautilus !== 0 || d.lastForceOpResendPreluminous !== 0) {
    out += ` lfor ${d.lastForceOpResend}/${d.lastForceOpResendPrenautilus}/${d.lastForceOpResendPreluminous}`;
  }
  if (d.auid !== 0) out += ` owner ${d.auid}`;
  if (p.flags !== 0) out += ` flags ${poolFlagString(p.flags)}`;
  return out + formatPoolTiering(p) + formatPoolTail(p);
}

/** Quotas, tiers, cache and hit-set settings: printed only when set. */
function formatPoolTiering(p: OsdMapPoolRecord): string {
  const d = p.detail;
  let out = "";
  if (d.quotaMaxBytes !== 0) out += ` max_bytes ${d.quotaMaxBytes}`;
  if (d.quotaMaxObjects !== 0) out += ` max_objects ${d.quotaMaxObjects}`;
  // a std::set prints comma-separated, without brackets
  if (d.tiers.length > 0) out += ` tiers ${d.tiers.join(",")}`;
  if (d.tierOf >= 0) out += ` tier_of ${d.tierOf}`;
  if (d.readTier >= 0) out += ` read_tier ${d.readTier}`;
  if (d.writeTier >= 0) out += ` write_tier ${d.writeTier}`;
  if (d.cacheMode !== 0) out += ` cache_mode ${cacheModeName(d.cacheMode)}`;
  if (d.targetMaxBytes !== 0) out += ` target_bytes ${d.targetMaxBytes}`;
  if (d.targetMaxObjects !== 0) out += ` target_objects ${d.targetMaxObjects}`;
  if (d.hitSetParams.type !== 0) {
    out += ` hit_set ${formatHitSetParams(d.hitSetParams)} ${d.hitSetPeriod}s x${d.hitSetCount} decay_rate ${d.hitSetGradeDecayRate} search_last_n ${d.hitSetSearchLastN}`;
  }
  if (d.minReadRecencyForPromote !== 0) out += ` min_read_recency_for_promote ${d.minReadRecencyForPromote}`;
  if (d.minWriteRecencyForPromote !== 0) out += ` min_write_recency_for_promote ${d.minWriteRecencyForPromote}`;
  return out;
}

/** stripe_width, expected objects, fast_read, the options and the applications. */
function formatPoolTail(p: OsdMapPoolRecord): string {
  const d = p.detail;
  let out = ` stripe_width ${p.stripeWidth}`;
  if (d.expectedNumObjects !== 0) out += ` expected_num_objects ${d.expectedNumObjects}`;
  if (d.fastRead) out += " fast_read 1";
  out += formatPoolOptions(d.options);
  if (d.applicationMetadata.length > 0) out += ` application ${d.applicationMetadata.map(([app]) => app).join(",")}`;
  return out;
}
