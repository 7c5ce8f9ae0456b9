/**
 * CrushWrapper::insert_item and link_bucket as reclassify uses them: put an item into one
 * existing bucket, give it its weight, carry the weight change up through every bucket that
 * holds the changed ones (shadow or not), then rebuild the shadow trees. Weights travel through a
 * C `float` on the way in, as in Ceph, so a weight above 256 loses its low bits.
 */
import { rebuildRootsWithClasses } from "./rebuildClasses.js";
import {
  bucketAdjustItemWeight,
  bucketAddItem,
  bucketWeight,
  CephFailure,
  CephState,
  EEXIST,
  EINVAL,
  ELOOP,
  ENOENT,
  EOVERFLOW,
  isValidCrushName,
} from "./cephState.js";
import { argsAddItem, argsSetItemWeight, resumWeightSets } from "./weightSets.js";

/** A location: the type name and bucket name of the one bucket to put the item in. */
export type Location = readonly [typeName: string, bucketName: string];

/** What Ceph's float round trip (`(int)(weight * (float)0x10000)`) leaves of a 16.16 weight. */
export function throughFloat(weight: number): number {
  return Math.trunc(Math.fround(weight));
}

/** insert_item into an existing bucket, with `weight` the 16.16 weight before the float round trip. */
export function insertItem(st: CephState, item: number, weight: number, name: string, loc: Location): void {
  const [typeName, bucketName] = loc;
  if (!isValidCrushName(name)) throw new CephFailure(EINVAL, `insert_item: invalid name ${name}`);
  if (!isValidCrushName(typeName) || !isValidCrushName(bucketName)) throw new CephFailure(EINVAL, `insert_item: invalid location ${typeName}=${bucketName}`);
  const iweight = throughFloat(weight);
  if (iweight > 0x7fffffff) throw new CephFailure(EOVERFLOW, `insert_item: weight of ${name}`);
  const named = st.itemId(name);
  if (named !== undefined && named !== item) throw new CephFailure(EEXIST, `insert_item: ${name} is item ${named}`);
  if (named === undefined) st.setNameKeepingIndex(item, name);

  const id = st.itemId(bucketName);
  const target = id === undefined ? undefined : st.bucket(id);
  if (target === undefined) throw new CephFailure(EINVAL, `insert_item: no bucket ${bucketName}`);
  if (st.typeName(target.type) !== typeName) throw new CephFailure(EINVAL, `insert_item: ${bucketName} is not a ${typeName}`);
  if (st.subtreeContains(target.id, item)) throw new CephFailure(EINVAL, `insert_item: ${item} is already under ${bucketName}`);
  if (st.subtreeContains(item, target.id)) throw new CephFailure(ELOOP, `insert_item: ${item} holds ${bucketName}`);
  bucketAddItem(target, item, 0);
  argsAddItem(st, target, item, 0);

  // adjust_item_weightf_in_loc (a device's weight sets take its weight too), then the rebuild
  if (!adjustItemWeightInBucket(st, item, iweight, target.id, item >= 0)) throw new CephFailure(ENOENT, `insert_item: ${item} not in ${bucketName}`);
  rebuildRootsWithClasses(st);
}

/** link_bucket: insert_item of a bucket with its own weight. */
export function linkBucket(st: CephState, id: number, loc: Location): void {
  const b = st.bucket(id);
  const name = st.itemName(id);
  if (b === undefined || name === undefined) throw new CephFailure(ENOENT, `link_bucket: no bucket ${id}`);
  insertItem(st, id, bucketWeight(b), name, loc);
}

/** One pending call: adjust_item_weight(id, weight) (bucket undefined, `next` = slot) or _in_bucket (`next` = item). */
interface AdjustFrame {
  readonly id: number;
  readonly weight: number;
  readonly bucket: number | undefined;
  readonly updateWeightSets: boolean;
  next: number;
  changed: number;
}

/**
 * adjust_item_weight_in_bucket and the adjust_item_weight calls it makes, in Ceph's order, with a
 * stack in place of the recursion: `item` takes `weight` in `bucketId` (and, with
 * updateWeightSets, in its weight sets), the bucket's new weight is set in every bucket that holds
 * it, and so on up; each bucket visited on the way re-sums its weight sets into its parents
 * (adjust_item_weight visits every bucket, holding the item or not). False when `bucketId` does
 * not hold `item`.
 */
function adjustItemWeightInBucket(st: CephState, item: number, weight: number, bucketId: number, updateWeightSets: boolean): boolean {
  const stack: AdjustFrame[] = [{ id: item, weight, bucket: bucketId, updateWeightSets, next: 0, changed: 0 }];
  let changed = 0;
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.bucket === undefined) {
      // adjust_item_weight: every bucket, by slot
      while (f.next < st.slots.length && st.slots[f.next] === undefined) f.next++;
      if (f.next >= st.slots.length) stack.pop();
      else stack.push({ id: f.id, weight: f.weight, bucket: -1 - f.next++, updateWeightSets: false, next: 0, changed: 0 });
      continue;
    }
    const b = st.bucket(f.bucket)!;
    while (f.next < b.items.length && b.items[f.next]!.id !== f.id) f.next++;
    if (f.next < b.items.length) {
      f.next++;
      f.changed++;
      if (f.updateWeightSets) argsSetItemWeight(st, b, f.id, f.weight);
      bucketAdjustItemWeight(b, f.id, f.weight);
      stack.push({ id: b.id, weight: bucketWeight(b), bucket: undefined, updateWeightSets: false, next: 0, changed: 0 });
      // each level is one bucket further up: deeper than the bucket count is a loop (Ceph overflows its stack)
      if (stack.length > 2 * st.slots.length + 2) throw new CephFailure(ELOOP, `adjust_item_weight: bucket ${b.id} holds itself`);
      continue;
    }
    resumWeightSets(st, b.id);
    stack.pop();
    if (stack.length === 0) changed = f.changed;
  }
  return changed > 0;
}
