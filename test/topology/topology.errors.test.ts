/**
 * Bad input to the topology API: each mistake gives a TopologyError naming the node or option,
 * never a crash, a hang or a half-built value.
 */
import { describe, expect, it } from "vitest";
import { createPlacement, defineTopology, diffPlacements, planKeyMoves, TopologyError, type NodeSpec } from "../../src/index.js";

const disk = (name: string, weight?: number): NodeSpec => (weight === undefined ? { name, type: "disk" } : { name, type: "disk", weight });
const node = (name: string, disks: NodeSpec[]): NodeSpec => ({ name, type: "node", children: disks });
const zone = (name: string, nodes: NodeSpec[]): NodeSpec => ({ name, type: "zone", children: nodes });
const root = (zones: NodeSpec[]): NodeSpec => ({ name: "default", type: "root", children: zones });
const good = root(["a", "b", "c"].map((z) => zone(`zone-${z}`, [node(`node-${z}1`, [disk(`d-${z}1-0`), disk(`d-${z}1-1`)]), node(`node-${z}2`, [disk(`d-${z}2-0`)])])));

function topologyError(f: () => unknown, item: string | undefined, message?: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TopologyError);
  expect((thrown as TopologyError).item).toBe(item);
  if (message !== undefined) expect((thrown as Error).message).toMatch(message);
}

