/**
 * osdmaptool's placement reports, line for line: `--test-map-pgs`, `--test-map-pgs-dump`,
 * `--test-map-pgs-dump-all`, `--test-map-pg` and `--test-map-object` (Ceph 16.2).
 */
import { deviceCrushWeights } from "../map/hierarchy.js";
import { ITEM_NONE } from "../map/types.js";
import { formatPgId, parsePgId } from "../placement/pgId.js";
import { pgMask, stableMod } from "../placement/stableMod.js";
import { placeObject, placePg, poolPlacer, resolvePool, type ObjectOptions } from "../placement/place.js";
import type { PoolPlacer } from "../placement/poolPlacer.js";
import { TextChunk } from "./textChunk.js";
import { hash32_3 } from "../hash/rjenkins.js";
import { checkMappable } from "../placement/mapPool.js";
import { PlacementError } from "../placement/errors.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { formatG } from "./formatFloat.js";
import { formatVector } from "./crushtoolTest.js";

/**
 * What `formatMapPgs` / `mapPgsChunks` print, as osdmaptool's `--test-map-pgs[-dump[-all]]`
 * with `--pool` and `--pg_num`.
 *
 * @group Placement
 */
export interface MapPgsOptions {
  /** Only this pool (id or name); default every pool, in id order. */
  readonly pool?: number | string;
  /** "dump": a line per group with its acting set and primary; "all": raw, up and acting. */
  readonly dump?: "none" | "dump" | "all";
  /** Map as if every selected pool had this many groups (osdmaptool's --pg_num). */
  readonly pgNum?: number;
  /**
   * osdmaptool's --test-random: instead of CRUSH, each group gets `size` OSD ids drawn below
   * max_osd (repeats and OSDs that do not exist included), the first one its primary. osdmaptool
   * draws them with rand() seeded by its pid; crushmap draws them from rjenkins1 of (pool, group,
   * replica), so a run is repeatable. Only the totals (the `size` line) mean anything.
   */
  readonly random?: boolean;
}

/** Lines per chunk of the streamed report (30–110 KB of text): small enough that a chunk dies young. */
const CHUNK_LINES = 1024;

/**
 * The report of `osdmaptool MAP --test-map-pgs[-dump[-all]] [--pool P] [--pg_num N]`, in chunks
 * of whole lines: each group is placed and printed as it comes and only per-OSD counters are
 * kept, so a million groups cost no more memory than a thousand. Joined, the chunks are
 * `formatMapPgs(state, options)`; a caller writes them out as they come.
 *
 * @example
 * ```ts
 * for (const chunk of mapPgsChunks(state, { pool: "rbd", dump: "dump" })) process.stdout.write(chunk);
 * ```
 */
export function* mapPgsChunks(state: ClusterState, options: MapPgsOptions = {}): Generator<string, void, undefined> {
  for (const chunk of mapPgsReport(state, options)) yield chunk.take();
}

/**
 * The report of {@link mapPgsChunks} as the chunk it is written into, yielded each time it holds
 * CHUNK_LINES lines and once at the end: the caller takes its text or its bytes before asking
 * for more (the CLI writes the bytes, so no string is made at all).
 */
export function* mapPgsReport(state: ClusterState, options: MapPgsOptions = {}): Generator<TextChunk, void, undefined> {
  const pools = options.pool === undefined ? state.pools : [resolvePool(state, options.pool)];
  const s = options.pgNum === undefined ? state : withPgNum(state, pools.map((p) => p.id), options.pgNum);
  // the same bounds as the bulk mapping, checked before anything is printed
  for (const p of pools) checkMappable(s.pools.find((q) => q.id === p.id)!, p.size);
  const tally = new MapPgsTally(s.maxOsd);
  const chunk = new TextChunk();
  for (const p of pools) {
    const placer = poolPlacer(s, p.id);
    const pgNum = placer.pool.pgNum;
    chunk.line(`pool ${p.id} pg_num ${pgNum}`);
    if (options.random === true) {
      yield* randomGroups(s, placer.pool, tally, chunk, options.dump === "dump");
      continue;
    }
    for (let ps = 0; ps < pgNum; ps++) {
      placer.place(ps);
      tally.add(placer);
      if (options.dump === "dump" || options.dump === "all") writeGroupLine(chunk, placer, ps, options.dump);
      if (chunk.lines >= CHUNK_LINES) yield chunk;
    }
  }
  yield* tally.summary(s, chunk);
  yield chunk;
}

