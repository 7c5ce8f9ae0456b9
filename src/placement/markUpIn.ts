/**
 * osdmaptool's `--mark-up-in`: the cluster as if every OSD were up and in, which is how
 * osdmaptool is usually asked about a map taken from a cluster with OSDs down or out.
 */
import { CrushMapBuilder } from "../map/builder.js";
import type { CrushMap } from "../map/types.js";
import type { ClusterState, OsdInfo } from "./types.js";

const WEIGHT_ONE = 0x10000;

/**
 * Every OSD id below max_osd up and in (reweight 1.0), as osdmaptool's `--mark-up-in` leaves
 * them: osdmaptool 16.2 then maps even ids its map does not hold (an `--createsimple` map has
 * max_osd OSDs and none of them exists until marked so). Like osdmaptool, a device whose crush
 * weight is 0 is given the crush weight 1.0 too (its buckets and their ancestors re-summed), so
 * that it takes data: a map with such devices maps differently under `--mark-up-in` than under
 * crushtool.
 *
 * The result is a new frozen state that shares everything but its OSDs (and, only when a device
 * weighed 0, its crush map) with `state`: nothing `createClusterState` checked can become wrong
 * when more OSDs exist, so the state is not rebuilt (rebuilding it made a second copy of every
 * fact of a large cluster while loading, the peak of `map-pgs --mark-up-in`).
 *
 * @group Placement
 */
export function markAllUpIn(state: ClusterState): ClusterState {
  const osds: OsdInfo[] = [];
  for (let id = 0; id < state.maxOsd; id++) {
    osds.push(Object.freeze({ id, exists: true, up: true, weight: WEIGHT_ONE, primaryAffinity: state.osds[id]!.primaryAffinity }));
  }
  return Object.freeze({ ...state, crush: weighZeroDevices(state.crush, state.maxOsd), osds: Object.freeze(osds) });
}

/** Each device below max_osd whose first bucket entry (by bucket index, as Ceph looks) weighs 0, reweighted to 1.0. */
function weighZeroDevices(crush: CrushMap, maxOsd: number): CrushMap {
  // -1: no bucket holds it; a typed array, not a Map of every device
  const firstWeight = new Float64Array(maxOsd).fill(-1);
  const byIndex = [...crush.buckets].sort((a, b) => b.id - a.id);
  for (const b of byIndex) {
    for (const it of b.items) if (it.id >= 0 && it.id < maxOsd && firstWeight[it.id] === -1) firstWeight[it.id] = it.weight;
  }
  const zero = crush.devices.filter((d) => d.id < maxOsd && firstWeight[d.id] === 0);
  if (zero.length === 0) return crush;
  const builder = CrushMapBuilder.from(crush);
  for (const d of zero) builder.reweight(d.id, 1);
  return builder.build();
}
