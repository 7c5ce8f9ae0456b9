/**
 * Reads Ceph's binary crushmap (what `crushtool -c` writes and `ceph osd getcrushmap`
 * returns) into the model, for every release crushmap knows: 16.2 and older (tunables missing at
 * the end take their legacy values, device classes and choose_args may be absent), 18.2 (the
 * same layout; rules store 1 and 100 for the sizes) and 20.2 (MSR rules, and the two MSR
 * tunables after the choose_args).
 *
 * It maps what the binary says, as Ceph does, rather than what a fresh build of the map would
 * give: stored straws, list sums, tree node weights and the items of the device-class shadow
 * buckets are kept wherever they differ from the calculation (`Bucket.straws`, `sumWeights`,
 * `nodeWeights`, `ClassBucketId.items`). Shadow buckets (`name~class`) are not kept as buckets:
 * each real bucket lists its shadow copies in `classIds` (from the class_bucket table) and a
 * `take` of a shadow bucket becomes `take <bucket> class <class>`. Where Ceph's decoder keeps the
 * first of two equal keys (class_map, class_bucket: denc maps) or the last (name maps), so does
 * this. Everything is bounds-checked: bad input throws a CrushMapError naming the field and the
 * byte offset, never a RangeError, and no length field is trusted before the bytes are there.
 */
import { treeLeaf } from "../derived/treeNodes.js";
import { deepFreeze } from "../freeze.js";
import type { BucketAlg, BucketItem, ChooseArgBucket, ChooseArgs, CrushMap, Tunables } from "../types.js";
import { ByteReader } from "./byteReader.js";
import { buildMap } from "./decodeModel.js";
import { ALG_BY_ID, CRUSH_MAGIC } from "./format.js";
import { LEGACY_TUNABLES } from "../tunables.js";

/** A bucket as stored, before shadow buckets are told apart from real ones. */
export interface RawBucket {
  readonly id: number;
  readonly type: number;
  readonly alg: BucketAlg;
  readonly hash: number;
  readonly items: BucketItem[];
  readonly straws?: number[];
  readonly sumWeights?: number[];
  readonly nodeWeights?: number[];
  /** Offset of the bucket, for error messages. */
  readonly at: number;
}

export interface RawStep {
  readonly op: number;
  readonly arg1: number;
  readonly arg2: number;
  readonly at: number;
}

export interface RawRule {
  readonly id: number;
  readonly type: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly steps: readonly RawStep[];
  readonly at: number;
}

/** Every section of a binary map, as read. */
export interface RawMap {
  readonly buckets: readonly RawBucket[];
  readonly rules: readonly RawRule[];
  readonly typeNames: ReadonlyMap<number, string>;
  readonly itemNames: ReadonlyMap<number, string>;
  readonly ruleNames: ReadonlyMap<number, string>;
  readonly tunables: Tunables;
  /** Device or shadow bucket id → class id. */
  readonly classOfItem: ReadonlyMap<number, number>;
  readonly classNames: ReadonlyMap<number, string>;
  /** Real bucket id → class id → shadow bucket id. */
  readonly classBucket: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly chooseArgs: readonly ChooseArgs[];
  /** The stored size of the bucket array (max_buckets). */
  readonly maxBuckets: number;
}

type MutableTunables = { -readonly [K in keyof Tunables]: Tunables[K] };

/**
 * Decodes a binary crushmap written by Ceph 16.2, 18.2 or 20.2 (or older releases).
 *
 * @group Maps
 *
 * @throws {@link CrushMapError} for damaged input, and for bytes past the end of what Ceph 20.2 writes
 *   (a map from a newer release).
 * @example
 * const map = decodeCrushMap(new Uint8Array(await readFile("crushmap.bin")));
 * new Mapper(map).map(0, 42, 3);
 */
export function decodeCrushMap(bytes: Uint8Array): CrushMap {
  return deepFreeze(buildMap(readRawCrushMap(bytes), (what, at) => new ByteReader(bytes).error(what, at)));
}

