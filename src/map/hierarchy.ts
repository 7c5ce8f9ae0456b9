/**
 * Facts about where devices sit in a map, as Ceph's CrushWrapper answers them: a device's crush
 * weight (get_item_weight) and its ancestor of a given type, read from the map's hierarchy index.
 */
import { hierarchy } from "./hierarchyIndex.js";
import type { CrushMap } from "./types.js";

/**
 * Each device's crush weight (16.16) in the first bucket that holds it, buckets taken in
 * Ceph's index order (id -1, -2, …) — CrushWrapper::get_item_weight. Devices in no bucket are
 * absent.
 */
export function deviceCrushWeights(map: CrushMap): Map<number, number> {
  const w = new Map<number, number>();
  for (const b of [...map.buckets].sort((x, y) => y.id - x.id)) {
    for (const it of b.items) if (it.id >= 0 && !w.has(it.id)) w.set(it.id, it.weight);
  }
  return w;
}

/**
 * For each device, the id of its ancestor bucket of type `typeName` along first parents (Ceph's
 * get_immediate_parent_id order), taken from the first of `maps` that places it. Devices without
 * such an ancestor are absent; an unknown type gives an empty map.
 */
export function ancestorOfType(maps: readonly CrushMap[], typeName: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const map of maps) {
    const type = map.types.find((t) => t.name === typeName);
    if (type === undefined) continue;
    const index = hierarchy(map);
    for (const d of map.devices) {
      if (out.has(d.id)) continue;
      const a = index.ancestorOfType(d.id, type.id);
      if (a !== undefined) out.set(d.id, a);
    }
  }
  return out;
}
