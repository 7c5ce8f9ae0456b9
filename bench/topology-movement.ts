/**
 * How much data moves when a topology changes, for each rule shape a placement could use —
 * the measurement behind createPlacement's choice (src/topology/placementMap.ts).
 *
 * For each layout and change: 100,000 keys (XXH32 of "key-0", "key-1", …) are placed before and
 * after; "moved" counts copies whose device changed, "minimum" the copies devices must gain
 * (Σ over devices of max(0, after − before)), which no placement reaching the same per-device
 * counts can beat. Shapes:
 *   needed/steps       root → domains → (within) → devices, one choose step per level (createPlacement)
 *   needed/chooseleaf  the same levels, `chooseleaf … type <domain>`
 *   all/steps          the whole tree, one choose step for the domain, one for the device
 *   all/chooseleaf     the whole tree, `chooseleaf firstn 0 type <domain>` (Ceph's create-replicated)
 *
 *   npx tsx bench/topology-movement.ts
 */
import { createNameHasher } from "../src/hash/xxhash.js";
import { ITEM_NONE } from "../src/map/types.js";
import { Mapper } from "../src/mapper/mapper.js";
import { defineTopology } from "../src/topology/defineTopology.js";
import { placementMap, type MapVariant } from "../src/topology/placementMap.js";
import { placementShape, type PlacementOptions } from "../src/topology/placementShape.js";
import type { NodeSpec } from "../src/topology/types.js";

const KEYS = 100_000;

type Spec = { name: string; type: string; weight?: number; children?: Spec[] };

function cluster(zones: number, nodes: number, disks: number): Spec {
  return {
    name: "default",
    type: "root",
    children: Array.from({ length: zones }, (_, z) => ({
      name: `zone-${z}`,
      type: "zone",
      children: Array.from({ length: nodes }, (_, n) => node(`node-${z}-${n}`, disks)),
    })),
  };
}

function node(name: string, disks: number): Spec {
  return { name, type: "node", children: Array.from({ length: disks }, (_, d) => ({ name: `${name}-disk-${d}`, type: "disk", weight: 4 })) };
}

const clone = (s: Spec): Spec => JSON.parse(JSON.stringify(s)) as Spec;
const changes: Record<string, (s: Spec) => Spec> = {
  "add a node": (s) => {
    const t = clone(s);
    t.children![0]!.children!.splice(1, 0, node("node-new", t.children![0]!.children![0]!.children!.length));
    return t;
  },
  "add a disk": (s) => {
    const t = clone(s);
    t.children![0]!.children![0]!.children!.splice(0, 0, { name: "disk-new", type: "disk", weight: 4 });
    return t;
  },
  "remove a disk": (s) => {
    const t = clone(s);
    t.children![0]!.children![0]!.children!.splice(2, 1);
    return t;
  },
  "add a zone": (s) => {
    const t = clone(s);
    const nodes = t.children![0]!.children!.length;
    const disks = t.children![0]!.children![0]!.children!.length;
    t.children!.push({ name: "zone-new", type: "zone", children: Array.from({ length: nodes }, (_, n) => node(`node-new-${n}`, disks)) });
    return t;
  },
  "double a disk's weight": (s) => {
    const t = clone(s);
    t.children![0]!.children![0]!.children![0]!.weight = 8;
    return t;
  },
};

const variants: Record<string, MapVariant> = {
  "needed/steps": {},
  "needed/steps/real": { domainWeights: "real" },
  "needed/chooseleaf": { descent: "chooseleaf" },
  "all/steps": { levels: "all" },
  "all/chooseleaf": { levels: "all", descent: "chooseleaf" },
};

