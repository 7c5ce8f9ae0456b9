/**
 * `--reclassify-root ROOT CLASS`: the legacy tree under ROOT becomes ROOT's CLASS shadow tree
 * without moving data. Every bucket of the tree moves to a new id and leaves behind, at its old
 * id, an empty bucket named `name~CLASS` recorded as its CLASS copy; the rebuild then fills those
 * old ids with the CLASS copies, so rules that took the old ids now take `ROOT class CLASS` and
 * map exactly as before (when the tree's devices all have CLASS).
 */
import { CephFailure, CephState, cppStrerror, EINVAL, emptyBucketLike } from "./cephState.js";
import { rebuildRootsWithClasses } from "./rebuildClasses.js";
import { moveArgs } from "./weightSets.js";

const TAKE = 1;

export function classifyRoot(st: CephState, root: string, className: string, out: string[]): void {
  const rootId = st.itemId(root);
  if (rootId === undefined) {
    out.push(`root ${root} does not exist`);
    throw new CephFailure(EINVAL, `root ${root} does not exist`);
  }
  const classId = st.classIdOrCreate(className);
  out.push(`classify_root ${root} (${rootId}) as ${className}`);
  refuseClassTakes(st, root, rootId, out);

  // breadth first, but each bucket's child buckets go to the front of the queue (Ceph's push_front)
  const renumber = new Map<number, number>();
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const bucket = st.bucket(id);
    if (bucket === undefined) {
      out.push(`cannot find bucket ${id}: (2) No such file or directory`);
      throw new CephFailure(-2, `cannot find bucket ${id}`);
    }
    const newId = st.newBucketId();
    out.push(`  renumbering bucket ${id} -> ${newId}`);
    renumber.set(id, newId);
    bucket.id = newId;
    st.slots[-1 - newId] = bucket;
    const left = emptyBucketLike(bucket);
    left.id = id;
    st.slots[-1 - id] = left;
    // the weight sets are by slot: they follow the bucket to its new id
    moveArgs(st, -1 - id, -1 - newId);
    st.classBucket.delete(id);
    let byClass = st.classBucket.get(newId);
    if (byClass === undefined) st.classBucket.set(newId, (byClass = new Map()));
    byClass.set(classId, id);
    const name = st.itemName(id)!;
    // Ceph writes these names without marking its reverse index stale
    st.setNameOnly(newId, name);
    st.setNameOnly(id, `${name}~${className}`);
    for (const it of bucket.items) if (it.id < 0) queue.unshift(it.id);
  }
  for (const b of st.slots) {
    if (b === undefined) continue;
    for (const it of b.items) {
      const to = renumber.get(it.id);
      if (to !== undefined) it.id = to;
    }
  }
  rebuildOrSay(st, out);
}

/** A rule that already takes ROOT with a class cannot be reclassified (its take would change). */
function refuseClassTakes(st: CephState, root: string, rootId: number, out: string[]): void {
  for (const rule of st.raw.rules) {
    for (const s of rule.steps) {
      if (s.op !== TAKE) continue;
      const split = splitIdClass(st, s.arg1);
      if (split !== undefined && split.classId >= 0 && split.id === rootId) {
        out.push(`  rule ${rule.id} includes take on root ${root} class ${split.classId}`);
        throw new CephFailure(EINVAL, `rule ${rule.id} takes ${root} with a class`);
      }
    }
  }
}

/** split_id_class: a `name~class` item read as (bucket, class); a plain one as (item, -1). */
export function splitIdClass(st: CephState, item: number): { id: number; classId: number } | undefined {
  const name = st.itemName(item);
  if (name === undefined) throw new CephFailure(EINVAL, `item ${item} does not exist`);
  const cut = name.indexOf("~");
  if (cut < 0) return { id: item, classId: -1 };
  const base = st.itemId(name.slice(0, cut));
  const classId = st.classId(name.slice(cut + 1));
  if (base === undefined || classId === undefined) throw new CephFailure(-2, `take of ${name}`);
  return { id: base, classId };
}

export function rebuildOrSay(st: CephState, out: string[]): void {
  try {
    rebuildRootsWithClasses(st);
  } catch (e) {
    if (e instanceof CephFailure) out.push(`failed to rebuild_roots_with_classes: ${cppStrerror(e.errno)}`);
    throw e;
  }
}
