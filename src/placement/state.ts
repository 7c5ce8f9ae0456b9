/**
 * Building a cluster state from parts, with every fact checked: a state that loads is one the
 * placement functions can answer for without guessing.
 */
import { deepFreeze, FrozenMap } from "../map/freeze.js";
import { DEFAULT_RELEASE, type CephRelease } from "../map/release.js";
import { ITEM_NONE, RULE_TYPE, type CrushMap, type Rule } from "../map/types.js";
import { ClusterStateError } from "./errors.js";
import type { ObjectHash } from "./objectHash.js";
import { formatPgId, parsePgId } from "./pgId.js";
import { POOL_TYPE_ID, type ClusterState, type ClusterStateWarning, type OsdInfo, type Pool, type PoolType, type UpmapItem } from "./types.js";

/**
 * A pool as given to `createClusterState`; omitted fields take Ceph's defaults.
 *
 * @group Placement
 */
export interface PoolInput {
  readonly id: number;
  /** Default: `pool<id>`. */
  readonly name?: string;
  /** Default: "replicated". */
  readonly type?: PoolType;
  /** Default: 3 for replicated pools; required (k + m) for erasure pools. */
  readonly size?: number;
  /** Default as Ceph: size - floor(size / 2) replicated, k + min(1, m - 1) erasure. */
  readonly minSize?: number;
  /** Default: 0. */
  readonly crushRule?: number;
  readonly pgNum: number;
  /** Default: pgNum. */
  readonly pgpNum?: number;
  /** Default: true, as for every pool Ceph has created since Luminous. */
  readonly hashPsPool?: boolean;
  /** Default: "xxhash" (crushmap's own); Ceph's pools use "rjenkins". */
  readonly objectHash?: ObjectHash;
  /** Data shards of an erasure pool; required for erasure pools. */
  readonly erasureK?: number;
  readonly erasureCodeProfile?: string;
  /** Ceph 20's read_ratio pool option (0..100); unset by default. */
  readonly readRatio?: number;
  /** Erasure pools with Ceph 20's EC optimizations: the shards that cannot be primary. */
  readonly nonprimaryShards?: readonly number[];
}

/**
 * An OSD as given to `createClusterState`; omitted fields: exists, up, in, affinity 1.
 *
 * @group Placement
 */
export interface OsdInput {
  readonly id: number;
  readonly exists?: boolean;
  readonly up?: boolean;
  readonly weight?: number;
  readonly primaryAffinity?: number;
}

/**
 * The parts of a cluster state, as given to {@link createClusterState}: a crush map, its pools and,
 * optionally, the OSD facts and exceptions; what is omitted takes Ceph's defaults.
 *
 * @group Placement
 */
export interface ClusterStateInput {
  readonly crush: CrushMap;
  readonly pools: readonly PoolInput[];
  /**
   * The OSDs the map knows. Default: every device of the crush map exists, is up and in. When
   * given, ids not listed do not exist.
   */
  readonly osds?: readonly OsdInput[];
  /** Default: one past the highest OSD id (listed or in the crush map). */
  readonly maxOsd?: number;
  readonly epoch?: number;
  readonly pgUpmap?: readonly { readonly pgid: string; readonly osds: readonly number[] }[];
  readonly pgUpmapItems?: readonly { readonly pgid: string; readonly mappings: readonly UpmapItem[] }[];
  /** New primaries per group (Ceph's pg_upmap_primaries); `osd` is the primary_osd. */
  readonly pgUpmapPrimaries?: readonly { readonly pgid: string; readonly osd: number }[];
  readonly pgTemp?: readonly { readonly pgid: string; readonly osds: readonly number[] }[];
  readonly primaryTemp?: readonly { readonly pgid: string; readonly osd: number }[];
  /**
   * Told of what Ceph tolerates and ignores (a pg_upmap_primaries entry naming an OSD that does
   * not exist); such entries are kept and, as in Ceph, have no effect. Default: ignore.
   */
  readonly onWarning?: (warning: ClusterStateWarning) => void;
  /**
   * Require the crush map and the OSD facts to describe the same devices: every OSD that
   * exists is a crush device and every device placed in a bucket exists. Default true; Ceph
   * itself tolerates both (a new OSD not yet in the hierarchy, a removed one still in it), so
   * pass false for such clusters. A crush device id at or beyond maxOsd is always an error.
   */
  readonly strict?: boolean;
  /**
   * Whose OSD map code to reproduce where releases differ (default 20, the current one): how a
   * pool finds its rule. Ceph 16.2 takes the first rule whose ruleset is the pool's crush_rule
   * and whose type and min_size..max_size fit the pool (crush_find_rule); 18.2 and later take
   * the rule whose id is the pool's crush_rule, of whatever type or sizes.
   */
  readonly release?: CephRelease;
}

