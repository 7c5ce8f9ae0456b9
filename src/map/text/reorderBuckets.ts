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
  nodes.forEach((node, index) => {
    if (node.kind !== "bucket") return;
    const name = node.name.text;
    names.push(name);
    position.set(name, index);
    let items = itemsOf.get(name);
    if (!items) itemsOf.set(name, (items = new Set()));
    for (const item of node.items) items.add(item.name.text);
  });
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!;
      const b = names[j]!;
      if (!itemsOf.get(a)!.has(b)) continue;
      if (itemsOf.get(b)!.has(a)) {
        throw new CrushMapError(`buckets '${a}' and '${b}' contain each other`, a);
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
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 finished
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === 2) return undefined;
    if (s === 1) return [...path.slice(path.indexOf(name)), name];
    state.set(name, 1);
    path.push(name);
    for (const child of children.get(name) ?? []) {
      if (!children.has(child)) continue;
      const cycle = visit(child);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 2);
    return undefined;
  };
  for (const name of children.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}