/** --test-random's groups of one pool: `size` ids below max_osd each, tallied (and printed with "dump"). */
function* randomGroups(s: ClusterState, pool: Pool, tally: MapPgsTally, chunk: TextChunk, dump: boolean): Generator<TextChunk, void, undefined> {
  if (s.maxOsd === 0) throw new PlacementError(`--test-random needs OSD ids to draw from: the map's max_osd is 0`, String(pool.id));
  const osds = new Int32Array(pool.size);
  for (let ps = 0; ps < pool.pgNum; ps++) {
    for (let i = 0; i < pool.size; i++) osds[i] = hash32_3(pool.id, ps, i) % s.maxOsd;
    tally.addSet(osds, pool.size, pool.size > 0 ? osds[0]! : -1);
    if (dump) chunk.line(`${formatPgId(pool.id, ps)}\t${formatVector(osds, pool.size)}\t${pool.size > 0 ? osds[0]! : -1}`);
    if (chunk.lines >= CHUNK_LINES) yield chunk;
  }
}

/** The report of `osdmaptool MAP --test-map-pgs[-dump[-all]] [--pool P] [--pg_num N]`, whole. */
export function formatMapPgs(state: ClusterState, options: MapPgsOptions = {}): string {
  let out = "";
  for (const chunk of mapPgsChunks(state, options)) out += chunk;
  return out;
}

/**
 * One group's line: its acting set and primary ("dump"), or raw, up and acting ("all"), written
 * as bytes into the chunk: no string per group, so a million groups leave next to no garbage.
 */
function writeGroupLine(chunk: TextChunk, placer: PoolPlacer, ps: number, dump: "dump" | "all"): void {
  chunk.int(placer.pool.id);
  chunk.char(0x2e /* . */);
  chunk.hex(ps);
  if (dump === "dump") {
    chunk.char(0x09 /* tab */);
    chunk.vector(placer.acting, placer.actingLength);
    chunk.char(0x09);
    chunk.int(placer.actingPrimary);
  } else {
    chunk.text(" raw (");
    chunk.vector(placer.raw, placer.rawLength);
    chunk.text(", p");
    chunk.int(pickPrimary(placer.raw, placer.rawLength));
    chunk.text(") up (");
    chunk.vector(placer.up, placer.upLength);
    chunk.text(", p");
    chunk.int(placer.upPrimary);
    chunk.text(") acting (");
    chunk.vector(placer.acting, placer.actingLength);
    chunk.text(", p");
    chunk.int(placer.actingPrimary);
    chunk.char(0x29 /* ) */);
  }
  chunk.end();
}

/** What the report keeps of the groups: per OSD its acting count, first positions and primaries; per set size its groups. */
class MapPgsTally {
  private readonly count: Float64Array;
  private readonly first: Float64Array;
  private readonly primary: Float64Array;
  private readonly sizes: number[] = [];

  constructor(private readonly maxOsd: number) {
    this.count = new Float64Array(maxOsd);
    this.first = new Float64Array(maxOsd);
    this.primary = new Float64Array(maxOsd);
  }

  add(placer: PoolPlacer): void {
    this.addSet(placer.acting, placer.actingLength, placer.actingPrimary);
  }

  /** One group's acting set (its first `len` entries) and primary. */
  addSet(acting: ArrayLike<number>, len: number, pr: number): void {
    this.sizes[len] = (this.sizes[len] ?? 0) + 1;
    for (let i = 0; i < len; i++) if (acting[i] !== ITEM_NONE) this.count[acting[i]!]!++;
    if (len > 0 && acting[0] !== ITEM_NONE) this.first[acting[0]!]!++;
    if (pr >= 0) this.primary[pr]!++;
  }

  /**
   * The per-OSD table and the spread, as osdmaptool prints them after the groups, written into
   * `chunk` (yielded every CHUNK_LINES lines): ten thousand OSD lines held as strings until the end
   * survived young collections and grew V8's young generation at the last moment.
   */
  *summary(s: ClusterState, chunk: TextChunk): Generator<TextChunk, void, undefined> {
    const { count, first, primary, sizes } = this;
    chunk.line("#osd\tcount\tfirst\tprimary\tc wt\twt");
    const crushWeight = deviceCrushWeights(s.crush);
    const counted: number[] = [];
    let total = 0;
    let minOsd = -1;
    let maxOsd = -1;
    for (let i = 0; i < this.maxOsd; i++) {
      const o = s.osds[i]!;
      const cw = crushWeight.get(i);
      // osdmaptool lists OSDs that are in and carry crush weight
      if (!o.exists || o.weight === 0 || cw === undefined || cw <= 0) continue;
      counted.push(i);
      osdLine(chunk, i, count[i]!, first[i]!, primary[i]!, cw, o.weight);
      if (chunk.lines >= CHUNK_LINES) yield chunk;
      total += count[i]!;
      if (count[i]! > 0 && (minOsd < 0 || count[i]! < count[minOsd]!)) minOsd = i;
      if (count[i]! > 0 && (maxOsd < 0 || count[i]! > count[maxOsd]!)) maxOsd = i;
    }
    const inCount = counted.length;
    const avg = inCount > 0 ? Math.floor(total / inCount) : 0;
    let dev = 0;
    for (const i of counted) dev += (avg - count[i]!) ** 2;
    dev = Math.sqrt(dev / inCount);
    const edev = Math.sqrt((total / inCount) * (1 - 1 / inCount));
    chunk.line(` in ${inCount}`);
    chunk.line(` avg ${avg} stddev ${g(dev)} (${g(dev / avg)}x) (expected ${g(edev)} ${g(edev / avg)}x))`);
    if (minOsd >= 0) chunk.line(` min osd.${minOsd} ${count[minOsd]}`);
    if (maxOsd >= 0) chunk.line(` max osd.${maxOsd} ${count[maxOsd]}`);
    for (let i = 0; i < sizes.length; i++) if ((sizes[i] ?? 0) > 0) chunk.line(`size ${i}\t${sizes[i]}`);
  }
}

