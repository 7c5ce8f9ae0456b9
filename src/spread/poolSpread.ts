/**
 * The spread of a real pool: its placement groups' up sets (after pg_upmap, pg_upmap_items,
 * reweights and down OSDs, as Ceph computes them) counted per OSD, against each OSD's share of
 * the weight the pool's rule reaches.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool, type PoolMapping } from "../placement/mapPool.js";
import { findPoolRule } from "../placement/state.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { SpreadError } from "./errors.js";
import { ruleReach, type RuleReach } from "./ruleReach.js";
import { staleBucketWeights } from "./staleWeights.js";
import { buildReport, type SpreadReport } from "./spreadReport.js";

/** The rule a pool maps through, or a SpreadError naming the pool. */
export function poolRule(state: ClusterState, pool: Pool): number {
  const rule = findPoolRule(state.crush, pool.crushRule, pool.type, pool.size, state.release);
  if (rule === undefined) throw new SpreadError(`pool ${pool.name} has no crush rule for its type and size`, pool.name);
  return rule.id;
}

/**
 * Reweight per OSD id as the up set sees it: an OSD that does not exist or is down holds
 * nothing in the up set, so it is given no share either.
 */
export function upReweight(state: ClusterState): Uint32Array {
  const w = new Uint32Array(state.maxOsd);
  for (const o of state.osds) if (o.exists && o.up) w[o.id] = o.weight;
  return w;
}

/** Replicas per OSD id in the up sets of a pool mapping. */
export function upCounts(m: PoolMapping, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let ps = 0; ps < m.pgNum; ps++) {
    const base = ps * m.width;
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const d = m.up[base + i]!;
      if (d !== ITEM_NONE && d >= 0 && d < size) counts[d] = counts[d]! + 1;
    }
  }
  return counts;
}

/** The reach of a pool's rule, with any OSD an upmap put outside it (weight 0). */
export function poolReach(state: ClusterState, ruleId: number, counts: ArrayLike<number>): RuleReach {
  const rule = state.crush.rules.find((r) => r.id === ruleId)!;
  const reweight = upReweight(state);
  const extra: number[] = [];
  for (let d = 0; d < counts.length; d++) if (counts[d]! > 0) extra.push(d);
  return ruleReach(state.crush, rule, reweight, extra);
}

/**
 * The spread of one pool's placement groups over its OSDs: `rule` is the pool's crush rule,
 * `numRep` its size, and the inputs its groups 0..pg_num − 1.
 *
 * @group Spread
 *
 * @throws {@link PlacementError} for a pool that does not exist; {@link SpreadError} for a
 * pool whose rule places nothing.
 *
 * @example
 * ```ts
 * const state = clusterStateFromOsdmapJson(osdDumpJson, loadCrushMap(crushBytes));
 * const r = poolSpreadReport(state, "rbd");
 * r.maxOverfull; // the OSD holding most against its share, e.g. { name: "osd.7", ratio: 1.18, … }
 * ```
 */
export function poolSpreadReport(state: ClusterState, pool: number | string): SpreadReport {
  const m = mapPool(state, pool);
  const rule = poolRule(state, m.pool);
  const counts = upCounts(m, state.maxOsd);
  const reach = poolReach(state, rule, counts);
  const source = { pool: { id: m.pool.id, name: m.pool.name }, rule, numRep: m.pool.size, minX: 0, maxX: m.pgNum - 1 };
  const report = buildReport(source, reach, counts);
  const stale = staleBucketWeights(state.crush, state.crush.rules.find((r) => r.id === rule)!);
  return stale.length === 0 ? report : { ...report, staleWeights: stale };
}
