/**
 * Evening out a pool with pg_upmap_items, one replica move at a time (the search is in
 * upmapSearch.ts): always help the device furthest from its share, moving one of its replicas
 * to (or taking one from) the device furthest the other way among those the rule allows. Each
 * exception is derived from the group's CRUSH result, so moving a replica back where CRUSH put
 * it removes the exception instead of stacking a new one.
 */
import { remapGroups, replicaMoves } from "../placement/mapPool.js";
import { formatPgId } from "../placement/pgId.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState, UpmapItem } from "../placement/types.js";
import { BalanceError } from "./errors.js";
import { checkMaxDeviation, deviation, maxDeviation, poolSpread, type PoolSpread } from "./deviation.js";
import { groupWeights } from "./groupWeights.js";
import { UpmapSearch } from "./upmapSearch.js";

/**
 * Options of `balanceUpmap`.
 *
 * @group Balancing
 */
export interface BalanceOptions {
  /** Stop when every device is within this many replicas of its target. Default 1. */
  readonly maxDeviation?: number;
  /** At most this many replica moves. Default: no limit. */
  readonly maxMoves?: number;
  /**
   * What to even out: `"pgs"` replicas per device (default), or `"bytes"`: the bytes of the
   * replicas, from `pgBytes`, so that disks fill evenly when groups differ in size. The band is
   * then in groups of the pool's mean size.
   */
  readonly by?: "pgs" | "bytes";
  /** Told the replica moves made so far (and `maxMoves`, or 0 when unbounded) as the search runs, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Bytes per group id (e.g. from `ceph pg dump -f json`); needed, for every group of the pool, with `by: "bytes"`. */
  readonly pgBytes?: ReadonlyMap<string, number>;
}

/**
 * One group whose pg_upmap_items the balancer changed, before and after.
 *
 * @group Balancing
 */
export interface UpmapChange {
  readonly pgid: string;
  /** The group's exceptions before and after; an empty `after` removes them. */
  readonly before: readonly UpmapItem[];
  readonly after: readonly UpmapItem[];
}

/**
 * What `balanceUpmap` found: the balanced state, the pool's pg_upmap_items, the changes, the
 * replica moves and the worst deviation before and after.
 *
 * @group Balancing
 */
export interface BalanceResult {
  /** The state with the new exceptions. */
  readonly state: ClusterState;
  /** Every pg_upmap_items entry of the pool after balancing, as in Ceph's OSD map dump. */
  readonly pgUpmapItems: readonly { readonly pgid: string; readonly mappings: readonly UpmapItem[] }[];
  /** Groups whose exceptions changed. */
  readonly changes: readonly UpmapChange[];
  /** Replicas that move from the current up sets to the balanced ones. */
  readonly moves: number;
  readonly maxDeviationBefore: number;
  readonly maxDeviationAfter: number;
  /** What was evened out: replicas, or bytes (counts and deviations then in units of `unitBytes`). */
  readonly by: "pgs" | "bytes";
  /** With `by: "bytes"`, the pool's mean group size in bytes: the unit of counts and deviations; else 0. */
  readonly unitBytes: number;
  /** Per device that can take replicas: target and count before and after. */
  readonly devices: readonly { readonly osd: number; readonly target: number; readonly before: number; readonly after: number }[];
}

/**
 * Computes pg_upmap_items bringing every device of `pool` within `maxDeviation` replicas of its
 * weight share, with as few replica moves as the greedy search finds, never putting two
 * replicas in one failure domain, never using a device that is out, down or weightless.
 *
 * @example
 * ```ts
 * const r = balanceUpmap(state, "rbd", { maxDeviation: 1 });
 * r.maxDeviationBefore; r.maxDeviationAfter; r.moves;
 * planRebalance(state, r.state); // the safe migration to the balanced layout
 * ```
 */
export function balanceUpmap(state: ClusterState, pool: number | string, options: BalanceOptions = {}): BalanceResult {
  const limit = checkMaxDeviation(options.maxDeviation);
  const maxMoves = options.maxMoves ?? Infinity;
  if (!(maxMoves >= 0)) throw new BalanceError(`maxMoves must be at least 0, got ${String(maxMoves)}`, "maxMoves");
  const by = options.by ?? "pgs";
  if (by !== "pgs" && by !== "bytes") throw new BalanceError(`by must be "pgs" or "bytes", got ${String(by)}`, "by");
  const sizes = options.pgBytes;
  if (by === "bytes" && sizes === undefined) throw new BalanceError('balancing by bytes needs pgBytes (each group\'s bytes, from a pg dump)', "pgBytes");
  let unitBytes = 0;
  const spread = poolSpread(
    state,
    pool,
    by === "pgs"
      ? undefined
      : (m) => {
          const w = groupWeights(m, sizes!);
          unitBytes = w.unitBytes;
          return w.weights;
        },
  );
  const search = new UpmapSearch(state, spread.pool.id, spread.scope, spread.mapping, spread.deviation, spread.weights);
  search.run(limit, maxMoves, options.onProgress);
  return { ...balanceResult(state, spread, search), by, unitBytes };
}

/** The balanced state and what changed, from the search's exceptions. */
function balanceResult(state: ClusterState, spread: PoolSpread, search: UpmapSearch): Omit<BalanceResult, "by" | "unitBytes"> {
  const poolId = spread.pool.id;
  const poolPrefix = `${poolId}.`;
  const existing = new Map<string, readonly UpmapItem[]>();
  for (const [k, v] of state.pgUpmapItems) if (k.startsWith(poolPrefix)) existing.set(k, v);
  const changes: UpmapChange[] = [];
  const next = new Map(existing);
  const touched = Array.from(search.items.keys()).sort((a, b) => a - b);
  for (const ps of touched) {
    const pgid = formatPgId(poolId, ps);
    const items = search.items.get(ps)!;
    const before = existing.get(pgid) ?? [];
    if (items.length === 0) next.delete(pgid);
    else next.set(pgid, items);
    if (!sameItems(before, items)) changes.push({ pgid, before, after: items });
  }
  const input = clusterStateInput(state);
  const others = input.pgUpmapItems!.filter((e) => !e.pgid.startsWith(poolPrefix));
  const ps = (pgid: string): number => parseInt(pgid.slice(poolPrefix.length), 16);
  const mine = Array.from(next, ([pgid, mappings]) => ({ pgid, mappings })).sort((a, b) => ps(a.pgid) - ps(b.pgid));
  const balanced = createClusterState({ ...input, pgUpmapItems: others.concat(mine) });
  // report what the new state really maps, not what the search believed (only the touched
  // groups' exceptions changed, so only they are placed again)
  const mapping = remapGroups(balanced, spread.mapping, touched);
  const after = deviation(balanced, spread.scope, mapping, spread.weights);
  const dev = spread.deviation;
  return {
    state: balanced,
    pgUpmapItems: mine,
    changes,
    moves: replicaMoves(spread.mapping, mapping),
    maxDeviationBefore: maxDeviation(dev),
    maxDeviationAfter: maxDeviation(after),
    devices: dev.devices.map((osd) => ({ osd, target: dev.target[osd]!, before: dev.count[osd]!, after: after.count[osd]! })),
  };
}

function sameItems(a: readonly UpmapItem[], b: readonly UpmapItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.from === b[i]!.from && x.to === b[i]!.to);
}
