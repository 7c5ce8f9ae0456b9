/**
 * What one run of OSDMap::calc_pg_upmaps works on: the pools' groups, their CRUSH results, the
 * working copy of pg_upmap_items (Ceph's tmp_osd_map), the OSD weights the rule gives each OSD
 * and the pending changes (Ceph's Incremental). Built once per run by `startCalc`.
 */
import { ITEM_NONE } from "../../map/types.js";
import type { CephRelease } from "../../map/release.js";
import { mapPool } from "../../placement/mapPool.js";
import { formatPgId, parsePgId } from "../../placement/pgId.js";
import { poolPlacer } from "../../placement/place.js";
import { poolRule } from "../../placement/state.js";
import type { ClusterState, Pool, UpmapItem } from "../../placement/types.js";
import { ruleWeightOsdMap } from "../ruleWeightMap.js";
import { applyUpmap, type Reweights } from "./applyUpmap.js";
import type { CephRandom } from "./cephRandom.js";
import { pgKey, PgsByOsd } from "./pgsByOsd.js";
import { RuleQueries } from "./ruleQueries.js";

const f32 = Math.fround;

/** The Incremental's upmap parts calc_pg_upmaps fills: groups whose items go, and new items by group. */
export interface PendingUpmaps {
  readonly old: Set<number>;
  readonly items: Map<number, readonly UpmapItem[]>;
}

export interface UpmapCalc {
  readonly release: CephRelease;
  readonly only: ReadonlySet<number>;
  readonly aggressive: boolean;
  /** osd_calc_pg_upmaps_aggressively_fast (Reef and later). */
  readonly fast: boolean;
  readonly localFallbackRetries: number;
  readonly maxDeviation: number;
  readonly random: CephRandom;
  readonly pending: PendingUpmaps;
  readonly weight: Reweights;
  /** Per pool id: the pool and its rule's queries (undefined: the pool maps through no rule). */
  readonly pools: ReadonlyMap<number, { readonly pool: Pool; readonly queries: RuleQueries | undefined }>;
  /** CRUSH's result per group key (Ceph's raw; it does not change during the run). */
  readonly raw: Map<number, readonly number[]>;
  readonly pgUpmap: ReadonlyMap<number, readonly number[]>;
  readonly primaries: ReadonlyMap<number, number>;
  /** tmp_osd_map.pg_upmap_items, every pool's. */
  readonly items: Map<number, readonly UpmapItem[]>;
  /** OSD → weight (float) from the pools' rules times reweight, non-zero ones only. */
  readonly osdWeight: ReadonlyMap<number, number>;
  readonly pgsPerWeight: number;
}

/** The groups each OSD holds, the OSD weights and the totals (build_pool_pgs_info). */
export interface PoolPgsInfo {
  readonly pgs: PgsByOsd;
  readonly osdWeight: Map<number, number>;
  readonly totalPgs: number;
  readonly weightTotal: number;
  readonly raw: Map<number, readonly number[]>;
}

/** build_pool_pgs_info: up sets of every group of the selected pools, and the weights their rules give. */
export function poolPgsInfo(state: ClusterState, only: ReadonlySet<number>, weight: Reweights): PoolPgsInfo {
  const pgs = new PgsByOsd();
  const osdWeight = new Map<number, number>();
  const raw = new Map<number, readonly number[]>();
  let totalPgs = 0;
  let weightTotal = 0;
  for (const pool of state.pools) {
    if (only.size > 0 && !only.has(pool.id)) continue;
    const m = mapPool(state, pool.id);
    for (let ps = 0; ps < pool.pgNum; ps++) {
      const key = pgKey(pool.id, ps);
      const at = ps * m.width;
      raw.set(key, Array.from(m.raw.subarray(at, at + m.rawLength[ps]!)));
      for (let i = 0; i < m.upLength[ps]!; i++) {
        const osd = m.up[at + i]!;
        if (osd !== ITEM_NONE) pgs.insert(osd, key);
      }
    }
    totalPgs += pool.size * pool.pgNum;
    // Pacific sums every pool's weights into the total; Reef and later keep the last pool's
    const poolTotal = addPoolWeights(state, pool, weight, osdWeight, state.release < 18 ? weightTotal : 0);
    weightTotal = poolTotal;
  }
  for (const osd of osdWeight.keys()) pgs.touch(osd);
  return { pgs, osdWeight, totalPgs, weightTotal, raw };
}

