/**
 * `--reclassify-bucket MATCH CLASS DEFAULT_PARENT`: a parallel per-class hierarchy (`node1-ssd`
 * beside `node1`, under a root `ssd`) folds into the normal one. MATCH is `prefix%`, `%suffix` or
 * a whole bucket name; each matching bucket's base (the name with the affix cut off, or
 * DEFAULT_PARENT for a whole name) is found or created, the matching bucket's devices get CLASS
 * and move into the base, and the matching bucket itself becomes the base's CLASS copy
 * (`base~CLASS`), so rules that took it keep their ids and their mappings.
 */
import { CephFailure, CephState, cppStrerror, EINVAL, emptyBucketLike } from "./cephState.js";
import { rebuildOrSay } from "./classifyRoot.js";
import { insertItem, linkBucket, type Location } from "./insertItem.js";

/** One `--reclassify-bucket MATCH CLASS DEFAULT_PARENT`. */
export interface BucketClassification {
  readonly match: string;
  readonly className: string;
  readonly defaultParent: string;
}

/** What the matching found: sources and their bases, and what to record once items moved. */
interface Plan {
  readonly sendTo: Map<number, number>;
  readonly newClassBucket: Map<number, Map<number, number>>;
  readonly newNames: Map<number, string>;
  /** base created → where it goes if nothing holds it after the moves */
  readonly newBuckets: Map<number, Location>;
  readonly newByName: Map<string, number>;
}

export function classifyBuckets(st: CephState, rules: readonly BucketClassification[], out: string[]): void {
  const plan: Plan = { sendTo: new Map(), newClassBucket: new Map(), newNames: new Map(), newBuckets: new Map(), newByName: new Map() };
  for (const rule of rules) matchBuckets(st, rule, plan, out);
  st.invalidateNames();
  const said = (e: unknown): never => {
    if (e instanceof CephFailure) out.push(`reclassify err from insert_item: ${cppStrerror(e.errno)}`);
    throw e;
  };
  for (const [from, to] of [...plan.sendTo].sort((a, b) => a[0] - b[0])) {
    try {
      moveItems(st, from, to, plan.sendTo, out);
    } catch (e) {
      said(e);
    }
  }
  for (const [base, loc] of [...plan.newBuckets].sort((a, b) => a[0] - b[0])) {
    if (st.immediateParent(base) !== undefined) continue;
    out.push(`new bucket ${base} missing parent, adding at {${loc[0]}=${loc[1]}}`);
    try {
      linkBucket(st, base, loc);
    } catch (e) {
      said(e);
    }
  }
  for (const [base, byClass] of [...plan.newClassBucket].sort((a, b) => a[0] - b[0])) {
    let mine = st.classBucket.get(base);
    if (mine === undefined) st.classBucket.set(base, (mine = new Map()));
    for (const [c, id] of byClass) mine.set(c, id);
  }
  // Ceph renames the sources without marking its reverse name index stale
  for (const [id, name] of plan.newNames) st.setNameOnly(id, name);
  rebuildOrSay(st, out);
}

/** The base name MATCH gives `name`, or undefined when it does not match. */
function baseName(match: string, name: string, defaultParent: string): string | undefined {
  if (name.length < match.length) return undefined;
  if (match.startsWith("%")) {
    const suffix = match.slice(1);
    return name.endsWith(suffix) ? name.slice(0, name.length - suffix.length) : undefined;
  }
  if (match.endsWith("%")) {
    const prefix = match.slice(0, -1);
    return name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
  }
  return match === name ? defaultParent : undefined;
}

function matchBuckets(st: CephState, rule: BucketClassification, plan: Plan, out: string[]): void {
  const { match, className, defaultParent } = rule;
  const parentId = st.itemId(defaultParent);
  const parent = parentId === undefined ? undefined : st.bucket(parentId);
  if (parent === undefined) {
    out.push(`default parent ${defaultParent} does not exist`);
    throw new CephFailure(EINVAL, `default parent ${defaultParent} does not exist`);
  }
  const parentType = st.typeName(parent.type) ?? "";
  out.push(`classify_bucket ${match} as ${className} default bucket ${defaultParent} (${parentType})`);
  const classId = st.classIdOrCreate(className);
  for (let index = 0; index < st.slots.length; index++) {
    const b = st.slots[index];
    if (b === undefined || st.isShadow(b.id)) continue;
    const name = st.itemName(b.id) ?? "";
    const base = baseName(match, name, defaultParent);
    if (base === undefined) continue;
    out.push(`match ${match} to ${name} basename ${base}`);
    let baseId = st.itemId(base);
    if (baseId !== undefined) out.push(`  have base ${baseId}`);
    else if ((baseId = plan.newByName.get(base)) !== undefined) out.push(`  already creating base ${baseId}`);
    else {
      baseId = st.newBucketId();
      const made = emptyBucketLike(b);
      made.id = baseId;
      st.slots[-1 - baseId] = made;
      st.setNameOnly(baseId, base); // not in the reverse index: a later match says "already creating"
      plan.newByName.set(base, baseId);
      out.push(`  created base ${baseId}`);
      plan.newBuckets.set(baseId, [parentType, defaultParent]);
    }
    plan.sendTo.set(b.id, baseId);
    let byClass = plan.newClassBucket.get(baseId);
    if (byClass === undefined) plan.newClassBucket.set(baseId, (byClass = new Map()));
    byClass.set(classId, b.id);
    plan.newNames.set(b.id, `${base}~${st.classNames.get(classId)!}`);
    for (const it of b.items) if (it.id >= 0) st.classOf.set(it.id, classId);
  }
}

/** Every item of `from` into `to`: devices with their weight there, buckets as their bases. */
function moveItems(st: CephState, from: number, to: number, sendTo: ReadonlyMap<number, number>, out: string[]): void {
  const source = st.bucket(from)!;
  const target = st.bucket(to)!;
  const fromName = st.itemName(from)!;
  out.push(`moving items from ${from} (${fromName}) to ${to} (${st.itemName(to)!})`);
  for (let j = 0; j < source.items.length; j++) {
    const item = source.items[j]!.id;
    const loc: Location = [st.typeName(target.type) ?? "", st.itemName(target.id)!];
    if (item >= 0) {
      if (st.subtreeContains(target.id, item)) continue;
      insertItem(st, item, weightIn(st, item, fromName), st.itemName(item) ?? "", loc);
      continue;
    }
    const base = sendTo.get(item);
    // Ceph logs this on its debug channel only, then fails
    if (base === undefined) throw new CephFailure(EINVAL, `item ${item} in bucket ${from} is not also a reclassified bucket`);
    if (st.subtreeContains(target.id, base)) continue;
    linkBucket(st, base, loc);
  }
}

/** get_item_weight_in_loc: the item's weight in the bucket of that name (-ENOENT as a weight if absent). */
function weightIn(st: CephState, item: number, bucketName: string): number {
  const id = st.itemId(bucketName);
  const b = id === undefined ? undefined : st.bucket(id);
  const it = b?.items.find((x) => x.id === item);
  return it === undefined ? -2 : it.weight;
}
