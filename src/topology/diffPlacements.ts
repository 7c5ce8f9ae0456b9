/**
 * What changes between two placements, key by key: which copies move from which device to
 * which, and how that compares with the least any placement could move for the same change.
 *
 * The minimum: a device that holds more copies afterwards must receive at least the difference,
 * whatever scheme decides which keys go — so Σ over devices of max(0, after − before) copies
 * must be written somewhere. It is the bound `planRebalance` reports too (minimumReplicas), over
 * these keys. For one node added to a zone of a 3-zone layout with one copy per zone it is that
 * node's share of the zone: with 100,000 keys and 4 equal nodes growing to 5, about 20,000.
 * Devices are compared by name, so a device keeps its identity even if its id had to change.
 */
import { ITEM_NONE } from "../map/types.js";
import type { Placement } from "./createPlacement.js";
import { compareNames } from "./assignIds.js";
import { TopologyError } from "./errors.js";
import type { Key } from "./keyInput.js";

/**
 * One copy changing device.
 *
 * @group Topology
 */
export interface CopyMove {
  /** The erasure shard's position; null for a replica. */
  readonly shard: number | null;
  /** The device that held it; null when the copy did not exist (a hole or a short result before). */
  readonly from: string | null;
  /** The device that holds it after; null when it is dropped without a replacement (a hole or short result after). */
  readonly to: string | null;
}

/**
 * A key whose copies move.
 *
 * @group Topology
 */
export interface KeyMove {
  readonly key: Key;
  readonly before: readonly (string | null)[];
  readonly after: readonly (string | null)[];
  readonly moves: readonly CopyMove[];
}

/**
 * One device's copies over the keys compared.
 *
 * @group Topology
 */
export interface DeviceChange {
  readonly device: string;
  readonly before: number;
  readonly after: number;
  /** Copies moved onto it. */
  readonly received: number;
  /** Copies moved off it. */
  readonly given: number;
}

/**
 * What {@link diffPlacements} finds: the keys that move, copy by copy, and how that compares with the minimum.
 *
 * @group Topology
 */
export interface PlacementDiff {
  readonly before: Placement;
  readonly after: Placement;
  /** Keys compared. */
  readonly keys: number;
  readonly movedKeys: number;
  /** Copies written to a device that did not hold them. */
  readonly movedCopies: number;
  /** Σ over devices of max(0, after − before): what any placement reaching the same counts must move. */
  readonly minimumCopies: number;
  /** movedCopies / minimumCopies (1 when both are 0). */
  readonly ratio: number;
  /** Keys that move, in the order compared. */
  readonly moves: readonly KeyMove[];
  /** Every device of either placement, by name. */
  readonly devices: readonly DeviceChange[];
}

/** Most keys a count may ask for (the keys are made and compared in memory). */
const MAX_COUNT = 100_000_000;

/**
 * Compares two placements over `keys`, or over the `count` keys "0", "1", … when given a number.
 * Both must place the same kind and number of copies (their topologies and failure domains may
 * differ: that is the change). Frozen result.
 *
 * @group Topology
 *
 * @throws {@link TopologyError} when an argument is not a placement from {@link createPlacement}
 * or the two differ in kind or size.
 *
 * @example
 * ```ts
 * const diff = diffPlacements(before, after, 300_000);
 * diff.movedCopies; diff.minimumCopies; // e.g. 19,867 and 19,867 for a node added to a zone
 * for (const m of diff.moves.slice(0, 3)) console.log(m.key, m.moves); // [{ shard: null, from: "disk-a1-2", to: "disk-new-0" }]
 * ```
 */