/** Reads every section of a binary map as stored, without telling shadow buckets apart. */
export function readRawCrushMap(bytes: Uint8Array): RawMap {
  const r = new ByteReader(bytes);
  // --- header ------------------------------------------------------------------------------
  const { maxBuckets, maxRules } = readHeader(r);
  // --- buckets and rules ---------------------------------------------------------------------
  const buckets: RawBucket[] = [];
  for (let i = 0; i < maxBuckets; i++) {
    const b = readBucket(r, i);
    if (b !== undefined) buckets.push(b);
  }
  const rules: RawRule[] = [];
  for (let i = 0; i < maxRules; i++) {
    const rule = readRule(r, i);
    if (rule !== undefined) rules.push(rule);
  }
  // --- names ---------------------------------------------------------------------------------
  const typeNames = readNameMap(r, "type name");
  const itemNames = readNameMap(r, "item name");
  const ruleNames = readNameMap(r, "rule name");
  // --- tunables ------------------------------------------------------------------------------
  const tunables = readTunables(r);
  // --- device classes (Luminous and later) ---------------------------------------------------
  let classOfItem = new Map<number, number>();
  let classNames = new Map<number, string>();
  let classBucket = new Map<number, Map<number, number>>();
  if (!r.atEnd()) {
    classOfItem = readIntMap(r, "class_map");
    classNames = readNameMap(r, "class name");
    classBucket = readClassBucket(r);
  }
  // --- choose_args (Luminous and later) ------------------------------------------------------
  const sizes = new Map<number, number>();
  for (const b of buckets) sizes.set(b.id, b.items.length);
  const chooseArgs = r.atEnd() ? [] : readChooseArgs(r, maxBuckets, sizes);
  // --- MSR tunables (Ceph 20) ----------------------------------------------------------------
  if (!r.atEnd()) {
    tunables.msrDescents = r.u32("msr_descents");
    tunables.msrCollisionTries = r.u32("msr_collision_tries");
  }
  if (!r.atEnd()) {
    throw r.error(`${r.remaining} unexpected bytes after the MSR tunables: a map from a Ceph release newer than 20.2?`);
  }
  return { buckets, rules, typeNames, itemNames, ruleNames, tunables, classOfItem, classNames, classBucket, chooseArgs, maxBuckets };
}

function readHeader(r: ByteReader): { maxBuckets: number; maxRules: number } {
  const magic = r.u32("magic");
  if (magic !== CRUSH_MAGIC) {
    throw r.error(`bad magic 0x${magic.toString(16).padStart(8, "0")} (expected 0x00010000)`, 0);
  }
  let at = r.offset;
  const maxBuckets = r.s32("max_buckets");
  // Every bucket slot takes at least its 4-byte algorithm, every rule slot its 4-byte flag.
  if (maxBuckets < 0 || maxBuckets * 4 > r.remaining - 8) {
    throw r.error(`max_buckets ${maxBuckets} does not fit the ${Math.max(0, r.remaining - 8)} bytes left`, at);
  }
  at = r.offset;
  const maxRules = r.u32("max_rules");
  if (maxRules * 4 > r.remaining - 4) {
    throw r.error(`max_rules ${maxRules} does not fit the ${Math.max(0, r.remaining - 4)} bytes left`, at);
  }
  at = r.offset;
  // max_devices is recomputed from the items, as Ceph's finalize does; it must be sane.
  const maxDevices = r.s32("max_devices");
  if (maxDevices < 0) throw r.error(`negative max_devices ${maxDevices}`, at);
  return { maxBuckets, maxRules };
}

function readBucket(r: ByteReader, index: number): RawBucket | undefined {
  const at = r.offset;
  const what = `bucket slot ${index}`;
  const slotAlg = r.u32(what);
  if (slotAlg === 0) return undefined;
  const alg = ALG_BY_ID.get(slotAlg);
  if (alg === undefined) throw r.error(`${what}: unknown bucket algorithm ${slotAlg} (a map from a newer Ceph?)`, at);
  const id = r.s32(`${what} id`);
  if (id !== -1 - index) throw r.error(`${what} holds bucket id ${id} (expected ${-1 - index})`, at + 4);
  const type = r.u16(`${what} type`);
  const algAt = r.offset;
  const alg2 = r.u8(`${what} alg`);
  if (alg2 !== slotAlg) throw r.error(`${what}: algorithm ${alg2} differs from the slot's ${slotAlg}`, algAt);
  const hash = r.u8(`${what} hash`);
  r.u32(`${what} weight`);
  const size = r.count(`${what} items`, 4);
  const ids: number[] = [];
  for (let j = 0; j < size; j++) ids.push(r.s32Item(what, "item", j));
  const payload = readPayload(r, what, alg, size);
  const items = ids.map((itemId, j): BucketItem => ({ id: itemId, weight: payload.weights[j]! }));
  return { id, type, alg, hash, items, ...payload.kept, at };
}

