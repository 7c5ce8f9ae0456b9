/**
 * The exception tables, each a std::map keyed by pg_t (u8 version 1, u64 pool, u32 seed, s32
 * "preferred", always -1): pg_temp and pg_upmap (to a vector of OSDs), primary_temp and
 * pg_upmap_primaries (to one OSD), pg_upmap_items (to a vector of from/to pairs).
 */
import { formatPgId } from "../pgId.js";
import type { UpmapItem } from "../types.js";
import type { OsdmapReader } from "./reader.js";

const PG_T_BYTES = 17;

/** A pg_t as Ceph prints it (`1.1f`). */
export function readPgId(r: OsdmapReader, what: string): string {
  const at = r.offset;
  const v = r.u8(`${what} pg_t version`);
  if (v !== 1) throw r.error(`${what} has a pg_t of version ${v}, not 1`, at);
  const pool = r.u64(`${what} pool`);
  const seed = r.u32(`${what} seed`);
  r.skip(4, `${what} preferred`);
  return formatPgId(pool, seed);
}

function readOsds(r: OsdmapReader, what: string): readonly number[] {
  const out: number[] = [];
  for (let n = r.count(what, 4); n > 0; n--) out.push(r.i32(what));
  return Object.freeze(out);
}

/** map<pg_t, vector<s32>>: pg_temp, pg_upmap. */
export function readPgToOsds(r: OsdmapReader, what: string): { pgid: string; osds: readonly number[] }[] {
  const out: { pgid: string; osds: readonly number[] }[] = [];
  for (let n = r.count(what, PG_T_BYTES + 4); n > 0; n--) {
    const pgid = readPgId(r, what);
    out.push(Object.freeze({ pgid, osds: readOsds(r, `${what} of ${pgid}`) }));
  }
  return out;
}

/** map<pg_t, s32>: primary_temp, pg_upmap_primaries. */
export function readPgToOsd(r: OsdmapReader, what: string): { pgid: string; osd: number }[] {
  const out: { pgid: string; osd: number }[] = [];
  for (let n = r.count(what, PG_T_BYTES + 4); n > 0; n--) {
    const pgid = readPgId(r, what);
    out.push(Object.freeze({ pgid, osd: r.i32(`${what} of ${pgid}`) }));
  }
  return out;
}

/** map<pg_t, vector<pair<s32, s32>>>: pg_upmap_items. */
export function readPgToItems(r: OsdmapReader, what: string): { pgid: string; mappings: readonly UpmapItem[] }[] {
  const out: { pgid: string; mappings: readonly UpmapItem[] }[] = [];
  for (let n = r.count(what, PG_T_BYTES + 4); n > 0; n--) {
    const pgid = readPgId(r, what);
    const mappings: UpmapItem[] = [];
    for (let k = r.count(`${what} of ${pgid}`, 8); k > 0; k--) {
      const from = r.i32(`${what} of ${pgid}`);
      mappings.push(Object.freeze({ from, to: r.i32(`${what} of ${pgid}`) }));
    }
    out.push(Object.freeze({ pgid, mappings: Object.freeze(mappings) }));
  }
  return out;
}