export function diffPlacements(before: Placement, after: Placement, keys: readonly Key[] | number): PlacementDiff {
  if (!isPlacement(before)) throw new TopologyError("before is not a placement (make one with createPlacement)", "before");
  if (!isPlacement(after)) throw new TopologyError("after is not a placement (make one with createPlacement)", "after");
  if (before.kind !== after.kind || before.size !== after.size) {
    throw new TopologyError(`the placements differ in kind or size (${before.kind} ×${before.size}, ${after.kind} ×${after.size})`, "after");
  }
  const list = keyList(keys);
  const erasure = before.kind === "erasure";
  const size = before.size;
  const nums = numberDevices(before, after);
  const count = { before: new Float64Array(nums.names.length), after: new Float64Array(nums.names.length), received: new Float64Array(nums.names.length), given: new Float64Array(nums.names.length) };
  const a = new Int32Array(size);
  const b = new Int32Array(size);
  const moves: KeyMove[] = [];
  let movedCopies = 0;
  for (let i = 0; i < list.length; i++) {
    const key = list[i]!;
    const input = before.inputOf(key);
    const na = toNumbers(a, before.placeInputInto(input, a), nums.ofBefore, count.before);
    const nb = toNumbers(b, after.placeInputInto(input, b), nums.ofAfter, count.after);
    if (sameCopies(a, na, b, nb, erasure)) continue;
    const setA = namesOf(nums.names, a, na);
    const setB = namesOf(nums.names, b, nb);
    const copyMoves = erasure ? shardMoves(setA, setB) : replicaMoves(setA, setB);
    for (const m of copyMoves) {
      if (m.to !== null) {
        movedCopies++;
        count.received[nums.index.get(m.to)!]!++;
      }
      if (m.from !== null) count.given[nums.index.get(m.from)!]!++;
    }
    moves.push(Object.freeze({ key, before: Object.freeze(setA), after: Object.freeze(setB), moves: Object.freeze(copyMoves) }));
  }
  const devices = nums.names.map((device, d) => Object.freeze({ device, before: count.before[d]!, after: count.after[d]!, received: count.received[d]!, given: count.given[d]! }));
  let minimumCopies = 0;
  for (const d of devices) minimumCopies += Math.max(0, d.after - d.before);
  const ratio = minimumCopies === 0 ? (movedCopies === 0 ? 1 : Infinity) : movedCopies / minimumCopies;
  return Object.freeze({ before, after, keys: list.length, movedKeys: moves.length, movedCopies, minimumCopies, ratio, moves: Object.freeze(moves), devices: Object.freeze(devices) });
}

/** Every device of either placement numbered in name order, and each placement's crush id → that number. */
interface DeviceNumbers {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly ofBefore: Int32Array;
  readonly ofAfter: Int32Array;
}

function numberDevices(before: Placement, after: Placement): DeviceNumbers {
  const names = [...new Set([...before.topology.devices, ...after.topology.devices].map((d) => d.name))].sort(compareNames);
  const index = new Map(names.map((n, i) => [n, i] as const));
  const byId = (p: Placement): Int32Array => {
    const devices = p.topology.devices;
    const out = new Int32Array(devices[devices.length - 1]!.id + 1).fill(-1);
    for (const d of devices) out[d.id] = index.get(d.name)!;
    return out;
  };
  return { names, index, ofBefore: byId(before), ofAfter: byId(after) };
}

/** Crush ids → device numbers in place (-1 for a hole), counting each device's copies; returns n. */
function toNumbers(ids: Int32Array, n: number, of: Int32Array, counts: Float64Array): number {
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const d = id === ITEM_NONE ? -1 : of[id]!;
    ids[i] = d;
    if (d >= 0) counts[d]!++;
  }
  return n;
}

/** Same devices: position by position for erasure codes, as sets for replicas. */
function sameCopies(a: Int32Array, na: number, b: Int32Array, nb: number, erasure: boolean): boolean {
  if (na !== nb) return false;
  for (let i = 0; i < na; i++) {
    if (erasure) {
      if (a[i] !== b[i]) return false;
      continue;
    }
    let found = false;
    for (let j = 0; j < nb && !found; j++) found = a[i] === b[j];
    if (!found) return false;
  }
  return true;
}

function isPlacement(p: unknown): p is Placement {
  return typeof p === "object" && p !== null && typeof (p as Placement).placeInputInto === "function" && typeof (p as Placement).topology === "object";
}

function keyList(keys: readonly Key[] | number): readonly Key[] {
  if (typeof keys === "number") {
    if (!Number.isInteger(keys) || keys < 0 || keys > MAX_COUNT) throw new TopologyError(`key count ${keys} is not an integer in 0..${MAX_COUNT}`, "keys");
    return Array.from({ length: keys }, (_, i) => String(i));
  }
  if (!Array.isArray(keys)) throw new TopologyError("keys must be an array of keys or a count", "keys");
  return keys;
}

function namesOf(names: readonly string[], nums: Int32Array, n: number): (string | null)[] {
  const out = new Array<string | null>(n);
  for (let i = 0; i < n; i++) out[i] = nums[i]! < 0 ? null : names[nums[i]!]!;
  return out;
}

/** Position by position. */
function shardMoves(a: readonly (string | null)[], b: readonly (string | null)[]): CopyMove[] {
  const out: CopyMove[] = [];
  const width = Math.max(a.length, b.length);
  for (let i = 0; i < width; i++) {
    const from = a[i] ?? null;
    const to = b[i] ?? null;
    if (from !== to) out.push(Object.freeze({ shard: i, from, to }));
  }
  return out;
}

/** As sets: the i-th device dropped pairs with the i-th device added, in placement order. */
function replicaMoves(a: readonly (string | null)[], b: readonly (string | null)[]): CopyMove[] {
  const gone = a.filter((d) => !b.includes(d));
  const added = b.filter((d) => !a.includes(d));
  const out: CopyMove[] = [];
  for (let i = 0; i < Math.max(gone.length, added.length); i++) out.push(Object.freeze({ shard: null, from: gone[i] ?? null, to: added[i] ?? null }));
  return out;
}
