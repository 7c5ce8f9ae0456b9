/**
 * osdmaptool's per-OSD marks, for one run (osdmaptool never stores them): `--mark-out N` (N up
 * and out: osdmaptool sets the UP bit before the weight, so an OSD that was down and out counts
 * as up afterwards), `--mark-up N` (N up) and `--mark-in N` (N in, reweight 1.0). An id not
 * below max_osd is ignored without a word, as osdmaptool ignores it. osdmaptool maps an OSD it
 * marks up even where its map does not hold it (as after --mark-up-in): marked up, it exists.
 */
import { clusterStateInput, createClusterState } from "./state.js";
import type { ClusterState, OsdInfo } from "./types.js";

/** The state with OSD `id` changed by `edit`; the state itself for an id osdmaptool ignores. */
function withOsd(state: ClusterState, id: number, edit: (o: OsdInfo) => Partial<OsdInfo>): ClusterState {
  if (!Number.isInteger(id) || id < 0 || id >= state.maxOsd) return state;
  const osds = state.osds.map((o) => (o.id === id ? { ...o, ...edit(o) } : o));
  return createClusterState({ ...clusterStateInput(state), osds });
}

/**
 * The state with OSD `id` up and out (reweight 0), as `osdmaptool --mark-out`.
 *
 * @group Placement
 */
export function markOsdOut(state: ClusterState, id: number): ClusterState {
  return withOsd(state, id, () => ({ exists: true, up: true, weight: 0 }));
}

/**
 * The state with OSD `id` up, as `osdmaptool --mark-up`.
 *
 * @group Placement
 */
export function markOsdUp(state: ClusterState, id: number): ClusterState {
  return withOsd(state, id, () => ({ exists: true, up: true }));
}

/**
 * The state with OSD `id` in (reweight 1.0), as `osdmaptool --mark-in` means it.
 *
 * @group Placement
 */
export function markOsdIn(state: ClusterState, id: number): ClusterState {
  return withOsd(state, id, () => ({ weight: 0x10000 }));
}
