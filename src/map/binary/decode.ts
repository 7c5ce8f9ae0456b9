/**
 * Reads Ceph's binary crushmap (what `crushtool -c` writes and `ceph osd getcrushmap`
 * returns) into the model. Shadow buckets (`name~class`) are not kept as buckets: each real
 * bucket gets the ids of its shadow copies in `classIds` (from the class_bucket table) and a
 * `take` of a shadow bucket becomes `take <bucket> class <class>`, so `classTrees` rebuilds
 * them. Everything is bounds-checked: bad input throws a CrushMapError naming the field and the
 * byte offset, never a RangeError, and no length field is trusted before the bytes are there.
 */
import { strawLengths } from "../derived/strawLengths.js";
import { treeLeaf, treeNodeWeights } from "../derived/treeNodes.js";
import { deepFreeze } from "../freeze.js";
import { LEGACY_TUNABLES } from "../tunables.js";
import type {
  Bucket,
  BucketAlg,
  BucketItem,
  ChooseArgBucket,
  ChooseArgs,
  ClassBucketId,
  CrushMap,
  Device,
  DeviceClass,
  Rule,
  RuleStep,
  Tunables,
  TypeDef,
} from "../types.js";
import { ByteReader } from "./byteReader.js";
import { ALG_BY_ID, CRUSH_MAGIC, SET_STEPS, STEP_OP } from "./format.js";

/** A bucket as stored, before shadow buckets are told apart from real ones. */
interface RawBucket {
  readonly id: number;
  readonly type: number;
  readonly alg: BucketAlg;
  readonly hash: number;
  readonly items: BucketItem[];
  readonly straws?: number[];
  readonly nodeWeights?: number[];
  /** Offset of the bucket, for error messages. */
  readonly at: number;
}

interface RawRule {
  readonly id: number;
  readonly type: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly steps: { op: number; arg1: number; arg2: number; at: number }[];
  readonly at: number;
}

/**
 * Decodes a binary crushmap as written by Ceph 16.2 (and older ones: tunables missing at the
 * end take their legacy values, device classes and choose_args may be absent).
 *
 * @example
 * const map = decodeCrushMap(new Uint8Array(await readFile("crushmap.bin")));
 * new Mapper(map).map(0, 42, 3);
 */