const WEIGHT_ONE = 0x10000;
/** Ceph stores a pool's size in a byte. */
const MAX_POOL_SIZE = 255;
/**
 * The most OSD ids a state holds (max_osd). Ceph's monitor refuses `osd setmaxosd` above
 * mon_max_osd (10,000 by default, raised for the largest clusters); a state keeps a record per
 * id, so a max_osd of 10^8 would take gigabytes. 2^20 leaves a hundred times the default.
 *
 * @group Placement
 */
export const MAX_OSD = 1 << 20;
/**
 * The most placement groups of one pool. Ceph's monitor refuses pg_num above
 * mon_max_pool_pg_num (65,536 by default) and pg_num × size per OSD above mon_max_pg_per_osd
 * (250); crushmap maps every group of a pool into typed arrays, so pools past 2^22 (4,194,304)
 * groups, 64 times Ceph's default, are refused rather than left to fill the heap.
 *
 * @group Placement
 */
export const MAX_PG_NUM = 1 << 22;

/**
 * Checks and freezes a cluster state. The state is a value: its parts are frozen, its maps of
 * exceptions refuse edits, and `input.crush` is deeply frozen in place if it was not yet (every
 * loader already returns frozen maps), since the state's cached placements depend on it.
 *
 * @group Placement
 *
 * @throws {@link ClusterStateError} naming the first fact that is out of range or inconsistent
 * (a pool without a usable rule, an OSD beyond max_osd, an exception naming a missing pool).
 *
 * @example
 * ```ts
 * const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 128, objectHash: "rjenkins" }] });
 * placePg(state, "1.7f").up; // the OSDs holding group 1.7f, primary first
 * ```
 */