const layouts: { name: string; spec: Spec; options: PlacementOptions }[] = [
  { name: "3 zones × 4 nodes × 6 disks, 3 replicas, one per zone", spec: cluster(3, 4, 6), options: { replicas: 3, failureDomain: "zone" } },
  { name: "5 zones × 4 nodes × 6 disks, 3 replicas, one per zone", spec: cluster(5, 4, 6), options: { replicas: 3, failureDomain: "zone" } },
  { name: "3 zones × 4 nodes × 6 disks, 3 replicas, one per node", spec: cluster(3, 4, 6), options: { replicas: 3, failureDomain: "node" } },
  { name: "3 zones × 4 nodes × 6 disks, 6 replicas, 2 per zone on distinct nodes", spec: cluster(3, 4, 6), options: { replicas: 6, failureDomain: "zone", perDomain: 2 } },
  { name: "3 zones × 4 nodes × 6 disks, EC 2+1, one shard per zone", spec: cluster(3, 4, 6), options: { k: 2, m: 1, failureDomain: "zone" } },
  { name: "3 zones × 4 nodes × 6 disks, EC 4+2, 2 shards per zone", spec: cluster(3, 4, 6), options: { k: 4, m: 2, failureDomain: "zone", perDomain: 2 } },
];

function place(spec: Spec, options: PlacementOptions, variant: MapVariant, inputs: Uint32Array): Int32Array {
  const topology = defineTopology(spec as NodeSpec);
  const shape = placementShape(topology, options);
  const mapper = new Mapper(placementMap(topology, shape, variant));
  const out = new Int32Array(inputs.length * shape.size).fill(ITEM_NONE);
  const one = new Int32Array(shape.size);
  for (let i = 0; i < inputs.length; i++) {
    const n = mapper.mapInto(0, inputs[i]!, shape.size, one);
    for (let r = 0; r < n; r++) out[i * shape.size + r] = one[r]!;
  }
  return out;
}

/** Copies whose device changed (a set difference per key; positions for erasure) and the minimum. */
function movement(a: Int32Array, b: Int32Array, size: number, erasure: boolean): { moved: number; minimum: number } {
  let moved = 0;
  const gain = new Map<number, number>();
  for (let k = 0; k < a.length; k += size) {
    for (let r = 0; r < size; r++) {
      const to = b[k + r]!;
      if (to === ITEM_NONE) continue;
      let had = false;
      if (erasure) had = a[k + r] === to;
      else for (let s = 0; s < size; s++) if (a[k + s] === to) had = true;
      if (!had) moved++;
    }
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== ITEM_NONE) gain.set(a[i]!, (gain.get(a[i]!) ?? 0) - 1);
    if (b[i] !== ITEM_NONE) gain.set(b[i]!, (gain.get(b[i]!) ?? 0) + 1);
  }
  let minimum = 0;
  for (const g of gain.values()) if (g > 0) minimum += g;
  return { moved, minimum };
}

const hasher = await createNameHasher();
const inputs = new Uint32Array(KEYS);
for (let i = 0; i < KEYS; i++) inputs[i] = hasher.hash32(`key-${i}`);

console.log(`${KEYS.toLocaleString("en-US")} keys; moved copies / minimum (ratio) per shape\n`);
const only = process.env.LAYOUTS?.split(",").map(Number);
for (const [li, layout] of layouts.entries()) {
  if (only !== undefined && !only.includes(li)) continue;
  console.log(`## ${layout.name}`);
  console.log(`| change | ${Object.keys(variants).join(" | ")} |`);
  console.log(`|---|${Object.keys(variants).map(() => "---:").join("|")}|`);
  const erasure = layout.options.k !== undefined;
  const size = erasure ? layout.options.k! + layout.options.m! : layout.options.replicas!;
  for (const [change, edit] of Object.entries(changes)) {
    const cells: string[] = [];
    for (const variant of Object.values(variants)) {
      const before = place(layout.spec, layout.options, variant, inputs);
      const after = place(edit(layout.spec), layout.options, variant, inputs);
      const { moved, minimum } = movement(before, after, size, erasure);
      cells.push(`${moved.toLocaleString("en-US")} / ${minimum.toLocaleString("en-US")} (${(moved / minimum).toFixed(2)})`);
    }
    console.log(`| ${change} | ${cells.join(" | ")} |`);
  }
  console.log("");
}
