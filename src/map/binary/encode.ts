/**
 * Writes a map as Ceph's binary crushmap, byte for byte what `crushtool -c` of the chosen
 * release (16.2, 18.2 or 20.2) writes for the same map: the bucket array (with Ceph's array size and the device-class shadow buckets
 * `classTrees` derives), each algorithm's derived payload (list sums, tree node weights, straw
 * lengths), rules, names, tunables, device classes and choose_args, and from 20.2 on the MSR
 * tunables. See format.ts for the layout.
 */
import { assignClassIds, resolveTake } from "../classes.js";
import { CrushMapError } from "../errors.js";
import { type CephRelease, type CephReleaseName, DEFAULT_MAX_SIZE, DEFAULT_MIN_SIZE, cephRelease, checkRepresentable } from "../release.js";
import type { Bucket, CrushMap, RuleStep } from "../types.js";
import { BUCKET_ALG_ID } from "../types.js";
import { ByteWriter, MAX_ENCODED_BYTES } from "./byteWriter.js";
import { bucketArraySize, CRUSH_MAGIC, STEP_OP } from "./format.js";
import { bucketStraws, bucketSums, bucketTreeNodes, shadowBucketsAsStored } from "../derived/bucketDerived.js";

/**
 * Options of {@link encodeCrushMap}.
 *
 * @group Maps
 */
export interface EncodeOptions {
  /** The release whose `crushtool -c` to reproduce: 16, 18 or 20 (or a code name); 20 by default. */
  readonly release?: CephReleaseName;
}

/**
 * Encodes `map` in Ceph's binary format as the release's crushtool writes it (with every feature
 * of that release's clusters: tunables5, device classes, choose_args; from 18 on the rule sizes
 * stored as 1 and 100, from 20 on the MSR tunables at the end). Class ids and shadow bucket ids
 * missing from the map are assigned as crushtool would (`assignClassIds`). Throws a
 * `CrushMapError` for a map the release cannot hold (MSR rules before 19, a rule id above 255
 * from 18 on, whose decoder insists that the stored ruleset byte equals the rule id).
 *
 * @group Maps
 *
 * @throws {@link CrushMapError} when the map cannot be encoded (a bucket with a non-negative or
 * duplicate id).
 *
 * @example
 * const bin = encodeCrushMap(parseCrushText(text), { release: 18 }); // same bytes as 18.2's `crushtool -c`
 */
