import type { DiffOptions } from "./diff.js";
import { PlanError } from "./errors.js";

/**
 * What a rebalance plan may do: throttles (Ceph's osd_max_backfills, per device and per bucket
 * of a type), the full ratio, capacities and bandwidth; checked once, by {@link planRebalance}.
 *
 * @group Plans
 */
export interface PlanOptions extends DiffOptions {
  /** Concurrent transfers into, and out of, one device per wave. Default 1, as Ceph's osd_max_backfills. */
  readonly maxBackfills?: number;
  /** Concurrent transfers into, and out of, one bucket of a type per wave, e.g. `{ host: 2 }`. */
  readonly domainLimits?: Readonly<Record<string, number>>;
  /** No device may hold more than this share of its capacity. Default 0.95 (Ceph's full_ratio). */
  readonly fullRatio?: number;
  /**
   * Upmap steps never move a copy onto a device that would then hold more than this share of
   * its capacity (Ceph's backfillfull_ratio, which stops backfill there). Default: `fullRatio`.
   */
  readonly backfillFullRatio?: number;
  /** Device capacity in bytes; default from crush weight: weight 1.0 = `bytesPerWeight`. */
  readonly capacity?: ReadonlyMap<number, number>;
  /** Bytes per crush weight 1.0. Default 2^40 (Ceph's convention: weight is TiB). */
  readonly bytesPerWeight?: number;
  /** Bytes already used on devices by data outside the planned pools. */
  readonly usedBytes?: ReadonlyMap<number, number>;
  /**
   * Bytes each listed device holds now, all data included, as `ceph osd df` reports it
   * (kb_used): replaces what the plan would count from the groups' bytes and `usedBytes`.
   */
  readonly measuredUsage?: ReadonlyMap<number, number>;
  /**
   * Told how far long work has come (the copies, or upmap moves, scheduled of all there are), so a
   * caller can show progress. Called synchronously; it must not change the inputs.
   */
  readonly onProgress?: (done: number, total: number) => void;
  /** Transfer bandwidth of one device in bytes per second (reads and writes each). Default 100 MiB/s. */
  readonly bandwidth?: number;
}

/** The limits a plan was made under, as the plan records them for verifyPlan. */
export interface ResolvedPlanOptions {
  readonly maxBackfills: number;
  readonly domainLimits: Readonly<Record<string, number>>;
  readonly fullRatio: number;
  readonly backfillFullRatio: number;
  readonly bandwidth: number;
  /** Bytes per crush weight 1.0 that capacities not given were derived from. */
  readonly bytesPerWeight: number;
}

const DEFAULT_BANDWIDTH = 100 * 1024 * 1024;
/** Ceph's convention: crush weight 1.0 is 1 TiB. */
export const DEFAULT_BYTES_PER_WEIGHT = 2 ** 40;

/** Defaults filled in; a PlanError names the first option out of range. */
export function resolvePlanOptions(o: PlanOptions): ResolvedPlanOptions {
  const maxBackfills = o.maxBackfills ?? 1;
  if (!Number.isInteger(maxBackfills) || maxBackfills < 1) throw new PlanError(`maxBackfills must be a positive integer, got ${String(maxBackfills)}`, "maxBackfills");
  const domainLimits = o.domainLimits ?? {};
  for (const [type, limit] of Object.entries(domainLimits)) {
    if (!Number.isInteger(limit) || limit < 1) throw new PlanError(`the ${type} limit must be a positive integer, got ${String(limit)}`, type);
  }
  const fullRatio = o.fullRatio ?? 0.95;
  if (!(fullRatio > 0 && fullRatio <= 1)) throw new PlanError(`fullRatio must be in (0, 1], got ${String(fullRatio)}`, "fullRatio");
  const backfillFullRatio = o.backfillFullRatio ?? fullRatio;
  if (!(backfillFullRatio > 0 && backfillFullRatio <= fullRatio)) throw new PlanError(`backfillFullRatio must be in (0, fullRatio ${fullRatio}], got ${String(backfillFullRatio)}`, "backfillFullRatio");
  const bandwidth = o.bandwidth ?? DEFAULT_BANDWIDTH;
  if (!(bandwidth > 0 && Number.isFinite(bandwidth))) throw new PlanError(`bandwidth must be a positive number of bytes per second, got ${String(bandwidth)}`, "bandwidth");
  if (o.bytesPerWeight !== undefined && !(o.bytesPerWeight > 0)) throw new PlanError(`bytesPerWeight must be positive, got ${String(o.bytesPerWeight)}`, "bytesPerWeight");
  if (typeof o.pgBytes === "number" && !(o.pgBytes >= 0 && Number.isFinite(o.pgBytes))) throw new PlanError(`pgBytes must be a non-negative number, got ${String(o.pgBytes)}`, "pgBytes");
  return { maxBackfills, domainLimits, fullRatio, backfillFullRatio, bandwidth, bytesPerWeight: o.bytesPerWeight ?? DEFAULT_BYTES_PER_WEIGHT };
}
