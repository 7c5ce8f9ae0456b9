/**
 * From the cluster as it is to the cluster as it will be: every replica move, grouped into
 * waves a storage system runs one after another.
 *
 * Rules every plan keeps (verifyPlan replays a plan and checks each):
 * - make before break: a group's old copies are dropped only at the end of the wave in which
 *   its last new copy completes, and never below min_size copies;
 * - per wave, at most `maxBackfills` transfers into and out of each device (Ceph's
 *   osd_max_backfills), and optionally per host, rack or any bucket type;
 * - copies are read from the group's healthy copies, the least busy first;
 * - groups that lost copies (degraded) are served before groups that only move, the fewest
 *   copies left first; groups with nothing readable left are reported lost, never planned;
 * - no device is filled past `fullRatio` of its capacity at any point, temporary copies included;
 *   devices already past it at the start are named (`overFull`) and receive nothing.
 *
 * The steps, one file each: copy tasks (copyTasks.ts), capacity (capacity.ts), wave scheduling
 * (scheduleWaves.ts), the report (planReport.ts).
 */
import type { ClusterState } from "../placement/types.js";
import { deviceCapacity, overFull, plannedPools, startUsage } from "./capacity.js";
import { groupTasks, priorityOrder } from "./copyTasks.js";
import { diffMapped, mapComparedPools } from "./diff.js";
import { domainLimitsOf } from "./domainLimits.js";
import { startHolders } from "./holders.js";
import { resolvePlanOptions, type PlanOptions } from "./planOptions.js";
import { pairMoves, planReport } from "./planReport.js";
import type { RebalancePlan } from "./rebalancePlan.js";
import { scheduleWaves } from "./scheduleWaves.js";
import { fullestOf } from "./upmapFill.js";

export type { PlanOptions, ResolvedPlanOptions } from "./planOptions.js";
export type { DeviceTraffic, PlannedMove, PlanReport, RebalancePlan } from "./rebalancePlan.js";
export { copiesHeld, type Holder } from "./holders.js";

/**
 * Plans the migration from `before` to `after`.
 *
 * @group Plans
 *
 * @throws {@link PlanError} when an option is out of range or the states' pools cannot be
 * compared (see {@link diffStates}).
 *
 * @example
 * ```ts
 * const after = applyChanges(before, [{ kind: "markOut", osd: 7 }]);
 * const plan = planRebalance(before, after, { pgBytes: 4 << 30, maxBackfills: 2 });
 * plan.report.movedBytes; plan.waves; verifyPlan(before, after, plan).ok; // true
 * ```
 */
export function planRebalance(before: ClusterState, after: ClusterState, options: PlanOptions = {}): RebalancePlan {
  const resolved = resolvePlanOptions(options);
  // each state is bulk-mapped once: the diff and the starting usage read the same mappings
  const mapped = mapComparedPools(before, after, options.pools);
  const groups = diffMapped(before, after, mapped, options.pgBytes);
  const order = priorityOrder(groups);

  const ids = Math.max(before.maxOsd, after.maxOsd);
  const capacity = deviceCapacity(before, after, options, ids);
  const usage = startUsage(before, after, mapped.map((m) => m.before), options, ids);
  const startUsageMap = new Map<number, number>();
  usage.forEach((u, d) => {
    if (u > 0) startUsageMap.set(d, u);
  });
  const full = overFull(usage, capacity, resolved.fullRatio);
  const startFullest = fullestOf(usage, capacity);
  const tasks = groupTasks(groups, order);
  const holders = groups.map(startHolders);
  const schedule = scheduleWaves(groups, order, tasks, holders, usage, capacity, resolved, domainLimitsOf(before, after, resolved.domainLimits), options.onProgress);

  const capacityMap = new Map<number, number>();
  capacity.forEach((c, d) => {
    if (Number.isFinite(c)) capacityMap.set(d, c);
  });
  return {
    options: resolved,
    pools: plannedPools(before, after, options),
    groups,
    moves: pairMoves(groups, tasks.copies, tasks.drops),
    waves: schedule.waves,
    lost: tasks.lost,
    blocked: schedule.blocked.map((gi) => groups[gi]!.pgid),
    overFull: full,
    withheld: schedule.withheld,
    capacity: capacityMap,
    startUsage: startUsageMap,
    report: planReport(groups, tasks.copies, tasks.lost.length, schedule, full.length, startFullest),
  };
}
