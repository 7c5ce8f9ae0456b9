/**
 * Topologies by name: ids, weights, types, frozen values, Ceph maps; placements by key; diffs
 * and key plans.
 */
import { describe, expect, it } from "vitest";
import {
  applyTopologyChange,
  BUCKET_ID_SPACE,
  createNameHasher,
  createPlacement,
  defineTopology,
  DEVICE_ID_SPACE,
  diffPlacements,
  formatPlacementDiff,
  ITEM_NONE,
  Mapper,
  planKeyMoves,
  printCrushText,
  parseCrushText,
  verifyKeyPlan,
  type NodeSpec,
  type Topology,
} from "../../src/index.js";
import { hash32_2 } from "../../src/hash/rjenkins.js";
import { strHashRjenkins } from "../../src/hash/strHash.js";
import { utf8Encode } from "../../src/hash/utf8.js";

/** zones × nodes × disks, names like the issue's service: zone-a, node-a1, disk-a1-0. */
function layout(zones: number, nodes: number, disks: number, weight = 1): NodeSpec {
  return {
    name: "default",
    type: "root",
    children: Array.from({ length: zones }, (_, z) => {
      const zn = String.fromCharCode(97 + z);
      return {
        name: `zone-${zn}`,
        type: "zone",
        children: Array.from({ length: nodes }, (_, n) => ({
          name: `node-${zn}${n + 1}`,
          type: "node",
          children: Array.from({ length: disks }, (_, d) => ({ name: `disk-${zn}${n + 1}-${d}`, type: "disk", weight })),
        })),
      };
    }),
  };
}

const ISSUE = layout(3, 4, 6);

