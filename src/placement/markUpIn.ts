/**
 * osdmaptool's `--mark-up-in`: the cluster as if every OSD were up and in, which is how
 * osdmaptool is usually asked about a map taken from a cluster with OSDs down or out.
 */
import { CrushMapBuilder } from "../map/builder.js";
import type { CrushMap } from "../map/types.js";
import { clusterStateInput, createClusterState } from "./state.js";
import type { ClusterState } from "./types.js";

const WEIGHT_ONE = 0x10000;

/**
 * Every OSD id below max_osd up and in (reweight 1.0), as osdmaptool's `--mark-up-in` leaves
 * them: osdmaptool 16.2 then maps even ids its map does not hold (an `--createsimple` map has
 * max_osd OSDs and none of them exists until marked so). Like osdmaptool, a device whose crush
 * weight is 0 is given the crush weight 1.0 too (its buckets and their ancestors re-summed), so
 * that it takes data: a map with such devices maps differently under `--mark-up-in` than under
 * crushtool.
 *
 * @group Placement
 */
export function markAllUpIn(state: ClusterState): ClusterState {
  const input = clusterStateInput(state);
  const osds = state.osds.map((o) => ({ id: o.id, exists: true, up: true, weight: WEIGHT_ONE, primaryAffinity: o.primaryAffinity }));
  return createClusterState({ ...input, crush: weighZeroDevices(state.crush, state.maxOsd), osds });
}

/** Each device below max_osd whose first bucket entry (by bucket index, as Ceph looks) weighs 0, reweighted to 1.0. */
function weighZeroDevices(crush: CrushMap, maxOsd: number): CrushMap {
  const firstWeight = new Map<number, number>();
  const byIndex = [...crush.buckets].sort((a, b) => b.id - a.id);
  for (const b of byIndex) {
    for (const it of b.items) if (it.id >= 0 && !firstWeight.has(it.id)) firstWeight.set(it.id, it.weight);
  }
  const zero = crush.devices.filter((d) => d.id < maxOsd && firstWeight.get(d.id) === 0);
  if (zero.length === 0) return crush;
  const builder = CrushMapBuilder.from(crush);
  for (const d of zero) builder.reweight(d.id, 1);
  return builder.build();
}