export function decodeCrushMap(bytes: Uint8Array): CrushMap {
  const r = new ByteReader(bytes);
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
  const maxDevices = r.s32("max_devices");
  if (maxDevices < 0) throw r.error(`negative max_devices ${maxDevices}`, at);

  const raw: RawBucket[] = [];
  for (let i = 0; i < maxBuckets; i++) {
    const b = readBucket(r, i);
    if (b !== undefined) raw.push(b);
  }
  const rawRules: RawRule[] = [];
  for (let i = 0; i < maxRules; i++) {
    const rule = readRule(r, i);
    if (rule !== undefined) rawRules.push(rule);
  }

  const typeNames = readNameMap(r, "type name");
  const itemNames = readNameMap(r, "item name");
  const ruleNames = readNameMap(r, "rule name");
  const tunables = readTunables(r);

  let classOfItem = new Map<number, number>();
  let classNames = new Map<number, string>();
  let classBucket = new Map<number, Map<number, number>>();
  if (!r.atEnd()) {
    classOfItem = readIntMap(r, "class_map");
    classNames = readNameMap(r, "class name");
    classBucket = readClassBucket(r);
  }
  const bucketIndex = new Map<number, RawBucket>();
  for (const b of raw) bucketIndex.set(b.id, b);
  const chooseArgs = r.atEnd() ? [] : readChooseArgs(r, maxBuckets, bucketIndex);
  if (!r.atEnd()) {
    throw r.error(`${r.remaining} unexpected bytes after the choose_args (a map from a Ceph newer than 16.2?)`);
  }

  // Shadow bucket id → the real bucket and class it copies.
  const shadowOf = new Map<number, { bucket: number; classId: number }>();
  for (const [bucket, byClass] of classBucket) {
    for (const [classId, shadow] of byClass) shadowOf.set(shadow, { bucket, classId });
  }
  const className = (classId: number, at: number): string => {
    const name = classNames.get(classId);
    if (name === undefined) throw r.error(`device class ${classId} has no name`, at);
    return name;
  };
  const nameOf = (id: number, what: string, at: number): string => {
    const name = itemNames.get(id);
    if (name === undefined) throw r.error(`${what} ${id} has no name`, at);
    return name;
  };

  const buckets: Bucket[] = [];
  for (const b of raw) {
    const name = nameOf(b.id, "bucket", b.at);
    // Ceph marks shadow buckets by the `~` in their name (CrushWrapper::is_shadow_item).
    if (shadowOf.has(b.id) || name.includes("~")) continue;
    const byClass = classBucket.get(b.id);
    const classIds: ClassBucketId[] = [];
    if (byClass !== undefined) {
      for (const [classId, id] of [...byClass].sort((x, y) => x[0] - y[0])) {
        const shadow = bucketIndex.get(id);
        const kept = shadow === undefined ? {} : storedDerived(shadow, tunables.strawCalcVersion);
        classIds.push({ class: className(classId, b.at), id, ...kept });
      }
    }
    buckets.push({
      id: b.id,
      name,
      type: b.type,
      alg: b.alg,
      hash: b.hash,
      items: b.items,
      ...(classIds.length > 0 ? { classIds } : {}),
      ...storedDerived(b, tunables.strawCalcVersion),
    });
  }

  const devices: Device[] = [];
  for (const [id, name] of itemNames) {
    if (id < 0) continue;
    const classId = classOfItem.get(id);
    devices.push(classId === undefined ? { id, name } : { id, name, class: className(classId, 0) });
  }
  devices.sort((a, b) => a.id - b.id);

  const types: TypeDef[] = [...typeNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
  const classes: DeviceClass[] = [...classNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);

  const rules: Rule[] = rawRules.map((rule): Rule => {
    const name = ruleNames.get(rule.id);
    if (name === undefined) throw r.error(`rule ${rule.id} has no name`, rule.at);
    const steps = rule.steps.map((s): RuleStep => {
      if (s.op === STEP_OP.take) {
        const shadow = shadowOf.get(s.arg1);
        if (shadow === undefined) return { op: "take", item: s.arg1 };
        return { op: "take", item: shadow.bucket, class: className(shadow.classId, s.at) };
      }
      return lowerStep(r, s);
    });
    return { id: rule.id, name, type: rule.type, minSize: rule.minSize, maxSize: rule.maxSize, steps };
  });

  return deepFreeze({ tunables, devices, types, buckets, rules, classes, chooseArgs });
}

/**
 * The stored straws or tree node weights of a bucket, when they are not what Ceph's builder
 * computes for its items (see storedDerived.ts); empty when they are.
 */
function storedDerived(b: RawBucket, strawCalcVersion: number): { straws?: number[]; nodeWeights?: number[] } {
  const weights = b.items.map((it) => it.weight);
  if (b.straws !== undefined && !sameNumbers(b.straws, strawLengths(weights, strawCalcVersion))) return { straws: b.straws };
  if (b.nodeWeights !== undefined && !sameNumbers(b.nodeWeights, treeNodeWeights(weights))) return { nodeWeights: b.nodeWeights };
  return {};
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function readBucket(r: ByteReader, index: number): RawBucket | undefined {
  const at = r.offset;
  const slotAlg = r.u32(`bucket slot ${index}`);
  if (slotAlg === 0) return undefined;
  const alg = ALG_BY_ID.get(slotAlg);
  if (alg === undefined) throw r.error(`bucket slot ${index}: unknown bucket algorithm ${slotAlg}`, at);
  const what = `bucket slot ${index}`;
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
  for (let j = 0; j < size; j++) ids.push(r.s32(`${what} item ${j}`));

  let weights: number[];
  let straws: number[] | undefined;
  let nodeWeights: number[] | undefined;
  switch (alg) {
    case "uniform": {
      const w = r.u32(`${what} item_weight`);
      weights = ids.map(() => w);
      break;
    }
    case "list":
    case "straw": {
      weights = [];
      const second: number[] = [];
      for (let j = 0; j < size; j++) {
        weights.push(r.u32(`${what} item_weight ${j}`));
        second.push(r.u32(`${what} ${alg === "list" ? "sum_weight" : "straw"} ${j}`));
      }
      if (alg === "straw") straws = second;
      break;
    }
    case "tree": {
      const nodesAt = r.offset;
      // num_nodes is a u8 in crush_bucket_tree, so it is one byte on the wire.
      const numNodes = r.u8(`${what} num_nodes`);
      if (size > 0 && treeLeaf(size - 1) >= numNodes) {
        throw r.error(`${what}: ${numNodes} tree nodes cannot hold ${size} items`, nodesAt);
      }
      const nodes: number[] = [];
      for (let j = 0; j < numNodes; j++) nodes.push(r.u32(`${what} node_weight ${j}`));
      weights = ids.map((_, j) => nodes[treeLeaf(j)]!);
      nodeWeights = nodes;
      break;
    }
    case "straw2":
      weights = ids.map((_, j) => r.u32(`${what} item_weight ${j}`));
      break;
  }
  const items = ids.map((itemId, j): BucketItem => ({ id: itemId, weight: weights[j]! }));
  return {
    id,
    type,
    alg,
    hash,
    items,
    ...(straws !== undefined ? { straws } : {}),
    ...(nodeWeights !== undefined ? { nodeWeights } : {}),
    at,
  };
}

function readRule(r: ByteReader, index: number): RawRule | undefined {
  const at = r.offset;
  const what = `rule slot ${index}`;
  const exists = r.u32(what);
  if (exists === 0) return undefined;
  if (exists !== 1) throw r.error(`${what}: presence flag ${exists} is neither 0 nor 1`, at);
  const len = r.count(`${what} steps`, 12);
  r.u8(`${what} ruleset`); // crushtool 16.2 writes the rule id here; the model has no rulesets
  const type = r.u8(`${what} type`);
  const minSize = r.u8(`${what} min_size`);
  const maxSize = r.u8(`${what} max_size`);
  const steps: RawRule["steps"] = [];
  for (let j = 0; j < len; j++) {
    const stepAt = r.offset;
    const op = r.u32(`${what} step ${j} op`);
    const arg1 = r.s32(`${what} step ${j} arg1`);
    const arg2 = r.s32(`${what} step ${j} arg2`);
    steps.push({ op, arg1, arg2, at: stepAt });
  }
  return { id: index, type, minSize, maxSize, steps, at };
}

function lowerStep(r: ByteReader, s: { op: number; arg1: number; arg2: number; at: number }): RuleStep {
  switch (s.op) {
    case STEP_OP.noop:
      return { op: "noop" };
    case STEP_OP.emit:
      return { op: "emit" };
    case STEP_OP.choose_firstn:
      return { op: "choose", mode: "firstn", num: s.arg1, type: s.arg2 };
    case STEP_OP.choose_indep:
      return { op: "choose", mode: "indep", num: s.arg1, type: s.arg2 };
    case STEP_OP.chooseleaf_firstn:
      return { op: "chooseleaf", mode: "firstn", num: s.arg1, type: s.arg2 };
    case STEP_OP.chooseleaf_indep:
      return { op: "chooseleaf", mode: "indep", num: s.arg1, type: s.arg2 };
    case STEP_OP.choosemsr:
      return { op: "choosemsr", num: s.arg1, type: s.arg2 };
  }
  for (const op of SET_STEPS) if (STEP_OP[op] === s.op) return { op, value: s.arg1 };
  throw r.error(`unknown rule step opcode ${s.op}`, s.at);
}

/**
 * A std::map<int32, string>. Some old Ceph versions wrote 64-bit keys; as Ceph does, a zero
 * length is read as the high half of such a key (names are never empty).
 */
function readNameMap(r: ByteReader, what: string): Map<number, string> {
  const n = r.count(`${what} map`, 8);
  const out = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const key = r.s32(`${what} key`);
    let length = r.u32(`${what} length`);
    if (length === 0) length = r.u32(`${what} length`);
    if (length > r.remaining) throw r.error(`${what} length ${length} exceeds the ${r.remaining} bytes left`, r.offset - 4);
    out.set(key, r.text(length, what));
  }
  return out;
}

function readIntMap(r: ByteReader, what: string): Map<number, number> {
  const n = r.count(what, 8);
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = r.s32(`${what} key`);
    out.set(key, r.s32(`${what} value`));
  }
  return out;
}

