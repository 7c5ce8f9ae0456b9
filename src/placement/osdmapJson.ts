/**
 * Reading what operators already have: `ceph osd dump -f json` (or `osdmaptool MAP --dump json`)
 * together with the cluster's crush map. The JSON carries pools, OSD states, reweights, primary
 * affinities and the exception tables; the crush map comes separately (`ceph osd getcrushmap`).
 *
 * Ceph 16.2, 18.2 and 20.2 print the same fields for what placement needs; Reef added
 * `pg_upmap_primaries` (`[{"pgid": "1.0", "primary_osd": 3}]`), and each release adds fields
 * placement does not read (`read_balance` per pool, `allow_crimson`, …). Tentacle's
 * `nonprimary_shards` of an EC-optimized pool changes how its pg_temp entries read.
 * What they hold tells which release wrote them, and so how a pool finds its rule (see
 * ClusterStateInput.release).
 */
import { cephRelease, type CephRelease, type CephReleaseName } from "../map/release.js";
import type { CrushMap } from "../map/types.js";
import { ClusterStateError } from "./errors.js";
import { leanOsdmapDocument } from "./osdmapJsonLean.js";
import { FLAG_EC_OPTIMIZATIONS, poolInputOf, warnNewerRelease } from "./osdmapFacts.js";
import { createClusterState, type OsdInput, type PoolInput } from "./state.js";
import type { ClusterState, ClusterStateWarning } from "./types.js";

/**
 * How {@link clusterStateFromOsdmapJson} treats what Ceph tolerates: strictness and warnings.
 *
 * @group Placement
 */
export interface OsdmapJsonOptions {
  /** See ClusterStateInput.strict (default true). */
  readonly strict?: boolean;
  /**
   * Told of what Ceph tolerates and crushmap therefore accepts: a pg_upmap_primaries entry
   * naming an OSD that does not exist, a dump whose require_osd_release is newer than Tentacle.
   */
  readonly onWarning?: (warning: ClusterStateWarning) => void;
  /**
   * Whose OSD map code to reproduce (see ClusterStateInput.release). Default: the release that
   * wrote the dump, by what it holds: pools with `nonprimary_shards` are Tentacle's (20), a
   * `pg_upmap_primaries` table Reef's (18) or Squid's, neither an older one's (16).
   */
  readonly release?: CephReleaseName;
}

/** The release that wrote a dump (see OsdmapJsonOptions.release). */
export function dumpRelease(root: Readonly<Record<string, unknown>>): CephRelease {
  const pools = Array.isArray(root["pools"]) ? (root["pools"] as unknown[]) : [];
  if (pools.some((p) => typeof p === "object" && p !== null && "nonprimary_shards" in p)) return 20;
  return "pg_upmap_primaries" in root ? 18 : 16;
}

/**
 * A cluster state from Ceph's OSD map dump and crush map.
 *
 * @group Placement
 *
 * @param json the dump as text or already parsed
 * @throws {@link ClusterStateError} when the text is not JSON, not an OSD map dump, or describes a
 * state {@link createClusterState} refuses.
 * @example
 * ```ts
 * // ceph osd dump -f json > osdmap.json; ceph osd getcrushmap -o crush.bin
 * const state = clusterStateFromOsdmapJson(readFileSync("osdmap.json", "utf8"), loadCrushMap(readFileSync("crush.bin")));
 * ```
 */
