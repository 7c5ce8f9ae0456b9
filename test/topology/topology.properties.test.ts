/**
 * What the topology API promises, stated over random topologies from crushmap/testing: copies
 * never share a failure domain, the order of a config is irrelevant, ids are a function of
 * names, and adding a leaf moves close to the least any placement could.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyTopologyChange,
  createNameHasher,
  createPlacement,
  defineTopology,
  DEVICE_ID_SPACE,
  BUCKET_ID_SPACE,
  diffPlacements,
  printCrushText,
  type NodeSpec,
  type PlacementOptions,
  type Topology,
} from "../../src/index.js";
import { hash32_2 } from "../../src/hash/rjenkins.js";
import { strHashRjenkins } from "../../src/hash/strHash.js";
import { utf8Encode } from "../../src/hash/utf8.js";
import { arbitraryChange, arbitraryTopology, arbitraryTopologySpec, checkFailureDomains, checkNoOutDevices, expectOk } from "../../src/testing/index.js";

const hasher = await createNameHasher();
const RUNS = { numRuns: 40, seed: 20261216 };

/** Placement options that fit a topology of levels zone → node → disk with ≥ 3 zones of ≥ 2 nodes. */
const optionsArb: fc.Arbitrary<PlacementOptions> = fc.oneof(
  fc.record({ replicas: fc.integer({ min: 1, max: 3 }), failureDomain: fc.constantFrom("zone", "node", "disk"), hasher: fc.constant(hasher) }),
  fc.record({ k: fc.integer({ min: 1, max: 2 }), m: fc.constant(1), failureDomain: fc.constantFrom("zone", "node"), hasher: fc.constant(hasher) }),
  fc.constant({ replicas: 6, failureDomain: "zone", perDomain: 2, hasher }),
  fc.constant({ k: 4, m: 2, failureDomain: "zone", perDomain: 2, hasher }),
);

describe("placements", () => {
  it("never put two copies in one failure domain, nor on a device of weight 0", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryTopology({ minDomains: 3, minChildren: 2, weights: "skewed", zeroWeights: true }), optionsArb, async (topology, options) => {
        let placement;
        try {
          placement = await createPlacement(topology, options);
        } catch (e) {
          // zero weights can leave too few weighted domains; that refusal is tested elsewhere
          fc.pre((e as Error).name !== "TopologyError");
          throw e;
        }
        expectOk(checkFailureDomains(placement, 300));
        expectOk(checkNoOutDevices(placement, 300));
      }),
      RUNS,
    );
  });
});

/** The same spec with every bucket's children in another order. */
function shuffled(spec: NodeSpec, seeds: readonly number[]): NodeSpec {
  let k = 0;
  const copy = JSON.parse(JSON.stringify(spec)) as { children?: unknown[] };
  const stack = [copy];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children === undefined) continue;
    const kids = n.children as { children?: unknown[] }[];
    for (let i = kids.length - 1; i > 0; i--) {
      const j = (seeds[k++ % Math.max(1, seeds.length)] ?? 0) % (i + 1);
      [kids[i], kids[j]] = [kids[j]!, kids[i]!];
    }
    stack.push(...kids);
  }
  return copy as NodeSpec;
}

describe("the order of a topology", () => {
  it("changes nothing: ids, the crush map and every placement are the same", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryTopologySpec({ minDomains: 3 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), async (spec, seeds) => {
        const a = defineTopology(spec);
        const b = defineTopology(shuffled(spec, seeds));
        expect(b.ids).toEqual(a.ids);
        expect(printCrushText(b.toCrushMap())).toBe(printCrushText(a.toCrushMap()));
        const pa = await createPlacement(a, { replicas: 3, failureDomain: "zone", hasher });
        const pb = await createPlacement(b, { replicas: 3, failureDomain: "zone", hasher });
        expect(printCrushText(pb.crushMap)).toBe(printCrushText(pa.crushMap));
        for (let i = 0; i < 200; i++) expect(pb.place(`k${i}`)).toEqual(pa.place(`k${i}`));
      }),
      RUNS,
    );
  });
});

/** The ids a name may take first, in order. */
function homeSlots(name: string, device: boolean): number[] {
  const h = strHashRjenkins(utf8Encode(name));
  return Array.from({ length: 8 }, (_, i) => {
    const slot = hash32_2(h, i) % (device ? DEVICE_ID_SPACE : BUCKET_ID_SPACE);
    return device ? slot : -1 - slot;
  });
}