function readClassBucket(r: ByteReader): Map<number, Map<number, number>> {
  const n = r.count("class_bucket", 8);
  const out = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const bucket = r.s32("class_bucket key");
    out.set(bucket, readIntMap(r, `class_bucket of ${bucket}`));
  }
  return out;
}

/** Tunables appended by later Ceph versions; a map that ends before one keeps its legacy value. */
function readTunables(r: ByteReader): Tunables {
  const t: { -readonly [K in keyof Tunables]: Tunables[K] } = { ...LEGACY_TUNABLES };
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

function readChooseArgs(r: ByteReader, maxBuckets: number, buckets: ReadonlyMap<number, RawBucket>): ChooseArgs[] {
  const n = r.count("choose_args", 12);
  const out: ChooseArgs[] = [];
  for (let i = 0; i < n; i++) {
    const setAt = r.offset;
    const id = r.s64("choose_args id");
    if (out.some((ca) => ca.id === id)) throw r.error(`choose_args ${id} appears twice`, setAt);
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
      const bucketId = -1 - index;
      const bucket = buckets.get(bucketId);
      if (bucket === undefined) throw r.error(`${what} names missing bucket ${bucketId}`, argAt);
      const positions = r.count(`${what} bucket ${bucketId} weight_set positions`, 4);
      const weightSet: number[][] = [];
      for (let p = 0; p < positions; p++) {
        const size = r.count(`${what} bucket ${bucketId} weight_set ${p}`, 4);
        const weights: number[] = [];
        for (let k = 0; k < size; k++) weights.push(r.u32(`${what} bucket ${bucketId} weight`));
        weightSet.push(weights);
      }
      const idsAt = r.offset;
      const idsSize = r.count(`${what} bucket ${bucketId} ids`, 4);
      if (idsSize !== 0 && idsSize !== bucket.items.length) {
        throw r.error(`${what}: bucket ${bucketId} has ${bucket.items.length} items but ${idsSize} ids`, idsAt);
      }
      const ids: number[] = [];
      for (let k = 0; k < idsSize; k++) ids.push(r.s32(`${what} bucket ${bucketId} id`));
      args.push({
        bucketId,
        ...(positions > 0 ? { weightSet } : {}),
        ...(idsSize > 0 ? { ids } : {}),
      });
    }
    out.push({ id, buckets: args });
  }
  return out.sort((a, b) => a.id - b.id);
}
