/**
 * Placing a device at a location the way `crushtool --add-item` / `--update-item` (and
 * `ceph osd crush add` / `set`) do it: CrushWrapper::insert_item, update_item and
 * check_item_loc. A location names a bucket per type (`host=host0 cluster=cluster0`); only the
 * lowest type it names decides where the device goes, the buckets it names that do not exist
 * yet are made on the way up to the first one that does, and a device that already sits in
 * another bucket stays there too: Ceph lets one device sit in several buckets, each with its
 * own weight.
 */
import { CrushMapBuilder } from "./builder.js";
import { CrushEditError, CrushMapError, type CrushEditErrorCode } from "./errors.js";
import { CrushmapError } from "../hash/crushmapError.js";
import type { CrushMap } from "./types.js";
import { isValidCrushName } from "./validate.js";
import { weightFromDecimal } from "./weight.js";

/**
 * Where an item goes: bucket name per type name, as Ceph's `map<string,string>` (given as
 * pairs, a type named twice keeps its last bucket, as crushtool's `--loc` does).
 *
 * @group Maps
 */
export type CrushLocation = readonly (readonly [type: string, bucket: string])[];

/**
 * A device to place with {@link insertItem} or {@link updateItem}.
 *
 * @group Maps
 */
export interface PlacedDevice {
  readonly id: number;
  /** Decimal weight (1.0 is 0x10000), converted as Ceph's commands convert it. */
  readonly weight: number;
  readonly name: string;
}

/**
 * The result of {@link updateItem}: the map, and whether anything changed (Ceph's update_item
 * returns 0 when the device already sits there with that weight and name).
 *
 * @group Maps
 */
export interface UpdateItemResult {
  readonly map: CrushMap;
  readonly changed: boolean;
}

/**
 * CrushWrapper::insert_item: names the device, then walks the location's types from the
 * lowest up, making each missing bucket (holding what came before) until one exists, which
 * takes the chain; the device then gets `weight` in every location bucket that holds it
 * directly, and every ancestor follows. A device already in another bucket keeps that place
 * and its weight there.
 *
 * @throws {@link CrushEditError} with Ceph's errno name: `EINVAL` for a bad name, a location
 * bucket that is a device or of another type, a device already under it, or nowhere to put it;
 * `EEXIST` for a name another item has; `ELOOP` for a cycle; `EOVERFLOW` for a weight over
 * 32767.99998 or of -1/65536 and less (a weight between that and 0 counts as 0).
 *
 * @example device 0 into a second host (made on the way), weighing 2.0 there
 * ```ts
 * const next = insertItem(map, { id: 0, weight: 2.0, name: "device0" }, [["host", "fake"], ["cluster", "cluster0"]]);
 * ```
 */
export function insertItem(map: CrushMap, device: PlacedDevice, loc: CrushLocation): CrushMap {
  const where = locationMap(loc);
  checkArguments(device, where);
  const b = CrushMapBuilder.from(map);
  place(b, truncated(device), where);
  return b.build();
}

/**
 * CrushWrapper::update_item: when the device already sits in the bucket of the location's
 * lowest type ({@link checkItemLoc}), only its weight in the location's buckets and its name
 * change; otherwise it leaves every bucket and is placed as {@link insertItem} places it.
 *
 * @throws {@link CrushEditError} as {@link insertItem}.
 */
export function updateItem(map: CrushMap, given: PlacedDevice, loc: CrushLocation): UpdateItemResult {
  const where = locationMap(loc);
  checkArguments(given, where);
  const device = truncated(given);
  const b = CrushMapBuilder.from(map);
  const old = checkItemLoc(map, device.id, loc);
  if (old === undefined) {
    if (map.devices.some((d) => d.id === device.id)) edit("EINVAL", () => b.unlinkItem(device.id));
    place(b, device, where);
    return { map: b.build(), changed: true };
  }
  let changed = false;
  // update_item compares the weights as 16.16 integers
  if (old !== weightFromDecimal(device.weight, device.name)) {
    reweightInLoc(b, map, device, where);
    changed = true;
  }
  if (map.devices.find((d) => d.id === device.id)?.name !== device.name) {
    edit("EEXIST", () => b.renameItem(device.id, device.name));
    changed = true;
  }
  return { map: changed ? b.build() : map, changed };
}

/**
 * CrushWrapper::check_item_loc: the 16.16 weight of item `id` in the bucket the location names
 * for its lowest type, or undefined when that bucket does not exist, is a device or does not
 * hold the item directly. Higher levels of the location are not looked at.
 */
export function checkItemLoc(map: CrushMap, id: number, loc: CrushLocation): number | undefined {
  const where = locationMap(loc);
  for (const t of [...map.types].sort((x, y) => x.id - y.id)) {
    if (t.id === 0) continue;
    const name = where.get(t.name);
    if (name === undefined) continue;
    const bucket = map.buckets.find((bk) => bk.name === name);
    return bucket?.items.find((it) => it.id === id)?.weight;
  }
  return undefined;
}

/** A weight above -1/65536 and below 0 becomes 0 as 16.16 (Ceph truncates it). */
function truncated(device: PlacedDevice): PlacedDevice {
  return device.weight < 0 ? { ...device, weight: 0 } : device;
}

function locationMap(loc: CrushLocation): Map<string, string> {
  return new Map(loc.map(([t, n]) => [t, n] as const));
}