export function createClusterState(input: ClusterStateInput): ClusterState {
  const crush = deepFreeze(input.crush);
  const deviceIds = crush.devices.map((d) => d.id);
  const highestDevice = deviceIds.reduce((m, id) => Math.max(m, id), -1);
  const listed = input.osds;
  const highestListed = listed === undefined ? -1 : listed.reduce((m, o) => Math.max(m, checkInt(o.id, "OSD id", 0)), -1);
  const maxOsd = input.maxOsd ?? Math.max(highestDevice, highestListed) + 1;
  if (Number.isInteger(maxOsd) && maxOsd > MAX_OSD) {
    throw new ClusterStateError(
      `max_osd ${maxOsd} is more OSDs than crushmap holds (${MAX_OSD}; Ceph's monitor allows mon_max_osd, 10000 by default)`,
      "max_osd",
    );
  }
  checkInt(maxOsd, "max_osd", 0);
  if (highestListed >= maxOsd) throw new ClusterStateError(`osd.${highestListed} is beyond max_osd ${maxOsd}`, highestListed);
  if (highestDevice >= maxOsd) {
    throw new ClusterStateError(`crush map has device osd.${highestDevice} but the OSD map holds only ${maxOsd} OSDs (max_osd)`, highestDevice);
  }

  const osds = buildOsds(maxOsd, listed, deviceIds);
  const { first, count } = findDisagreements(crush, osds);
  if (first !== undefined) {
    if (input.strict ?? true) throw new ClusterStateError(`${first.message} (Ceph tolerates this; load with strict: false, or --no-strict on the command line)`, first.item);
    // one warning for all of them: a cluster mid-way through adding OSDs has many
    const more = count > 1 ? ` (and ${count - 1} more such OSD${count > 2 ? "s" : ""})` : "";
    input.onWarning?.({ message: `${first.message}${more}; mapped as Ceph maps it`, item: first.item });
  }
  const release = input.release ?? DEFAULT_RELEASE;
  if (release !== 16 && release !== 18 && release !== 20) throw new ClusterStateError(`unknown Ceph release ${String(release)} (known: 16, 18, 20)`, String(release));
  const pools = buildPools(crush, input.pools, release, input.onWarning);
  const poolById = new Map(pools.map((p) => [p.id, p]));
  const exists = (id: number): boolean => id >= 0 && id < maxOsd && osds[id]!.exists;

  const pgUpmap = new Map<string, readonly number[]>();
  for (const e of input.pgUpmap ?? []) {
    const key = groupKey(e.pgid, poolById, "pg_upmap");
    if (e.osds.length === 0) throw new ClusterStateError(`pg_upmap of ${key} is empty`, key);
    for (const o of e.osds) if (o !== ITEM_NONE) checkOsdRef(o, exists, `pg_upmap of ${key}`);
    setOnce(pgUpmap, key, Object.freeze([...e.osds]), "pg_upmap");
  }
  const pgUpmapItems = new Map<string, readonly UpmapItem[]>();
  for (const e of input.pgUpmapItems ?? []) {
    const key = groupKey(e.pgid, poolById, "pg_upmap_items");
    const items = e.mappings.map((m) => {
      checkOsdRef(m.from, exists, `pg_upmap_items of ${key}`);
      if (m.to !== ITEM_NONE) checkOsdRef(m.to, exists, `pg_upmap_items of ${key}`);
      return Object.freeze({ from: m.from, to: m.to });
    });
    setOnce(pgUpmapItems, key, Object.freeze(items), "pg_upmap_items");
  }
  const pgTemp = new Map<string, readonly number[]>();
  for (const e of input.pgTemp ?? []) {
    const key = groupKey(e.pgid, poolById, "pg_temp");
    const pool = poolById.get(parsePgId(key).pool)!;
    if (pool.nonprimaryShards !== undefined && e.osds.length !== pool.size) {
      // stored primary-capable shards first: Ceph can only undo that order for a whole set
      throw new ClusterStateError(`pg_temp of ${key} has ${e.osds.length} OSDs; pool ${pool.id} (EC optimizations) stores every one of its ${pool.size} shards`, key);
    }
    for (const o of e.osds) if (o !== ITEM_NONE) checkOsdRef(o, exists, `pg_temp of ${key}`);
    setOnce(pgTemp, key, Object.freeze([...e.osds]), "pg_temp");
  }
  const pgUpmapPrimaries = buildUpmapPrimaries(input, poolById, exists, maxOsd);
  const primaryTemp = new Map<string, number>();
  for (const e of input.primaryTemp ?? []) {
    const key = groupKey(e.pgid, poolById, "primary_temp");
    checkOsdRef(e.osd, exists, `primary_temp of ${key}`);
    setOnce(primaryTemp, key, e.osd, "primary_temp");
  }

  return Object.freeze({
    crush,
    epoch: checkInt(input.epoch ?? 0, "epoch", 0),
    maxOsd,
    osds,
    pools,
    pgUpmap: new FrozenMap(pgUpmap),
    pgUpmapItems: new FrozenMap(pgUpmapItems),
    pgUpmapPrimaries: new FrozenMap(pgUpmapPrimaries),
    pgTemp: new FrozenMap(pgTemp),
    primaryTemp: new FrozenMap(primaryTemp),
    release,
  });
}

/**
 * pg_upmap_primaries: the group must exist, as for every other table. An OSD that does not exist
 * (or lies past max_osd) is what Ceph tolerates: OSDMap::_apply_upmap skips it and the monitor
 * drops it at the next epoch. Such an entry is kept, with a warning, and does nothing.
 */
function buildUpmapPrimaries(
  input: ClusterStateInput,
  pools: ReadonlyMap<number, Pool>,
  exists: (id: number) => boolean,
  maxOsd: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of input.pgUpmapPrimaries ?? []) {
    const key = groupKey(e.pgid, pools, "pg_upmap_primaries");
    if (!Number.isInteger(e.osd)) throw new ClusterStateError(`pg_upmap_primaries of ${key} names osd.${String(e.osd)}, not an OSD id`, key);
    if (!exists(e.osd) && input.onWarning !== undefined) {
      const where = e.osd >= maxOsd || e.osd < 0 ? `outside max_osd ${maxOsd}` : "which does not exist";
      input.onWarning({ message: `pg_upmap_primaries of ${key} names osd.${e.osd}, ${where}; Ceph ignores the entry`, item: key });
    }
    setOnce(out, key, e.osd, "pg_upmap_primaries");
  }
  return out;
}

