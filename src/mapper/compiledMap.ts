/**
 * The compiled form of a map: everything the mapper reads, in flat typed arrays indexed by
 * bucket index (0…n-1, not the id: see bucketIndex.ts). Compiling is done once; mapping
 * allocates nothing.
 *
 * A compiled map is a value: the object is frozen and nothing in the library writes to its
 * arrays after compiling (typed arrays cannot be frozen, so that part is a promise, which
 * callers keep too). What a mapping writes lives in its Mapper (workspace.ts), so any number of
 * mappers can share one compiled map, and caches keyed by it (the straw2 kernel) stay valid.
 */

import type { BucketIndexTables } from "./bucketIndex.js";

/** Rule step opcodes, in Ceph's numbering (CRUSH_RULE_*). */
export const OP = Object.freeze({
  NOOP: 0,
  TAKE: 1,
  CHOOSE_FIRSTN: 2,
  CHOOSE_INDEP: 3,
  EMIT: 4,
  CHOOSELEAF_FIRSTN: 6,
  CHOOSELEAF_INDEP: 7,
  SET_CHOOSE_TRIES: 8,
  SET_CHOOSELEAF_TRIES: 9,
  SET_CHOOSE_LOCAL_TRIES: 10,
  SET_CHOOSE_LOCAL_FALLBACK_TRIES: 11,
  SET_CHOOSELEAF_VARY_R: 12,
  SET_CHOOSELEAF_STABLE: 13,
  SET_MSR_DESCENTS: 14,
  SET_MSR_COLLISION_TRIES: 15,
  CHOOSE_MSR: 16,
});



/** Algorithm codes used in `CompiledMap.alg` (Ceph's numbering; 0 marks a hole). */
export const ALG = Object.freeze({ NONE: 0, UNIFORM: 1, LIST: 2, TREE: 3, STRAW: 4, STRAW2: 5 });

/**
 * A choose_args set in flat form, indexed by bucket index like the map.
 *
 * @group Mapping
 */
export interface CompiledChooseArgs {
  readonly id: number;
  /** Number of weight-set positions for the bucket, 0 when it has no weight set. */
  readonly positions: Int32Array;
  /** Offset of position 0's weights in `weights`; position p starts at start + p * size. */
  readonly weightStart: Int32Array;
  readonly weights: Float64Array;
  /** Offset of the bucket's replacement ids in `ids`, -1 when it has none. */
  readonly idStart: Int32Array;
  readonly ids: Int32Array;
}

/**
 * A map compiled for the mapper (see {@link compileMap}): buckets, rules and tunables in flat
 * typed arrays, as Ceph's `crush_map` holds them in C arrays. Frozen; nothing in the library
 * writes to its arrays after compiling, so one compiled map can be shared by any number of
 * {@link Mapper}s and sent to worker threads.
 *
 * Buckets are numbered 0…maxBuckets-1 in the order compiled (real buckets, then shadow ones);
 * `bucketIndexOf(cm, id)` (bucketIndex.ts) turns an item id into that index.
 *
 * @group Mapping
 */
export interface CompiledMap extends BucketIndexTables {
  /** Highest device id + 1 (Ceph's max_devices). */
  readonly maxDevices: number;
  /** Number of buckets: every per-bucket array has this many entries. */
  readonly maxBuckets: number;
  readonly chooseLocalTries: number;
  readonly chooseLocalFallbackTries: number;
  readonly chooseTotalTries: number;
  readonly chooseleafDescendOnce: number;
  readonly chooseleafVaryR: number;
  readonly chooseleafStable: number;
  /** MSR tunables: how many times a rule's descent is repeated, and local retries per choice. */
  readonly msrDescents: number;
  readonly msrCollisionTries: number;

  readonly bucketId: Int32Array;
  readonly alg: Uint8Array;
  readonly hash: Uint8Array;
  readonly type: Int32Array;
  readonly size: Int32Array;
  /** Offset of the bucket's items in `items`, `itemWeights`, `aux` (and a mapper's permutation). */
  readonly start: Int32Array;
  /** Offset of a tree bucket's node weights in `nodeWeights`. */
  readonly treeStart: Int32Array;
  readonly numNodes: Int32Array;

  readonly items: Int32Array;
  readonly itemWeights: Float64Array;
  /** straw: straw lengths; list: running sums of weights. */
  readonly aux: Float64Array;
  readonly nodeWeights: Float64Array;
  /** The common weight of a bucket's items when they are all equal and non-zero, else 0. */
  readonly sameWeight: Float64Array;

  /** Rules, indexed by rule id: steps as (op, arg1, arg2) triples in `steps`. */
  readonly ruleStart: Int32Array;
  readonly ruleLength: Int32Array;
  readonly ruleExists: Uint8Array;
  /** Rule type per rule id (1 replicated, 3 erasure, 4 msr_firstn, 5 msr_indep, …). */
  readonly ruleType: Uint8Array;
  readonly steps: Int32Array;
  /**
   * The longest run of choosemsr steps in any MSR rule's take/emit block: an MSR mapping keeps
   * one vector per such step (and one undo vector per nesting level), so its scratch holds
   * 2 * msrMaxSteps vectors of the result size.
   */
  readonly msrMaxSteps: number;

  readonly chooseArgs: ReadonlyMap<number, CompiledChooseArgs>;
}