function checkArguments(device: PlacedDevice, where: ReadonlyMap<string, string>): void {
  if (!Number.isInteger(device.id) || device.id < 0) throw new CrushEditError(`device id ${String(device.id)} is not a non-negative integer`, "EINVAL", device.id);
  if (!isValidCrushName(device.name)) throw new CrushEditError(`device name ${JSON.stringify(device.name)} is invalid`, "EINVAL", device.name);
  for (const [t, n] of where) {
    if (!isValidCrushName(t) || !isValidCrushName(n)) throw new CrushEditError(`location ${t}=${n} is not a valid crush name`, "EINVAL", n);
  }
  // validate_weightf: the weight as 16.16, converted to an unsigned 64-bit integer, must fit a
  // signed int; a weight of -1/65536 or less wraps around to a huge one
  const fixed = Math.fround(Math.fround(device.weight) * 0x10000);
  if (!(fixed <= 0x7fffffff) || fixed <= -1) throw new CrushEditError(`weight ${device.weight} of ${device.name} is too large`, "EOVERFLOW", device.name);
}

/** insert_item on a builder: name, chain of new buckets, link, weight in the location. */
function place(b: CrushMapBuilder, device: PlacedDevice, where: ReadonlyMap<string, string>): void {
  const map = b.build();
  const holder = b.idOf(device.name);
  if (holder !== undefined && holder !== device.id) throw new CrushEditError(`name ${device.name} already exists as id ${holder}`, "EEXIST", device.name);
  const isNew = !map.devices.some((d) => d.id === device.id);
  if (!isNew && holder === undefined) edit("EEXIST", () => b.renameItem(device.id, device.name));
  const typeName = new Map(map.types.map((t) => [t.id, t.name] as const));
  // what goes into the next bucket: the device, then each bucket made on the way up
  let cur: number = device.id;
  for (const t of [...map.types].sort((x, y) => x.id - y.id)) {
    const bucket = t.id === 0 ? undefined : where.get(t.name);
    if (bucket === undefined) continue;
    const id = b.idOf(bucket);
    if (id === undefined) {
      edit("EINVAL", () => b.addBucket(bucket, t.name));
      link(b, cur, bucket, device, isNew);
      cur = b.idOf(bucket)!;
      continue;
    }
    const now = b.build();
    const existing = now.buckets.find((bk) => bk.id === id);
    if (existing === undefined) throw new CrushEditError(`${bucket} is a device, not a bucket`, "EINVAL", bucket);
    if (contains(now, id, cur)) throw new CrushEditError(`item ${cur} already exists beneath ${bucket}`, "EINVAL", bucket);
    if (existing.type !== t.id) throw new CrushEditError(`bucket ${bucket} has type '${typeName.get(existing.type) ?? existing.type}', not '${t.name}'`, "EINVAL", bucket);
    if (contains(now, cur, id)) throw new CrushEditError(`item ${cur} already contains ${bucket}`, "ELOOP", bucket);
    link(b, cur, bucket, device, isNew);
    break;
  }
  // Ceph names the device first and fails here when nothing holds it in the location
  if (!reweightInLoc(b, b.build(), device, where)) throw new CrushEditError(`nowhere to add item ${device.id} in the location given`, "EINVAL", device.id);
}

/** Puts `cur` (the device, or the last bucket made) into `bucket` with weight 0, as insert_item links it. */
function link(b: CrushMapBuilder, cur: number, bucket: string, device: PlacedDevice, isNew: boolean): void {
  if (cur === device.id && isNew) edit("EINVAL", () => b.addDevice({ id: device.id, name: device.name, weight: 0, under: bucket }));
  else edit("EINVAL", () => b.linkItem(cur, bucket, 0));
}

/** adjust_item_weightf_in_loc: the weight in every location bucket that holds the device directly. */
function reweightInLoc(b: CrushMapBuilder, map: CrushMap, device: PlacedDevice, where: ReadonlyMap<string, string>): boolean {
  let changed = false;
  // Ceph walks the location keyed by type name; each bucket is re-summed on its own
  for (const name of [...where.keys()].sort().map((t) => where.get(t)!)) {
    const bucket = map.buckets.find((bk) => bk.name === name);
    if (bucket === undefined || !bucket.items.some((it) => it.id === device.id)) continue;
    edit("EINVAL", () => b.reweight(device.id, device.weight, { in: name }));
    changed = true;
  }
  return changed;
}

/** True when bucket `root` holds `item` somewhere below it (or is it): Ceph's subtree_contains. */
function contains(map: CrushMap, root: number, item: number): boolean {
  if (root === item) return true;
  const byId = new Map(map.buckets.map((bk) => [bk.id, bk] as const));
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const bk = byId.get(stack.pop()!);
    if (bk === undefined) continue;
    for (const it of bk.items) {
      if (it.id === item) return true;
      if (it.id < 0 && !seen.has(it.id)) {
        seen.add(it.id);
        stack.push(it.id);
      }
    }
  }
  return false;
}

/** Runs a builder edit; a refusal becomes a CrushEditError with Ceph's errno name. */
function edit(code: CrushEditErrorCode, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof CrushEditError || !(e instanceof CrushmapError)) throw e;
    throw new CrushEditError(e.message, code, e instanceof CrushMapError ? e.item : undefined);
  }
}
