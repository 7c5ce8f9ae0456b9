/**
 * OSDMap::dump_pool: pg_pool_t::dump of one pool, with its id and name before it and, from
 * 18.2 on, its read balance score after it. 20.2 adds is_stretch_pool, nonprimary_shards and
 * the score's type.
 */
import { list, section, type CephJson } from "../../map/dump/cephJson.js";
import type { CephRelease } from "../../map/release.js";
import type { OsdMapPoolRecord } from "../osdmapBinary/record.js";
import { formatUtime } from "./cephText.js";
import { poolFlagString, POOL_FLAG_POOL_SNAPS } from "./flagNames.js";
import { autoscaleModeName, cacheModeName } from "./formatPool.js";
import { float17 } from "./dumpValues.js";
import { namedOptions } from "./poolOptions.js";
import { formatIntervals, type PoolReadBalance } from "./printOsdMap.js";

type Members = (readonly [string, CephJson])[];

/** calc_grade_table: each hit set's grade, decaying by the rate from a million. */
function gradeTable(count: number, decayRate: number): number[] {
  const out: number[] = [];
  let v = 1000000;
  for (let i = 0; i < count; i++) {
    v = Math.floor(v * (1 - decayRate / 100));
    out.push(v);
  }
  return out;
}

/** The members up to last_pg_merge_meta: identity, sizes, rule, stretch peering, group counts. */
function dumpHead(p: OsdMapPoolRecord, release: CephRelease): Members {
  const d = p.detail;
  const m: Members = [
    ["pool", p.id], ["pool_name", p.name], ["create_time", formatUtime(d.createTime)], ["flags", p.flags], ["flags_names", poolFlagString(p.flags)],
    ["type", p.type], ["size", p.size], ["min_size", p.minSize], ["crush_rule", p.crushRule],
    ["peering_crush_bucket_count", d.peeringCrushBucketCount], ["peering_crush_bucket_target", d.peeringCrushBucketTarget],
    ["peering_crush_bucket_barrier", d.peeringCrushBucketBarrier], ["peering_crush_bucket_mandatory_member", d.peeringCrushMandatoryMember],
  ];
  if (release >= 20) m.push(["is_stretch_pool", d.peeringCrushBucketCount !== 0]);
  const mm = d.lastPgMergeMeta;
  m.push(
    ["object_hash", p.objectHash], ["pg_autoscale_mode", autoscaleModeName(d.pgAutoscaleMode)], ["pg_num", p.pgNum], ["pg_placement_num", p.pgpNum],
    ["pg_placement_num_target", p.pgpNumTarget], ["pg_num_target", p.pgNumTarget], ["pg_num_pending", d.pgNumPending],
    ["last_pg_merge_meta", section([
      ["source_pgid", mm.sourcePgid], ["ready_epoch", mm.readyEpoch], ["last_epoch_started", mm.lastEpochStarted], ["last_epoch_clean", mm.lastEpochClean],
      ["source_version", `${mm.sourceVersion.epoch}'${mm.sourceVersion.version}`], ["target_version", `${mm.targetVersion.epoch}'${mm.targetVersion.version}`],
    ])],
  );
  return m;
}

/** From last_change to erasure_code_profile: epochs, snapshots, quotas, tiering. */
function dumpMiddle(p: OsdMapPoolRecord): Members {
  const d = p.detail;
  return [
    ["last_change", String(p.lastChange)], ["last_force_op_resend", String(d.lastForceOpResend)],
    ["last_force_op_resend_prenautilus", String(d.lastForceOpResendPrenautilus)], ["last_force_op_resend_preluminous", String(d.lastForceOpResendPreluminous)],
    ["auid", d.auid], ["snap_mode", (p.flags & POOL_FLAG_POOL_SNAPS) !== 0 ? "pool" : "selfmanaged"], ["snap_seq", d.snapSeq], ["snap_epoch", d.snapEpoch],
    ["pool_snaps", list(d.snaps.map((s) => section([["snapid", s.snapid], ["stamp", formatUtime(s.stamp)], ["name", s.name]])), "pool_snap_info")],
    ["removed_snaps", formatIntervals(d.removedSnaps)], ["quota_max_bytes", d.quotaMaxBytes], ["quota_max_objects", d.quotaMaxObjects],
    ["tiers", list(d.tiers, "pool_id")], ["tier_of", d.tierOf], ["read_tier", d.readTier], ["write_tier", d.writeTier], ["cache_mode", cacheModeName(d.cacheMode)],
    ["target_max_bytes", d.targetMaxBytes], ["target_max_objects", d.targetMaxObjects],
    ["cache_target_dirty_ratio_micro", d.cacheTargetDirtyRatioMicro], ["cache_target_dirty_high_ratio_micro", d.cacheTargetDirtyHighRatioMicro],
    ["cache_target_full_ratio_micro", d.cacheTargetFullRatioMicro], ["cache_min_flush_age", d.cacheMinFlushAge], ["cache_min_evict_age", d.cacheMinEvictAge],
    ["erasure_code_profile", p.erasureCodeProfile],
  ];
}

