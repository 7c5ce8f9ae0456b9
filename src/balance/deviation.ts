/**
 * How far each device is from its share of a pool: replicas it holds in the up sets against
 * the pool's replicas split by crush weight × reweight over the devices the rule reaches. With
 * group weights (balancing by bytes) a replica counts its group's weight instead of 1.
 */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { RuleScope } from "../map/ruleScope.js";
import { ITEM_NONE } from "../map/types.js";
import { mapPool, type PoolMapping } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import { poolRule } from "../placement/state.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { BalanceError } from "./errors.js";

export interface Deviation {
  /** Devices that can take replicas: reached by the rule, up, in, with crush weight. */
  readonly devices: readonly number[];
  /** Fractional target per device id (0 for others). */
  readonly target: Float64Array;
  /** Replicas per device id in the up sets (weighted by their groups' weights when given). */
  readonly count: Float64Array;
}

/** Targets and counts of `m`'s up sets; `weights[ps]` is what one replica of group ps counts (default 1). */
export function deviation(state: ClusterState, scope: RuleScope, m: PoolMapping, weights?: Float64Array): Deviation {
  const n = state.maxOsd;
  const count = new Float64Array(n);
  let total = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const w = weights === undefined ? 1 : weights[ps]!;
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const o = m.up[ps * m.width + i]!;
      if (o !== ITEM_NONE) {
        count[o]! += w;
        total += w;
      }
    }
  }
  const devices: number[] = [];
  const w = new Float64Array(n);
  let sum = 0;
  for (const [d, cw] of [...scope.weight].sort((a, b) => a[0] - b[0])) {
    const o = d < n ? state.osds[d] : undefined;
    if (o === undefined || !o.exists || !o.up || o.weight === 0 || cw <= 0) continue;
    devices.push(d);
    w[d] = (cw / 0x10000) * (o.weight / 0x10000);
    sum += w[d]!;
  }
  const target = new Float64Array(n);
  if (sum > 0) for (const d of devices) target[d] = (total * w[d]!) / sum;
  return { devices, target, count };
}

/** The largest |count − target| over the devices that can take replicas, and any device holding replicas it should not. */
export function maxDeviation(d: Deviation): number {
  let max = 0;
  for (const o of d.devices) max = Math.max(max, Math.abs(d.count[o]! - d.target[o]!));
  return max;
}

/** Where a balancer starts: the pool, what its rule reaches, its groups and their spread. */
export interface PoolSpread {
  readonly pool: Pool;
  /** What one replica of each group counts (bytes balancing); undefined: 1 each. */
  readonly weights?: Float64Array;
  readonly scope: RuleScope;
  readonly mapping: PoolMapping;
  readonly deviation: Deviation;
}

/** The pool's spread, with a BalanceError when its rule cannot place or reaches no usable device. */
export function poolSpread(state: ClusterState, pool: number | string, weightsOf?: (m: PoolMapping) => Float64Array): PoolSpread {
  const p = resolvePool(state, pool);
  const rule = poolRule(state, p);
  if (rule === undefined) throw new BalanceError(`pool ${p.id} has no usable crush rule`, p.id);
  const scope = hierarchy(state.crush).ruleScope(rule);
  const mapping = mapPool(state, p.id);
  const weights = weightsOf?.(mapping);
  const dev = deviation(state, scope, mapping, weights);
  if (dev.devices.length === 0) throw new BalanceError(`pool ${p.id}'s rule reaches no device that is up and in`, p.id);
  return { pool: p, scope, mapping, deviation: dev, ...(weights === undefined ? {} : { weights }) };
}

/** The band a balancer aims for, checked. */
export function checkMaxDeviation(limit: number | undefined): number {
  const v = limit ?? 1;
  if (!(v >= 0 && Number.isFinite(v))) throw new BalanceError(`maxDeviation must be a number of at least 0, got ${String(v)}`, "maxDeviation");
  return v;
}
