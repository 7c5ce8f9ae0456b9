/**
 * The client-usable section of an OSD map (what every Ceph client decodes): fsid, epoch,
 * pools, OSD states and weights, the exception tables, the crush map, the erasure-code
 * profiles. Fields follow OSDMap::decode, each behind the struct_v that added it (Ceph 16.2
 * writes 9, 18.2 and 20.2 write 10).
 */
import { CrushMapError } from "../../map/errors.js";
import { isBinaryCrushMap, loadCrushMap } from "../../map/load.js";
import type { CrushMap } from "../../map/types.js";
import { MAX_OSD } from "../state.js";
import type { UpmapItem } from "../types.js";
import { readAddrvecs } from "./addrs.js";
import { readPgToItems, readPgToOsd, readPgToOsds } from "./pgTables.js";
import { readPool } from "./pool.js";
import { readIntervals, readTime } from "./poolDetail.js";
import type { OsdMapAddr, OsdMapPoolRecord, OsdMapRecord, OsdMapTime } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/** The newest client-usable encoding this decoder knows (Reef's and Tentacle's). */
const CLIENT_VERSION = 10;
const NO_AFFINITY: readonly number[] = Object.freeze([]);

export interface ClientData {
  readonly version: number;
  readonly fsid: string;
  readonly epoch: number;
  readonly created: number;
  readonly modified: number;
  readonly pools: readonly OsdMapPoolRecord[];
  readonly poolMax: number;
  readonly flags: number;
  readonly maxOsd: number;
  readonly osdState: readonly number[];
  readonly osdWeight: readonly number[];
  /** Empty when the map stores none (every OSD 0x10000). */
  readonly primaryAffinity: readonly number[];
  readonly pgTemp: readonly { pgid: string; osds: readonly number[] }[];
  readonly primaryTemp: readonly { pgid: string; osd: number }[];
  readonly crush: CrushMap;
  readonly erasureCodeProfiles: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly pgUpmap: readonly { pgid: string; osds: readonly number[] }[];
  readonly pgUpmapItems: readonly { pgid: string; mappings: readonly UpmapItem[] }[];
  readonly pgUpmapPrimaries: readonly { pgid: string; osd: number }[];
  readonly crushVersion: number;
  readonly createdStamp: OsdMapTime;
  readonly modifiedStamp: OsdMapTime;
  readonly clientAddrs: readonly (readonly OsdMapAddr[])[];
  readonly newRemovedSnaps: OsdMapRecord["newRemovedSnaps"];
  readonly newPurgedSnaps: OsdMapRecord["newPurgedSnaps"];
  readonly lastUpChange: OsdMapTime;
  readonly lastInChange: OsdMapTime;
}

const ZERO_TIME: OsdMapTime = Object.freeze({ seconds: 0, nanoseconds: 0 });

export function readClientData(r: OsdmapReader): ClientData {
  const s = r.open("client-usable data", CLIENT_VERSION, 1);
  const v = s.version;
  const fsid = readUuid(r, "fsid");
  const epoch = r.u32("epoch");
  const createdStamp = readTime(r, "created");
  const modifiedStamp = readTime(r, "modified");
  const created = createdStamp.seconds + createdStamp.nanoseconds / 1e9;
  const modified = modifiedStamp.seconds + modifiedStamp.nanoseconds / 1e9;
  const pools = readPools(r);
  const poolMax = r.i32("pool_max");
  const flags = r.u32("flags");
  const maxOsd = readMaxOsd(r);
  const osdState = readPerOsd(r, "osd_state", maxOsd, v >= 5 ? 4 : 1);
  const osdWeight = readPerOsd(r, "osd_weight", maxOsd, 4);
  const clientAddrs = readAddrvecs(r, "client_addrs");
  const pgTemp = readPgToOsds(r, "pg_temp");
  const primaryTemp = readPgToOsd(r, "primary_temp");
  const primaryAffinity = v >= 2 ? readAffinity(r, maxOsd) : NO_AFFINITY;
  const crush = readCrush(r);
  const erasureCodeProfiles = v >= 3 ? readProfiles(r) : Object.freeze({});
  const pgUpmap = v >= 4 ? readPgToOsds(r, "pg_upmap") : [];
  const pgUpmapItems = v >= 4 ? readPgToItems(r, "pg_upmap_items") : [];
  const crushVersion = v >= 6 ? r.i32("crush_version") : 0;
  const newRemovedSnaps = v >= 7 ? readSnapSets(r, "new_removed_snaps") : Object.freeze([]);
  const newPurgedSnaps = v >= 7 ? readSnapSets(r, "new_purged_snaps") : Object.freeze([]);
  const lastUpChange = v >= 9 ? readTime(r, "last_up_change") : ZERO_TIME;
  const lastInChange = v >= 9 ? readTime(r, "last_in_change") : ZERO_TIME;
  const pgUpmapPrimaries = v >= 10 ? readPgToOsd(r, "pg_upmap_primaries") : [];
  r.close(s);
  return {
    version: v, fsid, epoch, created, modified, pools, poolMax, flags, maxOsd, osdState, osdWeight, primaryAffinity,
    pgTemp, primaryTemp, crush, erasureCodeProfiles, pgUpmap, pgUpmapItems, pgUpmapPrimaries, crushVersion,
    createdStamp, modifiedStamp, clientAddrs, newRemovedSnaps, newPurgedSnaps, lastUpChange, lastInChange,
  };
}

/** ASCII codes of the hex digits, by nibble. */
const HEX_DIGITS: readonly number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
/** The text of one uuid, reused: its string is made from it in one piece. */
const UUID_TEXT = new Uint8Array(36);