export function encodeCrushMap(input: CrushMap, options: EncodeOptions = {}): Uint8Array {
  const release = cephRelease(options.release);
  checkRepresentable(input, release);
  const map = assignClassIds(input);
  // classTrees gives the same shadows for input and map; input still has what a binary stored.
  const shadows = shadowBucketsAsStored(input);
  const buckets: Bucket[] = [...map.buckets, ...shadows];
  const byIndex = new Map<number, Bucket>();
  for (const b of buckets) {
    if (!Number.isInteger(b.id) || b.id >= 0) throw new CrushMapError(`bucket ${b.name} has non-negative id ${b.id}`, b.name);
    if (byIndex.has(-1 - b.id)) throw new CrushMapError(`duplicate bucket id ${b.id}`, b.id);
    byIndex.set(-1 - b.id, b);
  }

  let maxIndex = -1;
  for (const index of byIndex.keys()) maxIndex = Math.max(maxIndex, index);
  if (input.maxBuckets !== undefined && (!Number.isInteger(input.maxBuckets) || input.maxBuckets < 0 || input.maxBuckets > 0x7fffffff)) {
    throw new CrushMapError(`maxBuckets ${input.maxBuckets} is not a bucket array size`, input.maxBuckets);
  }
  // a binary map's own array size is kept (Ceph's edits grow it in their own steps)
  const maxBuckets = input.maxBuckets !== undefined && input.maxBuckets > maxIndex ? input.maxBuckets : bucketArraySize(maxIndex);
  // The format stores a slot per bucket index, 4 bytes for each empty one: a far id alone makes
  // the file huge. Refuse before writing anything what Ceph's bufferlist could not hold.
  if (maxBuckets * 4 > MAX_ENCODED_BYTES) {
    const far = byIndex.get(maxIndex);
    if (far === undefined) throw new CrushMapError(`maxBuckets ${maxBuckets} slots encode to more than ${MAX_ENCODED_BYTES} bytes`, maxBuckets);
    throw new CrushMapError(`bucket ${far.name} (id ${far.id}) needs Ceph's bucket array of ${maxBuckets} slots, which encode to more than ${MAX_ENCODED_BYTES} bytes`, far.name);
  }
  const maxRules = map.rules.reduce((m, rule) => Math.max(m, rule.id + 1), 0);
  let maxDevices = 0;
  for (const d of map.devices) maxDevices = Math.max(maxDevices, d.id + 1);
  for (const b of buckets) for (const it of b.items) maxDevices = Math.max(maxDevices, it.id + 1);
  if (maxDevices > 0x7fffffff) throw new CrushMapError(`device id ${maxDevices - 1} does not leave room for Ceph's 32-bit max_devices`, maxDevices - 1);

  const w = new ByteWriter();
  w.u32(CRUSH_MAGIC);
  w.s32(maxBuckets);
  w.u32(maxRules);
  w.s32(maxDevices);

  // Buckets by index, the empty slots between them as one run of zeros each: the loop visits
  // the buckets there are, not every slot of the array.
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  let slot = 0;
  for (const i of indices) {
    w.zeros(4 * (i - slot));
    writeBucket(w, byIndex.get(i)!, map.tunables.strawCalcVersion);
    slot = i + 1;
  }
  w.zeros(4 * (maxBuckets - slot));

  writeRules(w, map, maxRules, release);

  writeNameMap(w, map.types.map((t): [number, string] => [t.id, t.name]));
  writeNameMap(w, [
    // an unnamed device has no entry in Ceph's name map
    ...map.devices.filter((d) => d.unnamed !== true).map((d): [number, string] => [d.id, d.name]),
    ...buckets.map((b): [number, string] => [b.id, b.name]),
  ]);
  // A rule written `rule {` has no name, and Ceph stores none for it.
  writeNameMap(w, map.rules.filter((rule) => rule.name !== "").map((rule): [number, string] => [rule.id, rule.name]));

  const t = map.tunables;
  w.u32(t.chooseLocalTries);
  w.u32(t.chooseLocalFallbackTries);
  w.u32(t.chooseTotalTries);
  w.u32(t.chooseleafDescendOnce);
  w.u8(t.chooseleafVaryR);
  w.u8(t.strawCalcVersion);
  w.u32(t.allowedBucketAlgs);
  w.u8(t.chooseleafStable);

  // Device classes: class_map (the class of every device and of every shadow bucket),
  // class_name, class_bucket (real bucket → class → shadow bucket).
  const classId = new Map(map.classes.map((c) => [c.name, c.id]));
  const classMap: [number, number][] = [];
  for (const d of map.devices) if (d.class !== undefined) classMap.push([d.id, classId.get(d.class)!]);
  for (const b of map.buckets) for (const c of b.classIds ?? []) classMap.push([c.id, classId.get(c.class)!]);
  writeIntMap(w, classMap);
  writeNameMap(w, map.classes.map((c): [number, string] => [c.id, c.name]));
  const classBucket = map.buckets
    .filter((b) => b.classIds !== undefined && b.classIds.length > 0)
    .sort((a, b) => a.id - b.id);
  w.u32(classBucket.length);
  for (const b of classBucket) {
    w.s32(b.id);
    writeIntMap(w, b.classIds!.map((c): [number, number] => [classId.get(c.class)!, c.id]));
  }

  const sets = [...map.chooseArgs].sort((a, b) => a.id - b.id);
  w.u32(sets.length);
  for (const set of sets) {
    w.s64(set.id);
    // Ceph writes only the buckets that have a weight set or ids, by ascending bucket index.
    const args = set.buckets
      .filter((a) => (a.weightSet?.length ?? 0) > 0 || (a.ids?.length ?? 0) > 0)
      .sort((a, b) => b.bucketId - a.bucketId);
    w.u32(args.length);
    for (const arg of args) {
      if (!byIndex.has(-1 - arg.bucketId)) {
        throw new CrushMapError(`choose_args ${set.id} names missing bucket ${arg.bucketId}`, arg.bucketId);
      }
      w.u32(-1 - arg.bucketId);
      const weightSet = arg.weightSet ?? [];
      w.u32(weightSet.length);
      for (const weights of weightSet) {
        w.u32(weights.length);
        for (const x of weights) w.u32(x);
      }
      const ids = arg.ids ?? [];
      w.u32(ids.length);
      for (const id of ids) w.s32(id);
    }
  }
  // Ceph 20 (feature CRUSH_MSR) appends the MSR tunables.
  if (release >= 20) {
    w.u32(t.msrDescents);
    w.u32(t.msrCollisionTries);
  }
  return w.finish();
}

