/**
 * The choose_args (weight sets) as CrushWrapper keeps them while reclassify works: per set, one
 * crush_choose_arg per slot of the bucket array, found by the slot's index rather than by a
 * bucket id, so that a bucket moved to another slot leaves its weights behind unless they are
 * moved too (Ceph moves them by hand in classify_root). A slot without an entry is an all-zero
 * crush_choose_arg. Slots grown by get_new_bucket_id's realloc are not zeroed by Ceph; every such
 * slot is either written at once or, on these machines, freshly zeroed memory: zero here.
 */
import type { ChooseArgBucket, ChooseArgs } from "../types.js";

/** One slot's crush_choose_arg. */
export interface SimArg {
  /**
   * The weight_set pointer: undefined for NULL, else one weight vector per position. An empty
   * array is a non-NULL weight_set of 0 positions (what device_class_clone's calloc(0) leaves on
   * glibc), which Ceph treats differently from NULL.
   */
  weightSet: number[][] | undefined;
  /** ids, undefined when ids_size is 0. */
  ids: number[] | undefined;
}

/** One choose_args map: its key and the args by slot index. */
export interface SimArgMap {
  readonly id: number;
  readonly args: (SimArg | undefined)[];
}

/** weight_set_positions of a slot. */
export function positionsAt(m: SimArgMap, index: number): number {
  return m.args[index]?.weightSet?.length ?? 0;
}

/** The slot's arg, made (all zero) if it has none yet, for writing. */
export function argAt(m: SimArgMap, index: number): SimArg {
  let a = m.args[index];
  if (a === undefined) m.args[index] = a = { weightSet: undefined, ids: undefined };
  return a;
}

/** get_choose_args_positions: the positions of the first slot that has any, else 1. */
export function choosePositions(m: SimArgMap): number {
  for (let j = 0; j < m.args.length; j++) {
    const p = positionsAt(m, j);
    if (p > 0) return p;
  }
  return 1;
}

/** The weight sets of a map as decoded. */
export function readArgMaps(sets: readonly ChooseArgs[]): SimArgMap[] {
  return sets.map((set) => {
    const args: (SimArg | undefined)[] = [];
    for (const b of set.buckets) {
      args[-1 - b.bucketId] = {
        weightSet: b.weightSet !== undefined && b.weightSet.length > 0 ? b.weightSet.map((w) => [...w]) : undefined,
        ids: b.ids !== undefined && b.ids.length > 0 ? [...b.ids] : undefined,
      };
    }
    return { id: set.id, args };
  });
}

/** What CrushWrapper::encode writes: the slots with positions or ids, by ascending index. */
export function argMapsToRaw(maps: readonly SimArgMap[]): ChooseArgs[] {
  return [...maps]
    .sort((a, b) => a.id - b.id)
    .map((m) => {
      const buckets: ChooseArgBucket[] = [];
      for (let index = 0; index < m.args.length; index++) {
        const a = m.args[index];
        const positions = a?.weightSet?.length ?? 0;
        const ids = a?.ids?.length ?? 0;
        if (positions === 0 && ids === 0) continue;
        buckets.push({
          bucketId: -1 - index,
          ...(positions > 0 ? { weightSet: a!.weightSet!.map((w) => [...w]) } : {}),
          ...(ids > 0 ? { ids: [...a!.ids!] } : {}),
        });
      }
      return { id: m.id, buckets };
    });
}