function buildOsds(maxOsd: number, listed: readonly OsdInput[] | undefined, deviceIds: readonly number[]): readonly OsdInfo[] {
  // one record per id, made once: a first pass of placeholders replaced afterwards left a
  // second record per OSD to collect while a large cluster loads
  const osds: (OsdInfo | undefined)[] = new Array<OsdInfo | undefined>(maxOsd).fill(undefined);
  if (listed === undefined) {
    for (const id of deviceIds) osds[id] = Object.freeze({ id, exists: true, up: true, weight: WEIGHT_ONE, primaryAffinity: WEIGHT_ONE });
  } else {
    for (const o of listed) {
      if (osds[o.id] !== undefined) throw new ClusterStateError(`osd.${o.id} is listed twice`, o.id);
      const exists = o.exists ?? true;
      const weight = checkFixed(o.weight ?? (exists ? WEIGHT_ONE : 0), `reweight of osd.${o.id}`);
      const primaryAffinity = checkFixed(o.primaryAffinity ?? WEIGHT_ONE, `primary affinity of osd.${o.id}`);
      const up = exists && (o.up ?? true);
      osds[o.id] = isRecord(o, exists, up, weight, primaryAffinity) ? o : Object.freeze({ id: o.id, exists, up, weight, primaryAffinity });
    }
  }
  for (let id = 0; id < maxOsd; id++) osds[id] ??= Object.freeze({ id, exists: false, up: false, weight: 0, primaryAffinity: WEIGHT_ONE });
  return Object.freeze(osds as OsdInfo[]);
}

/**
 * An input that already is the record the state would make (frozen, a plain object of exactly
 * those five values), as the OSD map loaders pass them: kept instead of copied, so that a large
 * cluster's OSDs are not built twice while it loads (each copy survives the young generation and
 * counts toward growing it).
 */
function isRecord(o: OsdInput, exists: boolean, up: boolean, weight: number, primaryAffinity: number): o is OsdInfo {
  if (!Object.isFrozen(o) || Object.getPrototypeOf(o) !== Object.prototype) return false;
  if (o.exists !== exists || o.up !== up || o.weight !== weight || o.primaryAffinity !== primaryAffinity) return false;
  let fields = 0;
  for (const _ in o) fields++;
  return fields === 5;
}

/** The first place the OSD map and the crush map disagree, and how many there are. */
interface Disagreements {
  readonly first: ClusterStateWarning | undefined;
  readonly count: number;
}

/**
 * Where the OSD map and the crush map disagree: an OSD that is no crush device, a device a bucket
 * holds that no OSD is. Only the first is described (a map of 10,000 OSDs none of which exists
 * yet disagrees 10,000 times, and one message each was garbage promoted while loading).
 */
function findDisagreements(crush: CrushMap, osds: readonly OsdInfo[]): Disagreements {
  let first: ClusterStateWarning | undefined;
  let count = 0;
  const isDevice = new Uint8Array(osds.length);
  for (const d of crush.devices) if (d.id < osds.length) isDevice[d.id] = 1;
  for (const o of osds) {
    if (!o.exists || isDevice[o.id] === 1) continue;
    first ??= { message: `osd.${o.id} exists in the OSD map but not in the crush map`, item: o.id };
    count++;
  }
  const reported = new Set<number>();
  for (const b of crush.buckets) {
    for (const item of b.items) {
      if (item.id < 0 || (item.id < osds.length && osds[item.id]!.exists) || reported.has(item.id)) continue;
      reported.add(item.id);
      first ??= { message: `crush bucket ${b.name} holds osd.${item.id}, which does not exist in the OSD map`, item: item.id };
      count++;
    }
  }
  return { first, count };
}

type Warn = ((warning: ClusterStateWarning) => void) | undefined;

function buildPools(crush: CrushMap, inputs: readonly PoolInput[], release: CephRelease, onWarning: Warn): readonly Pool[] {
  const pools = inputs.map((p) => buildPool(crush, p, release, onWarning));
  pools.sort((a, b) => a.id - b.id);
  for (let i = 1; i < pools.length; i++) {
    if (pools[i]!.id === pools[i - 1]!.id) throw new ClusterStateError(`pool ${pools[i]!.id} is defined twice`, pools[i]!.id);
  }
  const names = new Set<string>();
  for (const p of pools) {
    if (names.has(p.name)) throw new ClusterStateError(`pool name '${p.name}' is used twice`, p.name);
    names.add(p.name);
  }
  return Object.freeze(pools);
}

