/** The shape of a rebalance plan: its moves in waves, what it could not do, and its report. */
import type { FullestOsd } from "./upmapFill.js";
import type { GroupChange } from "./diff.js";
import type { ResolvedPlanOptions } from "./planOptions.js";

/**
 * One replica (or erasure shard) moving: copied from `source` to `to`, then dropped from `from`.
 *
 * @group Plans
 */
export interface PlannedMove {
  readonly pg: string;
  readonly pool: number;
  readonly ps: number;
  /** Shard position of an erasure group; null for replicated groups. */
  readonly shard: number | null;
  /** The OSD that gives up the copy; null for a pure copy (a new or lost replica). */
  readonly from: number | null;
  /** The OSD that receives the copy; null for a pure drop. */
  readonly to: number | null;
  /** The OSD read for the copy; null for a pure drop. */
  readonly source: number | null;
  /** The shard is rebuilt from the group's other shards (its old holder is gone). */
  readonly reconstruct: boolean;
  /** The wave the copy runs in (for a pure drop, the wave at whose end it happens). */
  readonly wave: number;
  /** The wave at whose end `from` is dropped; null when nothing is dropped. */
  readonly dropWave: number | null;
  readonly bytes: number;
  /** Restores redundancy of a degraded group (served first). */
  readonly recovery: boolean;
}

/**
 * What a plan makes one device do: bytes in, out and dropped, and its peak above its starting usage.
 *
 * @group Plans
 */
export interface DeviceTraffic {
  readonly osd: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly bytesDropped: number;
  /** Most bytes above its starting usage the device holds at any point of the plan. */
  readonly peakExtraBytes: number;
}

/**
 * A plan's totals: groups changed, degraded, lost and blocked, copies and bytes moved against
 * the lower bound no plan can beat, waves, estimated time, and each device's traffic.
 *
 * @group Plans
 */
export interface PlanReport {
  readonly groupsChanged: number;
  readonly groupsDegraded: number;
  readonly groupsLost: number;
  readonly groupsBlocked: number;
  /** Devices already past the full ratio before anything moves (they can receive no copy). */
  readonly devicesOverFull: number;
  /** Replica (or shard) copies made. */
  readonly movedReplicas: number;
  readonly movedBytes: number;
  /**
   * A lower bound no plan can beat: per device, the copies it must gain to reach the new layout
   * (new-layout copies minus readable copies it holds), summed.
   */
  readonly minimumReplicas: number;
  readonly minimumBytes: number;
  readonly waves: number;
  /** Sum over waves of the busiest device's transfer time. */
  readonly estimatedSeconds: number;
  readonly devices: readonly DeviceTraffic[];
  /** The fullest device before anything moves; null when no capacity is known. */
  readonly startFullest: FullestOsd | null;
  /** Per wave, the fullest device while it runs: its copies in, its drops not yet made. */
  readonly fullestByWave: readonly (FullestOsd | null)[];
}

/**
 * A plan to move a cluster from one state to another, as {@link planRebalance} makes it: the
 * changed groups, their copies scheduled in waves under the backfill, bucket and full-ratio
 * limits (degraded groups first), what the limits kept back, and a report. Check one with
 * {@link verifyPlan}; print one with {@link formatPlan}.
 *
 * @group Plans
 */
export interface RebalancePlan {
  readonly options: ResolvedPlanOptions;
  /** Ids of the pools planned. */
  readonly pools: readonly number[];
  /** Every group that changes, lost or not. */
  readonly groups: readonly GroupChange[];
  /** In wave order, then priority. */
  readonly moves: readonly PlannedMove[];
  readonly waves: number;
  /** Groups with no readable copy left (fewer than k shards for erasure): data loss. */
  readonly lost: readonly string[];
  /** Groups the full ratio keeps from finishing: their remaining moves are not in the plan. */
  readonly blocked: readonly string[];
  /**
   * Devices holding more than the full ratio of their capacity before the plan starts, ascending:
   * no copy may go to them, so groups whose new set names them are blocked from the first wave.
   */
  readonly overFull: readonly number[];
  /** Drops not made because they would leave a group below min_size (its new set is too small). */
  readonly withheld: readonly { readonly pg: string; readonly osd: number; readonly shard: number | null }[];
  /** Capacity in bytes of every device involved, as the plan assumed it. */
  readonly capacity: ReadonlyMap<number, number>;
  /** Bytes on every device before the plan starts, as the plan assumed it. */
  readonly startUsage: ReadonlyMap<number, number>;
  readonly report: PlanReport;
}
