/**
 * CrushCompiler moves a bucket that is used by an earlier bucket in front of it before giving
 * meaning to the file (adjust_bucket_item_place), so hand-written maps may list a parent first.
 *
 * It does so with a quirk kept here on purpose, because it decides which maps compile and which
 * ids buckets without `id` receive: it swaps the nodes at the two buckets' *original* positions
 * and never updates those positions, so after a swap a later swap with the same bucket moves
 * whatever now sits where that bucket used to be. For `root r { item a item b }` written before
 * `a` and `b`, crushtool ends with b, r, a and then reports a as undefined.
 */
import { CrushMapError } from "../errors.js";
import type { TopNode } from "./syntax.js";

export function reorderBuckets(nodes: TopNode[]): void {
  const names: string[] = [];
  const position = new Map<string, number>();
  const itemsOf = new Map<string, Set<string>>();
  /** Every index in `names` a bucket name has (a name defined twice has two). */
  const indicesOf = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    if (node.kind !== "bucket") return;
    const name = node.name.text;
    const indices = indicesOf.get(name);
    if (indices) indices.push(names.length);
    else indicesOf.set(name, [names.length]);
    names.push(name);
    position.set(name, index);
    let items = itemsOf.get(name);
    if (!items) itemsOf.set(name, (items = new Set()));
    for (const item of node.items) items.add(item.name.text);
  });
  // CrushCompiler tries every pair i < j of buckets, in that order, and swaps when bucket i holds
  // bucket j. Visiting, for each i, only the later buckets it holds, by ascending j, makes the
  // same swaps in the same order in time linear in the items instead of quadratic in the buckets.
  const later: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const a = names[i]!;
    later.length = 0;
    for (const item of itemsOf.get(a)!) {
      const indices = indicesOf.get(item);
      if (indices === undefined) continue;
      for (const j of indices) if (j > i) later.push(j);
    }
    later.sort((x, y) => x - y);
    for (const j of later) {
      const b = names[j]!;
      if (itemsOf.get(b)!.has(a)) {
        throw new CrushMapError(`buckets '${a}' and '${b}' contain each other, a cycle`, a, `bucket  '${a}' and bucket '${b}' are included each other\n`);
      }
      const pa = position.get(a)!;
      const pb = position.get(b)!;
      const tmp = nodes[pa]!;
      nodes[pa] = nodes[pb]!;
      nodes[pb] = tmp;
    }
  }
}

/**
 * Names the buckets of a containment cycle (a bucket inside itself, directly or not), or
 * returns undefined. Ceph only notices two buckets holding each other; a longer cycle surfaces
 * there as an undefined item, here as what it is.
 */
export function findBucketCycle(nodes: readonly TopNode[]): string[] | undefined {
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.kind !== "bucket") continue;
    const list = children.get(node.name.text) ?? [];
    for (const item of node.items) list.push(item.name.text);
    children.set(node.name.text, list);
  }
  // Iterative depth-first search (a recursive one overflows the stack on deep hierarchies).
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 finished
  const path: string[] = [];
  const next: number[] = [];
  for (const start of children.keys()) {
    if (state.has(start)) continue;
    state.set(start, 1);
    path.push(start);
    next.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const list = children.get(path[top]!)!;
      if (next[top]! === list.length) {
        state.set(path[top]!, 2);
        path.pop();
        next.pop();
        continue;
      }
      const child = list[next[top]!++]!;
      if (!children.has(child)) continue;
      const s = state.get(child);
      if (s === 2) continue;
      if (s === 1) return [...path.slice(path.indexOf(child)), child];
      state.set(child, 1);
      path.push(child);
      next.push(0);
    }
  }
  return undefined;
}
