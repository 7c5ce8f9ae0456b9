/**
 * CrushWrapper::rebuild_roots_with_classes on the stand-in state: forget classes nothing uses,
 * remove every shadow tree that hangs from nothing, then clone every non-shadow root once per
 * class again, reusing the shadow ids the old class_bucket gave (so rules that take a shadow
 * bucket keep taking the same id). Reclassify calls it after each step that moves items, as Ceph
 * does, and the ids the later steps allocate depend on it. Failures throw `CephFailure`.
 */
import { bucketAddItem, bucketWeight, CephFailure, CephState, ECHILD, ELOOP, emptyBucketLike, type SimBucket } from "./cephState.js";
import { cloneArgs, type CloneWeights } from "./cloneWeightSets.js";
import { updateChooseArgs } from "./weightSets.js";

type ClassBucket = Map<number, Map<number, number>>;

export function rebuildRootsWithClasses(st: CephState): void {
  const old: ClassBucket = new Map([...st.classBucket].map(([k, v]) => [k, new Map(v)]));
  cleanupDeadClasses(st);
  for (const root of st.roots()) if (st.isShadow(root)) removeRoot(st, root);
  st.classBucket = new Map();
  populateClasses(st, old);
}

/** A class no device has and no rule takes (through its shadow buckets) is dropped. */
function cleanupDeadClasses(st: CephState): void {
  const takes = new Set<number>();
  for (const rule of st.raw.rules) for (const s of rule.steps) if (s.op === 1) takes.add(s.arg1);
  for (const c of [...st.classNames.keys()].sort((a, b) => a - b)) {
    let alive = false;
    for (const [item, cls] of st.classOf) if (item >= 0 && cls === c) alive = true;
    for (const byClass of st.classBucket.values()) {
      const shadow = byClass.get(c);
      if (shadow !== undefined && takes.has(shadow)) alive = true;
    }
    if (!alive) st.classNames.delete(c);
  }
}

/**
 * remove_root: every bucket below `root`, children first in item order, then the bucket, each
 * with its name and classes and followed by update_choose_args; a bucket already removed (shadow
 * trees can share one) is skipped, as Ceph's remove_root is idempotent.
 */
export function removeRoot(st: CephState, root: number): void {
  if (st.bucket(root) === undefined) return;
  const stack: { id: number; next: number }[] = [{ id: root, next: 0 }];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const b = st.bucket(f.id)!;
    if (f.next < b.items.length) {
      const child = b.items[f.next++]!.id;
      if (child < 0 && st.bucket(child) !== undefined && !stack.some((g) => g.id === child)) stack.push({ id: child, next: 0 });
      continue;
    }
    stack.pop();
    st.removeBucket(f.id);
    if (st.names.delete(f.id)) st.invalidateNames();
    st.classBucket.delete(f.id);
    st.classOf.delete(f.id);
    if (st.weightSets.length > 0) updateChooseArgs(st);
  }
}

function populateClasses(st: CephState, old: ClassBucket): void {
  const used = new Set<number>();
  for (const byClass of old.values()) for (const id of byClass.values()) used.add(id);
  const classes = [...st.classNames.keys()].sort((a, b) => a - b);
  // each copy's weight-set sums, for the copy of its parent; kept across the whole rebuild
  const sums: CloneWeights = new Map();
  for (const root of st.roots()) {
    if (st.isShadow(root)) continue;
    for (const c of classes) deviceClassClone(st, root, c, old, used, sums);
  }
}

/** One bucket being cloned: where its walk stands and the copy so far. */
interface Frame {
  readonly original: SimBucket;
  readonly copyName: string;
  readonly copy: SimBucket;
  /** For each item of the copy, its position in the original. */
  readonly origPos: number[];
  next: number;
}

/** Either the id of an existing copy (a bucket already has the copy's name) or a new frame. */
function startClone(st: CephState, id: number, c: number): number | Frame {
  const name = st.itemName(id);
  const original = st.bucket(id);
  if (name === undefined || original === undefined) throw new CephFailure(ECHILD, `device_class_clone of ${id}`);
  const copyName = `${name}~${st.classNames.get(c)!}`;
  // device_class_clone takes whatever bucket already has the copy's name, as it is
  const existing = st.itemId(copyName);
  if (existing !== undefined) return existing;
  return { original, copyName, copy: emptyBucketLike(original), origPos: [], next: 0 };
}

/**
 * device_class_clone, children before their parent, with an explicit stack: the copy holds the
 * devices of class `c` and the copies of the child buckets, in the original's order. Returns the
 * copy's id.
 */
function deviceClassClone(st: CephState, root: number, c: number, old: ClassBucket, used: ReadonlySet<number>, sums: CloneWeights): number {
  const first = startClone(st, root, c);
  if (typeof first === "number") return first;
  const stack: Frame[] = [first];
  for (;;) {
    const f = stack[stack.length - 1]!;
    let done: number | undefined;
    if (f.next < f.original.items.length) {
      const item = f.original.items[f.next]!;
      if (item.id >= 0) {
        if (st.classOf.get(item.id) === c) {
          bucketAddItem(f.copy, item.id, item.weight);
          f.origPos.push(f.next);
        }
        f.next++;
        continue;
      }
      if (stack.some((g) => g.original.id === item.id)) throw new CephFailure(ELOOP, `bucket ${item.id} holds itself`);
      const child = startClone(st, item.id, c);
      if (typeof child !== "number") {
        stack.push(child);
        continue;
      }
      done = child;
    } else {
      stack.pop();
      done = finishClone(st, f, c, old, used, sums);
      if (stack.length === 0) return done;
    }
    // the top frame's current item is a bucket whose copy is `done`
    const top = stack[stack.length - 1]!;
    const copy = st.bucket(done);
    if (copy === undefined) throw new CephFailure(ECHILD, `copy ${done} is not a bucket`);
    bucketAddItem(top.copy, done, bucketWeight(copy));
    top.origPos.push(top.next);
    top.next++;
  }
}

/** Gives the copy its id (the old one, or the first id neither in use nor used before) and records it. */
function finishClone(st: CephState, f: Frame, c: number, old: ClassBucket, used: ReadonlySet<number>, sums: CloneWeights): number {
  let id = old.get(f.original.id)?.get(c);
  if (id === undefined) {
    id = -1;
    while ((-1 - id < st.slots.length && st.slots[-1 - id] !== undefined) || used.has(id)) id--;
  }
  st.addBucketAt(id, f.copy);
  st.classOf.set(id, c);
  st.setNameKeepingIndex(id, f.copyName);
  let byClass = st.classBucket.get(f.original.id);
  if (byClass === undefined) st.classBucket.set(f.original.id, (byClass = new Map()));
  byClass.set(c, id);
  cloneArgs(st, f.original, f.copy, f.origPos, sums);
  return id;
}
