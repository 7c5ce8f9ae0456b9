/**
 * The recovery a failure sets off: the failed devices down and marked out, CRUSH placing their
 * copies elsewhere, planned as any rebalance is (degraded groups first, throttled, never past
 * the full ratio). The plan says when the full ratio keeps recovery from finishing, or from
 * starting: `blocked` groups and the `overFull` devices already past it.
 */
import type { ClusterState } from "../placement/types.js";
import { planRebalance } from "../plan/planRebalance.js";
import type { PlanOptions } from "../plan/planOptions.js";
import type { RebalancePlan } from "../plan/rebalancePlan.js";
import { failedState } from "./failureImpact.js";
import { resolvePool } from "../placement/place.js";

/**
 * What the recovery may do and what the devices hold; `bytesPerWeight` sets capacities from crush weights (default 1 TiB per 1.0).
 *
 * @group Failure analysis
 */
export type RecoveryOptions = Pick<PlanOptions, "pgBytes" | "bandwidth" | "bytesPerWeight" | "capacity" | "usedBytes" | "fullRatio" | "maxBackfills" | "domainLimits">;

/**
 * The recovery plan of a failure: `failed` (device or bucket names or ids) down and out, their
 * copies placed elsewhere by CRUSH and planned like any rebalance of `pool` — degraded groups
 * first, throttled, never past the full ratio; `blocked` and `overFull` say what the full ratio
 * keeps from recovering.
 *
 * @group Failure analysis
 *
 * @throws {@link FailureError} when `failed` is empty or names neither a device nor a bucket,
 * {@link PlacementError} when the pool does not exist, and {@link PlanError} when an option is out
 * of range.
 *
 * @example
 * ```ts
 * const plan = failureRecovery(state, "rbd", ["node3"], { pgBytes: 4 << 30, bytesPerWeight: 4 * 2 ** 40 });
 * plan.report.estimatedSeconds; plan.blocked.length; plan.overFull;
 * ```
 */
export function failureRecovery(state: ClusterState, pool: number | string, failed: readonly (string | number)[], options: RecoveryOptions = {}): RebalancePlan {
  const p = resolvePool(state, pool);
  return planRebalance(state, failedState(state, failed, { out: true }), { ...options, pools: [p.id] });
}