function buildPool(crush: CrushMap, p: PoolInput, release: CephRelease, onWarning: Warn): Pool {
  const id = checkInt(p.id, "pool id", 0);
  const what = `pool ${id}`;
  const type = p.type ?? "replicated";
  if (type !== "replicated" && type !== "erasure") throw new ClusterStateError(`${what} has unknown type '${String(type)}'`, id);
  if (type === "erasure" && p.size === undefined) throw new ClusterStateError(`erasure ${what} needs its size (k + m)`, id);
  const size = checkInt(p.size ?? 3, `size of ${what}`, 1, MAX_POOL_SIZE);
  let erasureK: number | undefined;
  if (type === "erasure") {
    if (p.erasureK === undefined) throw new ClusterStateError(`erasure ${what} needs k, its number of data shards`, id);
    erasureK = checkInt(p.erasureK, `k of ${what}`, 1, size);
  }
  const defaultMin = erasureK === undefined ? size - Math.floor(size / 2) : erasureK + Math.min(1, size - erasureK - 1);
  const minSize = checkInt(p.minSize ?? Math.max(1, defaultMin), `min_size of ${what}`, 1, size);
  if (Number.isInteger(p.pgNum) && p.pgNum > MAX_PG_NUM) {
    throw new ClusterStateError(
      `${what} has pg_num ${p.pgNum}, more groups than crushmap maps in one pool (${MAX_PG_NUM}; Ceph's monitor allows mon_max_pool_pg_num, 65536 by default)`,
      id,
    );
  }
  const pgNum = checkInt(p.pgNum, `pg_num of ${what}`, 1, MAX_PG_NUM);
  const pgpNum = checkInt(p.pgpNum ?? pgNum, `pgp_num of ${what}`, 1, pgNum);
  const crushRule = checkInt(p.crushRule ?? 0, `crush_rule of ${what}`, 0);
  checkRule(crush, crushRule, type, size, what, release, onWarning);
  const objectHash = p.objectHash ?? "xxhash";
  if (objectHash !== "rjenkins" && objectHash !== "linux" && objectHash !== "xxhash") {
    throw new ClusterStateError(`${what} has unknown object hash '${String(objectHash)}'`, id);
  }
  return Object.freeze({
    id,
    name: p.name ?? `pool${id}`,
    type,
    size,
    minSize,
    crushRule,
    pgNum,
    pgpNum,
    hashPsPool: p.hashPsPool ?? true,
    objectHash,
    ...(erasureK === undefined ? {} : { erasureK }),
    ...(p.erasureCodeProfile === undefined ? {} : { erasureCodeProfile: p.erasureCodeProfile }),
    ...(p.readRatio === undefined ? {} : { readRatio: checkInt(p.readRatio, `read_ratio of ${what}`, 0, 100) }),
    ...nonprimaryShardsOf(p.nonprimaryShards, type, size, what),
  });
}

/** Checked and sorted; none is no field (an empty set is Ceph's default). */
function nonprimaryShardsOf(shards: readonly number[] | undefined, type: PoolType, size: number, what: string): { nonprimaryShards?: readonly number[] } {
  if (shards === undefined || shards.length === 0) return {};
  if (type !== "erasure") throw new ClusterStateError(`${what} is replicated but has nonprimary shards (Ceph's EC optimizations are for erasure pools)`, what);
  const sorted = shards.map((s) => checkInt(s, `nonprimary shard of ${what}`, 0, size - 1)).sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw new ClusterStateError(`${what} lists nonprimary shard ${sorted[i]} twice`, what);
  if (sorted.length >= size) throw new ClusterStateError(`${what} has no shard that can be primary (nonprimary shards ${sorted.join(",")})`, what);
  return { nonprimaryShards: Object.freeze(sorted) };
}

/**
 * The rule a pool maps through, as the OSD map code of `release` (default 20) finds it. Ceph 16.2
 * picks it with crush_find_rule: the first rule whose ruleset (its id) is the pool's crush_rule,
 * whose type is the pool's, and whose min_size..max_size admits the pool's size; finding none
 * maps every group to nothing (a state like that is refused here). MSR rules serve the pools
 * Ceph's rule_valid_for_pool_type lets them: msr_firstn replicated pools, msr_indep erasure
 * pools. From Reef (18.2) on rules have no ruleset or sizes and the pool's crush_rule is the
 * rule id, used whatever the rule's type (the monitor refuses a mismatch, osdmaptool maps it).
 *
 * @group Placement
 */
export function findPoolRule(crush: CrushMap, crushRule: number, type: PoolType, size: number, release: CephRelease = DEFAULT_RELEASE): Rule | undefined {
  if (release >= 18) return crush.rules.find((r) => r.id === crushRule);
  return crush.rules.find((r) => (r.id & 0xff) === crushRule && ruleServesPool(r.type, type) && r.minSize <= size && size <= r.maxSize);
}

