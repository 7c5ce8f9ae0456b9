/**
 * Device classes and the per-class shadow trees Ceph derives from the real hierarchy.
 *
 * Ceph never stores a shadow tree by hand: when crushtool compiles a text map it clones, just
 * before the first rule, every real bucket once per device class (CrushWrapper::populate_classes
 * and device_class_clone). A clone `name~class` keeps the original's type, algorithm and hash and
 * holds, in the original's item order, the devices of that class and the clones of the child
 * buckets. `step take X class C` then starts from the clone of X for C. The behaviour reproduced
 * here was checked against crushtool 16.2.15 (`test/fixtures/classes/record.sh`):
 *
 * - Shadow trees exist only if the map has at least one rule; without rules Ceph builds none and
 *   forgets every `id N class C` line.
 * - Every real bucket gets a clone for every known class, even when no device of that class lies
 *   below it (the clone is then empty and has weight 0, and its parent's clone still lists it with
 *   weight 0). Devices without a class appear in no clone.
 * - Roots (real buckets that are nobody's item) are cloned in ascending id order (the most
 *   negative first), classes in ascending class id order, and each tree depth first with children
 *   before their parent. A bucket reachable from two parents is cloned once per class.
 * - A clone's device items keep the weight they have in the original bucket; a cloned child
 *   bucket is listed with the clone's total weight (the sum of its items).
 * - Ids from the text are kept. Any other clone takes the highest (closest to zero) negative id
 *   that is neither a bucket id nor an id the text gives to some clone, counting clones made
 *   before it.
 * - Class ids: 0 for the first class, then one more than the largest id so far, in the order the
 *   class names first appear (device lines, then `id N class C` lines of buckets).
 * - A clone of a `uniform` bucket that would receive an item of non-zero weight fails in Ceph and
 *   stops the whole population: clones made before it stay, nothing after it is made, and any
 *   later `take … class` on a root left without a clone does not compile. Items of weight 0 are
 *   accepted (the clone's item weight starts at 0).
 * - Straws of cloned `straw` buckets are what crush_calc_straw gives for the clone's item weights
 *   with the map's straw_calc_version, exactly as for a real bucket.
 * - Clones of `tree` buckets: Ceph builds them item by item and leaves some interior node weights
 *   uninitialised (heap garbage, different from run to run), so their mappings cannot be
 *   reproduced; crushmap gives them the node weights a freshly built tree bucket would have.
 */
