/**
 * CrushTester's estimate of how many devices one mapping of a rule can touch, which scales the
 * `expected` column of crushtool's utilization report. It is a rough bound and crushtool's
 * quirks are part of its output, so they are reproduced here rather than fixed:
 *
 * - Every step whose opcode is >= 2 and not `emit` counts, so `set_*` steps add type 0 with
 *   their value as a "replica count".
 * - Buckets are counted by type once per occurrence of the type in the rule: a type named by
 *   two steps counts its buckets twice.
 * - Shadow (per-class) buckets count like real ones (they are in Ceph's name map).
 * - A step's count replaces the bucket count when positive and smaller; the last step naming a
 *   type wins.
 * - The result starts from max(max_buckets, max_devices), where max_buckets is the size of
 *   Ceph's bucket array, which grows 8, 16, 32, … as buckets are added.
 */
import { classTrees } from "../map/classes.js";
import { bucketArraySize } from "../map/binary/format.js";
import type { Bucket, CrushMap } from "../map/types.js";
import { OP, type CompiledMap } from "../mapper/compiledMap.js";

/** What the estimate needs from a map, computed once per map. */
export interface AffectedContext {
  readonly compiled: CompiledMap;
  /** Number of buckets (real and shadow) per type id. */
  readonly bucketsByType: ReadonlyMap<number, number>;
  /** Ceph's crush_map.max_buckets. */
  readonly cephMaxBuckets: number;
}

export function affectedContext(map: CrushMap, compiled: CompiledMap): AffectedContext {
  const all: Bucket[] = [...map.buckets, ...classTrees(map)];
  const bucketsByType = new Map<number, number>();
  for (const b of all) bucketsByType.set(b.type, (bucketsByType.get(b.type) ?? 0) + 1);
  return { compiled, bucketsByType, cephMaxBuckets: cephMaxBuckets(all) };
}

/** The size of Ceph's bucket array for these buckets (8 slots, doubled until the last index fits). */
export function cephMaxBuckets(buckets: readonly Bucket[]): number {
  let maxIndex = -1;
  for (const b of buckets) maxIndex = Math.max(maxIndex, -1 - b.id);
  return bucketArraySize(maxIndex);
}

/** CrushTester::get_maximum_affected_by_rule for rule `ruleId` (which must exist). */
export function maximumAffectedByRule(ctx: AffectedContext, ruleId: number): number {
  const cm = ctx.compiled;
  const affectedTypes: number[] = [];
  const replicationsByType = new Map<number, number>();
  const first = cm.ruleStart[ruleId]!;
  const end = first + 3 * cm.ruleLength[ruleId]!;
  for (let s = first; s < end; s += 3) {
    const op = cm.steps[s]!;
    if (op >= OP.CHOOSE_FIRSTN && op !== OP.EMIT) {
      const type = cm.steps[s + 2]!;
      affectedTypes.push(type);
      replicationsByType.set(type, cm.steps[s + 1]!);
    }
  }

  const maxOfType = new Map<number, number>();
  for (const t of affectedTypes) maxOfType.set(t, (maxOfType.get(t) ?? 0) + (ctx.bucketsByType.get(t) ?? 0));
  for (const t of affectedTypes) {
    const want = replicationsByType.get(t)!;
    if (want > 0 && want < maxOfType.get(t)!) maxOfType.set(t, want);
  }

  let maxAffected = Math.max(ctx.cephMaxBuckets, cm.maxDevices);
  for (const t of affectedTypes) {
    const n = maxOfType.get(t)!;
    if (n > 0 && n < maxAffected) maxAffected = n;
  }
  return maxAffected;
}
