/**
 * crushtool's `--check MAX_ID`: every item reachable in the tree has a name and a named type,
 * and no device id reaches MAX_ID (when MAX_ID > 0). Device 0 is checked even when the map lacks
 * it, because `ceph osd tree` prints stray OSDs, which are of type 0. Returns crushtool's line
 * (`item id too large: item#2`) for the first problem, in the order crushtool walks the tree
 * (roots in id order from -1 down, each depth-first), or undefined when the map passes.
 */
import type { CrushMap } from "../map/types.js";

export function checkNames(map: CrushMap, maxId: number): string | undefined {
  const typeNames = new Set(map.types.map((t) => t.id));
  const bucket = new Map(map.buckets.map((b) => [b.id, b] as const));
  const held = new Set<number>();
  for (const b of map.buckets) for (const it of b.items) held.add(it.id);
  const roots = map.buckets.filter((b) => !held.has(b.id)).sort((a, b) => b.id - a.id);
  const problem = (id: number): string | undefined => {
    const b = bucket.get(id);
    if (b !== undefined) {
      if (b.name === "") return `unknown item name: item#${id}`;
      return typeNames.has(b.type) ? undefined : `unknown type name: item#${id}`;
    }
    if (maxId > 0 && id >= maxId) return `item id too large: item#${id}`;
    return typeNames.has(0) ? undefined : `unknown type name: item#${id}`;
  };
  // an explicit stack: the walk's depth follows the map, not the call stack
  const stack = roots.map((r) => r.id).reverse();
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    const p = problem(id);
    if (p !== undefined) return p;
    const b = bucket.get(id);
    if (b === undefined || seen.has(id)) continue;
    seen.add(id);
    for (let i = b.items.length - 1; i >= 0; i--) stack.push(b.items[i]!.id);
  }
  return problem(0);
}