/** The algorithm's own data: item weights and whatever Ceph stores beside them. */
function readPayload(
  r: ByteReader,
  what: string,
  alg: BucketAlg,
  size: number,
): { weights: number[]; kept: { straws?: number[]; sumWeights?: number[]; nodeWeights?: number[] } } {
  const weights: number[] = [];
  switch (alg) {
    case "uniform": {
      const w = r.u32(`${what} item_weight`);
      for (let j = 0; j < size; j++) weights.push(w);
      return { weights, kept: {} };
    }
    case "list":
    case "straw": {
      const second: number[] = [];
      for (let j = 0; j < size; j++) {
        weights.push(r.u32Item(what, "item_weight", j));
        second.push(r.u32Item(what, alg === "list" ? "sum_weight" : "straw", j));
      }
      return { weights, kept: alg === "list" ? { sumWeights: second } : { straws: second } };
    }
    case "tree": {
      const nodesAt = r.offset;
      // num_nodes is a u8 in crush_bucket_tree, so it is one byte on the wire.
      const numNodes = r.u8(`${what} num_nodes`);
      if (size > 0 && treeLeaf(size - 1) >= numNodes) {
        throw r.error(`${what}: ${numNodes} tree nodes cannot hold ${size} items`, nodesAt);
      }
      const nodes: number[] = [];
      for (let j = 0; j < numNodes; j++) nodes.push(r.u32Item(what, "node_weight", j));
      for (let j = 0; j < size; j++) weights.push(nodes[treeLeaf(j)]!);
      return { weights, kept: { nodeWeights: nodes } };
    }
    case "straw2":
      for (let j = 0; j < size; j++) weights.push(r.u32Item(what, "item_weight", j));
      return { weights, kept: {} };
  }
}

function readRule(r: ByteReader, index: number): RawRule | undefined {
  const at = r.offset;
  const what = `rule slot ${index}`;
  const exists = r.u32(what);
  if (exists === 0) return undefined;
  if (exists !== 1) throw r.error(`${what}: presence flag ${exists} is neither 0 nor 1`, at);
  const len = r.count(`${what} steps`, 12);
  // The legacy mask: ruleset (the rule id for 16.2 and later), type, min_size, max_size (1 and
  // 100 from 18.2 on). The model has no rulesets.
  r.u8(`${what} ruleset`);
  const type = r.u8(`${what} type`);
  const minSize = r.u8(`${what} min_size`);
  const maxSize = r.u8(`${what} max_size`);
  const steps: RawStep[] = [];
  for (let j = 0; j < len; j++) {
    const stepAt = r.offset;
    const op = r.u32(`${what} step ${j} op`);
    const arg1 = r.s32(`${what} step ${j} arg1`);
    const arg2 = r.s32(`${what} step ${j} arg2`);
    steps.push({ op, arg1, arg2, at: stepAt });
  }
  return { id: index, type, minSize, maxSize, steps, at };
}

/**
 * A std::map<int32, string>. Some old Ceph versions wrote 64-bit keys; as Ceph does, a zero
 * length is read as the high half of such a key (names are never empty). Ceph assigns each
 * entry in turn (`m[key] = …`), so of two equal keys the last one stays.
 */
function readNameMap(r: ByteReader, what: string): Map<number, string> {
  const n = r.count(`${what} map`, 8);
  const out = new Map<number, string>();
  // the labels once, not once per name
  const keyLabel = `${what} key`;
  const lengthLabel = `${what} length`;
  for (let i = 0; i < n; i++) {
    const key = r.s32(keyLabel);
    let length = r.u32(lengthLabel);
    if (length === 0) length = r.u32(lengthLabel);
    if (length > r.remaining) throw r.error(`${what} length ${length} exceeds the ${r.remaining} bytes left`, r.offset - 4);
    out.set(key, r.text(length, what));
  }
  return out;
}

