/**
 * A mutable stand-in for the part of Ceph's CrushWrapper that `crushtool --reclassify` works on:
 * the bucket array with its holes and its size (max_buckets), the name table with its lazily
 * rebuilt reverse index, class_map, class_name and class_bucket. Reclassify's result depends on
 * the order in which Ceph allocates ids, grows the array and looks names up (including where its
 * reverse name index is stale), so those are reproduced here step by step; everything else about
 * a map passes through untouched. It lives only inside `reclassify` and never leaves it.
 */
import type { RawBucket, RawMap } from "../binary/decode.js";
import { CrushMapError } from "../errors.js";
import type { BucketAlg } from "../types.js";
import { updateChooseArgs } from "./weightSets.js";
import { argMapsToRaw, readArgMaps, type SimArgMap } from "./weightSetState.js";

/** A bucket item whose weight Ceph's edits change in place. */
export interface SimItem {
  id: number;
  weight: number;
}

/** A bucket of the array; `items` and the stored payloads change in place. */
export interface SimBucket {
  id: number;
  readonly type: number;
  readonly alg: BucketAlg;
  readonly hash: number;
  items: SimItem[];
  /** Stored straws / sums / node weights, dropped as soon as the items change. */
  straws?: number[] | undefined;
  sumWeights?: number[] | undefined;
  nodeWeights?: number[] | undefined;
}

/** Ceph's names for the errno values reclassify can return. */
export const ENOENT = -2;
export const ECHILD = -10;
export const EEXIST = -17;
export const EINVAL = -22;
export const ERANGE = -34;
export const ELOOP = -40;
export const EOVERFLOW = -75;

const STRERROR: ReadonlyMap<number, string> = new Map([
  [ENOENT, "No such file or directory"],
  [ECHILD, "No child processes"],
  [EEXIST, "File exists"],
  [EINVAL, "Invalid argument"],
  [ERANGE, "Numerical result out of range"],
  [ELOOP, "Too many levels of symbolic links"],
  [EOVERFLOW, "Value too large for defined data type"],
]);

/**
 * A negative errno where Ceph's CrushWrapper returns one: every caller inside reclassify passes
 * it up unchanged, so it travels as an exception to the one place that reports it.
 */
export class CephFailure extends CrushMapError {
  override readonly name: string = "CephFailure";
  readonly errno: number;
  constructor(errno: number, what: string) {
    super(`${what}: ${cppStrerror(errno)}`);
    this.errno = errno;
  }
}

/** Ceph's cpp_strerror: `(17) File exists`. */
export function cppStrerror(r: number): string {
  return `(${-r}) ${STRERROR.get(r) ?? `Unknown error ${-r}`}`;
}

/** Ceph's is_valid_crush_name: non-empty, letters, digits, `-`, `_` and `.` only. */
export function isValidCrushName(name: string): boolean {
  return /^[A-Za-z0-9_.-]+$/.test(name);
}

export class CephState {
  /** Slot i holds bucket -1-i. Its length is max_buckets. */
  readonly slots: (SimBucket | undefined)[];
  readonly names: Map<number, string>;
  /** Ceph's name_rmap: undefined when have_rmaps is false. */
  private rmap: Map<string, number> | undefined;
  readonly classOf: Map<number, number>;
  readonly classNames: Map<number, string>;
  classBucket: Map<number, Map<number, number>>;
  /** choose_args, by key, each by slot index. */
  readonly weightSets: SimArgMap[];
  readonly raw: RawMap;

  constructor(raw: RawMap) {
    this.raw = raw;
    this.slots = new Array<SimBucket | undefined>(raw.maxBuckets).fill(undefined);
    for (const b of raw.buckets) this.slots[-1 - b.id] = copyBucket(b);
    this.names = new Map(raw.itemNames);
    this.classOf = new Map(raw.classOfItem);
    this.classNames = new Map(raw.classNames);
    this.classBucket = new Map([...raw.classBucket].map(([k, v]) => [k, new Map(v)]));
    this.weightSets = readArgMaps(raw.chooseArgs);
    // CrushWrapper::decode ends with update_choose_args, for maps stored "corrupted"
    updateChooseArgs(this);
  }