import { CrushMapError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import type { Bucket, BucketItem, ClassBucketId, CrushMap, DeviceClass } from "./types.js";

/** Largest total weight a bucket may reach (Ceph refuses sums that overflow 32 bits). */
const WEIGHT_SUM_MAX = 0xffffffff;

/** Everything the class population derives from one map; computed once per map value. */
interface Population {
  /** All classes, sorted by id. */
  readonly classes: readonly DeviceClass[];
  readonly classIdByName: ReadonlyMap<string, number>;
  /** Shadow buckets in the order Ceph creates them. */
  readonly shadows: readonly Bucket[];
  /** Real bucket id → class id → shadow bucket id. */
  readonly classBucket: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

// Maps from the library are frozen values, so a population computed for one stays valid for as
// long as it lives; a map someone built by hand and left unfrozen is populated afresh each time.
const populations = new WeakMap<CrushMap, Population>();

/**
 * Returns `map` with the device classes and shadow bucket ids crushtool 16.2 would give it when
 * compiling its text: missing class ids and missing `id N class C` ids are assigned, given ones
 * are kept. Each bucket's `classIds` lists exactly the shadow copies Ceph creates for it, ordered
 * by ascending class id (the order `crushtool -d` prints them); a bucket without shadow copies
 * (the map has no rule, or Ceph stopped early at a uniform bucket) has no `classIds`.
 * `classes` comes back sorted by id. The result is deeply frozen, and so are the parts it shares
 * with `map`.
 *
 * @group Maps
 *
 * @example
 * const full = assignClassIds(map);
 * full.buckets.find((b) => b.name === "default")?.classIds; // [{ class: "ssd", id: -8 }, …]
 */
export function assignClassIds(map: CrushMap): CrushMap {
  const pop = populate(map);
  const nameOfClass = new Map<number, string>();
  for (const c of pop.classes) nameOfClass.set(c.id, c.name);
  const buckets = map.buckets.map((bucket): Bucket => {
    const { classIds: _given, ...rest } = bucket;
    const ids = pop.classBucket.get(bucket.id);
    if (ids === undefined || ids.size === 0) return rest;
    const classIds: ClassBucketId[] = [...ids]
      .sort((a, b) => a[0] - b[0])
      .map(([classId, id]) => ({ class: nameOfClass.get(classId)!, id }));
    return { ...rest, classIds };
  });
  return deepFreeze({ ...map, buckets, classes: pop.classes });
}

/**
 * The shadow buckets Ceph builds for `map` (named `bucket~class`), in the order Ceph creates
 * them. Ids come from the buckets' `classIds` where given and are otherwise assigned as
 * `assignClassIds` would, so `classTrees(map)` equals `classTrees(assignClassIds(map))`.
 * Items are the devices of the class and the shadow children, in the original item order.
 *
 * @group Maps
 */
export function classTrees(map: CrushMap): Bucket[] {
  return [...populate(map).shadows];
}

/**
 * The id of the bucket a `step take <bucketId> class <className>` starts from: the shadow copy
 * of that bucket for that class. Throws a `CrushMapError` when the class is unknown or the bucket
 * has no shadow copy for it (Ceph refuses to compile such a rule).
 */
export function resolveTake(map: CrushMap, bucketId: number, className: string): number {
  const pop = populate(map);
  const bucket = map.buckets.find((b) => b.id === bucketId);
  const what = bucket === undefined ? String(bucketId) : bucket.name;
  const classId = pop.classIdByName.get(className);
  if (classId === undefined) {
    throw new CrushMapError(`step take ${what} class ${className}: unknown device class ${className}`, className);
  }
  const shadow = pop.classBucket.get(bucketId)?.get(classId) ?? (bucket === undefined ? undefined : orphanTake(map, `${bucket.name}~${className}`));
  if (shadow === undefined) {
    throw new CrushMapError(`step take ${what} class ${className}: bucket ${what} has no shadow copy for class ${className}`, what);
  }
  return shadow;
}

/** A take of `bucket class C` where the map holds a bucket named `bucket~C` itself (see decodeModel). */
function orphanTake(map: CrushMap, name: string): number | undefined {
  let id: number | undefined;
  for (const b of map.buckets) if (b.name === name && (id === undefined || b.id > id)) id = b.id;
  return id;
}

/** Raised inside the population where Ceph's device_class_clone returns an error. */
class PopulationStopped extends Error {}

/** What one population works with and builds, shared by the steps below. */
interface PopulationState {
  readonly bucketById: ReadonlyMap<number, Bucket>;
  /** device id → class id */
  readonly deviceClass: ReadonlyMap<number, number>;
  readonly classNameById: ReadonlyMap<number, string>;
  /** Ids the text gives to shadow copies (real bucket id → class id → id): kept, avoided by others. */
  readonly given: ReadonlyMap<number, ReadonlyMap<number, number>>;
  readonly reserved: ReadonlySet<number>;
  /** Bucket ids and shadow ids in use so far. */
  readonly taken: Set<number>;
  nextFree: number;
  readonly shadows: Bucket[];
  readonly classBucket: Map<number, Map<number, number>>;
  /** shadow id → its total weight */
  readonly shadowWeight: Map<number, number>;
  /** Buckets of the map named `bucket~class` (left by crushtool --reclassify), by name. */
  readonly orphans: ReadonlyMap<string, Bucket>;
}

function populate(map: CrushMap): Population {
  const cached = populations.get(map);
  if (cached !== undefined) return cached;

  const { classes, classIdByName } = numberClasses(map);
  const classNameById = new Map<number, string>();
  for (const c of classes) classNameById.set(c.id, c.name);

  const bucketById = new Map<number, Bucket>();
  for (const b of map.buckets) {
    if (bucketById.has(b.id)) throw new CrushMapError(`duplicate bucket id ${b.id}`, b.id);
    bucketById.set(b.id, b);
  }
  const deviceClass = new Map<number, number>();
  for (const d of map.devices) if (d.class !== undefined) deviceClass.set(d.id, classIdByName.get(d.class)!);

  const given = givenShadowIds(map, bucketById, classIdByName);
  const reserved = new Set<number>();
  for (const byClass of given.values()) for (const id of byClass.values()) reserved.add(id);
  const st: PopulationState = {
    bucketById,
    deviceClass,
    classNameById,
    given,
    reserved,
    taken: new Set<number>(bucketById.keys()),
    nextFree: -1,
    shadows: [],
    classBucket: new Map(),
    shadowWeight: new Map(),
    orphans: orphanBuckets(map),
  };
  for (const b of st.orphans.values()) {
    let sum = 0;
    for (const it of b.items) sum = (sum + it.weight) >>> 0;
    st.shadowWeight.set(b.id, sum);
  }

  // crushtool populates classes when it reaches the first rule; a map without rules has none.
  if (map.rules.length > 0) {
    try {
      for (const root of rootsAscending(map)) {
        for (const c of classes) cloneTree(st, root, c.id);
      }
    } catch (e) {
      if (!(e instanceof PopulationStopped)) throw e;
    }
  }

  // shared by every caller of classTrees: frozen, so none can change another's copy
  const result: Population = { classes: deepFreeze(classes), classIdByName, shadows: deepFreeze(st.shadows), classBucket: st.classBucket };
  if (Object.isFrozen(map)) populations.set(map, result);
  return result;
}

/**
 * The `id -N class C` ids of the map, checked: an id that is a real bucket's id or is given
 * twice is refused. (crushtool's crush_add_bucket fails on it with EEXIST and ends the whole
 * population: a rule taking a class then fails to compile, and without one every class id is
 * silently dropped. Neither is what the text means, so crushmap names both owners instead.)
 */
function givenShadowIds(
  map: CrushMap,
  bucketById: ReadonlyMap<number, Bucket>,
  classIdByName: ReadonlyMap<string, number>,
): Map<number, Map<number, number>> {
  const given = new Map<number, Map<number, number>>();
  const owner = new Map<number, string>();
  for (const b of map.buckets) {
    for (const c of b.classIds ?? []) {
      const real = bucketById.get(c.id);
      if (real !== undefined) {
        throw new CrushMapError(`bucket ${b.name}: shadow id ${c.id} for class ${c.class} is the id of bucket ${real.name}`, b.name);
      }
      const other = owner.get(c.id);
      if (other !== undefined) {
        throw new CrushMapError(`bucket ${b.name}: shadow id ${c.id} for class ${c.class} is also the shadow id of ${other}`, b.name);
      }
      owner.set(c.id, `${b.name}~${c.class}`);
      let byClass = given.get(b.id);
      if (byClass === undefined) given.set(b.id, (byClass = new Map()));
      byClass.set(classIdByName.get(c.class)!, c.id);
    }
  }
  return given;
}

/** One bucket being cloned: the next original item to look at and the clone's items so far. */
interface CloneFrame {
  readonly original: Bucket;
  next: number;
  readonly items: BucketItem[];
  total: number;
}

/**
 * Clones `root` and everything below it for one class, children before their parent, as
 * device_class_clone does by recursion; an explicit stack keeps deep hierarchies off the call
 * stack. A bucket already cloned for the class (reached from another parent) is reused.
 */
function cloneTree(st: PopulationState, root: Bucket, classId: number): void {
  if (st.classBucket.get(root.id)?.get(classId) !== undefined || orphanCopy(st, root, classId) !== undefined) return;
  const stack: CloneFrame[] = [{ original: root, next: 0, items: [], total: 0 }];
  const onStack = new Set<number>([root.id]);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.next === f.original.items.length) {
      finishClone(st, f, classId);
      stack.pop();
      onStack.delete(f.original.id);
      continue;
    }
    const item = f.original.items[f.next]!;
    if (item.id >= 0) {
      f.next++;
      if (st.deviceClass.get(item.id) === classId) addCloneItem(f, item.id, item.weight);
      continue;
    }
    const child = st.bucketById.get(item.id);
    if (child === undefined) throw new CrushMapError(`bucket ${f.original.name} holds unknown bucket ${item.id}`, item.id);
    // device_class_clone takes a bucket already named `child~class` as the copy, as it is
    const done = st.classBucket.get(child.id)?.get(classId) ?? orphanCopy(st, child, classId);
    if (done === undefined) {
      if (onStack.has(child.id)) throw new CrushMapError(`bucket ${child.name} contains itself (through ${f.original.name})`, child.name);
      stack.push({ original: child, next: 0, items: [], total: 0 });
      onStack.add(child.id);
      continue; // this item is looked at again once the child's clone exists
    }
    f.next++;
    addCloneItem(f, done, st.shadowWeight.get(done)!);
  }
}