/** A std::map<int32, int32> decoded by denc, which keeps the first of two equal keys. */
function readIntMap(r: ByteReader, what: string): Map<number, number> {
  const n = r.count(what, 8);
  const out = new Map<number, number>();
  const keyLabel = `${what} key`;
  const valueLabel = `${what} value`;
  for (let i = 0; i < n; i++) {
    const key = r.s32(keyLabel);
    const value = r.s32(valueLabel);
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

function readClassBucket(r: ByteReader): Map<number, Map<number, number>> {
  const n = r.count("class_bucket", 8);
  const out = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const bucket = r.s32("class_bucket key");
    const byClass = readIntMap(r, `class_bucket of ${bucket}`);
    if (!out.has(bucket)) out.set(bucket, byClass);
  }
  return out;
}

/** Tunables appended by later Ceph versions; a map that ends before one keeps its legacy value. */
function readTunables(r: ByteReader): MutableTunables {
  const t: MutableTunables = { ...LEGACY_TUNABLES };
  if (r.atEnd()) return t;
  t.chooseLocalTries = r.u32("choose_local_tries");
  t.chooseLocalFallbackTries = r.u32("choose_local_fallback_tries");
  t.chooseTotalTries = r.u32("choose_total_tries");
  if (r.atEnd()) return t;
  t.chooseleafDescendOnce = r.u32("chooseleaf_descend_once");
  if (r.atEnd()) return t;
  t.chooseleafVaryR = r.u8("chooseleaf_vary_r");
  if (r.atEnd()) return t;
  t.strawCalcVersion = r.u8("straw_calc_version");
  if (r.atEnd()) return t;
  t.allowedBucketAlgs = r.u32("allowed_bucket_algs");
  if (r.atEnd()) return t;
  t.chooseleafStable = r.u8("chooseleaf_stable");
  return t;
}

/**
 * The weight sets. Ceph assigns each set by its key (`choose_args[key] = …`), so a key written
 * twice keeps its last set.
 */
function readChooseArgs(r: ByteReader, maxBuckets: number, sizes: ReadonlyMap<number, number>): ChooseArgs[] {
  const n = r.count("choose_args", 12);
  const byId = new Map<number, ChooseArgs>();
  for (let i = 0; i < n; i++) {
    const id = r.s64("choose_args id");
    const what = `choose_args ${id}`;
    const count = r.count(`${what} buckets`, 12);
    const args: ChooseArgBucket[] = [];
    let lastIndex = -1;
    for (let j = 0; j < count; j++) {
      const argAt = r.offset;
      const index = r.u32(`${what} bucket index`);
      if (index >= maxBuckets) throw r.error(`${what}: bucket index ${index} is beyond max_buckets ${maxBuckets}`, argAt);
      if (index <= lastIndex) throw r.error(`${what}: bucket index ${index} is out of order`, argAt);
      lastIndex = index;
      args.push(readChooseArgBucket(r, what, -1 - index, sizes, argAt));
    }
    byId.set(id, { id, buckets: args });
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function readChooseArgBucket(r: ByteReader, what: string, bucketId: number, sizes: ReadonlyMap<number, number>, at: number): ChooseArgBucket {
  const size = sizes.get(bucketId);
  if (size === undefined) throw r.error(`${what} names missing bucket ${bucketId}`, at);
  const positions = r.count(`${what} bucket ${bucketId} weight_set positions`, 4);
  const weightSet: number[][] = [];
  for (let p = 0; p < positions; p++) {
    const n = r.count(`${what} bucket ${bucketId} weight_set ${p}`, 4);
    const weights: number[] = [];
    for (let k = 0; k < n; k++) weights.push(r.u32(`${what} bucket ${bucketId} weight`));
    weightSet.push(weights);
  }
  const idsAt = r.offset;
  const idsSize = r.count(`${what} bucket ${bucketId} ids`, 4);
  // Ceph asserts this (ceph_assert(ids_size == bucket size)); here it is an error, not a crash.
  if (idsSize !== 0 && idsSize !== size) {
    throw r.error(`${what}: bucket ${bucketId} has ${size} items but ${idsSize} ids`, idsAt);
  }
  const ids: number[] = [];
  for (let k = 0; k < idsSize; k++) ids.push(r.s32(`${what} bucket ${bucketId} id`));
  return { bucketId, ...(positions > 0 ? { weightSet } : {}), ...(idsSize > 0 ? { ids } : {}) };
}

