/**
 * One pool's placement groups → their OSDs, step for step as Ceph's OSDMap computes them
 * (_pg_to_raw_osds, _apply_upmap, _raw_to_up_osds, _apply_primary_affinity, _get_temp_osds):
 *
 *   seed = hash(stable_mod(ps, pgp_num), pool)        the group's CRUSH input
 *   raw  = CRUSH(rule, seed, size), minus ids that do not exist
 *   raw  = pg_upmap (whole set) then pg_upmap_items (one device at a time), then
 *          pg_upmap_primaries (the named OSD swaps with the first; Reef and later)
 *   up   = raw minus down OSDs (replicated pools close ranks, erasure pools keep holes)
 *   primary = first of up, then primary affinity may pick another (moved to the front)
 *   acting = pg_temp if set, else up; its primary = primary_temp, pg_temp's first, or up's
 *
 * The class holds scratch buffers so that bulk mapping allocates nothing per group.
 */
import { ITEM_NONE } from "../map/types.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { Mapper } from "../mapper/mapper.js";
import { hash32s_2 } from "../hash/rjenkins.js";
import { poolRule } from "./state.js";
import { pgMask, stableMod } from "./stableMod.js";
import type { ClusterState, Pool, UpmapItem } from "./types.js";
import { parsePgId } from "./pgId.js";

const MAX_AFFINITY = 0x10000;

/** Per-OSD facts as flat arrays, shared by every pool of a state. */
export interface OsdTables {
  readonly maxOsd: number;
  /** 1 when the id exists. */
  readonly exists: Uint8Array;
  /** 1 when it exists and is up. */
  readonly up: Uint8Array;
  /** Reweight 16.16, the vector CRUSH sees. */
  readonly weight: Uint32Array;
  readonly affinity: Uint32Array;
  /** Whether any OSD has a primary affinity below 1 (Ceph skips the step otherwise). */
  readonly anyAffinity: boolean;
}

export function osdTables(state: ClusterState): OsdTables {
  const n = state.maxOsd;
  const exists = new Uint8Array(n);
  const up = new Uint8Array(n);
  const weight = new Uint32Array(n);
  const affinity = new Uint32Array(n);
  let anyAffinity = false;
  for (const o of state.osds) {
    exists[o.id] = o.exists ? 1 : 0;
    up[o.id] = o.exists && o.up ? 1 : 0;
    weight[o.id] = o.weight;
    affinity[o.id] = o.primaryAffinity;
    if (o.primaryAffinity !== MAX_AFFINITY) anyAffinity = true;
  }
  return { maxOsd: n, exists, up, weight, affinity, anyAffinity };
}

export class PoolPlacer {
  readonly pool: Pool;
  /** Slots per set: the pool size, or more when an exception lists more OSDs. */
  readonly width: number;
  private readonly mapper: Mapper | null;
  private readonly ruleId: number;
  private readonly osds: OsdTables;
  private readonly pgpMask: number;
  private readonly shift: boolean;
  private readonly upmap = new Map<number, readonly number[]>();
  private readonly upmapItems = new Map<number, readonly UpmapItem[]>();
  private readonly upmapPrimaries = new Map<number, number>();
  private readonly temp = new Map<number, readonly number[]>();
  private readonly primaryTemp = new Map<number, number>();
  /** Shard order of the pool's stored pg_temp entries (EC-optimized pools of Ceph 20), or null. */
  private readonly primaryFirst: Int32Array | null;

