/**
 * crushtool's `--check MAX_ID`: every item reachable in the tree has a name and a named type,
 * and no device id reaches MAX_ID (when MAX_ID > 0). Device 0 is checked even when the map lacks
 * it, because `ceph osd tree` prints stray OSDs, which are of type 0. Returns crushtool's line
 * (`item id too large: item#2`) for the first problem, in the order crushtool walks the tree —
 * the order `--tree` prints it (roots by ascending id, children by Ceph's sort key), without the
 * shadow (device-class) trees — or undefined when the map passes.
 */
import type { CrushMap } from "../map/types.js";
import { treeRows } from "./tree.js";

export function checkNames(map: CrushMap, maxId: number): string | undefined {
  const typeNames = new Set(map.types.map((t) => t.id));
  const bucket = new Map(map.buckets.map((b) => [b.id, b] as const));
  const problem = (id: number): string | undefined => {
    const b = bucket.get(id);
    if (b !== undefined) {
      if (b.name === "") return `unknown item name: item#${id}`;
      return typeNames.has(b.type) ? undefined : `unknown type name: item#${id}`;
    }
    if (maxId > 0 && id >= maxId) return `item id too large: item#${id}`;
    return typeNames.has(0) ? undefined : `unknown type name: item#${id}`;
  };
  // the shadow trees hang from roots of their own: skip each from its root to the next root
  let shadow = false;
  for (const row of treeRows(map)) {
    if (row.depth === 0) shadow = !bucket.has(row.id);
    if (shadow) continue;
    const p = problem(row.id);
    if (p !== undefined) return p;
  }
  return problem(0);
}
