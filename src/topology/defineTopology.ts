/**
 * A cluster described by names becomes a frozen topology: checked, with ids derived from names
 * (assignIds.ts), bucket weights summed from their devices, and type ids ordered by level.
 */
import type { CrushMap } from "../map/types.js";
import { FrozenMap } from "../map/freeze.js";
import { assignIds, compareNames } from "./assignIds.js";
import { TopologyError } from "./errors.js";
import { readSpec, type FlatNode } from "./readSpec.js";
import { topologyToCrushMap } from "./toCrushMap.js";
import type { NodeSpec, Topology, TopologyNode, TopologyOptions } from "./types.js";

/** Ceph refuses bucket weights above 65535 (CRUSH_MAX_BUCKET_WEIGHT), which keeps every sum in 32 bits. */
const MAX_BUCKET_WEIGHT = 65535 * 0x10000;

/**
 * Defines a topology from a tree of names (or the same tree as JSON text).
 *
 * - Leaves (nodes without `children`) are devices, weight 1 unless given; buckets weigh the sum
 *   of their devices. All devices share one type, which no bucket has.
 * - Ids are a function of names: devices get ids in 0…65535, buckets in -1…-16384, from a hash of
 *   the name with collisions settled in an order that is itself a function of the names — so
 *   listing nodes in another order changes nothing, and adding or removing a node leaves the
 *   others' ids alone except, rarely, one that collided with it (see assignIds.ts). Pin ids with
 *   `options.ids`: those an existing crush map uses, to adopt a cluster without moving data, or
 *   `topology.ids` of the previous version, so that no id ever changes.
 * - Throws {@link TopologyError} naming the node at fault: a duplicate name, a cycle, an invalid
 *   name or type, a negative or non-finite weight, a weight on a bucket, unknown fields.
 *
 * @group Topology
 *
 * @example
 * ```ts
 * const topology = defineTopology({
 *   name: "default", type: "root", children: ["a", "b", "c"].map((z) => ({
 *     name: `zone-${z}`, type: "zone", children: [1, 2].map((n) => ({
 *       name: `node-${z}${n}`, type: "node",
 *       children: [0, 1].map((d) => ({ name: `disk-${z}${n}-${d}`, type: "disk", weight: 4 })),
 *     })),
 *   })),
 * });
 * topology.node("disk-a1-0")!.id; // the same in every version of this cluster
 * const map = topology.toCrushMap(); // a Ceph crush map for the rest of the library
 * ```
 */
export function defineTopology(spec: NodeSpec | string, options: TopologyOptions = {}): Topology {
  const pins = options.ids;
  if (pins !== undefined && (typeof pins !== "object" || pins === null || Array.isArray(pins))) {
    throw new TopologyError("ids must be a record of node name → id", "ids");
  }
  const flat = readSpec(spec);
  checkStructure(flat);
  const ids = assignIds(
    flat.map((n) => n.name),
    flat.map((n) => n.isDevice),
    pins,
  );
  const weights = sumWeights(flat);
  const types = typeOrder(flat);
  const nodes = flat.map((n, i): TopologyNode => {
    const children = n.children.map((c) => c).sort((a, b) => ids[a]! - ids[b]!);
    return Object.freeze({
      name: n.name,
      type: n.type,
      id: ids[i]!,
      isDevice: n.isDevice,
      weight: n.isDevice ? n.weight : weights[i]! / 0x10000,
      crushWeight: weights[i]!,
      parent: n.parent < 0 ? undefined : flat[n.parent]!.name,
      children: Object.freeze(children.map((c) => flat[c]!.name)),
    });
  });
  return makeTopology(nodes, types, flat);
}

function makeTopology(list: readonly TopologyNode[], types: readonly string[], flat: readonly FlatNode[]): Topology {
  const byName = new FrozenMap(list.map((n) => [n.name, n] as const));
  const byId = new Map(list.map((n) => [n.id, n] as const));
  const sorted = [...list].sort((a, b) => compareNames(a.name, b.name));
  const ids: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const n of sorted) ids[n.name] = n.id;
  let crush: CrushMap | undefined;
  const topology: Topology = {
    root: list[0]!,
    deviceType: types[0]!,
    types: Object.freeze([...types]),
    nodes: byName,
    devices: Object.freeze(list.filter((n) => n.isDevice).sort((a, b) => a.id - b.id)),
    buckets: Object.freeze(sorted.filter((n) => !n.isDevice)),
    ids: Object.freeze(ids),
    node: (name) => byName.get(name),
    nodeById: (id) => byId.get(id),
    ancestorOfType(name, type) {
      for (let n = byName.get(name); n !== undefined; n = n.parent === undefined ? undefined : byName.get(n.parent)) {
        if (n.type === type) return n;
      }
      return undefined;
    },
    toCrushMap: () => (crush ??= topologyToCrushMap(topology)),
    toSpec: () => specOf(flat),
  };
  return Object.freeze(topology);
}

