/**
 * Constants of Ceph's binary crushmap (CrushWrapper::encode/decode, crush.h), as written by
 * crushtool 16.2 and returned by `ceph osd getcrushmap`.
 *
 * Layout, all little-endian:
 *   u32 magic, s32 max_buckets, u32 max_rules, s32 max_devices
 *   max_buckets × bucket: u32 alg (0 = hole); then s32 id, u16 type, u8 alg, u8 hash,
 *     u32 weight, u32 size, size × s32 item, and the algorithm's payload
 *   max_rules × rule: u32 exists; then u32 len, u8 ruleset, u8 type, u8 min_size,
 *     u8 max_size, len × (u32 op, s32 arg1, s32 arg2)
 *   type, item and rule names: each u32 count, then (s32 key, u32 length, bytes)
 *   tunables (each group optional at the end of older maps): u32 choose_local_tries,
 *     u32 choose_local_fallback_tries, u32 choose_total_tries | u32 chooseleaf_descend_once |
 *     u8 chooseleaf_vary_r | u8 straw_calc_version | u32 allowed_bucket_algs |
 *     u8 chooseleaf_stable
 *   device classes (optional): class_map {s32 item: s32 class} (devices and shadow buckets),
 *     class_name {s32: string},
 *     class_bucket {s32 bucket: {s32 class: s32 shadow bucket}}
 *   choose_args (optional): u32 count, then s64 set id, u32 n, n × (u32 bucket index,
 *     u32 positions, positions × (u32 size, size × u32 weight), u32 ids_size, ids_size × s32)
 * Every std::map is written in ascending (signed) key order.
 */
import { SET_STEP_OPS, type BucketAlg } from "../types.js";

/** CRUSH_MAGIC, the first four bytes of every binary map. */
export const CRUSH_MAGIC = 0x00010000;

/** Bucket algorithm by Ceph's number (CRUSH_BUCKET_*). */
export const ALG_BY_ID: ReadonlyMap<number, BucketAlg> = new Map<number, BucketAlg>([
  [1, "uniform"],
  [2, "list"],
  [3, "tree"],
  [4, "straw"],
  [5, "straw2"],
]);

/** Rule step opcodes (CRUSH_RULE_*). */
export const STEP_OP = Object.freeze({
  noop: 0,
  take: 1,
  choose_firstn: 2,
  choose_indep: 3,
  emit: 4,
  chooseleaf_firstn: 6,
  chooseleaf_indep: 7,
  set_choose_tries: 8,
  set_chooseleaf_tries: 9,
  set_choose_local_tries: 10,
  set_choose_local_fallback_tries: 11,
  set_chooseleaf_vary_r: 12,
  set_chooseleaf_stable: 13,
  // Ceph 19 and later (MSR rules)
  set_msr_descents: 14,
  set_msr_collision_tries: 15,
  choosemsr: 16,
});

/** The set_* steps, whose single argument is arg1. */
export const SET_STEPS = SET_STEP_OPS;

/**
 * Size of Ceph's bucket array for buckets up to index `maxIndex`: crush_add_bucket starts it
 * at 8 and doubles it until the index fits (0 while there is no bucket).
 */
export function bucketArraySize(maxIndex: number): number {
  if (maxIndex < 0) return 0;
  let size = 8;
  while (maxIndex >= size) size *= 2;
  return size;
}