/** One OSD's row of the summary: `osd.N<TAB>count<TAB>first<TAB>primary<TAB>crush weight<TAB>reweight`. */
function osdLine(chunk: TextChunk, id: number, count: number, first: number, primary: number, crushWeight: number, weight: number): void {
  chunk.text("osd.");
  chunk.int(id);
  chunk.char(0x09);
  chunk.int(count);
  chunk.char(0x09);
  chunk.int(first);
  chunk.char(0x09);
  chunk.int(primary);
  chunk.char(0x09);
  chunk.text(formatG(Math.fround(crushWeight) / 0x10000));
  chunk.char(0x09);
  chunk.text(formatG(Math.fround(weight) / 0x10000));
  chunk.end();
}

/**
 * `osdmaptool --test-map-pg PGID`: the parsed id, then raw, up and acting with their primaries.
 * As osdmaptool, a group beyond pg_num is placed as the group it folds into (same seed and
 * exceptions) and a pool that does not exist gives empty sets.
 */
export function formatMapPg(state: ClusterState, pgid: string): string {
  const id = parsePgId(pgid);
  const name = formatPgId(id.pool, id.ps);
  const pool = state.pools.find((p) => p.id === id.pool);
  let line = `${name} raw ([], p-1) up ([], p-1) acting ([], p-1)`;
  if (pool !== undefined) {
    const p = placePg(state, { pool: id.pool, ps: stableMod(id.ps, pool.pgNum, pgMask(pool.pgNum)) });
    line =
      `${name} raw (${formatVector(p.raw, p.raw.length)}, p${pickPrimary(p.raw, p.raw.length)}) up (${formatVector(p.up, p.up.length)}, p${p.upPrimary}) ` +
      `acting (${formatVector(p.acting, p.acting.length)}, p${p.actingPrimary})`;
  }
  return ` parsed '${pgid}' -> ${name}\n${line}\n`;
}

/** `osdmaptool --test-map-object NAME --pool P`: the object's group and acting set. */
export function formatMapObject(state: ClusterState, pool: number | string, name: string, options: ObjectOptions = {}): string {
  const p = placeObject(state, pool, name, options);
  return ` object '${name}' -> ${p.pgid} -> ${formatVector(p.acting, p.acting.length)}\n`;
}

/** A double as osdmaptool prints it; its NaNs come from 0/0, which x86 makes negative ("-nan"). */
function g(x: number): string {
  return Number.isNaN(x) ? "-nan" : formatG(x);
}

function pickPrimary(set: ArrayLike<number>, n: number): number {
  for (let i = 0; i < n; i++) if (set[i] !== ITEM_NONE) return set[i]!;
  return -1;
}


/**
 * The state with the given pools resized to `pgNum` groups, as osdmaptool's --pg_num does in
 * memory: pgp_num stays, even above the new pg_num (a state Ceph's monitor would refuse, so it
 * is built here from the checked state rather than through createClusterState).
 */
function withPgNum(state: ClusterState, poolIds: readonly number[], pgNum: number): ClusterState {
  if (!Number.isInteger(pgNum) || pgNum < 1 || pgNum > 0xffffffff) throw new PlacementError(`pg_num ${pgNum} is not a positive integer`, pgNum);
  const resized = new Set(poolIds);
  const keep = (pgid: string): boolean => {
    const id = parsePgId(pgid);
    return !resized.has(id.pool) || id.ps < pgNum;
  };
  const filter = <V>(m: ReadonlyMap<string, V>): ReadonlyMap<string, V> => new Map([...m].filter(([k]) => keep(k)));
  return Object.freeze({
    ...state,
    pools: Object.freeze(state.pools.map((p) => (resized.has(p.id) ? Object.freeze({ ...p, pgNum }) : p))),
    pgUpmap: filter(state.pgUpmap),
    pgUpmapItems: filter(state.pgUpmapItems),
    pgTemp: filter(state.pgTemp),
    primaryTemp: filter(state.primaryTemp),
  });
}
