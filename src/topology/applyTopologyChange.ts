/**
 * Editing a topology: the result is a new topology; the old one is untouched. Every node that
 * stays keeps its id (the old topology's ids are pinned), so an edit renumbers nothing even in
 * the rare case where a newcomer's name collides with an existing node's slot.
 */
import { defineTopology } from "./defineTopology.js";
import { TopologyError } from "./errors.js";
import type { NodeSpec, Topology } from "./types.js";

/**
 * One edit of a topology.
 *
 * @group Topology
 */
export type TopologyChange =
  /** A node (a device, or a bucket with everything in it) added under bucket `under`. */
  | { readonly kind: "addNode"; readonly under: string; readonly node: NodeSpec }
  /** A node removed with everything under it. */
  | { readonly kind: "removeNode"; readonly name: string }
  /** A node moved, with everything under it, under bucket `under`. */
  | { readonly kind: "moveNode"; readonly name: string; readonly under: string }
  /** A device's weight changed. */
  | { readonly kind: "reweight"; readonly device: string; readonly weight: number };

type MutableSpec = { name: string; type: string; weight?: number; children?: MutableSpec[] };

/**
 * The topology after `change`; throws TopologyError naming the node when the change cannot apply.
 *
 * @group Topology
 *
 * @example
 * ```ts
 * const grown = applyTopologyChange(topology, {
 *   kind: "addNode", under: "zone-a",
 *   node: { name: "node-a5", type: "node", children: [{ name: "disk-a5-0", type: "disk", weight: 4 }] },
 * });
 * ```
 */
export function applyTopologyChange(topology: Topology, change: TopologyChange): Topology {
  const root = topology.toSpec() as MutableSpec;
  const parentOf = new Map<string, MutableSpec | null>();
  const byName = new Map<string, MutableSpec>();
  const stack: [MutableSpec, MutableSpec | null][] = [[root, null]];
  while (stack.length > 0) {
    const [n, p] = stack.pop()!;
    byName.set(n.name, n);
    parentOf.set(n.name, p);
    for (const c of n.children ?? []) stack.push([c, n]);
  }
  const find = (name: string): MutableSpec => {
    const n = byName.get(name);
    if (n === undefined) throw new TopologyError(`${change.kind}: the topology has no node ${String(name)}`, String(name));
    return n;
  };
  const bucket = (name: string): MutableSpec => {
    const n = find(name);
    if (n.children === undefined) throw new TopologyError(`${change.kind}: ${name} is a device, not a bucket`, name);
    return n;
  };
  const detach = (name: string): MutableSpec => {
    const n = find(name);
    const p = parentOf.get(name);
    if (p === null || p === undefined) throw new TopologyError(`${change.kind}: ${name} is the root`, name);
    p.children = p.children!.filter((c) => c !== n);
    return n;
  };
  switch (change.kind) {
    case "addNode":
      bucket(change.under).children!.push(change.node as MutableSpec);
      break;
    case "removeNode":
      detach(change.name);
      break;
    case "moveNode": {
      const target = bucket(change.under);
      for (let p: MutableSpec | null = target; p !== null; p = parentOf.get(p.name) ?? null) {
        if (p.name === change.name) throw new TopologyError(`moveNode: ${change.under} is inside ${change.name}`, change.name);
      }
      target.children!.push(detach(change.name));
      break;
    }
    case "reweight": {
      const d = find(change.device);
      if (d.children !== undefined) throw new TopologyError(`reweight: ${change.device} is a bucket; buckets weigh the sum of their devices`, change.device);
      d.weight = change.weight;
      break;
    }
    default:
      throw new TopologyError(`unknown topology change ${JSON.stringify((change as { kind?: unknown }).kind)}`, "kind");
  }
  return defineTopology(root, { ids: topology.ids });
}