describe("defineTopology", () => {
  it("gives devices ids in 0…65535 and buckets ids in -1…-16384, all distinct", () => {
    const t = defineTopology(ISSUE);
    for (const d of t.devices) expect(d.id >= 0 && d.id < DEVICE_ID_SPACE).toBe(true);
    for (const b of t.buckets) expect(b.id < 0 && b.id >= -BUCKET_ID_SPACE).toBe(true);
    expect(new Set([...t.nodes.values()].map((n) => n.id)).size).toBe(t.nodes.size);
    expect(t.devices).toHaveLength(72);
    expect(t.buckets).toHaveLength(1 + 3 + 12);
  });

  it("derives each id from the node's own name (its first home slot when free)", () => {
    const t = defineTopology(ISSUE);
    let home = 0;
    for (const n of t.nodes.values()) {
      const slot = hash32_2(strHashRjenkins(utf8Encode(n.name)), 0) % (n.isDevice ? DEVICE_ID_SPACE : BUCKET_ID_SPACE);
      if (n.id === (n.isDevice ? slot : -1 - slot)) home++;
    }
    // 72 devices in 65,536 slots and 16 buckets in 16,384: a collision is possible, but rare
    expect(home).toBeGreaterThanOrEqual(t.nodes.size - 2);
  });

  it("sums bucket weights from devices, devices default to weight 1", () => {
    const t = defineTopology({ name: "r", type: "root", children: [{ name: "h", type: "host", children: [{ name: "a", type: "osd" }, { name: "b", type: "osd", weight: 2.5 }] }] });
    expect(t.node("a")!.crushWeight).toBe(0x10000);
    expect(t.node("b")!.crushWeight).toBe(0x28000);
    expect(t.node("h")!.crushWeight).toBe(0x38000);
    expect(t.node("r")!.weight).toBe(3.5);
    expect(t.node("h")!.parent).toBe("r");
    expect(t.root.name).toBe("r");
  });

  it("orders types by level: the device type is 0, then upward", () => {
    expect(defineTopology(ISSUE).types).toEqual(["disk", "node", "zone", "root"]);
  });

  it("reads the same tree from JSON text", () => {
    const a = defineTopology(ISSUE);
    const b = defineTopology(JSON.stringify(ISSUE));
    expect(b.ids).toEqual(a.ids);
    expect(printCrushText(b.toCrushMap())).toBe(printCrushText(a.toCrushMap()));
  });

  it("is frozen, and so is its crush map", () => {
    const t = defineTopology(ISSUE);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.root)).toBe(true);
    expect(Object.isFrozen(t.ids)).toBe(true);
    expect(() => (t.nodes as Map<string, unknown>).set("x", {})).toThrow(TypeError);
    expect(() => (t.devices as unknown[]).push(1)).toThrow(TypeError);
    const map = t.toCrushMap();
    expect(Object.isFrozen(map) && Object.isFrozen(map.buckets[0]) && Object.isFrozen(map.buckets[0]!.items)).toBe(true);
    expect(t.toCrushMap()).toBe(map);
  });

  it("gives a crush map that survives Ceph's text format, items in ascending id", () => {
    const t = defineTopology(ISSUE);
    const text = printCrushText(t.toCrushMap());
    expect(printCrushText(parseCrushText(text))).toBe(text);
    for (const b of t.toCrushMap().buckets) {
      const ids = b.items.map((it) => it.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    }
  });

  it("gives back its spec (children by name), which defines the same topology", () => {
    const t = defineTopology(ISSUE);
    const again = defineTopology(t.toSpec());
    expect(again.ids).toEqual(t.ids);
    expect(JSON.parse(JSON.stringify(t.toSpec()))).toEqual(t.toSpec());
  });

  it("keeps pinned ids, and ignores pins of names it does not have", () => {
    const t = defineTopology(ISSUE, { ids: { "disk-a1-0": 0, "disk-a1-1": 1, "node-a1": -2, "no-such-node": 7 } });
    expect(t.node("disk-a1-0")!.id).toBe(0);
    expect(t.node("disk-a1-1")!.id).toBe(1);
    expect(t.node("node-a1")!.id).toBe(-2);
  });

  it("adopts an existing map's ids: pinning them all reproduces the map's ids", () => {
    const t = defineTopology(ISSUE);
    const ids: Record<string, number> = {};
    [...t.nodes.keys()].sort().forEach((name, i) => (ids[name] = t.node(name)!.isDevice ? i : -1 - i));
    const adopted = defineTopology(ISSUE, { ids });
    for (const [name, id] of Object.entries(ids)) expect(adopted.node(name)!.id).toBe(id);
  });

  it("settles a collision the same way whatever the order, and a pinned id never moves", () => {
    // two device names whose first home slot is the same
    const bySlot = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const name = `dev${i}`;
      const slot = hash32_2(strHashRjenkins(utf8Encode(name)), 0) % DEVICE_ID_SPACE;
      const other = bySlot.get(slot);
      if (other !== undefined) pair = [other, name];
      bySlot.set(slot, name);
    }
    const spec = (names: readonly string[]): NodeSpec => ({ name: "r", type: "root", children: [{ name: "h", type: "host", children: names.map((n) => ({ name: n, type: "osd" })) }] });
    const ab = defineTopology(spec(pair));
    const ba = defineTopology(spec([pair[1], pair[0]]));
    expect(ab.ids).toEqual(ba.ids);
    expect(ab.node(pair[0])!.id).not.toBe(ab.node(pair[1])!.id);
    // whichever came first in the config, with its id pinned, keeps it when the other arrives
    for (const [first, second] of [pair, [pair[1], pair[0]]] as const) {
      const alone = defineTopology(spec([first]));
      const grown = applyTopologyChange(alone, { kind: "addNode", under: "h", node: { name: second, type: "osd" } });
      expect(grown.node(first)!.id).toBe(alone.node(first)!.id);
    }
  });
});