  /**
   * Results of the last `place`: CRUSH's result minus ids that do not exist (Ceph's "raw"),
   * the same after upmap exceptions, the up and acting sets, with lengths and primaries.
   */
  readonly raw: Int32Array;
  rawLength = 0;
  /** After pg_upmap and pg_upmap_items, before the primary upmap. */
  readonly upmapped: Int32Array;
  upmappedLength = 0;
  /** A pg_upmap named an OSD that is out: Ceph then ignores every upmap of the group. */
  upmapRejected = false;
  /** `upmapped` with the primary upmap applied: what the up set is made from. */
  private readonly swapped: Int32Array;
  readonly up: Int32Array;
  upLength = 0;
  upPrimary = -1;
  readonly acting: Int32Array;
  actingLength = 0;
  actingPrimary = -1;
  /** The CRUSH input of the last group placed. */
  seed = 0;

  constructor(state: ClusterState, pool: Pool, compiled: CompiledMap, osds: OsdTables) {
    this.pool = pool;
    this.osds = osds;
    this.pgpMask = pgMask(pool.pgpNum);
    this.shift = pool.type === "replicated";
    this.primaryFirst = primaryFirstOrder(pool);
    const rule = poolRule(state, pool);
    this.ruleId = rule === undefined ? -1 : rule.id;
    // Ceph maps through the pool's own choose_args set when the map has one, else the default.
    this.mapper = rule === undefined ? null : new Mapper(compiled, { reweight: osds.weight, chooseArgs: pool.id });
    let width = pool.size;
    const prefix = `${pool.id}.`;
    const collect = <V>(from: ReadonlyMap<string, V>, to: Map<number, V>, len: (v: V) => number): void => {
      for (const [key, value] of from) {
        if (!key.startsWith(prefix)) continue;
        to.set(parsePgId(key).ps, value);
        width = Math.max(width, len(value));
      }
    };
    collect(state.pgUpmap, this.upmap, (v) => v.length);
    collect(state.pgUpmapItems, this.upmapItems, () => 0);
    collect(state.pgUpmapPrimaries, this.upmapPrimaries, () => 0);
    collect(state.pgTemp, this.temp, (v) => v.length);
    collect(state.primaryTemp, this.primaryTemp, () => 0);
    this.width = width;
    this.raw = new Int32Array(width);
    this.upmapped = new Int32Array(width);
    this.swapped = new Int32Array(width);
    this.up = new Int32Array(width);
    this.acting = new Int32Array(width);
  }

  /** The CRUSH input of group `ps` (pg_pool_t::raw_pg_to_pps). */
  seedOf(ps: number): number {
    const pool = this.pool;
    const s = stableMod(ps, pool.pgpNum, this.pgpMask);
    // hashpspool mixes in the pool id; legacy pools add it, so their groups overlap other pools'
    return pool.hashPsPool ? hash32s_2(s, pool.id) >>> 0 : (s + pool.id) >>> 0;
  }

  /** Places group `ps` (which must be below pg_num) into the result fields. */
  place(ps: number): void {
    this.placeUpmapped(ps);
    this.finishPlacement(ps, this.upmapPrimaries.get(ps) ?? -1);
  }

  /** CRUSH, then pg_upmap and pg_upmap_items: fills raw and upmapped (see upmapRejected). */
  placeUpmapped(ps: number): void {
    this.placeRaw(ps);
    this.applyUpmap(ps);
  }

  /**
   * The rest of a placement after `placeUpmapped(ps)`, as if the group's pg_upmap_primaries
   * entry were `primary` (-1: none): the primary upmap, down OSDs, primary affinity, pg_temp and
   * primary_temp. `upmapped` is left as it was, so a caller may try several primaries for one
   * group (the read balancer does) with a single CRUSH run.
   */
  finishPlacement(ps: number, primary: number): void {
    copyPrefix(this.upmapped, this.upmappedLength, this.swapped);
    if (primary !== -1 && !this.upmapRejected) this.applyUpmapPrimary(primary);
    this.rawToUp();
    this.applyPrimaryAffinity();
    this.applyTemp(ps);
  }

  /** The primary upmap entry of group `ps` in the state, or -1. */
  upmapPrimaryOf(ps: number): number {
    return this.upmapPrimaries.get(ps) ?? -1;
  }

