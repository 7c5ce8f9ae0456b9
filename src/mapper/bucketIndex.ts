/**
 * Bucket id → bucket index in a compiled map. Ceph indexes its bucket array by -1 - id, so one
 * bucket with id -2^30 makes it allocate 2^30 slots; a compiled map instead numbers its
 * buckets 0…n-1 and sizes every per-bucket array by n. Ids of ordinary maps are dense (-1…-n,
 * perhaps with gaps): those are looked up in a direct table; ids far beyond the bucket count
 * go to a small open-addressing hash table, so memory follows the number of buckets whatever
 * their ids are.
 */

/** The lookup tables, as stored in `CompiledMap`. */
export interface BucketIndexTables {
  /** Entry k is the index of the bucket with id -1 - k, or -1. */
  readonly indexDirect: Int32Array;
  /** Open addressing (linear probing) for ids past `indexDirect`: key slots hold ids, 0 is empty. */
  readonly indexHashIds: Int32Array;
  readonly indexHashSlots: Int32Array;
}

/** Direct-table entries allowed per bucket (plus a constant), before ids go to the hash table. */
const DIRECT_PER_BUCKET = 4;
const DIRECT_SLACK = 1024;

/** Builds the tables for buckets with these (negative, distinct, checked) ids, index = position. */
export function buildBucketIndex(ids: ArrayLike<number>): BucketIndexTables {
  const n = ids.length;
  const directMax = DIRECT_PER_BUCKET * n + DIRECT_SLACK;
  let span = 0;
  let far = 0;
  for (let i = 0; i < n; i++) {
    const k = -1 - ids[i]!;
    if (k < directMax) span = Math.max(span, k + 1);
    else far++;
  }
  const indexDirect = new Int32Array(span).fill(-1);
  let size = 1;
  while (size < 2 * far) size <<= 1;
  const indexHashIds = new Int32Array(far === 0 ? 0 : size);
  const indexHashSlots = new Int32Array(far === 0 ? 0 : size);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const k = -1 - id;
    if (k < directMax) {
      indexDirect[k] = i;
      continue;
    }
    let h = hashSlot(id, size);
    while (indexHashIds[h] !== 0) h = (h + 1) & (size - 1);
    indexHashIds[h] = id;
    indexHashSlots[h] = i;
  }
  return { indexDirect, indexHashIds, indexHashSlots };
}

/** The index of the bucket with id `item`, or -1 when `item` is a device or no bucket's id. */
export function bucketIndexOf(t: BucketIndexTables, item: number): number {
  const k = -1 - item;
  if (k < 0) return -1;
  if (k < t.indexDirect.length) return t.indexDirect[k]!;
  const keys = t.indexHashIds;
  const size = keys.length;
  if (size === 0) return -1;
  let h = hashSlot(item, size);
  for (;;) {
    const key = keys[h]!;
    if (key === item) return t.indexHashSlots[h]!;
    if (key === 0) return -1;
    h = (h + 1) & (size - 1);
  }
}

/** Fibonacci hashing of an id into a power-of-two table. */
function hashSlot(id: number, size: number): number {
  return (Math.imul(id, 0x9e3779b1) >>> 0) % size;
}
