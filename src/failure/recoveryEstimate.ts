/**
 * How long the cluster runs with reduced redundancy after the worst single failure: the unit (a
 * device, or a bucket of a type) that holds a copy of the most groups of a pool fails and is
 * marked out, and the rebalance plan that restores the copies says how long that takes. This is
 * the recovery time a yearly durability estimate assumes when none is given.
 */
import { ancestorOfType } from "../map/hierarchy.js";
import { mapPool } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import type { ClusterState } from "../placement/types.js";
import type { GroupBytes } from "../plan/diff.js";
import { planRebalance, type RebalancePlan } from "../plan/planRebalance.js";
import { FailureError } from "./errors.js";
import { failedState } from "./failureImpact.js";

/** A recovery moves data: without a size per group, 1 GiB is assumed. */
const DEFAULT_PG_BYTES = 2 ** 30;

export interface WorstFailureOptions {
  /** Fail buckets of this type (host, rack, …); default (or "device", "osd"): single devices. */
  readonly domain?: string;
  /** Bytes per group, as in planRebalance. Default 1 GiB. */
  readonly pgBytes?: GroupBytes;
  /** Per-device recovery rate in bytes per second, as in planRebalance. */
  readonly bandwidth?: number;
}

export interface WorstFailureRecovery {
  /** The unit that fails: a device id, or a bucket name. The first one found among equals. */
  readonly unit: number | string;
  /** Groups of the pool that had a copy on it. */
  readonly groups: number;
  /** The recovery plan once its devices are marked out. */
  readonly plan: RebalancePlan;
  /** The plan's estimated time. */
  readonly seconds: number;
}

/**
 * Plans the recovery from the failure of the pool's most loaded unit (the up device, or bucket
 * of `domain`, in the most groups' acting sets).
 *
 * @throws FailureError when the map has no bucket type `domain` or there is no unit to fail;
 *   PlacementError for an unknown pool; PlanError for bad plan options.
 *
 * @example
 * ```ts
 * const { unit, seconds } = worstFailureRecovery(state, "rbd", { domain: "host", pgBytes: 8 * 2 ** 30 });
 * ```
 */
export function worstFailureRecovery(state: ClusterState, pool: number | string, options: WorstFailureOptions = {}): WorstFailureRecovery {
  const p = resolvePool(state, pool);
  const { units, unitOf } = failureUnits(state, options.domain);
  const m = mapPool(state, p.id);
  // one pass over the acting sets; a group counts once per unit however many copies it holds
  const groups = new Float64Array(units.length);
  const lastGroup = new Int32Array(units.length).fill(-1);
  for (let ps = 0; ps < m.pgNum; ps++) {
    for (let i = 0; i < m.actingLength[ps]!; i++) {
      const u = unitOf.get(m.acting[ps * m.width + i]!);
      if (u === undefined || lastGroup[u] === ps) continue;
      lastGroup[u] = ps;
      groups[u]!++;
    }
  }
  let worst = -1;
  for (let u = 0; u < units.length; u++) if (worst < 0 || groups[u]! > groups[worst]!) worst = u;
  if (worst < 0) throw new FailureError("no unit to fail for the recovery estimate", options.domain);
  const unit = units[worst]!;
  const plan = planRebalance(state, failedState(state, [unit], { out: true }), {
    pools: [p.id],
    pgBytes: options.pgBytes ?? DEFAULT_PG_BYTES,
    ...(options.bandwidth === undefined ? {} : { bandwidth: options.bandwidth }),
  });
  return { unit, groups: groups[worst]!, plan, seconds: plan.report.estimatedSeconds };
}

/** The units that can fail and, per device, the index of the unit it belongs to. */
function failureUnits(state: ClusterState, domain: string | undefined): { units: (number | string)[]; unitOf: Map<number, number> } {
  const unitOf = new Map<number, number>();
  if (domain === undefined || domain === "device" || domain === "osd") {
    const units = state.osds.filter((o) => o.exists && o.up).map((o) => o.id);
    units.forEach((id, u) => unitOf.set(id, u));
    return { units, unitOf };
  }
  const type = state.crush.types.find((t) => t.name === domain);
  if (type === undefined) throw new FailureError(`the crush map has no bucket type '${domain}'`, domain);
  const buckets = state.crush.buckets.filter((b) => b.type === type.id);
  const index = new Map(buckets.map((b, u) => [b.id, u]));
  for (const [device, bucket] of ancestorOfType([state.crush], domain)) {
    const u = index.get(bucket);
    if (u !== undefined) unitOf.set(device, u);
  }
  return { units: buckets.map((b) => b.name), unitOf };
}