async function rejects(p: Promise<unknown>, item: string, message?: RegExp): Promise<void> {
  let thrown: unknown;
  try {
    await p;
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(TopologyError);
  expect((thrown as TopologyError).item).toBe(item);
  if (message !== undefined) expect((thrown as Error).message).toMatch(message);
}

describe("defineTopology refuses", () => {
  it("duplicate names, naming the node and both places", () => {
    topologyError(() => defineTopology(root([zone("z", [node("n1", [disk("d0")]), node("n2", [disk("d0")])])])), "d0", /under n1 and under n2/);
    topologyError(() => defineTopology(root([zone("z", [node("z", [disk("d0")])])])), "z");
  });

  it("a cycle, naming it", () => {
    const z: { name: string; type: string; children: NodeSpec[] } = { name: "z", type: "zone", children: [] };
    const n = { name: "n", type: "node", children: [z] };
    z.children.push(n);
    topologyError(() => defineTopology(root([z])), "z", /cycle: z → n → z/);
  });

  it("the same subtree twice", () => {
    const n = node("n", [disk("d")]);
    topologyError(() => defineTopology(root([zone("z1", [n]), zone("z2", [n])])), "n", /appears twice/);
  });

  it("negative, non-finite and too large weights, and weights on buckets", () => {
    for (const w of [-1, NaN, Infinity, -Infinity, 100.5, 40000]) topologyError(() => defineTopology(root([zone("z", [node("n", [disk("d", w)])])])), "d", /weight/);
    topologyError(() => defineTopology(root([zone("z", [node("n", [{ name: "d", type: "disk", weight: "2" as unknown as number }])])])), "d");
    topologyError(() => defineTopology(root([{ name: "z", type: "zone", weight: 3, children: [node("n", [disk("d")])] } as NodeSpec])), "z", /sum of its children/);
  });

  it("buckets heavier than Ceph's limit of 65535", () => {
    const heavy = Array.from({ length: 656 }, (_, i) => disk(`d${i}`, 100));
    topologyError(() => defineTopology(root([zone("z", [node("n", heavy)])])), "n", /65535/);
  });

  it("bad names and types, unknown fields, non-nodes", () => {
    topologyError(() => defineTopology(root([zone("z", [node("n", [disk("has space")])])])), "has space");
    topologyError(() => defineTopology(root([zone("z", [node("n", [{ name: "d", type: "" }])])])), "d");
    topologyError(() => defineTopology(root([zone("z", [node("n", [{ name: "d", type: "disk", wieght: 2 } as unknown as NodeSpec])])])), "d", /unknown field "wieght"/);
    topologyError(() => defineTopology(root([zone("z", [node("n", [null as unknown as NodeSpec])])])), "n");
    topologyError(() => defineTopology({ name: "r", type: "root", children: "x" } as unknown as NodeSpec), "r");
    topologyError(() => defineTopology(42 as unknown as NodeSpec), "spec");
    topologyError(() => defineTopology("{ not json"), "spec", /JSON/);
  });

  it("a root that is a device, no devices, mixed device types, a bucket with the device type", () => {
    topologyError(() => defineTopology(disk("d")), "d", /root/);
    topologyError(() => defineTopology(root([zone("z", [])])), "default", /no devices/);
    topologyError(() => defineTopology(root([zone("z", [node("n", [disk("a"), { name: "b", type: "ssd" }])])])), "b", /types/);
    topologyError(() => defineTopology(root([zone("z", [node("n", [disk("a")]), { name: "m", type: "disk", children: [] }])])), "m");
  });

  it("bad pins: wrong sign, not an integer, out of range, two nodes on one id", () => {
    topologyError(() => defineTopology(good, { ids: { "d-a1-0": -3 } }), "d-a1-0");
    topologyError(() => defineTopology(good, { ids: { "node-a1": 4 } }), "node-a1");
    topologyError(() => defineTopology(good, { ids: { "d-a1-0": 1.5 } }), "d-a1-0");
    topologyError(() => defineTopology(good, { ids: { "d-a1-0": 2 ** 30 } }), "d-a1-0");
    topologyError(() => defineTopology(good, { ids: { "d-a1-0": 5, "d-b1-0": 5 } }), "d-b1-0", /another node/);
    topologyError(() => defineTopology(good, { ids: null as never }), "ids");
    topologyError(() => defineTopology(good, { ids: [1, 2] as never }), "ids");
  });
});

describe("createPlacement refuses", () => {
  const t = defineTopology(good);

  it("a failure domain the topology does not have, or its root's type", async () => {
    await rejects(createPlacement(t, { replicas: 3, failureDomain: "rack" }), "failureDomain", /zone/);
    await rejects(createPlacement(t, { replicas: 1, failureDomain: "root" }), "failureDomain");
  });

  it("fewer weighted domains than copies", async () => {
    await rejects(createPlacement(t, { replicas: 4, failureDomain: "zone" }), "replicas", /need 4 zones with weight; the topology has 3/);
    await rejects(createPlacement(t, { k: 4, m: 2, failureDomain: "zone" }), "k");
    const drained = defineTopology(root([zone("za", [node("na", [disk("a", 0)])]), zone("zb", [node("nb", [disk("b")])]), zone("zc", [node("nc", [disk("c")])])]));
    await rejects(createPlacement(drained, { replicas: 3, failureDomain: "zone" }), "replicas", /has 2/);
  });

  it("bad counts and a perDomain that does not fit", async () => {
    await rejects(createPlacement(t, { replicas: 0, failureDomain: "zone" }), "replicas");
    await rejects(createPlacement(t, { replicas: 2.5, failureDomain: "zone" }), "replicas");
    await rejects(createPlacement(t, { k: 2, m: -1, failureDomain: "zone" }), "m");
    await rejects(createPlacement(t, { replicas: 3, k: 2, m: 1, failureDomain: "zone" } as never), "replicas");
    await rejects(createPlacement(t, { replicas: 300, failureDomain: "disk" }), "replicas");
    await rejects(createPlacement(t, { replicas: 6, failureDomain: "zone", perDomain: 4 }), "perDomain");
    await rejects(createPlacement(t, { replicas: 6, failureDomain: "zone", perDomain: 2, within: "root" }), "within");
    // zone-a's second node has one disk: two copies per node cannot fit there
    await rejects(createPlacement(t, { replicas: 6, failureDomain: "node", perDomain: 2, within: "disk" }), "node-a2", /holds 1 disk/);
  });

  it("a device outside every failure domain, and nested domains", async () => {
    const stray = defineTopology(root([zone("za", [node("na", [disk("a")])]), zone("zb", [node("nb", [disk("b")])]), disk("loose")]));
    await rejects(createPlacement(stray, { replicas: 2, failureDomain: "zone" }), "loose", /no zone/);
    const nested = defineTopology(root([zone("za", [zone("zz", [node("na", [disk("a")])])]), zone("zb", [node("nb", [disk("b")])])]));
    await rejects(createPlacement(nested, { replicas: 2, failureDomain: "zone" }), "zz", /nest/);
  });

  it("something that is not a topology", async () => {
    await rejects(createPlacement({} as never, { replicas: 3, failureDomain: "zone" }), "topology");
  });
});

describe("placements refuse keys that are not strings or bytes", () => {
  it("naming the key option", async () => {
    const p = await createPlacement(defineTopology(good), { replicas: 3, failureDomain: "zone" });
    for (const key of [42, null, undefined, {}, ["a"], new Uint16Array(2), Symbol("k")]) {
      topologyError(() => p.place(key as never), "key", /neither a string nor bytes/);
      topologyError(() => p.placeInto(key as never, new Int32Array(3)), "key");
    }
    topologyError(() => p.placeInto("k", new Int32Array(2)), "out");
    topologyError(() => p.placeInto("k", [0, 0, 0] as never), "out");
    topologyError(() => p.placeInputInto(2 ** 40, new Int32Array(3)), "input");
    topologyError(() => p.domainOf("node-a1"), "node-a1");
  });
});

describe("diffPlacements and planKeyMoves refuse", () => {
  it("placements of different kinds or sizes, bad key lists, unknown devices", async () => {
    const t = defineTopology(good);
    const three = await createPlacement(t, { replicas: 3, failureDomain: "zone" });
    const two = await createPlacement(t, { replicas: 2, failureDomain: "zone" });
    const ec = await createPlacement(t, { k: 2, m: 1, failureDomain: "zone" });
    topologyError(() => diffPlacements(three, two, 10), "after");
    topologyError(() => diffPlacements(three, ec, 10), "after");
    topologyError(() => diffPlacements({} as never, three, 10), "before");
    topologyError(() => diffPlacements(three, three, -1), "keys");
    topologyError(() => diffPlacements(three, three, "abc" as never), "keys");
    topologyError(() => diffPlacements(three, three, [1] as never), "key");
    const moved = await createPlacement(defineTopology(good, { ids: {} }), { replicas: 3, failureDomain: "node" });
    const diff = diffPlacements(three, moved, 50);
    topologyError(() => planKeyMoves(diff, { capacity: new Map([["nope", 1]]) }), "capacity");
    topologyError(() => planKeyMoves(diff, { keyBytes: -1 }), "keyBytes");
  });
});
