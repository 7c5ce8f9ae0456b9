/**
 * The second half of `decodeCrushMap`: from the sections as read to the model. Shadow buckets
 * are told apart from real ones, real buckets get their shadow ids and whatever stored data the
 * calculation would not give back, takes of shadow buckets become `take … class`, and the items
 * Ceph stored for each shadow copy are kept where they differ from what `classTrees` derives
 * (Ceph maps through what is stored, whatever class_map says now).
 */
import { classTrees } from "../classes.js";
import type { CrushMapError } from "../errors.js";
import { bucketListSums } from "../derived/bucketDerived.js";
import { strawLengths } from "../derived/strawLengths.js";
import { treeNodeWeights } from "../derived/treeNodes.js";
import type {
  Bucket,
  BucketItem,
  ClassBucketId,
  CrushMap,
  Device,
  DeviceClass,
  Rule,
  RuleStep,
  TypeDef,
} from "../types.js";
import type { RawBucket, RawMap, RawRule, RawStep } from "./decode.js";
import { bucketArraySize, SET_STEPS, STEP_OP } from "./format.js";

type Fail = (what: string, at: number) => CrushMapError;

/** Shadow bucket id → the real bucket and class it copies. */
type ShadowIndex = ReadonlyMap<number, { readonly bucket: number; readonly classId: number }>;

