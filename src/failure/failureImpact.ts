/**
 * What a failure does to a pool, group by group, without touching a disk: which groups lose
 * copies (degraded), which drop below min_size (I/O blocks until recovery), which lose their
 * data (no copy left; fewer than k shards for erasure pools).
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool } from "../placement/mapPool.js";
import { resolvePool } from "../placement/place.js";
import { formatPgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import { applyChanges } from "../plan/changes.js";
import { groupBytes, type GroupBytes } from "../plan/diff.js";
import { resolveFailed } from "./resolveFailed.js";

/**
 * How badly a failure hits one group, worst first: `lost` (no readable copy; fewer than k shards),
 * `belowMinSize` (I/O blocks until recovery), `degraded` (copies missing, I/O goes on).
 *
 * @group Failure analysis
 */
export type FailureClass = "degraded" | "belowMinSize" | "lost";

/**
 * One placement group a failure reaches: its class, copies before and after, and bytes.
 *
 * @group Failure analysis
 */
export interface FailedGroup {
  readonly pgid: string;
  readonly class: FailureClass;
  /** Copies (shards) before the failure and left after it. */
  readonly copies: number;
  readonly live: number;
  readonly bytes: number;
}

/**
 * What a failure does to a pool, from {@link failureImpact}: the groups degraded, below
 * min_size and lost, with their bytes, and every affected group.
 *
 * @group Failure analysis
 */
export interface FailureImpact {
  readonly pool: number;
  /** The devices that fail. */
  readonly failed: readonly number[];
  readonly groups: number;
  /** Groups that lost at least one copy but keep min_size (worst class only: a lost group is not also counted degraded). */
  readonly degraded: number;
  /** Groups below min_size: I/O blocks until recovery, no data lost. */
  readonly belowMinSize: number;
  /** Groups whose data is gone. */
  readonly lost: number;
  readonly degradedBytes: number;
  readonly belowMinSizeBytes: number;
  readonly lostBytes: number;
  /** Every affected group, in id order. */
  readonly affected: readonly FailedGroup[];
}

/**
 * Classifies every group of `pool` under the failure of `failed` (device or bucket names or ids).
 *
 * @group Failure analysis
 *
 * @throws {@link FailureError} when `failed` is empty or names neither a device nor a bucket,
 * and {@link PlacementError} when the pool does not exist.
 * @example
 * ```ts
 * const impact = failureImpact(state, "rbd", ["rack2"], { pgBytes: 4 << 30 });
 * impact.lost; impact.belowMinSize; impact.degraded;
 * ```
 */
export function failureImpact(state: ClusterState, pool: number | string, failed: readonly (string | number)[], options: { readonly pgBytes?: GroupBytes } = {}): FailureImpact {
  const p = resolvePool(state, pool);
  const dead = resolveFailed(state.crush, failed);
  const isDead = new Set(dead);
  const m = mapPool(state, p.id);
  const readable = p.type === "erasure" ? p.erasureK ?? 1 : 1;
  const affected: FailedGroup[] = [];
  const totals = { degraded: 0, belowMinSize: 0, lost: 0, degradedBytes: 0, belowMinSizeBytes: 0, lostBytes: 0 };
  for (let ps = 0; ps < m.pgNum; ps++) {
    let copies = 0;
    let live = 0;
    for (let i = 0; i < m.actingLength[ps]!; i++) {
      const o = m.acting[ps * m.width + i]!;
      if (o === ITEM_NONE) continue;
      copies++;
      if (!isDead.has(o)) live++;
    }
    if (live === copies) continue;
    const cls: FailureClass = live < readable ? "lost" : live < p.minSize ? "belowMinSize" : "degraded";
    const pgid = formatPgId(p.id, ps);
    const bytes = groupBytes(options.pgBytes, pgid);
    totals[cls]++;
    totals[`${cls}Bytes`] += bytes;
    affected.push({ pgid, class: cls, copies, live, bytes });
  }
  return { pool: p.id, failed: dead, groups: m.pgNum, ...totals, affected };
}

/**
 * The state after the failure: the failed OSDs down (their copies gone), and with `out` also
 * out, so CRUSH places their data elsewhere — the `after` of the recovery plan.
 *
 * @group Failure analysis
 *
 * @throws {@link FailureError} when `failed` is empty or names neither a device nor a bucket.
 * @example
 * ```ts
 * const after = failedState(state, ["node3"], { out: true });
 * planRebalance(state, after, { pgBytes }); // degraded groups first, lost ones reported
 * ```
 */
export function failedState(state: ClusterState, failed: readonly (string | number)[], options: { readonly out?: boolean } = {}): ClusterState {
  return applyChanges(
    state,
    resolveFailed(state.crush, failed).flatMap((osd) => [{ kind: "markDown" as const, osd }, ...(options.out === true ? [{ kind: "markOut" as const, osd }] : [])]),
  );
}