describe("ids", () => {
  it("depend on names: adding or removing a node leaves every other id alone, unless it took that id's slot", () => {
    fc.assert(
      fc.property(
        arbitraryTopology({ minDomains: 2 }).chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t, { kinds: ["addDevice", "addBucket", "removeNode"] }))),
        ([t, change]) => {
          // defined afresh from the edited spec, not through applyTopologyChange (which pins ids)
          const next = defineTopology(applyTopologyChange(t, change).toSpec());
          const changed = [...next.nodes.values()].filter((n) => t.node(n.name) !== undefined && t.node(n.name)!.id !== n.id);
          const contenders = new Set<number>();
          for (const n of next.nodes.values()) if (t.node(n.name) === undefined) for (const s of homeSlots(n.name, n.isDevice)) contenders.add(s);
          for (const n of changed) for (const s of homeSlots(n.name, n.isDevice)) contenders.add(s);
          for (const n of changed) expect(contenders.has(t.node(n.name)!.id), `${n.name} moved from ${t.node(n.name)!.id} to ${n.id}`).toBe(true);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it("never change through applyTopologyChange, which pins them", () => {
    fc.assert(
      fc.property(arbitraryTopology().chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t))), ([t, change]) => {
        let next: Topology;
        try {
          next = applyTopologyChange(t, change);
        } catch (e) {
          fc.pre((e as Error).name !== "TopologyError"); // e.g. removing the last device
          throw e;
        }
        for (const n of next.nodes.values()) if (t.node(n.name) !== undefined) expect(n.id).toBe(t.node(n.name)!.id);
      }),
      { numRuns: 100, seed: 8 },
    );
  });
});

/** The layout, generalised: 3 zones of `nodes` nodes of `disks` disks, weights given per disk. */
function zones(nodes: number, disks: number, weight: (z: number, n: number, d: number) => number): NodeSpec {
  return {
    name: "default",
    type: "root",
    children: [0, 1, 2].map((z) => ({
      name: `zone-${z}`,
      type: "zone",
      children: Array.from({ length: nodes }, (_, n) => ({
        name: `node-${z}-${n}`,
        type: "node",
        children: Array.from({ length: disks }, (_, d) => ({ name: `disk-${z}-${n}-${d}`, type: "disk", weight: weight(z, n, d) })),
      })),
    })),
  };
}

async function movedOverMinimum(before: NodeSpec, after: Topology, keys: number): Promise<{ moved: number; minimum: number }> {
  const a = await createPlacement(defineTopology(before), { replicas: 3, failureDomain: "zone", hasher });
  const b = await createPlacement(after, { replicas: 3, failureDomain: "zone", hasher });
  const d = diffPlacements(a, b, keys);
  return { moved: d.movedCopies, minimum: d.minimumCopies };
}

describe("adding one leaf", () => {
  const KEYS = 100_000; // 300,000 replicas

  it("moves at most 1.15× the minimum on the issue's layout (3 zones × 4 nodes × 6 disks): a node, or a disk", async () => {
    const spec = zones(4, 6, () => 1);
    const t = defineTopology(spec);
    const node = { name: "node-new", type: "node", children: Array.from({ length: 6 }, (_, d) => ({ name: `disk-new-${d}`, type: "disk" })) };
    const withNode = await movedOverMinimum(spec, applyTopologyChange(t, { kind: "addNode", under: "zone-1", node }), KEYS);
    // the new node's share of its zone: 100,000 keys × 6/30 ≈ 20,000
    expect(withNode.minimum).toBeGreaterThan(18_000);
    expect(withNode.minimum).toBeLessThan(22_000);
    expect(withNode.moved).toBeLessThanOrEqual(1.15 * withNode.minimum);
    const withDisk = await movedOverMinimum(spec, applyTopologyChange(t, { kind: "addNode", under: "node-2-1", node: { name: "disk-new", type: "disk" } }), KEYS);
    expect(withDisk.moved).toBeLessThanOrEqual(1.15 * withDisk.minimum);
  });

  it("moves at most 1.15× the minimum on layouts like it (3 zones, 3–5 nodes, 4–8 disks, varied weights)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          nodes: fc.integer({ min: 3, max: 5 }),
          disks: fc.integer({ min: 4, max: 8 }),
          weights: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 16 }),
          zone: fc.integer({ min: 0, max: 2 }),
          node: fc.nat(),
          newWeight: fc.integer({ min: 1, max: 8 }),
          whole: fc.boolean(),
        }),
        async ({ nodes, disks, weights, zone, node, newWeight, whole }) => {
          const spec = zones(nodes, disks, (z, n, d) => weights[(z * 31 + n * 7 + d) % weights.length]!);
          const t = defineTopology(spec);
          const change = whole
            ? { kind: "addNode" as const, under: `zone-${zone}`, node: { name: "node-new", type: "node", children: Array.from({ length: disks }, (_, d) => ({ name: `disk-new-${d}`, type: "disk", weight: newWeight })) } }
            : { kind: "addNode" as const, under: `node-${zone}-${node % nodes}`, node: { name: "disk-new", type: "disk", weight: newWeight } };
          const { moved, minimum } = await movedOverMinimum(spec, applyTopologyChange(t, change), KEYS);
          expect(minimum).toBeGreaterThan(0);
          expect(moved / minimum).toBeLessThanOrEqual(1.15);
        },
      ),
      { numRuns: 6, seed: 3 },
    );
  });
});