  bucket(id: number): SimBucket | undefined {
    return id < 0 ? this.slots[-1 - id] : undefined;
  }

  /** Ceph's build_rmaps: name → id, the highest id winning among equal names. */
  private reverse(): Map<string, number> {
    if (this.rmap === undefined) {
      this.rmap = new Map();
      for (const [id, name] of [...this.names].sort((a, b) => a[0] - b[0])) this.rmap.set(name, id);
    }
    return this.rmap;
  }

  nameExists(name: string): boolean {
    return this.reverse().has(name);
  }

  itemId(name: string): number | undefined {
    return this.reverse().get(name);
  }

  /** have_rmaps = false. */
  invalidateNames(): void {
    this.rmap = undefined;
  }

  /** Sets a name the way Ceph does where it also updates the reverse index when it is built. */
  setNameKeepingIndex(id: number, name: string): void {
    this.names.set(id, name);
    if (this.rmap !== undefined) this.rmap.set(name, id);
  }

  /** Sets a name without touching the reverse index (Ceph's direct name_map writes). */
  setNameOnly(id: number, name: string): void {
    this.names.set(id, name);
  }

  itemName(id: number): string | undefined {
    return this.names.get(id);
  }

  /** is_shadow_item: a name that is not a valid crush name (it has a `~`). */
  isShadow(id: number): boolean {
    const name = this.names.get(id);
    return name !== undefined && !isValidCrushName(name);
  }

  typeName(type: number): string | undefined {
    return this.raw.typeNames.get(type);
  }

  classId(name: string): number | undefined {
    for (const [id, n] of this.classNames) if (n === name) return id;
    return undefined;
  }

  /** get_or_create_class_id: a new class takes the largest id + 1 (0 for the first). */
  classIdOrCreate(name: string): number {
    const found = this.classId(name);
    if (found !== undefined) return found;
    let id = 0;
    for (const c of this.classNames.keys()) id = Math.max(id, c + 1);
    this.classNames.set(id, name);
    return id;
  }

  /** _search_item_exists: whether any bucket holds `item`. */
  isHeld(item: number): boolean {
    for (const b of this.slots) if (b !== undefined && b.items.some((it) => it.id === item)) return true;
    return false;
  }

  /** find_roots: buckets no bucket holds, ascending id. */
  roots(): number[] {
    const held = new Set<number>();
    for (const b of this.slots) if (b !== undefined) for (const it of b.items) held.add(it.id);
    const out: number[] = [];
    for (const b of this.slots) if (b !== undefined && !held.has(b.id)) out.push(b.id);
    return out.sort((a, b) => a - b);
  }

