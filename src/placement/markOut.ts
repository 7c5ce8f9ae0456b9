/**
 * osdmaptool's `--mark-out N`: the cluster as if OSD N were out, for one run (osdmaptool never
 * stores it). It also marks N up, as osdmaptool does (it sets the UP bit before the weight), so an
 * OSD that is down and out still counts as up afterwards.
 */
import { clusterStateInput, createClusterState } from "./state.js";
import type { ClusterState } from "./types.js";

/**
 * The state with OSD `id` up and out (reweight 0); the state itself when `id` is not below
 * max_osd, which osdmaptool ignores without a word.
 *
 * @group Placement
 */
export function markOsdOut(state: ClusterState, id: number): ClusterState {
  if (!Number.isInteger(id) || id < 0 || id >= state.maxOsd) return state;
  const input = clusterStateInput(state);
  const osds = state.osds.map((o) => (o.id === id ? { id: o.id, exists: o.exists, up: true, weight: 0, primaryAffinity: o.primaryAffinity } : o));
  return createClusterState({ ...input, osds });
}
