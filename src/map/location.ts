/**
 * Where an item sits: the `type name` pairs of the buckets above it, as `crushtool
 * --show-location ID` and Ceph's `get_full_location` give them. Ceph follows each item's first
 * holder (the first bucket, in id order from -1 down, that lists it) and keys the result by type
 * name, so the pairs come sorted by type name.
 */
import type { CrushMap } from "./types.js";

/** The buckets above `id`, as [type name, bucket name] sorted by type name; [] for a root, an unknown item or an unnamed device. */
export function fullLocation(map: CrushMap, id: number): [string, string][] {
  // get_full_location_ordered asks item_exists first: an unnamed device has no location
  if (map.devices.some((d) => d.id === id && d.unnamed === true)) return [];
  const holder = new Map<number, number>();
  // Ceph scans buckets from id -1 downwards and keeps the first that holds an item.
  const byId = [...map.buckets].sort((a, b) => b.id - a.id);
  for (const b of byId) for (const it of b.items) if (!holder.has(it.id)) holder.set(it.id, b.id);
  const typeName = new Map(map.types.map((t) => [t.id, t.name] as const));
  const bucket = new Map(map.buckets.map((b) => [b.id, b] as const));
  const byType = new Map<string, string>();
  const seen = new Set<number>();
  for (let at = holder.get(id); at !== undefined && !seen.has(at); at = holder.get(at)) {
    seen.add(at);
    const b = bucket.get(at)!;
    const t = typeName.get(b.type) ?? "";
    if (!byType.has(t)) byType.set(t, b.name);
  }
  return [...byType].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