/** get_osds_weight: the rule's share of each OSD times its reweight, added into `into`; the running total from `start`. */
function addPoolWeights(state: ClusterState, pool: Pool, weight: Reweights, into: Map<number, number>, start: number): number {
  const rule = poolRule(state, pool);
  let total = start;
  if (rule === undefined) return total;
  const pmap = ruleWeightOsdMap(state.crush, rule);
  for (let k = 0; k < pmap.osds.length; k++) {
    const osd = pmap.osds[k]!;
    const reweight = osd < weight.length ? f32(weight[osd]! / 0x10000) : 0;
    const adjusted = f32(reweight * pmap.weights[k]!);
    if (adjusted === 0) continue;
    into.set(osd, f32((into.get(osd) ?? 0) + adjusted));
    total = f32(total + adjusted);
  }
  return total;
}

/** The working state of a run, from the pools' info. */
export function startCalc(state: ClusterState, base: Omit<UpmapCalc, "weight" | "pools" | "raw" | "pgUpmap" | "primaries" | "items" | "osdWeight" | "pgsPerWeight" | "release">, info: PoolPgsInfo, weight: Reweights): UpmapCalc {
  const pools = new Map<number, { pool: Pool; queries: RuleQueries | undefined }>();
  for (const pool of state.pools) {
    const rule = poolRule(state, pool);
    pools.set(pool.id, { pool, queries: rule === undefined ? undefined : new RuleQueries(state.crush, rule) });
  }
  return {
    ...base,
    release: state.release,
    weight,
    pools,
    raw: info.raw,
    pgUpmap: byKey(state.pgUpmap),
    primaries: byKey(state.pgUpmapPrimaries),
    items: byKey(state.pgUpmapItems),
    osdWeight: info.osdWeight,
    pgsPerWeight: f32(info.totalPgs / info.weightTotal),
  };
}

function byKey<V>(m: ReadonlyMap<string, V>): Map<number, V> {
  const out = new Map<number, V>();
  for (const [pgid, v] of m) {
    const id = parsePgId(pgid);
    out.set(pgKey(id.pool, id.ps), v);
  }
  return out;
}

/** The group's current set with the run's exceptions (pg_to_raw_upmap on tmp_osd_map). */
export function origOf(c: UpmapCalc, key: number): number[] {
  const raw = c.raw.get(key) ?? [];
  return applyUpmap(raw, c.pgUpmap.get(key), c.items.get(key), c.primaries.get(key), c.weight);
}

/** A state's group `ps` of pool `pool`: CRUSH's result and the set after the state's exceptions (pg_to_raw_upmap). */
export function origOfState(state: ClusterState, pool: number, ps: number, weight: Reweights): { raw: number[]; up: number[] } {
  const placer = poolPlacer(state, pool);
  placer.placeRaw(ps);
  const raw = Array.from(placer.raw.subarray(0, placer.rawLength));
  const pgid = formatPgId(pool, ps);
  return { raw, up: applyUpmap(raw, state.pgUpmap.get(pgid), state.pgUpmapItems.get(pgid), state.pgUpmapPrimaries.get(pgid), weight) };
}

/** The 16.16 reweights of a state, indexed by OSD id (max_osd entries). */
export function reweightsOf(state: ClusterState): Reweights {
  const w = new Uint32Array(state.maxOsd);
  for (const o of state.osds) w[o.id] = o.weight;
  return w;
}