export function clusterStateFromOsdmapJson(json: string | unknown, crush: CrushMap, options: OsdmapJsonOptions = {}): ClusterState {
  // from text, only what placement reads is built (osdmapJsonLean.ts): a third of the memory
  const doc: unknown = typeof json === "string" ? leanOsdmapDocument(json) : json;
  const root = obj(doc, "the OSD map");
  if (!Array.isArray(root["pools"]) || !Array.isArray(root["osds"]) || root["max_osd"] === undefined) {
    throw new ClusterStateError("the JSON is not an OSD map dump (expected 'pools', 'osds' and 'max_osd', as `ceph osd dump -f json` prints)");
  }
  const profiles = root["erasure_code_profiles"] === undefined ? {} : obj(root["erasure_code_profiles"], "erasure_code_profiles");
  warnNewerRelease(root["require_osd_release"], options.onWarning);

  const pools: PoolInput[] = arr(root["pools"], "pools").map((p, i) => {
    const o = obj(p, `pools[${i}]`);
    const id = int(o["pool"], `pools[${i}].pool`);
    const what = `pool ${id}`;
    const stored = {
      id,
      type: int(o["type"], `${what} type`),
      objectHash: int(o["object_hash"], `${what} object_hash`),
      name: str(o["pool_name"], `${what} pool_name`),
      size: int(o["size"], `${what} size`),
      minSize: int(o["min_size"], `${what} min_size`),
      crushRule: int(o["crush_rule"], `${what} crush_rule`),
      pgNum: int(o["pg_num"], `${what} pg_num`),
      pgpNum: int(o["pg_placement_num"], `${what} pg_placement_num`),
      flags: int(o["flags"], `${what} flags`),
      erasureCodeProfile: o["erasure_code_profile"] === undefined ? "" : str(o["erasure_code_profile"], `${what} erasure_code_profile`),
      ...readRatioOf(o, what),
    };
    return poolInputOf({ ...stored, ...nonprimaryShardsOf(o, stored.flags, what) }, profiles);
  });

  // Only OSDs that exist are dumped.
  const osds: OsdInput[] = arr(root["osds"], "osds").map((entry, i) => {
    const o = obj(entry, `osds[${i}]`);
    const id = int(o["osd"], `osds[${i}].osd`);
    const isIn = int(o["in"], `osd.${id} in`) !== 0;
    // the state's own record (createClusterState keeps it rather than copying it)
    return Object.freeze({
      id,
      exists: true,
      up: int(o["up"], `osd.${id} up`) !== 0,
      weight: isIn ? fixed(o["weight"], `osd.${id} weight`) : 0,
      primaryAffinity: o["primary_affinity"] === undefined ? 0x10000 : fixed(o["primary_affinity"], `osd.${id} primary_affinity`),
    });
  });

  const list = (key: string): Record<string, unknown>[] =>
    root[key] === undefined ? [] : arr(root[key], key).map((e, i) => obj(e, `${key}[${i}]`));
  return createClusterState({
    crush,
    epoch: root["epoch"] === undefined ? 0 : int(root["epoch"], "epoch"),
    maxOsd: int(root["max_osd"], "max_osd"),
    pools,
    osds,
    pgUpmap: list("pg_upmap").map((e) => ({ pgid: str(e["pgid"], "pg_upmap pgid"), osds: ints(e["osds"], "pg_upmap osds") })),
    pgUpmapItems: list("pg_upmap_items").map((e) => ({
      pgid: str(e["pgid"], "pg_upmap_items pgid"),
      mappings: arr(e["mappings"], "pg_upmap_items mappings").map((m) => {
        const mm = obj(m, "pg_upmap_items mapping");
        return { from: int(mm["from"], "pg_upmap_items from"), to: int(mm["to"], "pg_upmap_items to") };
      }),
    })),
    pgUpmapPrimaries: list("pg_upmap_primaries").map((e) => ({
      pgid: str(e["pgid"], "pg_upmap_primaries pgid"),
      osd: int(e["primary_osd"], "pg_upmap_primaries primary_osd"),
    })),
    pgTemp: list("pg_temp").map((e) => ({ pgid: str(e["pgid"], "pg_temp pgid"), osds: ints(e["osds"], "pg_temp osds") })),
    primaryTemp: primaryTemps(root["primary_temp"]),
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    release: options.release === undefined ? dumpRelease(root) : cephRelease(options.release),
  });
}

/** Ceph 20's `nonprimary_shards` of an EC-optimized pool, dumped as a set: `"{1,2,3}"`. */
function nonprimaryShardsOf(pool: Record<string, unknown>, flags: number, what: string): { nonprimaryShards?: number[] } {
  const v = pool["nonprimary_shards"];
  if (v === undefined || (flags & FLAG_EC_OPTIMIZATIONS) === 0) return {};
  const text = str(v, `${what} nonprimary_shards`);
  const m = /^\{([\d,]*)\}$/.exec(text);
  if (m === null || /^,|,,|,$/.test(m[1]!)) throw new ClusterStateError(`${what} nonprimary_shards is '${text}', not a set of shards like {1,2,3}`, what);
  return m[1] === "" ? {} : { nonprimaryShards: m[1]!.split(",").map(Number) };
}

/** Ceph 20's read_ratio pool option, from the pool's `options` object (absent when unset). */
function readRatioOf(pool: Record<string, unknown>, what: string): { readRatio?: number } {
  if (pool["options"] === undefined) return {};
  const v = obj(pool["options"], `${what} options`)["read_ratio"];
  return v === undefined ? {} : { readRatio: int(v, `${what} read_ratio`) };
}

/**
 * Ceph dumps primary_temp as a flat array, `["1.3", 6, "1.4", 3]` (16.2 to 20.2: named fields
 * inside an array section); objects `{"pgid", "osd"}` are accepted too.
 */
function primaryTemps(v: unknown): { pgid: string; osd: number }[] {
  if (v === undefined) return [];
  const a = arr(v, "primary_temp");
  if (a.every((e) => typeof e === "object" && e !== null)) {
    return a.map((e, i) => {
      const o = obj(e, `primary_temp[${i}]`);
      return { pgid: str(o["pgid"], "primary_temp pgid"), osd: int(o["osd"], "primary_temp osd") };
    });
  }
  if (a.length % 2 !== 0) throw new ClusterStateError("primary_temp has an odd number of entries (expected pgid, osd pairs)", "primary_temp");
  const out: { pgid: string; osd: number }[] = [];
  for (let i = 0; i < a.length; i += 2) out.push({ pgid: str(a[i], `primary_temp[${i}]`), osd: int(a[i + 1], `primary_temp[${i + 1}]`) });
  return out;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ClusterStateError(`${what} is not a JSON object`, what);
  return v as Record<string, unknown>;
}

function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ClusterStateError(`${what} is not a JSON array`, what);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new ClusterStateError(`${what} is not a string`, what);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ClusterStateError(`${what} is ${JSON.stringify(v) ?? "missing"}, not an integer`, what);
  return v;
}

function ints(v: unknown, what: string): number[] {
  return arr(v, what).map((x) => int(x, what));
}

/** Ceph dumps 16.16 values as floats (value / 0x10000); rounding recovers the stored integer. */
function fixed(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new ClusterStateError(`${what} is ${JSON.stringify(v) ?? "missing"}, not a number in 0..1`, what);
  }
  return Math.round(v * 0x10000);
}
