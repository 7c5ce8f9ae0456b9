/** osdmaptool's `--clear-temp`: the cluster without its pg_temp and primary_temp entries, for one run. */
import { clusterStateInput, createClusterState } from "./state.js";
import type { ClusterState } from "./types.js";

/**
 * The state with no pg_temp and no primary_temp (OSDMap::clear_temp): every group acts on its
 * up set again.
 *
 * @group Placement
 */
export function clearTemp(state: ClusterState): ClusterState {
  if (state.pgTemp.size === 0 && state.primaryTemp.size === 0) return state;
  return createClusterState({ ...clusterStateInput(state), pgTemp: [], primaryTemp: [] });
}