describe("applyTopologyChange", () => {
  const t = defineTopology(ISSUE);

  it("adds, removes, moves and reweights, leaving the original alone and every other id in place", () => {
    const node = { name: "node-a5", type: "node", children: [{ name: "disk-a5-0", type: "disk", weight: 2 }] };
    const grown = applyTopologyChange(t, { kind: "addNode", under: "zone-a", node });
    expect(grown.node("disk-a5-0")!.parent).toBe("node-a5");
    expect(grown.node("zone-a")!.weight).toBe(26);
    expect(t.node("node-a5")).toBeUndefined();
    const removed = applyTopologyChange(grown, { kind: "removeNode", name: "node-a1" });
    expect(removed.node("disk-a1-0")).toBeUndefined();
    const moved = applyTopologyChange(removed, { kind: "moveNode", name: "node-b1", under: "zone-c" });
    expect(moved.node("node-b1")!.parent).toBe("zone-c");
    const reweighted = applyTopologyChange(moved, { kind: "reweight", device: "disk-c1-0", weight: 0 });
    expect(reweighted.node("disk-c1-0")!.crushWeight).toBe(0);
    for (const n of reweighted.nodes.values()) if (t.node(n.name) !== undefined) expect(n.id).toBe(t.node(n.name)!.id);
  });

  it("refuses what cannot apply, naming the node", () => {
    const cases: [Parameters<typeof applyTopologyChange>[1], string][] = [
      [{ kind: "removeNode", name: "default" }, "default"],
      [{ kind: "removeNode", name: "nope" }, "nope"],
      [{ kind: "addNode", under: "disk-a1-0", node: { name: "x", type: "disk" } }, "disk-a1-0"],
      [{ kind: "moveNode", name: "zone-a", under: "node-a1" }, "zone-a"],
      [{ kind: "reweight", device: "node-a1", weight: 1 }, "node-a1"],
      [{ kind: "addNode", under: "zone-a", node: { name: "node-a1", type: "node", children: [] } }, "node-a1"],
    ];
    for (const [change, item] of cases) expect(() => applyTopologyChange(t, change)).toThrow(expect.objectContaining({ name: "TopologyError", item }));
  });
});