  /** subtree_contains, walked with a stack. */
  subtreeContains(root: number, item: number): boolean {
    const stack = [root];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === item) return true;
      if (id >= 0 || seen.has(id)) continue;
      seen.add(id);
      const b = this.bucket(id);
      if (b !== undefined) for (const it of b.items) stack.push(it.id);
    }
    return false;
  }

  /** get_immediate_parent_id: the first non-shadow bucket (by slot) that holds `id`. */
  immediateParent(id: number): number | undefined {
    for (const b of this.slots) {
      if (b === undefined || this.isShadow(b.id)) continue;
      if (b.items.some((it) => it.id === id)) return b.id;
    }
    return undefined;
  }

  /** get_new_bucket_id: the first hole, or one slot more at the end. */
  newBucketId(): number {
    let index = 0;
    while (index < this.slots.length && this.slots[index] !== undefined) index++;
    if (index === this.slots.length) this.slots.push(undefined);
    return -1 - index;
  }

  /** crush_add_bucket at a given id: the array doubles (from 8) until the id fits. */
  addBucketAt(id: number, bucket: SimBucket): void {
    const index = -1 - id;
    let size = this.slots.length;
    while (index >= size) size = size === 0 ? 8 : size * 2;
    while (this.slots.length < size) this.slots.push(undefined);
    if (this.slots[index] !== undefined) throw new CephFailure(EEXIST, `bucket id ${id} is taken`);
    bucket.id = id;
    this.slots[index] = bucket;
  }

  removeBucket(id: number): void {
    this.slots[-1 - id] = undefined;
  }

  /** The map as a binary would store it now. */
  toRaw(): RawMap {
    const buckets: RawBucket[] = [];
    for (const b of this.slots) {
      if (b === undefined) continue;
      buckets.push({
        id: b.id,
        type: b.type,
        alg: b.alg,
        hash: b.hash,
        items: b.items.map((it) => ({ id: it.id, weight: it.weight })),
        ...(b.straws !== undefined ? { straws: b.straws } : {}),
        ...(b.sumWeights !== undefined ? { sumWeights: b.sumWeights } : {}),
        ...(b.nodeWeights !== undefined ? { nodeWeights: b.nodeWeights } : {}),
        at: 0,
      });
    }
    return {
      ...this.raw,
      buckets,
      itemNames: new Map([...this.names].sort((a, b) => a[0] - b[0])),
      classOfItem: new Map([...this.classOf].sort((a, b) => a[0] - b[0])),
      classNames: new Map([...this.classNames].sort((a, b) => a[0] - b[0])),
      classBucket: new Map([...this.classBucket].sort((a, b) => a[0] - b[0])),
      chooseArgs: argMapsToRaw(this.weightSets),
      maxBuckets: this.slots.length,
    };
  }
}

function copyBucket(b: RawBucket): SimBucket {
  return {
    id: b.id,
    type: b.type,
    alg: b.alg,
    hash: b.hash,
    items: b.items.map((it) => ({ id: it.id, weight: it.weight })),
    straws: b.straws,
    sumWeights: b.sumWeights,
    nodeWeights: b.nodeWeights,
  };
}

/** crush_make_bucket with no items: same type, algorithm and hash. */
export function emptyBucketLike(b: { type: number; alg: BucketAlg; hash: number }): SimBucket {
  return { id: 0, type: b.type, alg: b.alg, hash: b.hash, items: [] };
}

/** A bucket's weight as Ceph keeps it: the 32-bit sum of its items. */
export function bucketWeight(b: SimBucket): number {
  let sum = 0;
  for (const it of b.items) sum = (sum + it.weight) >>> 0;
  return sum;
}

/**
 * crush_bucket_add_item: appends `item`. A uniform bucket takes only its item weight (0 in a new
 * bucket), and no bucket a sum beyond 32 bits (crush_addition_is_unsafe).
 */
export function bucketAddItem(b: SimBucket, item: number, weight: number): void {
  if (b.alg === "uniform" && weight !== (b.items[0]?.weight ?? 0)) throw new CephFailure(EINVAL, `uniform bucket ${b.id}: item ${item} of another weight`);
  if (bucketWeight(b) + weight > 0xffffffff) throw new CephFailure(ERANGE, `bucket ${b.id}: weight beyond 32 bits`);
  b.items.push({ id: item, weight });
  dropStored(b);
}

/**
 * crush_bucket_adjust_item_weight: the first occurrence of `item` takes `weight` (every item of a
 * uniform bucket does); the stored straws and sums are recomputed by the encoder.
 */
export function bucketAdjustItemWeight(b: SimBucket, item: number, weight: number): void {
  const at = b.items.findIndex((it) => it.id === item);
  if (at < 0) return;
  if (b.alg === "uniform") for (const it of b.items) it.weight = weight;
  else b.items[at]!.weight = weight;
  dropStored(b);
}

function dropStored(b: SimBucket): void {
  b.straws = undefined;
  b.sumWeights = undefined;
  b.nodeWeights = undefined;
}
