/**
 * Derived per-bucket data kept from a binary map. Ceph stores the straws of every `straw`
 * bucket and the node weights of every `tree` bucket, and what it stores is not always what a
 * fresh calculation gives: straws are recomputed only when a bucket changes (so raising
 * straw_calc_version leaves old ones), and Ceph 16.2 builds the device-class shadow copies of
 * tree buckets item by item, leaving interior node weights uninitialised. Mapping a decoded map
 * exactly as Ceph maps that binary needs the stored values, so `decodeCrushMap` keeps them
 * (`Bucket.straws` / `nodeWeights`, and the same on `ClassBucketId` for shadow copies) when they
 * differ from the calculation. These helpers decide which values a bucket uses.
 */
import { strawLengths } from "./strawLengths.js";
import { treeNodeWeights } from "./treeNodes.js";
import { classTrees } from "../classes.js";
import type { Bucket, CrushMap } from "../types.js";

/** The straws a `straw` bucket uses: stored ones if they fit its items, else crush_calc_straw's. */
export function bucketStraws(bucket: Bucket, strawCalcVersion: number): readonly number[] {
  const stored = bucket.straws;
  if (stored !== undefined && stored.length === bucket.items.length) return stored;
  return strawLengths(bucket.items.map((it) => it.weight), strawCalcVersion);
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

/** `classTrees(map)`, with the straws and node weights a decoded binary stored for shadow copies. */
export function shadowBucketsAsStored(map: CrushMap): Bucket[] {
  const stored = new Map<number, { straws?: readonly number[]; nodeWeights?: readonly number[] }>();
  for (const b of map.buckets) {
    for (const c of b.classIds ?? []) {
      if (c.straws !== undefined || c.nodeWeights !== undefined) stored.set(c.id, c);
    }
  }
  const shadows = classTrees(map);
  if (stored.size === 0) return shadows;
  return shadows.map((s): Bucket => {
    const kept = stored.get(s.id);
    if (kept === undefined) return s;
    if (s.alg === "straw" && kept.straws !== undefined) return { ...s, straws: kept.straws };
    if (s.alg === "tree" && kept.nodeWeights !== undefined) return { ...s, nodeWeights: kept.nodeWeights };
    return s;
  });
}
