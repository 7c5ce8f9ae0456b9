/**
 * The cluster map model: devices, types, buckets, rules, tunables, device classes and
 * choose_args weight sets. A map is a plain immutable value; `compileMap` turns it into the
 * flat form the mapper walks.
 *
 * Weights inside the model are 16.16 fixed-point integers, exactly what Ceph stores
 * (0x10000 is a weight of 1.0). Use `weightFromDecimal` / `weightToDecimal` at the edges.
 */

/**
 * Bucket algorithms, in Ceph's numbering (CRUSH_BUCKET_*).
 *
 * @group Maps
 */
export type BucketAlg = "uniform" | "list" | "tree" | "straw" | "straw2";

/**
 * Ceph's numeric id of each bucket algorithm.
 *
 * @group Maps
 */
export const BUCKET_ALG_ID: Readonly<Record<BucketAlg, number>> = Object.freeze({
  uniform: 1,
  list: 2,
  tree: 3,
  straw: 4,
  straw2: 5,
});

/**
 * The only hash Ceph defines: rjenkins1, numbered 0.
 *
 * @group Maps
 */
export const HASH_RJENKINS1 = 0;

/**
 * A storage device (an OSD): a leaf of the hierarchy.
 *
 * @group Maps
 */
export interface Device {
  /** Non-negative id, the number operators see in `osd.N`. */
  readonly id: number;
  /** Its name; `deviceN` for an unnamed device, what Ceph prints for it. */
  readonly name: string;
  /** Device class (`hdd`, `ssd`, `nvme`, …), if any. */
  readonly class?: string;
  /**
   * True for a device that a bucket holds but Ceph's name map does not name (old binary maps
   * have no names at all). Ceph treats it as a device all the same; `crushtool -d` prints no
   * `device N` line for it and calls it `deviceN` in bucket items, `--dump` calls it `deviceN`,
   * `--tree` `osd.N` as every device. Its `name` is not taken: no item can be looked up by it.
   */
  readonly unnamed?: true;
}

/**
 * A level of the hierarchy (`osd`, `host`, `rack`, `root`, …). Type 0 is the device level.
 *
 * @group Maps
 */
export interface TypeDef {
  readonly id: number;
  readonly name: string;
}

/**
 * One child of a bucket with its 16.16 fixed-point weight.
 *
 * @group Maps
 */
export interface BucketItem {
  /** A device id (>= 0) or a bucket id (< 0). */
  readonly id: number;
  /** 16.16 fixed point: 0x10000 is 1.0. */
  readonly weight: number;
}

/**
 * The id Ceph gives the shadow copy of a bucket restricted to one device class.
 *
 * @group Maps
 */
export interface ClassBucketId {
  readonly class: string;
  readonly id: number;
  /** Stored straws of this shadow copy, as `Bucket.straws` (set only by `decodeCrushMap`). */
  readonly straws?: readonly number[];
  /** Stored node weights of this shadow copy, as `Bucket.nodeWeights` (set only by `decodeCrushMap`). */
  readonly nodeWeights?: readonly number[];
  /** Stored sums of this shadow copy, as `Bucket.sumWeights` (set only by `decodeCrushMap`). */
  readonly sumWeights?: readonly number[];
  /**
   * The items a binary map stored for this shadow copy, set only by `decodeCrushMap` and only
   * when they differ from what `classTrees` derives from the real bucket and the devices'
   * classes (Ceph maps through the stored copy, so an edited class_map does not move data until
   * the shadow trees are rebuilt). Drop it when changing the hierarchy or the classes.
   */
  readonly items?: readonly BucketItem[];
}

/**
 * An interior node of the hierarchy.
 *
 * @group Maps
 */
