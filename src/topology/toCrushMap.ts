/**
 * Topologies as Ceph crush maps: straw2 buckets (the only algorithm whose choices move no more
 * than the changed weight asks), optimal tunables, items in ascending id so that the order of
 * the spec never reaches the map (straw2 breaks ties between equal draws by item position).
 */
import { deepFreeze } from "../map/freeze.js";
import { tunablesProfile } from "../map/tunables.js";
import type { Bucket, BucketItem, CrushMap, Rule } from "../map/types.js";
import { validateMap } from "../map/validate.js";
import type { Topology } from "./types.js";

/** A bucket to assemble: items in the order given. */
export interface BucketPart {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly items: readonly BucketItem[];
}

/**
 * A validated, frozen map of `buckets` (children listed before parents, as Ceph's text format
 * wants them) over the topology's devices and types, with `rules`.
 */
export function assembleCrushMap(topology: Topology, buckets: readonly BucketPart[], rules: readonly Rule[]): CrushMap {
  const typeId = new Map(topology.types.map((t, i) => [t, i] as const));
  const map: CrushMap = {
    tunables: tunablesProfile("optimal"),
    devices: topology.devices.map((d) => ({ id: d.id, name: d.name })),
    types: topology.types.map((name, id) => ({ id, name })),
    buckets: buckets.map(
      (b): Bucket => ({ id: b.id, name: b.name, type: typeId.get(b.type)!, alg: "straw2", hash: 0, items: b.items.map((it) => ({ id: it.id, weight: it.weight })) }),
    ),
    rules,
    classes: [],
    chooseArgs: [],
  };
  return validateMap(deepFreeze(map));
}

/** The whole tree, no rules. */
export function topologyToCrushMap(topology: Topology): CrushMap {
  return assembleCrushMap(topology, bucketsPostOrder(topology), []);
}

/** Every bucket with its children as items, children before parents (iterative post-order). */
function bucketsPostOrder(topology: Topology): BucketPart[] {
  const out: BucketPart[] = [];
  const stack: { name: string; next: number }[] = [{ name: topology.root.name, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const node = topology.node(top.name)!;
    if (top.next < node.children.length) {
      const child = topology.node(node.children[top.next++]!)!;
      if (!child.isDevice) stack.push({ name: child.name, next: 0 });
      continue;
    }
    stack.pop();
    const items = node.children.map((c) => {
      const n = topology.node(c)!;
      return { id: n.id, weight: n.crushWeight };
    });
    out.push({ id: node.id, name: node.name, type: node.type, items });
  }
  return out;
}