/** The id of a map bucket named `bucket~class`, which Ceph uses as that bucket's copy. */
function orphanCopy(st: PopulationState, bucket: Bucket, classId: number): number | undefined {
  if (st.orphans.size === 0) return undefined;
  return st.orphans.get(`${bucket.name}~${st.classNameById.get(classId)!}`)?.id;
}

/** Buckets whose name has a `~` (Ceph's is_shadow_item), by name; the last of equal names wins. */
function orphanBuckets(map: CrushMap): Map<string, Bucket> {
  const out = new Map<string, Bucket>();
  for (const b of [...map.buckets].sort((x, y) => x.id - y.id)) if (b.name.includes("~")) out.set(b.name, b);
  return out;
}

function addCloneItem(f: CloneFrame, id: number, weight: number): void {
  // A cloned uniform bucket starts with item weight 0 and Ceph refuses an item of any other
  // weight; the error ends populate_classes, and a sum beyond 32 bits is refused the same way
  // (crush_bucket_add_item's crush_addition_is_unsafe).
  if ((f.original.alg === "uniform" && weight !== 0) || f.total + weight > WEIGHT_SUM_MAX) throw new PopulationStopped();
  f.total += weight;
  f.items.push({ id, weight });
}

/** Gives the finished clone its id (the given one, or the first free one) and records it. */
function finishClone(st: PopulationState, f: CloneFrame, classId: number): void {
  const original = f.original;
  let id = st.given.get(original.id)?.get(classId);
  if (id === undefined) {
    while (st.taken.has(st.nextFree) || st.reserved.has(st.nextFree)) st.nextFree--;
    id = st.nextFree;
  } else if (st.taken.has(id)) {
    // crush_add_bucket refuses an id in use (-EEXIST), which also ends the population.
    throw new PopulationStopped();
  }
  st.taken.add(id);
  st.shadowWeight.set(id, f.total);
  let byClass = st.classBucket.get(original.id);
  if (byClass === undefined) st.classBucket.set(original.id, (byClass = new Map()));
  byClass.set(classId, id);
  st.shadows.push({
    id,
    name: `${original.name}~${st.classNameById.get(classId)!}`,
    type: original.type,
    alg: original.alg,
    hash: original.hash,
    items: f.items,
  });
}