export interface Bucket {
  /** Negative id. */
  readonly id: number;
  readonly name: string;
  /** Type id (see `CrushMap.types`). */
  readonly type: number;
  readonly alg: BucketAlg;
  /** Hash function id; 0 (rjenkins1) is the only one Ceph defines. */
  readonly hash: number;
  readonly items: readonly BucketItem[];
  /**
   * Ids of this bucket's per-class shadow copies (`id -N class C` in the text format).
   * Derived shadow buckets are not stored in `CrushMap.buckets`; see `classTrees`.
   */
  readonly classIds?: readonly ClassBucketId[];
  /**
   * Straw lengths of a `straw` bucket as a binary map stores them, one per item. Set only by
   * `decodeCrushMap`, and only when they differ from what Ceph's crush_calc_straw gives for the
   * items under the map's straw_calc_version (e.g. straws computed before a cluster raised it);
   * the mapper and the encoder then use them as they are. Drop it when changing the items.
   */
  readonly straws?: readonly number[];
  /**
   * Node weights of a `tree` bucket as a binary map stores them (Ceph's node_weights). Set only
   * by `decodeCrushMap`, and only when they differ from what Ceph's builder computes for the
   * items (Ceph leaves some of them uninitialised in the shadow copies of tree buckets). Drop it
   * when changing the items.
   */
  readonly nodeWeights?: readonly number[];
  /**
   * Running sums of the item weights of a `list` bucket as a binary map stores them (Ceph's
   * sum_weights, which list_choose compares draws against). Set only by `decodeCrushMap`, and
   * only when they differ from the sums of the items. Drop it when changing the items.
   */
  readonly sumWeights?: readonly number[];
}

/**
 * The `set_*` rule steps, which override a tunable for the rest of the rule. The two
 * `set_msr_*` steps (Ceph 19 and later, binary ops 14 and 15) configure MSR rules and may only
 * open one (see `validateMap`).
 *
 * @group Maps
 */
export const SET_STEP_OPS = Object.freeze([
  "set_choose_tries",
  "set_chooseleaf_tries",
  "set_choose_local_tries",
  "set_choose_local_fallback_tries",
  "set_chooseleaf_vary_r",
  "set_chooseleaf_stable",
  "set_msr_descents",
  "set_msr_collision_tries",
] as const);

/**
 * Rule step operations, named as in the text format.
 *
 * @group Maps
 */
export type RuleStep =
  | { readonly op: "take"; readonly item: number; readonly class?: string }
  | {
      readonly op: "choose" | "chooseleaf";
      readonly mode: "firstn" | "indep";
      /** Replica count: > 0 exact, 0 means the requested count, < 0 the requested count minus |num|. */
      readonly num: number;
      /** Type id of the failure domain. */
      readonly type: number;
    }
  | {
      /**
       * MSR (multi-step retry) choice, Ceph 19 and later (binary op 16): `num` items of `type`
       * under each item of the previous step, with the rule's type deciding firstn or indep.
       * Only in rules of type `msr_firstn` / `msr_indep`.
       */
      readonly op: "choosemsr";
      /** Count: > 0 exact, 0 means the requested count. */
      readonly num: number;
      /** Type id of the items to choose. */
      readonly type: number;
    }
  | { readonly op: "emit" }
  | { readonly op: "noop" }
  | { readonly op: (typeof SET_STEP_OPS)[number]; readonly value: number };

/**
 * Ceph rule types (enum crush_rule_type). The MSR types exist from Ceph 19 (Squid) on and are
 * numbered 4 and 5 there (crush.h: CRUSH_RULE_TYPE_MSR_FIRSTN = 4, CRUSH_RULE_TYPE_MSR_INDEP = 5;
 * checked against the bytes crushtool 20.2 writes).
 *
 * @group Maps
 */
export const RULE_TYPE = Object.freeze({ replicated: 1, erasure: 3, msr_firstn: 4, msr_indep: 5 });

/**
 * True for the rule types Ceph maps with its MSR interpreter (crush_msr_do_rule).
 *
 * @group Maps
 */
export function isMsrRuleType(type: number): boolean {
  return type === RULE_TYPE.msr_firstn || type === RULE_TYPE.msr_indep;
}

/**
 * A placement rule.
 *
 * @group Maps
 */
