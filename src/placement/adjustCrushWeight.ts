/**
 * osdmaptool's `--adjust-crush-weight OSD:W`: the crush weight of one OSD changed in osdmaptool's
 * copy of the crush map, for one run (CrushWrapper::adjust_item_weightf: every bucket holding the
 * device takes the new weight, and their ancestors are re-summed).
 */
import { CrushMapBuilder } from "../map/builder.js";
import { clusterStateInput, createClusterState } from "./state.js";
import type { ClusterState } from "./types.js";

/**
 * The state whose crush map gives device `osd` the weight `weight` (decimal, as a C float,
 * truncated to 16.16 as Ceph does) wherever it sits; the state itself when no bucket holds the
 * device, where Ceph changes nothing either.
 *
 * @group Placement
 */
export function adjustCrushWeight(state: ClusterState, osd: number, weight: number): ClusterState {
  const held = state.crush.buckets.some((b) => b.items.some((it) => it.id === osd));
  if (!held || !state.crush.devices.some((d) => d.id === osd)) return state;
  // (int)(weight * (float)0x10000), in float arithmetic
  const fixed = Math.trunc(Math.fround(Math.fround(weight) * 0x10000));
  const crush = CrushMapBuilder.from(state.crush).reweight(osd, fixed / 0x10000).build();
  return createClusterState({ ...clusterStateInput(state), crush });
}
