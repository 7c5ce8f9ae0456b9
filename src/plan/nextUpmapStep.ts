/**
 * The next batch from the live cluster (`crushmap plan --next`): the OSD map as it is (its pins
 * in place) and the groups Ceph is still moving. Run it repeatedly, each time the cluster has
 * taken the last batch in, until it says done.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool, setOf } from "../placement/mapPool.js";
import { parsePgId } from "../placement/pgId.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "./errors.js";
import { checkPgStates, inFlight, type PgState } from "./pgStates.js";
import type { PlanOptions } from "./planOptions.js";
import { planUpmapSteps } from "./planUpmapSteps.js";
import type { UpmapPlan, UpmapStep } from "./upmapPlan.js";

/**
 * What {@link nextUpmapStep} says to do now: the batch that is safe, whether the migration is
 * over, which groups Ceph is still moving, and the whole remaining plan.
 *
 * @group Plans
 */
export interface NextUpmapStep {
  /** The batch that is safe now; null when nothing is (the limits are full) or nothing is left. */
  readonly step: UpmapStep | null;
  /** Nothing moves, nothing is left to release, nothing is held back by the full ratio: the migration is over. */
  readonly done: boolean;
  /** Groups Ceph is still moving or repairing; the batch leaves them alone. */
  readonly moving: readonly string[];
  /** The whole remaining plan, from the state as it is. */
  readonly plan: UpmapPlan;
}

/**
 * The next batch from `current` (the OSD map with its pins) towards `target` (the same cluster
 * with the new crush map and the items it should end with), given the groups' states.
 *
 * @group Plans
 *
 * @throws {@link PlanError} naming a group the pg list has but the OSD map does not, or whose up set
 * the OSD map does not produce (the two describe different clusters).
 */
export function nextUpmapStep(current: ClusterState, target: ClusterState, pgs: readonly PgState[], options: PlanOptions = {}): NextUpmapStep {
  checkPgStates(current, pgs);
  checkUpSets(current, pgs);
  const moving = pgs.filter(inFlight);
  const into: number[] = [];
  const outOf: number[] = [];
  for (const p of moving) transfers(p, current.pools.find((q) => q.id === parsePgId(p.pgid).pool)!.type === "erasure", into, outOf);
  // a group on the move is taken where Ceph is taking it: its up set
  const ids = new Set(moving.map((p) => p.pgid));
  const input = clusterStateInput(current);
  const settled = createClusterState({ ...input, pgTemp: (input.pgTemp ?? []).filter((t) => !ids.has(t.pgid)) });
  const plan = planUpmapSteps(settled, target, options, { pgids: ids, into, outOf });
  const first = plan.steps[0]!;
  const second = plan.steps[1];
  const step = first.commands.length > 0 ? first : second !== undefined && second.commands.length > 0 ? second : null;
  // moves the full ratio blocks are not done: the cluster needs room (or new disks) first
  const done = moving.length === 0 && plan.steps.length === 1 && first.commands.length === 0 && plan.blocked.length === 0;
  return { step, done, moving: moving.map((p) => p.pgid), plan };
}

/** Replicas arriving (up, not acting) and read (acting, not up), position by position for shards. */
function transfers(p: PgState, erasure: boolean, into: number[], outOf: number[]): void {
  const leaving = erasure ? [] : p.acting.filter((a) => a !== ITEM_NONE && !p.up.includes(a));
  const fallback = p.acting.find((a) => a !== ITEM_NONE);
  for (let i = 0; i < p.up.length; i++) {
    const o = p.up[i]!;
    if (o === ITEM_NONE || (erasure ? p.acting[i] === o : p.acting.includes(o))) continue;
    into.push(o);
    // each arriving replica is read from its own leaving copy while there is one
    const from = erasure ? p.acting[i] : leaving.shift();
    const source = from !== undefined && from !== ITEM_NONE ? from : fallback;
    if (source !== undefined) outOf.push(source);
  }
}

/** The OSD map must map each listed group to the up set the pg list shows. */
function checkUpSets(state: ClusterState, pgs: readonly PgState[]): void {
  const maps = new Map<number, ReturnType<typeof mapPool>>();
  for (const p of pgs) {
    const { pool, ps } = parsePgId(p.pgid);
    let m = maps.get(pool);
    if (m === undefined) maps.set(pool, (m = mapPool(state, pool)));
    const up = setOf(m.up, m.upLength, m.width, ps);
    if (up.length !== p.up.length || up.some((o, i) => o !== p.up[i])) {
      throw new PlanError(`pg ${p.pgid}: the pg list shows up [${p.up.join(",")}] but the OSD map and crush map give [${up.join(",")}]; they describe different clusters`, p.pgid);
    }
  }
}