/**
 * The rule `pool` of `state` maps through ({@link findPoolRule} with the state's release).
 *
 * @group Placement
 */
export function poolRule(state: ClusterState, pool: Pool): Rule | undefined {
  return findPoolRule(state.crush, pool.crushRule, pool.type, pool.size, state.release);
}

function ruleServesPool(ruleType: number, type: PoolType): boolean {
  return ruleType === POOL_TYPE_ID[type] || ruleType === (type === "erasure" ? RULE_TYPE.msr_indep : RULE_TYPE.msr_firstn);
}

function checkRule(crush: CrushMap, crushRule: number, type: PoolType, size: number, what: string, release: CephRelease, onWarning: Warn): void {
  const rule = crush.rules.find((r) => r.id === crushRule);
  if (findPoolRule(crush, crushRule, type, size, release) !== undefined) {
    if (rule !== undefined && !ruleServesPool(rule.type, type) && onWarning !== undefined) {
      onWarning({ message: `${what} is ${type} but crush rule ${crushRule} (${rule.name}) is not; Ceph ${release} maps it through that rule all the same`, item: crushRule });
    }
    return;
  }
  if (rule === undefined) throw new ClusterStateError(`${what} uses crush rule ${crushRule}, which the crush map does not have`, crushRule);
  if (!ruleServesPool(rule.type, type)) {
    throw new ClusterStateError(`${what} is ${type} but crush rule ${crushRule} (${rule.name}) is not`, crushRule);
  }
  throw new ClusterStateError(
    `${what} has size ${size} but crush rule ${crushRule} (${rule.name}) accepts sizes ${rule.minSize}..${rule.maxSize}`,
    crushRule,
  );
}

function groupKey(pgid: string, pools: ReadonlyMap<number, Pool>, what: string): string {
  let id;
  try {
    id = parsePgId(pgid);
  } catch {
    throw new ClusterStateError(`${what} entry '${pgid}' is not a placement group id like 1.1f`, pgid);
  }
  const pool = pools.get(id.pool);
  if (pool === undefined) throw new ClusterStateError(`${what} entry ${pgid} names pool ${id.pool}, which does not exist`, pgid);
  if (id.ps >= pool.pgNum) throw new ClusterStateError(`${what} entry ${pgid} is beyond pool ${pool.id}'s ${pool.pgNum} groups`, pgid);
  return formatPgId(id.pool, id.ps);
}

function setOnce<V>(m: Map<string, V>, key: string, value: V, what: string): void {
  if (m.has(key)) throw new ClusterStateError(`${what} has two entries for ${key}`, key);
  m.set(key, value);
}

function checkOsdRef(id: number, exists: (id: number) => boolean, what: string): void {
  if (!Number.isInteger(id) || !exists(id)) throw new ClusterStateError(`${what} names osd.${String(id)}, which does not exist`, id);
}

function checkInt(v: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ClusterStateError(`${what} is ${String(v)}, expected an integer in ${min}..${max === Number.MAX_SAFE_INTEGER ? "" : max}`, what);
  }
  return v;
}

function checkFixed(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > WEIGHT_ONE) {
    throw new ClusterStateError(`${what} is ${String(v)}, expected a 16.16 value in 0..0x10000`, what);
  }
  return v;
}

/**
 * The input that rebuilds `state`: edit it and pass it to `createClusterState` for a changed state.
 *
 * @group Placement
 */
export function clusterStateInput(state: ClusterState): ClusterStateInput {
  const entries = <V>(m: ReadonlyMap<string, V>): [string, V][] => [...m.entries()];
  return {
    crush: state.crush,
    epoch: state.epoch,
    maxOsd: state.maxOsd,
    pools: state.pools,
    osds: state.osds.filter((o) => o.exists),
    pgUpmap: entries(state.pgUpmap).map(([pgid, osds]) => ({ pgid, osds })),
    pgUpmapItems: entries(state.pgUpmapItems).map(([pgid, mappings]) => ({ pgid, mappings })),
    pgUpmapPrimaries: entries(state.pgUpmapPrimaries).map(([pgid, osd]) => ({ pgid, osd })),
    pgTemp: entries(state.pgTemp).map(([pgid, osds]) => ({ pgid, osds })),
    primaryTemp: entries(state.primaryTemp).map(([pgid, osd]) => ({ pgid, osd })),
    strict: false,
    release: state.release,
  };
}