export function buildMap(raw: RawMap, fail: Fail): CrushMap {
  const byId = new Map<number, RawBucket>();
  for (const b of raw.buckets) byId.set(b.id, b);
  const className = (classId: number, at: number): string => {
    const name = raw.classNames.get(classId);
    if (name === undefined) throw fail(`device class ${classId} has no name`, at);
    return name;
  };
  const shadowOf = findShadows(raw, byId, className, fail);

  const buckets: Bucket[] = [];
  for (const b of raw.buckets) {
    if (!shadowOf.has(b.id)) buckets.push(realBucket(raw, b, byId, className, fail));
  }
  const devices: Device[] = [];
  for (const [id, name] of raw.itemNames) {
    if (id < 0) continue;
    const classId = raw.classOfItem.get(id);
    devices.push(classId === undefined ? { id, name } : { id, name, class: className(classId, 0) });
  }
  addUnnamedDevices(raw, buckets, devices, className);
  devices.sort((a, b) => a.id - b.id);
  const types: TypeDef[] = [...raw.typeNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
  const classes: DeviceClass[] = [...raw.classNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.id - b.id);
  const rules = raw.rules.map((rule) => buildRule(raw, rule, shadowOf, className, fail));

  let maxIndex = -1;
  for (const b of raw.buckets) maxIndex = Math.max(maxIndex, -1 - b.id);
  const size = raw.maxBuckets !== bucketArraySize(maxIndex) ? { maxBuckets: raw.maxBuckets } : {};
  const map: CrushMap = { tunables: raw.tunables, devices, types, buckets, rules, classes, chooseArgs: raw.chooseArgs, ...size };
  return keepStoredShadowItems(map, byId);
}

/**
 * Ceph takes every id >= 0 a bucket holds for a device, named or not (maps written before
 * devices had names have none): those without a name become unnamed devices, `deviceN`.
 */
function addUnnamedDevices(raw: RawMap, buckets: readonly Bucket[], devices: Device[], className: (c: number, at: number) => string): void {
  const known = new Set(devices.map((d) => d.id));
  for (const b of buckets) {
    for (const it of b.items) {
      if (it.id < 0 || known.has(it.id)) continue;
      known.add(it.id);
      const classId = raw.classOfItem.get(it.id);
      const base = { id: it.id, name: `device${it.id}`, unnamed: true } as const;
      devices.push(classId === undefined ? base : { ...base, class: className(classId, 0) });
    }
  }
}

/**
 * The shadow buckets: those class_bucket names, which Ceph also marks by a `~` in their name
 * (CrushWrapper::is_shadow_item). A class_bucket entry naming a bucket without `~`, or naming no
 * bucket, is an inconsistency crushtool itself cannot compile back; it is refused rather than
 * guessed at.
 */
function findShadows(raw: RawMap, byId: ReadonlyMap<number, RawBucket>, className: (c: number, at: number) => string, fail: Fail): ShadowIndex {
  const nameOf = (b: RawBucket): string => {
    const name = raw.itemNames.get(b.id);
    if (name === undefined) throw fail(`bucket ${b.id} has no name`, b.at);
    return name;
  };
  const shadowOf = new Map<number, { bucket: number; classId: number }>();
  for (const [bucket, byClass] of raw.classBucket) {
    const real = byId.get(bucket);
    for (const [classId, shadow] of byClass) {
      const copy = byId.get(shadow);
      const what = `class_bucket: the ${className(classId, 0)} copy of bucket ${bucket}`;
      if (copy === undefined) throw fail(`${what} is bucket ${shadow}, which the map does not have`, 0);
      if (real === undefined) throw fail(`${what} (bucket ${shadow}) copies a bucket the map does not have`, copy.at);
      const expected = `${nameOf(real)}~${className(classId, copy.at)}`;
      if (nameOf(copy) !== expected) {
        throw fail(`${what} is bucket ${shadow} named '${nameOf(copy)}', not a shadow bucket '${expected}'`, copy.at);
      }
      if (copy.alg !== real.alg || copy.type !== real.type || copy.hash !== real.hash) {
        throw fail(`shadow bucket ${expected} differs from ${nameOf(real)} in its type, algorithm or hash`, copy.at);
      }
      if (shadowOf.has(shadow)) throw fail(`class_bucket names bucket ${shadow} as the copy of two buckets`, copy.at);
      shadowOf.set(shadow, { bucket, classId });
    }
  }
  // A `~` bucket class_bucket does not list is what crushtool --reclassify leaves behind (a
  // renamed legacy bucket, still an item of a real one): it stays a bucket of the map, as Ceph
  // keeps it, with its own items.
  return shadowOf;
}

function realBucket(
  raw: RawMap,
  b: RawBucket,
  byId: ReadonlyMap<number, RawBucket>,
  className: (c: number, at: number) => string,
  fail: Fail,
): Bucket {
  const name = raw.itemNames.get(b.id);
  if (name === undefined) throw fail(`bucket ${b.id} has no name`, b.at);
  const classIds: ClassBucketId[] = [];
  const byClass = raw.classBucket.get(b.id);
  if (byClass !== undefined) {
    for (const [classId, id] of [...byClass].sort((x, y) => x[0] - y[0])) {
      const kept = storedDerived(byId.get(id)!, raw.tunables.strawCalcVersion);
      classIds.push({ class: className(classId, b.at), id, ...kept });
    }
  }
  return {
    id: b.id,
    name,
    type: b.type,
    alg: b.alg,
    hash: b.hash,
    items: b.items,
    ...(classIds.length > 0 ? { classIds } : {}),
    ...storedDerived(b, raw.tunables.strawCalcVersion),
  };
}

/**
 * The stored straws, list sums or tree node weights of a bucket, when they are not what Ceph's
 * builder computes for its items; empty when they are.
 */
function storedDerived(b: RawBucket, strawCalcVersion: number): { straws?: number[]; sumWeights?: number[]; nodeWeights?: number[] } {
  const weights = b.items.map((it) => it.weight);
  if (b.straws !== undefined && !sameNumbers(b.straws, strawLengths(weights, strawCalcVersion))) return { straws: b.straws };
  if (b.sumWeights !== undefined && !sameNumbers(b.sumWeights, bucketListSums(weights))) return { sumWeights: b.sumWeights };
  if (b.nodeWeights !== undefined && !sameNumbers(b.nodeWeights, treeNodeWeights(weights))) return { nodeWeights: b.nodeWeights };
  return {};
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameItems(a: readonly BucketItem[], b: readonly BucketItem[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id || a[i]!.weight !== b[i]!.weight) return false;
  return true;
}

/**
 * Ceph maps through the shadow buckets it stored. Where `classTrees` would derive other items
 * (class_map edited since, or a shadow Ceph made and the derivation does not), the stored items
 * go into the `classIds` entry, and with them its own straws, sums or node weights.
 */
function keepStoredShadowItems(map: CrushMap, byId: ReadonlyMap<number, RawBucket>): CrushMap {
  if (!map.buckets.some((b) => b.classIds !== undefined)) return map;
  const derived = new Map<number, Bucket>();
  for (const s of classTrees(map)) derived.set(s.id, s);
  let changed = false;
  const buckets = map.buckets.map((b): Bucket => {
    if (b.classIds === undefined) return b;
    let own = false;
    const classIds = b.classIds.map((c): ClassBucketId => {
      const stored = byId.get(c.id)!;
      const d = derived.get(c.id);
      if (d !== undefined && sameItems(d.items, stored.items)) return c;
      own = true;
      const { straws: _s, sumWeights: _w, nodeWeights: _n, ...rest } = c;
      return { ...rest, items: stored.items, ...storedDerived(stored, map.tunables.strawCalcVersion) };
    });
    if (!own) return b;
    changed = true;
    return { ...b, classIds };
  });
  return changed ? { ...map, buckets } : map;
}

function buildRule(raw: RawMap, rule: RawRule, shadowOf: ShadowIndex, className: (c: number, at: number) => string, fail: Fail): Rule {
  // Ceph keeps no name for a rule written `rule {`; crushtool -d prints it as `rule  {`.
  const name = raw.ruleNames.get(rule.id) ?? "";
  const steps = rule.steps.map((s): RuleStep => {
    if (s.op === STEP_OP.take) {
      const shadow = shadowOf.get(s.arg1) ?? splitShadowName(raw, s.arg1);
      if (shadow === undefined) return { op: "take", item: s.arg1 };
      return { op: "take", item: shadow.bucket, class: className(shadow.classId, s.at) };
    }
    return lowerStep(s, fail);
  });
  return { id: rule.id, name, type: rule.type, minSize: rule.minSize, maxSize: rule.maxSize, steps };
}

/**
 * A take of a `~` bucket class_bucket does not list (left by crushtool --reclassify): Ceph's
 * split_id_class reads its name as `bucket~class` when both exist, and crushtool -d prints
 * `take bucket class class`; `resolveTake` finds the bucket again by that name.
 */
function splitShadowName(raw: RawMap, id: number): { bucket: number; classId: number } | undefined {
  const name = raw.itemNames.get(id);
  const cut = name === undefined ? -1 : name.indexOf("~");
  if (cut < 0) return undefined;
  const base = name!.slice(0, cut);
  const cls = name!.slice(cut + 1);
  let bucket: number | undefined;
  for (const [itemId, itemName] of raw.itemNames) if (itemName === base) bucket = itemId; // the last, as Ceph's name_rmap
  let classId: number | undefined;
  for (const [cid, cname] of raw.classNames) if (cname === cls) classId = cid;
  if (bucket === undefined || bucket >= 0 || classId === undefined) return undefined;
  return { bucket, classId };
}

function lowerStep(s: RawStep, fail: Fail): RuleStep {
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
  throw fail(`unknown rule step opcode ${s.op} (Ceph 20.2 knows 0 to 16: a map from a newer release?)`, s.at);
}
