/**
 * Derived per-bucket data kept from a binary map. Ceph stores the straws of every `straw`
 * bucket and the node weights of every `tree` bucket, and what it stores is not always what a
 * fresh calculation gives: straws are recomputed only when a bucket changes (so raising
 * straw_calc_version leaves old ones), and Ceph 16.2 builds the device-class shadow copies of
 * tree buckets item by item, leaving interior node weights uninitialised. Mapping a decoded map
 * exactly as Ceph maps that binary needs the stored values, so `decodeCrushMap` keeps them
 * (`Bucket.straws` / `sumWeights` / `nodeWeights`, and the same on `ClassBucketId` for shadow
 * copies, with their items) when they differ from the calculation. These helpers decide which
 * values a bucket uses.
 */
import { strawLengths } from "./strawLengths.js";
import { treeNodeWeights } from "./treeNodes.js";
import { classTrees } from "../classes.js";
import type { Bucket, ClassBucketId, CrushMap } from "../types.js";

/** The straws a `straw` bucket uses: stored ones if they fit its items, else crush_calc_straw's. */
export function bucketStraws(bucket: Bucket, strawCalcVersion: number): readonly number[] {
  const stored = bucket.straws;
  if (stored !== undefined && stored.length === bucket.items.length) return stored;
  return strawLengths(bucket.items.map((it) => it.weight), strawCalcVersion);
}

/** Running sums of item weights, as crush_make_list_bucket computes a list bucket's sum_weights. */
export function bucketListSums(weights: readonly number[]): number[] {
  const sums: number[] = [];
  let sum = 0;
  for (const w of weights) sums.push((sum = (sum + w) >>> 0));
  return sums;
}

/** The sums a `list` bucket uses: stored ones if they fit its items, else the running sums. */
export function bucketSums(bucket: Bucket): readonly number[] {
  const stored = bucket.sumWeights;
  if (stored !== undefined && stored.length === bucket.items.length) return stored;
  return bucketListSums(bucket.items.map((it) => it.weight));
}

/**
 * The node weights a `tree` bucket uses: stored ones if every item's leaf lies inside them
 * (leaf i is node 2i+1) and they fit Ceph's 8-bit node count, else the builder's.
 */
export function bucketTreeNodes(bucket: Bucket): readonly number[] {
  const stored = bucket.nodeWeights;
  if (stored !== undefined && stored.length >= 2 * bucket.items.length && stored.length <= 0xff) return stored;
  return treeNodeWeights(bucket.items.map((it) => it.weight));
}

/**
 * `classTrees(map)`, with what a decoded binary stored for the shadow copies: their straws, list
 * sums and node weights, and their items where Ceph's stored copy differs from the derivation
 * (`ClassBucketId.items`; such a copy is also kept when the derivation makes none).
 */
export function shadowBucketsAsStored(map: CrushMap): Bucket[] {
  const stored = new Map<number, { owner: Bucket; kept: ClassBucketId }>();
  for (const b of map.buckets) {
    for (const c of b.classIds ?? []) {
      if (c.straws !== undefined || c.nodeWeights !== undefined || c.sumWeights !== undefined || c.items !== undefined) {
        stored.set(c.id, { owner: b, kept: c });
      }
    }
  }
  const shadows = classTrees(map);
  if (stored.size === 0) return shadows;
  const out = shadows.map((s): Bucket => {
    const entry = stored.get(s.id);
    if (entry === undefined) return s;
    stored.delete(s.id);
    return withStored(s, entry.kept);
  });
  for (const { owner, kept } of stored.values()) {
    if (kept.items === undefined) continue;
    const copy: Bucket = { id: kept.id, name: `${owner.name}~${kept.class}`, type: owner.type, alg: owner.alg, hash: owner.hash, items: kept.items };
    out.push(withStored(copy, kept));
  }
  return out;
}

function withStored(s: Bucket, kept: ClassBucketId): Bucket {
  const items = kept.items ?? s.items;
  if (s.alg === "straw" && kept.straws !== undefined) return { ...s, items, straws: kept.straws };
  if (s.alg === "list" && kept.sumWeights !== undefined) return { ...s, items, sumWeights: kept.sumWeights };
  if (s.alg === "tree" && kept.nodeWeights !== undefined) return { ...s, items, nodeWeights: kept.nodeWeights };
  return { ...s, items };
}
