/**
 * What CrushWrapper's edits do to the weight sets along the way, on the stand-in state: the
 * clean-up after a bucket is removed (update_choose_args), the upkeep of bucket_add_item and
 * bucket_adjust_item_weight, and the re-summing adjust_item_weight_in_bucket does after every
 * weight change (choose_args_adjust_item_weight), which also gives every bucket that has no
 * weight set one made of its crush weights. Where Ceph would abort (ceph_assert) or read past a
 * weight vector, this throws instead.
 */
import { CrushMapError } from "../errors.js";
import type { CephState, SimBucket } from "./cephState.js";
import { argAt, choosePositions, positionsAt, type SimArgMap } from "./weightSetState.js";

/** Where crushtool would abort (a ceph_assert) or read undefined memory: reclassify stops there. */
export class CephAbort extends CrushMapError {
  override readonly name: string = "CephAbort";
}

/** A state Ceph would abort on (ceph_assert) or read undefined memory in. */
export function cephAborts(what: string): CephAbort {
  return new CephAbort(`reclassify: crushtool aborts here (${what}); the map is not reclassified`, "choose_args");
}

/**
 * update_choose_args: drop the args of slots without a straw2 bucket; give the weight vectors of
 * a straw2 bucket whose positions agree with the map's the bucket's size (cut, or padded with 0).
 */
export function updateChooseArgs(st: CephState): void {
  for (const m of st.weightSets) {
    const positions = choosePositions(m);
    for (let j = 0; j < m.args.length; j++) {
      const a = m.args[j];
      if (a === undefined) continue;
      const b = st.slots[j];
      if (b === undefined || b.alg !== "straw2") {
        a.ids = undefined;
        a.weightSet = undefined;
        continue;
      }
      const ws = a.weightSet;
      if (ws === undefined || ws.length === 0 || ws.length !== positions) continue;
      for (let p = 0; p < ws.length; p++) {
        const old = ws[p]!;
        if (old.length === b.items.length) continue;
        ws[p] = b.items.map((_, k) => (k < old.length ? old[k]! : 0));
      }
    }
  }
}

/** classify_root moves a bucket's args with it and zeroes its old slot. */
export function moveArgs(st: CephState, fromIndex: number, toIndex: number): void {
  for (const m of st.weightSets) {
    m.args[toIndex] = m.args[fromIndex];
    m.args[fromIndex] = undefined;
  }
}

/** CrushWrapper::bucket_add_item's part: every weight vector and the ids grow by the item. */
export function argsAddItem(st: CephState, b: SimBucket, item: number, weight: number): void {
  const newSize = b.items.length;
  for (const m of st.weightSets) {
    const a = m.args[-1 - b.id];
    if (a === undefined) continue;
    for (const w of a.weightSet ?? []) {
      if (w.length + 1 !== newSize) throw cephAborts(`bucket_add_item: weight set of bucket ${b.id} has ${w.length} weights for ${newSize - 1} items`);
      w.push(weight >>> 0);
    }
    if (a.ids !== undefined) {
      if (a.ids.length + 1 !== newSize) throw cephAborts(`bucket_add_item: ids of bucket ${b.id}`);
      a.ids.push(item);
    }
  }
}

/** bucket_adjust_item_weight with adjust_weight_sets: every position of the item's first slot. */
export function argsSetItemWeight(st: CephState, b: SimBucket, item: number, weight: number): void {
  const position = b.items.findIndex((it) => it.id === item);
  if (position < 0) throw cephAborts(`bucket_adjust_item_weight: ${item} not in bucket ${b.id}`);
  for (const m of st.weightSets) {
    for (const w of m.args[-1 - b.id]?.weightSet ?? []) {
      if (position >= w.length) throw cephAborts(`bucket_adjust_item_weight: weight set of bucket ${b.id} is short`);
      w[position] = weight >>> 0;
    }
  }
}

/**
 * The end of adjust_item_weight_in_bucket: where the bucket has a weight set, its per-position
 * sums become its weight in every bucket holding it (choose_args_adjust_item_weight).
 */
export function resumWeightSets(st: CephState, bucketId: number): void {
  const b = st.bucket(bucketId)!;
  for (const m of st.weightSets) {
    const ws = m.args[-1 - bucketId]?.weightSet;
    if (ws === undefined) continue;
    if (ws.length === 0) throw cephAborts(`adjust_item_weight_in_bucket: bucket ${bucketId} has an empty weight set`);
    chooseArgsAdjustItemWeight(st, m, bucketId, sums(ws, b.items.length, bucketId));
  }
}

/** Per position, the C int sum of the first `size` weights. */
function sums(ws: readonly (readonly number[])[], size: number, bucketId: number): number[] {
  return ws.map((w) => {
    if (w.length < size) throw cephAborts(`weight set of bucket ${bucketId} is short`);
    let s = 0;
    for (let i = 0; i < size; i++) s = (s + w[i]!) | 0;
    return s;
  });
}

/** One pending choose_args_adjust_item_weight call: item `id` takes `weight`; `next` = bucket slot. */
interface AdjustCall {
  readonly id: number;
  readonly weight: readonly number[];
  next: number;
}

/**
 * choose_args_adjust_item_weight(cmap, id, weight) and the calls it makes on itself, in Ceph's
 * order, with a stack in place of the recursion: in every bucket (by slot), a missing weight set
 * is made from the crush weights, `id` takes `weight` at every position, and a bucket that
 * changed passes its new sums up the same way before the next slot is looked at.
 */
function chooseArgsAdjustItemWeight(st: CephState, m: SimArgMap, id: number, weight: readonly number[]): void {
  const stack: AdjustCall[] = [{ id, weight, next: 0 }];
  while (stack.length > 0) {
    const call = stack[stack.length - 1]!;
    while (call.next < st.slots.length && st.slots[call.next] === undefined) call.next++;
    if (call.next >= st.slots.length) {
      stack.pop();
      continue;
    }
    const b = st.slots[call.next++]!;
    const up = adjustInBucket(m, b, call.id, call.weight);
    if (up === undefined) continue;
    stack.push({ id: b.id, weight: up, next: 0 });
    // each call is for a bucket holding the last one's item (a chain of distinct ancestors in a
    // map without loops) or for one just given weights (once per bucket): deeper is a loop
    if (stack.length > (st.slots.length + 1) * (st.slots.length + 1) + 1) throw cephAborts(`choose_args_adjust_item_weight: bucket ${b.id} holds itself`);
  }
}

/** _choose_args_adjust_item_weight_in_bucket without its recursion: the sums to pass up, if any. */
function adjustInBucket(m: SimArgMap, b: SimBucket, id: number, weight: readonly number[]): number[] | undefined {
  const index = -1 - b.id;
  let changed = 0;
  const a = argAt(m, index);
  if (a.weightSet === undefined) {
    const positions = choosePositions(m);
    a.weightSet = [];
    for (let p = 0; p < positions; p++) a.weightSet.push(b.items.map((it) => it.weight >>> 0));
    changed++;
  }
  if (positionsAt(m, index) !== weight.length) return undefined;
  const ws = a.weightSet;
  for (let i = 0; i < b.items.length; i++) {
    if (b.items[i]!.id !== id) continue;
    for (let j = 0; j < weight.length; j++) {
      if (i >= ws[j]!.length) throw cephAborts(`weight set of bucket ${b.id} is short`);
      ws[j]![i] = weight[j]! >>> 0;
    }
    changed++;
  }
  return changed > 0 ? sums(ws, b.items.length, b.id) : undefined;
}
