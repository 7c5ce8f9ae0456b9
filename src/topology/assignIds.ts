/**
 * Crush ids from names. CRUSH hashes item ids into every draw, so an item whose id changes draws
 * differently and its data moves. Ids handed out in order of addition (as Ceph's commands do)
 * renumber every later item when a config lists a new node in the middle; here an id depends on
 * the node's own name, not on its neighbours:
 *
 * - A name's home slots are `hash32_2(h, i) mod S` for i = 0…7, with h Ceph's rjenkins hash of
 *   its UTF-8 bytes and S the id space (devices 0…65535, buckets -1…-16384); past those, the
 *   slots after the last one in turn. Devices take id = slot, buckets id = -1 - slot.
 * - Pinned ids (the `ids` option) are placed first and never move.
 * - The others are placed one by one in a fixed order, each in its first free home slot. The
 *   order is by a second hash of the name (names break its ties), so it does not depend on the
 *   order of the spec: the result is a function of the set of names.
 *
 * Adding a node can only change another node's id when both want the same slot and the newcomer
 * comes first in that order: with n devices the chance per added device is about n / 2S (0.05 %
 * for 72 devices). Removing one is symmetric. Passing a topology's `ids` back when defining its
 * next version rules even that out, since pinned ids never move.
 */
import { hash32_2 } from "../hash/rjenkins.js";
import { strHashRjenkins } from "../hash/strHash.js";
import { utf8Encode } from "../hash/utf8.js";
import { TopologyError } from "./errors.js";

/**
 * Slots for device ids: 0…65535. Ceph allocates arrays by the highest OSD id, so the space stays small.
 *
 * @group Topology
 */
export const DEVICE_ID_SPACE = 1 << 16;
/**
 * Slots for bucket ids: -1…-16384. A compiled map holds an entry per slot up to the lowest id.
 *
 * @group Topology
 */
export const BUCKET_ID_SPACE = 1 << 14;
/**
 * Pinned ids may reach a little further, up to ±2^24 (arrays indexed by id must stay allocatable).
 *
 * @group Topology
 */
export const MAX_PINNED_ID = 1 << 24;
const HOME_SLOTS = 8;
const ORDER_SALT = 0xffffffff;

interface Claim {
  readonly index: number;
  readonly name: string;
  readonly hash: number;
  readonly order: number;
}

/** The crush id of every node, by index: devices from 0 up, buckets from -1 down. */
export function assignIds(names: readonly string[], isDevice: readonly boolean[], pins: Readonly<Record<string, number>> | undefined): Int32Array {
  const ids = new Int32Array(names.length);
  for (const device of [true, false]) {
    const members: number[] = [];
    for (let i = 0; i < names.length; i++) if (isDevice[i] === device) members.push(i);
    assignSpace(members, names, pins, device, ids);
  }
  return ids;
}

function assignSpace(members: readonly number[], names: readonly string[], pins: Readonly<Record<string, number>> | undefined, device: boolean, ids: Int32Array): void {
  const space = device ? DEVICE_ID_SPACE : BUCKET_ID_SPACE;
  const used = new Set<number>();
  const free: Claim[] = [];
  const pinned = members.filter((i) => pinOf(pins, names[i]!) !== undefined).sort((a, b) => compareNames(names[a]!, names[b]!));
  for (const i of pinned) {
    const id = checkPin(pinOf(pins, names[i]!)!, names[i]!, device);
    if (used.has(id)) throw new TopologyError(`ids: ${names[i]} is pinned to ${id}, which another node is pinned to too`, names[i]!);
    used.add(id);
    ids[i] = id;
  }
  for (const i of members) {
    if (pinOf(pins, names[i]!) !== undefined) continue;
    const hash = strHashRjenkins(utf8Encode(names[i]!));
    free.push({ index: i, name: names[i]!, hash, order: hash32_2(hash, ORDER_SALT) });
  }
  let inSpace = 0;
  for (const id of used) if (slotOf(id, device) < space) inSpace++;
  if (free.length + inSpace > space) {
    throw new TopologyError(`the topology has ${members.length} ${device ? "devices" : "buckets"}, more than the ${space} ids crushmap hands out`, names[members[0]!]!);
  }
  free.sort((a, b) => a.order - b.order || compareNames(a.name, b.name));
  for (const c of free) {
    const slot = firstFreeSlot(c.hash, space, used, device);
    const id = device ? slot : -1 - slot;
    used.add(id);
    ids[c.index] = id;
  }
}

/** The first free home slot, else the first free slot after the last home slot (one exists: counted above). */
function firstFreeSlot(hash: number, space: number, used: ReadonlySet<number>, device: boolean): number {
  let slot = 0;
  for (let i = 0; i < HOME_SLOTS; i++) {
    slot = hash32_2(hash, i) % space;
    if (!used.has(device ? slot : -1 - slot)) return slot;
  }
  for (;;) {
    slot = (slot + 1) % space;
    if (!used.has(device ? slot : -1 - slot)) return slot;
  }
}

function slotOf(id: number, device: boolean): number {
  return device ? id : -1 - id;
}

function pinOf(pins: Readonly<Record<string, number>> | undefined, name: string): number | undefined {
  if (pins === undefined || !Object.prototype.hasOwnProperty.call(pins, name)) return undefined;
  return pins[name];
}

function checkPin(id: unknown, name: string, device: boolean): number {
  const ok = typeof id === "number" && Number.isInteger(id) && (device ? id >= 0 && id < MAX_PINNED_ID : id < 0 && id >= -MAX_PINNED_ID);
  if (!ok) {
    const range = device ? `0..${MAX_PINNED_ID - 1}` : `-${MAX_PINNED_ID}..-1`;
    throw new TopologyError(`ids: ${name} is pinned to ${String(id)}; a ${device ? "device" : "bucket"} id must be an integer in ${range}`, name);
  }
  return id;
}

/** Name order by UTF-16 code units: the same on every platform, unlike localeCompare. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
