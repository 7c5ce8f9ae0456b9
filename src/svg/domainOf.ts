/** Which failure-domain bucket each device sits under, for the charts that group by domain. */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap } from "../map/types.js";

/** Per device id, the id of its nearest ancestor bucket of type `domainType` (first parents); absent when it has none. */
export function domainOfDevices(map: CrushMap, domainType: string): Map<number, number> {
  const out = new Map<number, number>();
  const type = map.types.find((t) => t.name === domainType);
  if (type === undefined) return out;
  const index = hierarchy(map);
  for (const d of map.devices) {
    const b = index.ancestorOfType(d.id, type.id);
    if (b !== undefined) out.set(d.id, b);
  }
  return out;
}

/** Device names by id; a device the map does not name prints as `osd.N`. */
export function deviceNamer(map: CrushMap | undefined): (id: number) => string {
  const names = new Map<number, string>();
  if (map !== undefined) for (const d of map.devices) names.set(d.id, d.name);
  return (id) => names.get(id) ?? `osd.${id}`;
}