/** Unique names, one device type that no bucket shares, a bucket at the root, some device. */
function checkStructure(flat: readonly FlatNode[]): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < flat.length; i++) {
    const n = flat[i]!;
    const before = seen.get(n.name);
    if (before !== undefined) {
      const where = (j: number): string => (flat[j]!.parent < 0 ? "at the top" : `under ${flat[flat[j]!.parent]!.name}`);
      throw new TopologyError(`two nodes are named ${n.name} (${where(before)} and ${where(i)})`, n.name);
    }
    seen.set(n.name, i);
  }
  if (flat[0]!.isDevice) throw new TopologyError(`the root ${flat[0]!.name} is a device: the root must be a bucket (give it children)`, flat[0]!.name);
  const devices = flat.filter((n) => n.isDevice).sort((a, b) => compareNames(a.name, b.name));
  if (devices.length === 0) throw new TopologyError(`the topology under ${flat[0]!.name} has no devices`, flat[0]!.name);
  const deviceTypes = [...new Set(devices.map((d) => d.type))].sort(compareNames);
  if (deviceTypes.length > 1) {
    const odd = devices.find((d) => d.type === deviceTypes[1])!;
    throw new TopologyError(`devices have different types (${deviceTypes.join(", ")}): ${odd.name} is ${odd.type}; all devices must share one type`, odd.name);
  }
  const clash = flat.filter((n) => !n.isDevice && n.type === deviceTypes[0]).sort((a, b) => compareNames(a.name, b.name))[0];
  if (clash !== undefined) throw new TopologyError(`bucket ${clash.name} has type ${clash.type}, the devices' type`, clash.name);
}

/** 16.16 weight of every node: devices as given, buckets the sum of their children. */
function sumWeights(flat: readonly FlatNode[]): Float64Array {
  const w = new Float64Array(flat.length);
  // walk order puts parents before children, so backwards every child is summed before its parent
  for (let i = flat.length - 1; i >= 0; i--) {
    const n = flat[i]!;
    if (n.isDevice) w[i] = n.crushWeight;
    if (w[i]! > MAX_BUCKET_WEIGHT) throw new TopologyError(`bucket ${n.name} weighs more than 65535 (Ceph's bucket limit)`, n.name);
    if (n.parent >= 0) w[n.parent]! += w[i]!;
  }
  return w;
}

/** Type names by crush type id: the device type is 0, bucket types follow by level (height), then name. */
function typeOrder(flat: readonly FlatNode[]): string[] {
  const height = new Int32Array(flat.length);
  const level = new Map<string, number>();
  for (let i = flat.length - 1; i >= 0; i--) {
    const n = flat[i]!;
    if (!n.isDevice && height[i] === 0) height[i] = 1; // an empty bucket sits just above devices
    if (n.parent >= 0) height[n.parent] = Math.max(height[n.parent]!, height[i]! + 1);
  }
  for (let i = 0; i < flat.length; i++) {
    const t = flat[i]!.type;
    level.set(t, Math.max(level.get(t) ?? 0, height[i]!));
  }
  return [...level.keys()].sort((a, b) => level.get(a)! - level.get(b)! || compareNames(a, b));
}

/** The spec back, children in name order, each node with only the fields it was given meaning. */
function specOf(flat: readonly FlatNode[]): NodeSpec {
  const out: { name: string; type: string; weight?: number; children?: NodeSpec[] }[] = flat.map((n) =>
    n.isDevice ? { name: n.name, type: n.type, weight: n.weight } : { name: n.name, type: n.type, children: [] },
  );
  for (let i = 0; i < flat.length; i++) {
    const kids = [...flat[i]!.children].sort((a, b) => compareNames(flat[a]!.name, flat[b]!.name));
    if (!flat[i]!.isDevice) out[i]!.children = kids.map((k) => out[k]! as NodeSpec);
  }
  return out[0]!;
}
