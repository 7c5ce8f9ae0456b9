/** The shape of an upmap plan: the pg_upmap_items of every step and the commands between them. */
import type { UpmapItem } from "../placement/types.js";
import type { ResolvedPlanOptions } from "./planOptions.js";
import type { FullestOsd } from "./upmapFill.js";

/**
 * One replica (or erasure shard) a step moves: Ceph backfills `to` from `source`, then drops `from`.
 *
 * @group Plans
 */
export interface UpmapMove {
  readonly pg: string;
  readonly pool: number;
  readonly ps: number;
  /** Shard position of an erasure group; null for replicated groups. */
  readonly shard: number | null;
  /** The OSD that gives up the copy; null when the copy was lost (it is rebuilt). */
  readonly from: number | null;
  /** The OSD that receives it; null for a pure drop (the group shrinks). */
  readonly to: number | null;
  /** The OSD read (counted against its limit); null for a pure drop. */
  readonly source: number | null;
  readonly bytes: number;
  /** Restores a copy of a degraded group. */
  readonly recovery: boolean;
}

/**
 * A group's complete pg_upmap_items, as `ceph osd dump -f json` lists them.
 *
 * @group Plans
 */
export interface GroupItems {
  readonly pgid: string;
  readonly mappings: readonly UpmapItem[];
}

/**
 * One step of an upmap plan: the pg_upmap_items once it is applied, the `ceph osd pg-upmap-items`
 * commands that get there from the previous step, and the copies, bytes and time it moves.
 *
 * @group Plans
 */
export interface UpmapStep {
  readonly step: number;
  /** The planned pools' complete pg_upmap_items once this step is applied, by pool then group. */
  readonly pgUpmapItems: readonly GroupItems[];
  /** `ceph osd pg-upmap-items` / `rm-pg-upmap-items` lines that turn the previous list into this one. */
  readonly commands: readonly string[];
  readonly moves: readonly UpmapMove[];
  /** Replica copies made in this step (pure drops excluded). */
  readonly movedReplicas: number;
  readonly bytes: number;
  /** The busiest OSD's transfer time at the plan's bandwidth. */
  readonly seconds: number;
  /**
   * The step had to exceed a limit: step 0's moves of groups that cannot be pinned, or a group
   * whose shards can only move together.
   */
  readonly overLimit: boolean;
  /**
   * The fullest OSD while the step runs: its bytes with every copy arriving in the step and
   * none of the leaving ones dropped yet (Ceph drops them once the group is clean). Null when
   * no OSD has a known capacity.
   */
  readonly fullest: FullestOsd | null;
  /**
   * OSDs the step fills past the backfillfull ratio. Only step 0 can: its copies of groups that
   * cannot be pinned move at once. Later steps never release such a move (see UpmapPlan.blocked).
   */
  readonly pastFullRatio: readonly number[];
}

/**
 * A migration as upmap steps, from {@link planUpmapSteps}: step 0 applies the new crush map with
 * pg_upmap_items pinning every group where it is, and each next step releases a batch of pins
 * within the backfill limits, so Ceph moves the data in throttled steps.
 *
 * @group Plans
 */
export interface UpmapPlan {
  readonly options: ResolvedPlanOptions;
  readonly pools: readonly number[];
  /** Step 0 applies the new crush map with pins; each next step releases a batch. */
  readonly steps: readonly UpmapStep[];
  /** Groups with no readable copy: left to CRUSH, never planned. */
  readonly lost: readonly string[];
  /** Groups that could not be pinned in full: their unpinned copies move in step 0. */
  readonly unpinned: readonly string[];
  /**
   * Moves not made: their group's new set is below min_size and smaller than what it holds, so
   * it stays pinned where it is (the last step keeps those pins).
   */
  readonly withheld: readonly WithheldMove[];
  /**
   * Moves not made because their target would pass the backfillfull ratio and no later step
   * frees enough space: their groups stay pinned where they are (the last step keeps those pins).
   */
  readonly blocked: readonly WithheldMove[];
  /** OSDs already past the full ratio before step 0, ascending: they receive nothing. */
  readonly overFull: readonly number[];
  /** The fullest OSD before step 0. */
  readonly startFullest: FullestOsd | null;
  readonly movedReplicas: number;
  readonly movedBytes: number;
  /** Copies the change needs at least: per group, the new set's members it does not hold yet. */
  readonly minimumReplicas: number;
}

/**
 * A move the plan does not make (see UpmapPlan.withheld).
 *
 * @group Plans
 */
export interface WithheldMove {
  readonly pg: string;
  readonly shard: number | null;
  readonly from: number | null;
  readonly to: number | null;
}