  /** CRUSH's answer for the group, with ids that do not exist removed (Ceph's pg_to_raw_osds). */
  placeRaw(ps: number): void {
    const seed = this.seedOf(ps);
    this.seed = seed;
    const raw = this.raw;
    let n = this.mapper === null ? 0 : this.mapper.mapInto(this.ruleId, seed, this.pool.size, raw);
    // _remove_nonexistent_osds
    const exists = this.osds.exists;
    const max = this.osds.maxOsd;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const o = raw[i]!;
      if (o >= 0 && o < max && exists[o] === 1) raw[k++] = o;
      else if (!this.shift) raw[k++] = ITEM_NONE;
    }
    n = k;
    this.rawLength = n;
  }

  /** The first OSD of a set that is not a hole, or -1 (Ceph's _pick_primary). */
  static pickPrimary(set: Int32Array, length: number): number {
    for (let i = 0; i < length; i++) if (set[i] !== ITEM_NONE) return set[i]!;
    return -1;
  }

  private applyUpmap(ps: number): void {
    const raw = this.upmapped;
    copyPrefix(this.raw, this.rawLength, raw);
    this.upmappedLength = this.rawLength;
    this.upmapRejected = false;
    const weight = this.osds.weight;
    const max = this.osds.maxOsd;
    const full = this.upmap.get(ps);
    if (full !== undefined) {
      // An explicit mapping onto an OSD that is out is ignored, and so is everything after it:
      // Ceph returns from _apply_upmap there, before the items and the primary.
      for (const o of full) {
        if (o !== ITEM_NONE && o >= 0 && o < max && weight[o] === 0) {
          this.upmapRejected = true;
          return;
        }
      }
      for (let i = 0; i < full.length; i++) raw[i] = full[i]!;
      this.upmappedLength = full.length;
    }
    const items = this.upmapItems.get(ps);
    if (items !== undefined) this.applyUpmapItems(items);
  }

  private applyUpmapItems(items: readonly UpmapItem[]): void {
    const raw = this.upmapped;
    const weight = this.osds.weight;
    const max = this.osds.maxOsd;
    const n = this.upmappedLength;
    for (const { from, to } of items) {
      // Each pair replaces the first `from`, unless `to` is already in the set (so two pairs
      // cannot swap two OSDs) or `to` is out.
      const toOut = to !== ITEM_NONE && to >= 0 && to < max && weight[to] === 0;
      let pos = -1;
      let present = false;
      for (let i = 0; i < n; i++) {
        const o = raw[i]!;
        if (o === to) {
          present = true;
          break;
        }
        if (o === from && pos < 0 && !toOut) pos = i;
      }
      if (!present && pos >= 0) raw[pos] = to;
    }
  }

  /**
   * Ceph's pg_upmap_primaries (OSDMap::_apply_upmap, after the items): an OSD that exists past
   * the first slot of the set and is not out trades places with the first. Nothing else is
   * checked here: a down OSD moves to the front and is then dropped with the down OSDs, and
   * primary affinity still applies afterwards. Erasure pools swap their shards the same way.
   */
  private applyUpmapPrimary(primary: number): void {
    if (primary < 0 || primary >= this.osds.maxOsd || this.osds.weight[primary] === 0) return;
    const raw = this.swapped;
    for (let i = 1; i < this.upmappedLength; i++) {
      if (raw[i] === primary) {
        raw[i] = raw[0]!;
        raw[0] = primary;
        return;
      }
    }
  }

  private rawToUp(): void {
    const raw = this.swapped;
    const up = this.up;
    const isUp = this.osds.up;
    const max = this.osds.maxOsd;
    let k = 0;
    for (let i = 0; i < this.upmappedLength; i++) {
      const o = raw[i]!;
      const live = o >= 0 && o < max && isUp[o] === 1;
      if (live) up[k++] = o;
      else if (!this.shift) up[k++] = ITEM_NONE;
    }
    this.upLength = k;
    this.upPrimary = PoolPlacer.pickPrimary(up, k);
  }

  /**
   * Ceph lets an OSD decline to be primary for a share of its groups: OSD o with affinity a
   * stays primary when hash(seed, o) >> 16 < a. The first OSD that accepts becomes primary;
   * if all decline, the first that declined does. Replicated pools move it to the front.
   */
  private applyPrimaryAffinity(): void {
    if (!this.osds.anyAffinity) return;
    const up = this.up;
    const n = this.upLength;
    const affinity = this.osds.affinity;
    let any = false;
    for (let i = 0; i < n; i++) {
      const o = up[i]!;
      if (o !== ITEM_NONE && affinity[o] !== MAX_AFFINITY) {
        any = true;
        break;
      }
    }
    if (!any) return;
    let pos = -1;
    for (let i = 0; i < n; i++) {
      const o = up[i]!;
      if (o === ITEM_NONE) continue;
      const a = affinity[o]!;
      if (a < MAX_AFFINITY && hash32s_2(this.seed, o) >>> 16 >= a) {
        if (pos < 0) pos = i;
      } else {
        pos = i;
        break;
      }
    }
    if (pos < 0) return;
    const primary = up[pos]!;
    this.upPrimary = primary;
    if (this.shift && pos > 0) {
      for (let i = pos; i > 0; i--) up[i] = up[i - 1]!;
      up[0] = primary;
    }
  }

  private applyTemp(ps: number): void {
    const acting = this.acting;
    const temp = this.temp.get(ps);
    let n = 0;
    if (temp !== undefined) {
      const isUp = this.osds.up;
      const max = this.osds.maxOsd;
      for (const o of temp) {
        if (o >= 0 && o < max && isUp[o] === 1) acting[n++] = o;
        else if (!this.shift) acting[n++] = ITEM_NONE;
      }
    }
    let primary = this.primaryTemp.get(ps) ?? -1;
    if (primary === -1 && n > 0) primary = PoolPlacer.pickPrimary(acting, n);
    // Ceph 20's EC-optimized pools store pg_temp primary-capable shards first (its primary is
    // the first of those that is up, taken above) and undo that order into shard order here
    if (n > 0 && this.primaryFirst !== null) this.undoPrimaryFirst(n);
    if (n === 0) {
      copyPrefix(this.up, this.upLength, acting);
      n = this.upLength;
      if (primary === -1) primary = this.upPrimary;
    }
    this.actingLength = n;
    this.actingPrimary = primary;
  }

  /** acting[primaryFirst[i]] = stored[i] (pgtemp_undo_primaryfirst); n is the pool's size. */
  private undoPrimaryFirst(n: number): void {
    const order = this.primaryFirst!;
    const stored = this.swapped; // free once the up set is made
    copyPrefix(this.acting, n, stored);
    for (let i = 0; i < n; i++) this.acting[order[i]!] = stored[i]!;
  }
}

/**
 * to[0..n) = from[0..n). A loop rather than `to.set(from.subarray(0, n))`: the subarray is a new
 * object per call, and at three per group they were most of map-pgs's garbage (V8 grows its
 * young generation, and the process, with the garbage it collects).
 */
function copyPrefix(from: Int32Array, n: number, to: Int32Array): void {
  for (let i = 0; i < n; i++) to[i] = from[i]!;
}

/** The shard order of Ceph's pgtemp_primaryfirst: shards that can be primary, then the others. */
function primaryFirstOrder(pool: Pool): Int32Array | null {
  const nonprimary = pool.nonprimaryShards;
  if (nonprimary === undefined) return null;
  const order = new Int32Array(pool.size);
  let k = 0;
  for (let s = 0; s < pool.size; s++) if (!nonprimary.includes(s)) order[k++] = s;
  for (const s of nonprimary) order[k++] = s;
  return order;
}