const HIT_SET_TYPES: readonly string[] = ["none", "explicit_hash", "explicit_object", "bloom"];

/** From hit_set_params to application_metadata. */
function dumpTail(p: OsdMapPoolRecord, release: CephRelease): Members {
  const d = p.detail;
  const h = d.hitSetParams;
  const hitSet: Members = [["type", HIT_SET_TYPES[h.type] ?? "???"]];
  if (h.bloom !== undefined) hitSet.push(["false_positive_probability", float17(h.bloom.fppMicro / 1000000)], ["target_size", h.bloom.targetSize], ["seed", h.bloom.seed]);
  const m: Members = [
    ["hit_set_params", section(hitSet)], ["hit_set_period", d.hitSetPeriod], ["hit_set_count", d.hitSetCount], ["use_gmt_hitset", d.useGmtHitset],
    ["min_read_recency_for_promote", d.minReadRecencyForPromote], ["min_write_recency_for_promote", d.minWriteRecencyForPromote],
    ["hit_set_grade_decay_rate", d.hitSetGradeDecayRate], ["hit_set_search_last_n", d.hitSetSearchLastN],
    ["grade_table", list(gradeTable(d.hitSetCount, d.hitSetGradeDecayRate), "value")], ["stripe_width", p.stripeWidth],
    ["expected_num_objects", d.expectedNumObjects], ["fast_read", d.fastRead],
  ];
  if (release >= 20) m.push(["nonprimary_shards", `{${p.nonprimaryShards.join(",")}}`]);
  const options = namedOptions(d.options).map(([name, o]): readonly [string, CephJson] => [name, o.type === "double" ? float17(o.value) : o.value]);
  m.push(["options", section(options)], ["application_metadata", section(d.applicationMetadata.map(([app, kv]) => [app, section(kv)] as const))]);
  return m;
}

/** dump_read_balance_score: the scores and their details, or the reason there are none. */
function dumpReadBalance(rb: PoolReadBalance, release: CephRelease): CephJson | undefined {
  const type: Members = release >= 20 ? [["score_type", rb.type === "fair" ? "Fair distribution" : "OSD size aware"]] : [];
  const message: Members = rb.message !== undefined && rb.message.length > 0 ? [["error_message", rb.message]] : [];
  if (!rb.ok) return message.length === 0 ? undefined : section([...message, ["score_acting", float17(rb.acting)], ["score_stable", float17(rb.stable)]]);
  const m: Members = [...type, ["score_acting", float17(rb.acting)], ["score_stable", float17(rb.stable)]];
  if (release >= 20 && rb.type === "size-aware") {
    const osd = (o: NonNullable<PoolReadBalance["mostLoaded"]>): CephJson => section([["osd", o.osd], ["pgs", o.pgs], ["primaries", o.primaries], ["load", float17(o.load)]]);
    m.push(["average_osd_load", float17(rb.averageOsdLoad ?? 0)]);
    if (rb.mostLoaded !== undefined) m.push(["most_loaded_osd", osd(rb.mostLoaded)]);
    if (rb.mostLoadedActing !== undefined) m.push(["most_loaded_acting_osd", osd(rb.mostLoadedActing)]);
  } else {
    m.push(
      ["optimal_score", float17(rb.optimal ?? 0)], ["raw_score_acting", float17(rb.rawActing ?? 0)], ["raw_score_stable", float17(rb.rawStable ?? 0)],
      ["primary_affinity_weighted", float17(rb.primaryAffinityWeighted ?? 0)], ["average_primary_affinity", float17(rb.averagePrimaryAffinity ?? 0)],
      ["average_primary_affinity_weighted", float17(rb.averagePrimaryAffinityWeighted ?? 0)],
    );
  }
  return section([...m, ...message]);
}

/** One pool's section of the dump; `rb` its read balance score (18 and later, replicated pools). */
export function dumpPool(p: OsdMapPoolRecord, release: CephRelease, rb: PoolReadBalance | undefined): CephJson {
  const m: Members = [...dumpHead(p, release), ...dumpMiddle(p), ...dumpTail(p, release)];
  const score = rb === undefined ? undefined : dumpReadBalance(rb, release);
  if (score !== undefined) m.push(["read_balance", score]);
  return section(m);
}