export interface Rule {
  readonly id: number;
  readonly name: string;
  /**
   * 1 replicated, 3 erasure, 4 msr_firstn, 5 msr_indep (Ceph's numbering, `RULE_TYPE`); other
   * values are kept as they are.
   */
  readonly type: number;
  /**
   * The rule's `min_size` / `max_size`. Only Ceph 16.2 has them: 16.2 stores them and its pools
   * use them to find a rule (crush_find_rule); Ceph 18 and later dropped them (their text has
   * none, their binary always stores 1 and 100). The model always carries them: text without
   * them (18 and later) gives 1 and 100, what Ceph 16.2 reads from such a release's binary, and
   * printing or encoding for 18 or later leaves them out.
   */
  readonly minSize: number;
  readonly maxSize: number;
  readonly steps: readonly RuleStep[];
}

/**
 * The tunables Ceph stores in a map.
 *
 * @group Maps
 */
export interface Tunables {
  readonly chooseLocalTries: number;
  readonly chooseLocalFallbackTries: number;
  readonly chooseTotalTries: number;
  readonly chooseleafDescendOnce: number;
  readonly chooseleafVaryR: number;
  readonly chooseleafStable: number;
  readonly strawCalcVersion: number;
  /** Bit mask of allowed bucket algorithms (1 << BUCKET_ALG_ID). */
  readonly allowedBucketAlgs: number;
  /**
   * Ceph 19 and later: default number of descents (`msr_descents`) and collision retries
   * (`msr_collision_tries`) of MSR rules, overridden per rule by the set_msr_* steps. 100 in
   * every profile and in any map that does not store them; Ceph 16.2 and 18.2 cannot hold other
   * values.
   */
  readonly msrDescents: number;
  readonly msrCollisionTries: number;
}

/** Every tunable, in Ceph's order. */
export const TUNABLE_KEYS: readonly (keyof Tunables)[] = [
  "chooseLocalTries",
  "chooseLocalFallbackTries",
  "chooseTotalTries",
  "chooseleafDescendOnce",
  "chooseleafVaryR",
  "chooseleafStable",
  "strawCalcVersion",
  "allowedBucketAlgs",
  "msrDescents",
  "msrCollisionTries",
];

/**
 * Per-bucket alternative weights and ids used instead of the bucket's own (straw2 only).
 *
 * @group Maps
 */
export interface ChooseArgBucket {
  readonly bucketId: number;
  /** One weight vector (16.16, one entry per item) per replica position; the last repeats. */
  readonly weightSet?: readonly (readonly number[])[];
  /** Ids hashed in place of the items' ids. */
  readonly ids?: readonly number[];
}

/**
 * A named set of choose_args (Ceph's weight sets); id -1 is Ceph's default set.
 *
 * @group Maps
 */
export interface ChooseArgs {
  readonly id: number;
  readonly buckets: readonly ChooseArgBucket[];
}

/**
 * A device class and the numeric id Ceph gave it.
 *
 * @group Maps
 */
export interface DeviceClass {
  readonly id: number;
  readonly name: string;
}

/**
 * A complete cluster map.
 *
 * @group Maps
 */
export interface CrushMap {
  readonly tunables: Tunables;
  /** Sorted by id. */
  readonly devices: readonly Device[];
  /** Sorted by id. */
  readonly types: readonly TypeDef[];
  /** The buckets people write (no shadow buckets). Order is not significant. */
  readonly buckets: readonly Bucket[];
  /** Sorted by id. */
  readonly rules: readonly Rule[];
  /** Device classes with their ids. */
  readonly classes: readonly DeviceClass[];
  readonly chooseArgs: readonly ChooseArgs[];
  /**
   * The size of Ceph's bucket array (max_buckets) as a binary map stored it, set only by
   * `decodeCrushMap` (and `reclassify`) when it differs from what `crushtool -c` computes for
   * the ids in use: Ceph's edits grow the array one slot at a time or by doubling, and the
   * encoder writes it back so the bytes round trip. Holes past the last bucket are empty.
   */
  readonly maxBuckets?: number;
}

/**
 * Ceph's marker for an indep position that could not be filled.
 *
 * @group Maps
 */
export const ITEM_NONE = 0x7fffffff;