/**
 * Keeps the class ids the map gives and numbers the other classes as CrushWrapper's
 * _alloc_class_id does (largest id + 1, or 0 for the first), in the order the names first
 * appear: devices (in `map.devices` order), then the buckets' `classIds`.
 */
function numberClasses(map: CrushMap): { classes: DeviceClass[]; classIdByName: Map<string, number> } {
  const classIdByName = new Map<string, number>();
  const usedIds = new Set<number>();
  let maxId = -1;
  for (const c of map.classes) {
    if (!Number.isInteger(c.id) || c.id < 0 || c.id > 0x7fffffff) {
      throw new CrushMapError(`device class ${c.name} has invalid id ${c.id}`, c.name);
    }
    if (classIdByName.has(c.name)) throw new CrushMapError(`device class ${c.name} is listed twice`, c.name);
    if (usedIds.has(c.id)) throw new CrushMapError(`device class id ${c.id} is used twice`, c.name);
    classIdByName.set(c.name, c.id);
    usedIds.add(c.id);
    maxId = Math.max(maxId, c.id);
  }
  const meet = (name: string): void => {
    if (classIdByName.has(name)) return;
    // Ceph falls back to a random free id once the ids wrap; that cannot be reproduced.
    if (maxId >= 0x7fffffff) throw new CrushMapError(`no device class id left for ${name}`, name);
    classIdByName.set(name, ++maxId);
  };
  for (const d of map.devices) if (d.class !== undefined) meet(d.class);
  for (const b of map.buckets) for (const c of b.classIds ?? []) meet(c.class);
  const classes = [...classIdByName]
    .map(([name, id]): DeviceClass => ({ id, name }))
    .sort((a, b) => a.id - b.id);
  return { classes, classIdByName };
}

/** Real buckets that are no bucket's item, most negative id first (Ceph walks a std::set<int>). */
function rootsAscending(map: CrushMap): Bucket[] {
  const children = new Set<number>();
  for (const b of map.buckets) for (const it of b.items) if (it.id < 0) children.add(it.id);
  // find_nonshadow_roots: a `~` bucket is never cloned as a root of its own
  return map.buckets.filter((b) => !children.has(b.id) && !b.name.includes("~")).sort((a, b) => a.id - b.id);
}