/** Rule slots; ids above 255 for 18 and later were refused by checkRepresentable. */
function writeRules(w: ByteWriter, map: CrushMap, maxRules: number, release: CephRelease): void {
  const rulesById = new Map(map.rules.map((rule) => [rule.id, rule]));
  for (let i = 0; i < maxRules; i++) {
    const rule = rulesById.get(i);
    if (rule === undefined) {
      w.u32(0);
      continue;
    }
    w.u32(1);
    w.u32(rule.steps.length);
    // The legacy mask: ruleset (the rule id), type, min_size, max_size. From 18 on (SERVER_QUINCY)
    // the sizes are gone from the model and Ceph stores 1 and 100 in their place.
    w.u8(rule.id);
    w.u8(rule.type);
    w.u8(release >= 18 ? DEFAULT_MIN_SIZE : rule.minSize);
    w.u8(release >= 18 ? DEFAULT_MAX_SIZE : rule.maxSize);
    for (const step of rule.steps) {
      const [op, arg1, arg2] = stepWords(map, step);
      w.u32(op);
      w.s32(arg1);
      w.s32(arg2);
    }
  }
}

function writeBucket(w: ByteWriter, b: Bucket, strawCalcVersion: number): void {
  const alg = BUCKET_ALG_ID[b.alg];
  if (alg === undefined) throw new CrushMapError(`bucket ${b.name} has unknown algorithm ${String(b.alg)}`, b.name);
  const weights = b.items.map((it) => it.weight);
  let total = 0;
  for (const x of weights) total = (total + x) >>> 0;
  w.u32(alg);
  w.s32(b.id);
  w.u16(b.type);
  w.u8(alg);
  w.u8(b.hash);
  w.u32(total);
  w.u32(b.items.length);
  for (const it of b.items) w.s32(it.id);
  switch (b.alg) {
    case "uniform":
      // One weight for all items; an empty uniform bucket stores 0 (crush_make_uniform_bucket).
      w.u32(weights.length > 0 ? weights[0]! : 0);
      break;
    case "list": {
      const sums = bucketSums(b);
      weights.forEach((x, i) => {
        w.u32(x);
        w.u32(sums[i]!);
      });
      break;
    }
    case "tree": {
      const nodes = bucketTreeNodes(b);
      // crush_bucket_tree.num_nodes is a u8, so Ceph cannot hold a tree of more than 64 items
      // (128 nodes); crushtool 16.2 aborts on a larger one.
      if (nodes.length > 0xff) {
        throw new CrushMapError(`tree bucket ${b.name} has ${weights.length} items; Ceph's tree buckets hold at most 64`, b.name);
      }
      w.u8(nodes.length);
      for (const x of nodes) w.u32(x);
      break;
    }
    case "straw": {
      const straws = bucketStraws(b, strawCalcVersion);
      weights.forEach((x, i) => {
        w.u32(x);
        w.u32(straws[i]!);
      });
      break;
    }
    case "straw2":
      for (const x of weights) w.u32(x);
      break;
  }
}

function stepWords(map: CrushMap, step: RuleStep): [number, number, number] {
  switch (step.op) {
    case "take":
      return [STEP_OP.take, step.class === undefined ? step.item : resolveTake(map, step.item, step.class), 0];
    case "choose":
    case "chooseleaf":
      return [STEP_OP[`${step.op}_${step.mode}`], step.num, step.type];
    case "choosemsr":
      return [STEP_OP.choosemsr, step.num, step.type];
    case "emit":
    case "noop":
      return [STEP_OP[step.op], 0, 0];
    default:
      return [STEP_OP[step.op], step.value, 0];
  }
}

/** A std::map<int32, string>, written in ascending key order. */
function writeNameMap(w: ByteWriter, entries: [number, string][]): void {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  w.u32(sorted.length);
  for (const [key, name] of sorted) {
    w.s32(key);
    w.string(name);
  }
}

function writeIntMap(w: ByteWriter, entries: [number, number][]): void {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  w.u32(sorted.length);
  for (const [key, value] of sorted) {
    w.s32(key);
    w.s32(value);
  }
}