describe("createPlacement", () => {
  it("places a key on one device per zone, as names, primary first; placeInto gives the same ids", async () => {
    const t = defineTopology(ISSUE);
    const p = await createPlacement(t, { replicas: 3, failureDomain: "zone" });
    const names = p.place("photos/cat.jpg");
    expect(names).toHaveLength(3);
    expect(new Set(names.map((d) => p.domainOf(d))).size).toBe(3);
    const out = new Int32Array(3);
    expect(p.placeInto("photos/cat.jpg", out)).toBe(3);
    expect(Array.from(out, (id) => t.nodeById(id)!.name)).toEqual(names);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it("hashes keys with XXH32 of their UTF-8 bytes: a string and its bytes place alike", async () => {
    const t = defineTopology(ISSUE);
    const hasher = await createNameHasher();
    const p = await createPlacement(t, { replicas: 3, failureDomain: "zone", hasher });
    expect(p.inputOf("héllo")).toBe(hasher.hash32("héllo"));
    expect(p.place(utf8Encode("héllo"))).toEqual(p.place("héllo"));
    // and the mapping is the rule's, as crushtool would run it with that input
    expect(new Mapper(p.crushMap).map(0, p.inputOf("héllo"), 3).map((id) => t.nodeById(id)!.name)).toEqual(p.place("héllo"));
  });

  it("builds the two-step rule of the levels it needs: choose the zones, then a disk in each", async () => {
    const p = await createPlacement(defineTopology(ISSUE), { replicas: 3, failureDomain: "zone" });
    const steps = p.rule.steps.filter((s) => s.op === "choose" || s.op === "chooseleaf");
    expect(steps).toEqual([
      { op: "choose", mode: "firstn", num: 0, type: 2 },
      { op: "choose", mode: "firstn", num: 1, type: 0 },
    ]);
    // zones hold their disks directly: no node level to shift when a disk is added
    const zone = p.crushMap.buckets.find((b) => b.name === "zone-a")!;
    expect(zone.items).toHaveLength(24);
    expect(p.crushMap.buckets.some((b) => b.name === "node-a1")).toBe(false);
  });

  it("puts perDomain copies in each domain on distinct inner buckets", async () => {
    const t = defineTopology(ISSUE);
    const p = await createPlacement(t, { replicas: 6, failureDomain: "zone", perDomain: 2 });
    expect(p.within).toBe("node");
    for (let i = 0; i < 300; i++) {
      const copies = p.place(`k${i}`);
      expect(copies).toHaveLength(6);
      const zones = copies.map((d) => t.ancestorOfType(d, "zone")!.name);
      for (const z of new Set(zones)) expect(zones.filter((x) => x === z)).toHaveLength(2);
      expect(new Set(copies.map((d) => t.ancestorOfType(d, "node")!.name)).size).toBe(6);
    }
  });

  it("keeps erasure shards at their positions: a zone losing a disk moves only that disk's shards", async () => {
    const t = defineTopology(ISSUE);
    const before = await createPlacement(t, { k: 2, m: 1, failureDomain: "zone" });
    const after = await createPlacement(applyTopologyChange(t, { kind: "reweight", device: "disk-a1-0", weight: 0 }), { k: 2, m: 1, failureDomain: "zone" });
    let moved = 0;
    for (let i = 0; i < 3000; i++) {
      const a = before.place(`k${i}`);
      const b = after.place(`k${i}`);
      expect(a).toHaveLength(3);
      for (let s = 0; s < 3; s++) {
        if (a[s] === b[s]) continue;
        moved++;
        expect(a[s]).toBe("disk-a1-0");
        expect(t.ancestorOfType(b[s]!, "zone")!.name).toBe("zone-a");
      }
    }
    expect(moved).toBeGreaterThan(0);
  });

  it("reports holes as null in erasure placements (ITEM_NONE in placeInto) when weights are too skewed to fill a position", async () => {
    const t = defineTopology({
      name: "r",
      type: "root",
      children: [100, 100, 0.001, 0.001].map((w, i) => ({ name: `n${i}`, type: "node", children: [{ name: `d${i}`, type: "disk", weight: w }] })),
    });
    const p = await createPlacement(t, { k: 2, m: 1, failureDomain: "node" });
    let holes = 0;
    const out = new Int32Array(3);
    for (let i = 0; i < 200; i++) {
      const shards = p.place(`k${i}`);
      expect(shards).toHaveLength(3);
      p.placeInto(`k${i}`, out);
      shards.forEach((s, pos) => {
        if (s === null) {
          holes++;
          expect(out[pos]).toBe(ITEM_NONE);
        }
      });
      const present = shards.filter((s) => s !== null);
      expect(new Set(present).size).toBe(present.length);
    }
    expect(holes).toBeGreaterThan(0);
  });

  it("returns short replicated results on very skewed weights, never two copies in one domain", async () => {
    const t = defineTopology({
      name: "r",
      type: "root",
      children: [100, 100, 0.001, 0.001].map((w, i) => ({ name: `n${i}`, type: "node", children: [{ name: `d${i}`, type: "disk", weight: w }] })),
    });
    const p = await createPlacement(t, { replicas: 3, failureDomain: "node" });
    const lengths = Array.from({ length: 200 }, (_, i) => p.place(`k${i}`)).map((c) => {
      expect(new Set(c).size).toBe(c.length);
      return c.length;
    });
    expect(Math.min(...lengths)).toBeLessThan(3);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(3);
  });
});

describe("diffPlacements", () => {
  it("finds nothing to move between a placement and itself", async () => {
    const p = await createPlacement(defineTopology(ISSUE), { replicas: 3, failureDomain: "zone" });
    const d = diffPlacements(p, p, 2000);
    expect({ moved: d.movedCopies, keys: d.movedKeys, min: d.minimumCopies, ratio: d.ratio }).toEqual({ moved: 0, keys: 0, min: 0, ratio: 1 });
    expect(d.keys).toBe(2000);
  });

  it("lists each moving copy from where to where, and counts copies per device", async () => {
    const t = defineTopology(ISSUE);
    const grown = applyTopologyChange(t, { kind: "addNode", under: "zone-b", node: { name: "node-b5", type: "node", children: [0, 1, 2, 3, 4, 5].map((d) => ({ name: `disk-b5-${d}`, type: "disk" })) } });
    const a = await createPlacement(t, { replicas: 3, failureDomain: "zone" });
    const b = await createPlacement(grown, { replicas: 3, failureDomain: "zone" });
    const keys = Array.from({ length: 5000 }, (_, i) => `obj-${i}`);
    const d = diffPlacements(a, b, keys);
    let copies = 0;
    for (const m of d.moves) {
      expect(m.before).toEqual(a.place(m.key));
      expect(m.after).toEqual(b.place(m.key));
      for (const c of m.moves) {
        expect(c.to!.startsWith("disk-b5-")).toBe(true);
        expect(c.from!.startsWith("disk-b")).toBe(true);
        copies++;
      }
    }
    expect(copies).toBe(d.movedCopies);
    expect(d.movedCopies).toBeGreaterThanOrEqual(d.minimumCopies);
    const total = (side: "before" | "after"): number => d.devices.reduce((s, x) => s + x[side], 0);
    expect(total("before")).toBe(15000);
    expect(total("after")).toBe(15000);
    expect(d.devices.find((x) => x.device === "disk-b5-0")!.before).toBe(0);
    expect(formatPlacementDiff(d)).toMatch(/^5000 keys: \d+ copies move \(\d+ keys\); the minimum is \d+ \(1\.\d\d×\)$/m);
  });

  it("compares erasure placements position by position", async () => {
    const t = defineTopology(ISSUE);
    const a = await createPlacement(t, { k: 2, m: 1, failureDomain: "zone" });
    const b = await createPlacement(applyTopologyChange(t, { kind: "removeNode", name: "disk-c2-3" }), { k: 2, m: 1, failureDomain: "zone" });
    const d = diffPlacements(a, b, 3000);
    expect(d.movedCopies).toBeGreaterThan(0);
    for (const m of d.moves) for (const c of m.moves) expect(c.from).toBe("disk-c2-3");
    expect(d.movedCopies).toBe(d.devices.find((x) => x.device === "disk-c2-3")!.before);
  });
});

describe("planKeyMoves", () => {
  async function grownPair(): Promise<[Awaited<ReturnType<typeof createPlacement>>, Awaited<ReturnType<typeof createPlacement>>, Topology]> {
    const t = defineTopology(layout(3, 2, 2));
    const grown = applyTopologyChange(t, { kind: "addNode", under: "zone-a", node: { name: "node-a3", type: "node", children: [{ name: "disk-a3-0", type: "disk" }, { name: "disk-a3-1", type: "disk" }] } });
    return [await createPlacement(t, { replicas: 3, failureDomain: "zone" }), await createPlacement(grown, { replicas: 3, failureDomain: "zone" }), grown];
  }

  it("copies before it drops, within the transfer limit, and ends where the new placement says", async () => {
    const [a, b] = await grownPair();
    const diff = diffPlacements(a, b, 400);
    const plan = planKeyMoves(diff, { maxTransfers: 3, keyBytes: 1 << 20 });
    expect(plan.report.movedCopies).toBe(diff.movedCopies);
    expect(plan.report.minimumCopies).toBe(diff.minimumCopies);
    const perWave = new Map<string, number>();
    for (const m of plan.moves) {
      if (m.to === null) continue;
      expect(m.dropWave === null || m.dropWave >= m.wave).toBe(true);
      expect(a.place(m.key)).toContain(m.source);
      expect(b.place(m.key)).toContain(m.to);
      const k = `${m.wave}:${m.to}`;
      perWave.set(k, (perWave.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perWave.values())).toBeLessThanOrEqual(3);
    expect(verifyKeyPlan(plan)).toEqual({ ok: true, violations: [] });
  });

  it("verifyKeyPlan checks the moves a caller runs: dropping before copying is caught, by key", async () => {
    const [a, b] = await grownPair();
    const plan = planKeyMoves(diffPlacements(a, b, 400), { maxTransfers: 2 });
    const late = plan.moves.findIndex((m) => m.wave > 0 && m.from !== null);
    expect(late).toBeGreaterThanOrEqual(0);
    const broken = { ...plan, moves: plan.moves.map((m, i) => (i === late ? { ...m, dropWave: 0, wave: m.wave } : m)) };
    const v = verifyKeyPlan(broken);
    expect(v.ok).toBe(false);
    expect(v.violations.join("\n")).toContain(`key ${JSON.stringify(plan.moves[late]!.key)}`);
  });

  it("is empty when nothing moves", async () => {
    const [a] = await grownPair();
    const plan = planKeyMoves(diffPlacements(a, a, 100));
    expect(plan.moves).toEqual([]);
    expect(verifyKeyPlan(plan).ok).toBe(true);
  });
});
