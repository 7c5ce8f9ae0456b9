/**
 * The two cluster states of a crush map change, which planRebalance compares: the same pools
 * and OSDs before and after the crush map goes from one version to the next. `crushmap plan
 * --from BEFORE --to AFTER` plans between them.
 */
import type { CrushMap } from "../map/types.js";
import { clusterStateInput, createClusterState, type OsdInput, type PoolInput } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "./errors.js";

/** The pool a crush change is planned for when the cluster's own pools are not given. */
export const DEFAULT_PLAN_POOL: Omit<PoolInput, "pgNum"> = Object.freeze({ id: 1, name: "rbd", size: 3, minSize: 2, crushRule: 0, objectHash: "rjenkins" as const });

/**
 * Both states of a crush change on a cluster with every device up and in and one replicated
 * pool ({@link DEFAULT_PLAN_POOL}: id 1, size 3, min_size 2, rule 0) of `pgNum` groups.
 *
 * @throws PlanError when either map lacks rule 0 (`item` is "before" or "after").
 *
 * @example
 * ```ts
 * const [before, after] = crushChangeStates(loadCrushMap(a), loadCrushMap(b), 1024);
 * const plan = planRebalance(before, after);
 * ```
 */
export function crushChangeStates(before: CrushMap, after: CrushMap, pgNum: number): [ClusterState, ClusterState] {
  const state = (crush: CrushMap, which: string): ClusterState => {
    if (!crush.rules.some((r) => r.id === DEFAULT_PLAN_POOL.crushRule)) {
      throw new PlanError(`the ${which} crush map has no rule ${DEFAULT_PLAN_POOL.crushRule} for the default pool`, which);
    }
    return createClusterState({ crush, pools: [{ ...DEFAULT_PLAN_POOL, pgNum }] });
  };
  return [state(before, "before"), state(after, "after")];
}

/**
 * `state` with crush map `crush` in place of its own: the same pools, OSD facts and exceptions;
 * devices only `crush` has join as new OSDs, up and in (what adding hardware looks like).
 * The result is not strict (see ClusterStateInput.strict): OSDs the new map dropped stay.
 *
 * @example
 * ```ts
 * const before = clusterStateFromOsdmapJson(osdmapJson, today);
 * const plan = planRebalance(before, withCrushMap(before, tomorrow));
 * ```
 */
export function withCrushMap(state: ClusterState, crush: CrushMap): ClusterState {
  const input = clusterStateInput(state);
  const osds: OsdInput[] = [...(input.osds ?? [])];
  const known = new Set(osds.map((o) => o.id));
  let maxOsd = state.maxOsd;
  for (const d of crush.devices) {
    if (!known.has(d.id)) osds.push({ id: d.id });
    if (d.id + 1 > maxOsd) maxOsd = d.id + 1;
  }
  return createClusterState({ ...input, crush, maxOsd, osds, strict: false });
}