/**
 * uuid_d: 16 bytes, printed as Ceph prints it (8-4-4-4-12 lower-case hex). Made from its 36
 * character codes in one piece: a string grown by 20 concatenations stays a tree of 20 pieces until it is flattened,
 * about 0.6 KB per OSD of a large map while it loads.
 */
export function readUuid(r: OsdmapReader, what: string): string {
  const at = r.offset;
  r.skip(16, what);
  const b = r.bytes;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) UUID_TEXT[j++] = 0x2d;
    const v = b[at + i]!;
    UUID_TEXT[j++] = HEX_DIGITS[v >> 4]!;
    UUID_TEXT[j++] = HEX_DIGITS[v & 15]!;
  }
  // 36 arguments, whatever the map's size
  return String.fromCharCode.apply(null, UUID_TEXT as unknown as number[]);
}

/** pools (map<s64, pg_pool_t>) and pool_name (map<s64, string>): every pool must have a name. */
function readPools(r: OsdmapReader): readonly OsdMapPoolRecord[] {
  const raw: Omit<OsdMapPoolRecord, "name">[] = [];
  const offsets: number[] = [];
  for (let n = r.count("pools", 8 + 6); n > 0; n--) {
    const at = r.offset;
    const id = r.i64("pool id");
    if (id < 0) throw r.error(`pool id ${id} is negative`, at, id);
    offsets.push(at);
    raw.push(readPool(r, id));
  }
  const names = new Map<number, string>();
  for (let n = r.count("pool_name", 8 + 4); n > 0; n--) {
    const id = r.i64("pool_name id");
    names.set(id, r.string(`name of pool ${id}`));
  }
  return Object.freeze(
    raw.map((p, i) => {
      const name = names.get(p.id);
      // Ceph asserts on a pool without a name (OSDMap::get_pool_name)
      if (name === undefined) throw r.error(`pool ${p.id} has no entry in pool_name`, offsets[i]!, p.id);
      return Object.freeze({ ...p, name });
    }),
  );
}

function readMaxOsd(r: OsdmapReader): number {
  const at = r.offset;
  const maxOsd = r.i32("max_osd");
  if (maxOsd < 0) throw r.error(`max_osd is ${maxOsd}`, at, "max_osd");
  if (maxOsd > MAX_OSD) {
    throw r.error(`max_osd ${maxOsd} is more OSDs than crushmap holds (${MAX_OSD}; Ceph's monitor allows mon_max_osd, 10000 by default)`, at, "max_osd");
  }
  return maxOsd;
}

/** A vector with one entry per OSD id (osd_state, osd_weight): exactly max_osd of them. */
function readPerOsd(r: OsdmapReader, what: string, maxOsd: number, width: 1 | 4): readonly number[] {
  const at = r.offset;
  const n = r.count(what, width);
  if (n !== maxOsd) throw r.error(`${what} has ${n} entries, max_osd is ${maxOsd}`, at, what);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = width === 4 ? r.u32(what) : r.u8(what);
  return Object.freeze(out);
}

/** osd_primary_affinity: empty (no OSD has one set) or one per OSD id. */
function readAffinity(r: OsdmapReader, maxOsd: number): readonly number[] {
  const at = r.offset;
  const n = r.count("osd_primary_affinity", 4);
  if (n !== 0 && n !== maxOsd) throw r.error(`osd_primary_affinity has ${n} entries, max_osd is ${maxOsd}`, at, "osd_primary_affinity");
  return n === 0 ? NO_AFFINITY : readPerOsdBody(r, n);
}

function readPerOsdBody(r: OsdmapReader, n: number): readonly number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = r.u32("osd_primary_affinity");
  return Object.freeze(out);
}

/** The crush map, a length-prefixed blob decoded by the crush map's own decoder. */
function readCrush(r: OsdmapReader): CrushMap {
  const length = r.count("crush map", 1, "length");
  const at = r.offset;
  r.skip(length, "crush map");
  const blob = r.bytes.subarray(at, at + length);
  // loadCrushMap would read text too: an OSD map only ever embeds the binary form
  if (!isBinaryCrushMap(blob)) throw r.error(`embedded crush map (${length} bytes) does not start with the crush magic`, at, "crush");
  try {
    return loadCrushMap(blob);
  } catch (e) {
    if (!(e instanceof CrushMapError)) throw e;
    throw r.error(`embedded crush map (${length} bytes): ${e.message}`, at, "crush");
  }
}

/** erasure_code_profiles: map<string, map<string, string>>. */
function readProfiles(r: OsdmapReader): Readonly<Record<string, Readonly<Record<string, string>>>> {
  const entries: [string, Readonly<Record<string, string>>][] = [];
  for (let n = r.count("erasure_code_profiles", 8); n > 0; n--) {
    const name = r.string("erasure-code profile name");
    // fromEntries defines own properties: a key like "__proto__" stays a key
    entries.push([name, Object.freeze(Object.fromEntries(r.stringMap(`erasure-code profile '${name}'`)))]);
  }
  return Object.freeze(Object.fromEntries(entries));
}

/** map<s64 pool, interval_set<snapid>>: new_removed_snaps, new_purged_snaps, removed_snaps_queue. */
export function readSnapSets(r: OsdmapReader, what: string): OsdMapRecord["newRemovedSnaps"] {
  const out: OsdMapRecord["newRemovedSnaps"][number][] = [];
  for (let n = r.count(what, 8 + 4); n > 0; n--) {
    const pool = r.i64(`${what} pool`);
    out.push(Object.freeze({ pool, snaps: readIntervals(r, `${what} intervals`) }));
  }
  return Object.freeze(out);
}
