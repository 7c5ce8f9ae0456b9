import { describe, expect, it } from "vitest";
import { CrushMapBuilder, DEFAULT_TYPES } from "../../src/map/builder.js";
import { CrushMapError } from "../../src/map/errors.js";
import type { CrushMap } from "../../src/map/types.js";

/** What `osdmaptool --createsimple 3` writes (checked with crushtool -d, Ceph 16.2.15). */
function createSimple(): CrushMapBuilder {
  return new CrushMapBuilder()
    .addBucket("default", "root")
    .addBucket("localhost", "host")
    .addBucket("localrack", "rack", { under: "default" })
    .moveBucket("localhost", "localrack")
    .addDevice({ weight: 1, under: "localhost" })
    .addDevice({ weight: 1, under: "localhost" })
    .addDevice({ weight: 1, under: "localhost" })
    .createReplicatedRule("replicated_rule", "default", "host");
}

const bucketsOf = (m: CrushMap): [number, string, number, [number, number][]][] =>
  [...m.buckets].sort((a, b) => b.id - a.id).map((b) => [b.id, b.name, b.type, b.items.map((it) => [it.id, it.weight])]);

function expectError(f: () => unknown, item: string | number): CrushMapError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrushMapError);
    expect((e as CrushMapError).item).toBe(item);
    expect((e as CrushMapError).message).toContain(String(item));
    return e as CrushMapError;
  }
  throw new Error("expected a CrushMapError");
}

describe("CrushMapBuilder", () => {
  it("starts from Ceph's default types (osd … root, ids 0–11) and optimal tunables", () => {
    const m = new CrushMapBuilder().build();
    expect(m.types.map((t) => `${t.id} ${t.name}`)).toEqual([
      "0 osd", "1 host", "2 chassis", "3 rack", "4 row", "5 pdu", "6 pod", "7 room", "8 datacenter", "9 zone", "10 region", "11 root",
    ]);
    expect(m.types).toEqual(DEFAULT_TYPES);
    expect(m.tunables).toEqual({
      chooseLocalTries: 0, chooseLocalFallbackTries: 0, chooseTotalTries: 50, chooseleafDescendOnce: 1,
      chooseleafVaryR: 1, chooseleafStable: 1, strawCalcVersion: 1, allowedBucketAlgs: 54, msrDescents: 100, msrCollisionTries: 100,
    });
    // Ceph 16.2's optimal profile (CrushWrapper::set_tunables_optimal)
    expect(m.tunables).toEqual({
      chooseLocalTries: 0,
      chooseLocalFallbackTries: 0,
      chooseTotalTries: 50,
      chooseleafDescendOnce: 1,
      chooseleafVaryR: 1,
      chooseleafStable: 1,
      strawCalcVersion: 1,
      allowedBucketAlgs: 54,
      msrDescents: 100,
      msrCollisionTries: 100,
    });
    expect(m.devices).toEqual([]);
    expect(m.buckets).toEqual([]);
  });

  it("reproduces osdmaptool --createsimple 3", () => {
    const m = createSimple().build();
    expect(bucketsOf(m)).toEqual([
      [-1, "default", 11, [[-3, 0x30000]]],
      [-2, "localhost", 1, [[0, 0x10000], [1, 0x10000], [2, 0x10000]]],
      [-3, "localrack", 3, [[-2, 0x30000]]],
    ]);
    expect(m.buckets.every((b) => b.alg === "straw2" && b.hash === 0)).toBe(true);
    expect(m.devices).toEqual([{ id: 0, name: "osd.0" }, { id: 1, name: "osd.1" }, { id: 2, name: "osd.2" }]);
    expect(m.rules).toEqual([
      {
        id: 0, name: "replicated_rule", type: 1, minSize: 1, maxSize: 10,
        steps: [{ op: "take", item: -1 }, { op: "chooseleaf", mode: "firstn", num: 0, type: 1 }, { op: "emit" }],
      },
    ]);
  });

  it("matches a recorded crushtool edit session step for step (ids, weights, rules)", () => {
    // Recorded with crushtool 16.2.15 from the --createsimple map:
    //  --add-bucket host2 host --loc rack localrack; --add-item 3 0.5 osd.3 --loc host host2;
    //  --add-item 4 1.25 osd.4 --loc host host2; --reweight-item osd.0 0.3;
    //  --add-bucket rack2 rack --loc root default; --move host2 --loc rack rack2; --remove-item osd.1;
    //  --add-bucket tmp host; --remove-item tmp; --add-bucket h3 host --loc rack rack2;
    //  --create-replicated-rule r2 default rack; --create-simple-rule ec default host indep;
    //  --remove-rule replicated_rule; --create-replicated-rule r3 default osd; then --dump.
    const m = createSimple()
      .addBucket("host2", "host", { under: "localrack" })
      .addDevice({ id: 3, weight: 0.5, under: "host2" })
      .addDevice({ id: 4, weight: 1.25, under: "host2" })
      .reweight("osd.0", 0.3)
      .addBucket("rack2", "rack", { under: "default" })
      .moveBucket("host2", "rack2")
      .removeDevice("osd.1")
      .addBucket("tmp", "host")
      .removeBucket("tmp")
      .addBucket("h3", "host", { under: "rack2" })
      .createReplicatedRule("r2", "default", "rack")
      .createSimpleRule("ec", "default", "host", "indep")
      .removeRule("replicated_rule")
      .createReplicatedRule("r3", "default", "osd")
      .build();
    expect(bucketsOf(m)).toEqual([
      [-1, "default", 11, [[-3, 85196], [-5, 114688]]],
      [-2, "localhost", 1, [[0, 19660], [2, 65536]]],
      [-3, "localrack", 3, [[-2, 85196]]],
      [-4, "host2", 1, [[3, 32768], [4, 81920]]],
      [-5, "rack2", 3, [[-4, 114688], [-6, 0]]],
      [-6, "h3", 1, []],
    ]);
    expect(m.devices.map((d) => d.id)).toEqual([0, 2, 3, 4]);
    expect(m.rules).toEqual([
      { id: 0, name: "r3", type: 1, minSize: 1, maxSize: 10, steps: [{ op: "take", item: -1 }, { op: "choose", mode: "firstn", num: 0, type: 0 }, { op: "emit" }] },
      { id: 1, name: "r2", type: 1, minSize: 1, maxSize: 10, steps: [{ op: "take", item: -1 }, { op: "chooseleaf", mode: "firstn", num: 0, type: 3 }, { op: "emit" }] },
      {
        id: 2, name: "ec", type: 1, minSize: 3, maxSize: 20,
        steps: [
          { op: "set_chooseleaf_tries", value: 5 },
          { op: "set_choose_tries", value: 100 },
          { op: "take", item: -1 },
          { op: "chooseleaf", mode: "indep", num: 0, type: 1 },
          { op: "emit" },
        ],
      },
    ]);
  });

  it("converts decimal weights as Ceph's commands do (float, truncated: 0.1 → 6553)", () => {
    const m = createSimple().reweight("osd.0", 0.1).reweight("osd.1", 0.3).build();
    const host = m.buckets.find((b) => b.name === "localhost")!;
    expect(host.items.map((it) => it.weight)).toEqual([6553, 19660, 65536]);
  });

  it("allocates shadow ids and new bucket ids around them as Ceph does", () => {
    // Recorded: crushtool -c of the map below with classes and no shadow ids gives hdd -6…-10 and
    // ssd -11…-15 (post-order); --add-bucket host4 then gives -16 with shadows -17/-18, and
    // --add-bucket host5 -19 with -20/-21; --device-class ssd --create-replicated-rule fast.
    const b = createSimple()
      .addBucket("host2", "host", { under: "localrack" })
      .addDevice({ id: 3, weight: 0.5, under: "host2" })
      .addBucket("host3", "host", { under: "default" })
      .addDevice({ id: 4, weight: 2, under: "host3" });
    for (const id of [0, 1, 2]) b.setDeviceClass(id, "hdd");
    for (const id of [3, 4]) b.setDeviceClass(id, "ssd");
    const m = b
      .addBucket("host4", "host", { under: "default" })
      .addDevice({ id: 5, weight: 1, under: "host4" })
      .createReplicatedRule("fast", "default", "host", "ssd")
      .addBucket("host5", "host", { under: "localrack" })
      .build();
    const ids = new Map(m.buckets.map((bk) => [bk.name, [bk.id, ...(bk.classIds ?? []).map((c) => `${c.class}${c.id}`)]]));
    expect(Object.fromEntries(ids)).toEqual({
      localhost: [-2, "hdd-6", "ssd-11"],
      host2: [-4, "hdd-7", "ssd-12"],
      localrack: [-3, "hdd-8", "ssd-13"],
      host3: [-5, "hdd-9", "ssd-14"],
      default: [-1, "hdd-10", "ssd-15"],
      host4: [-16, "hdd-17", "ssd-18"],
      host5: [-19, "hdd-20", "ssd-21"],
    });
    expect(m.classes).toEqual([{ id: 0, name: "hdd" }, { id: 1, name: "ssd" }]);
    expect(m.rules[1]).toEqual({
      id: 1, name: "fast", type: 1, minSize: 1, maxSize: 10,
      steps: [{ op: "take", item: -1, class: "ssd" }, { op: "chooseleaf", mode: "firstn", num: 0, type: 1 }, { op: "emit" }],
    });
  });

  it("drops a class once no device and no rule uses it", () => {
    const b = createSimple().setDeviceClass("osd.0", "ssd");
    expect(b.build().classes).toEqual([{ id: 0, name: "ssd" }]);
    b.createReplicatedRule("fast", "default", "host", "ssd").removeDeviceClass("osd.0");
    expect(b.build().classes).toEqual([{ id: 0, name: "ssd" }]); // the rule keeps it alive
    b.removeRule("fast");
    const m = b.build();
    expect(m.classes).toEqual([]);
    expect(m.buckets.every((bk) => bk.classIds === undefined)).toBe(true);
  });

  it("writes erasure rules as ErasureCode::create_rule does: indep, min_size 3, max_size k+m", () => {
    const m = createSimple()
      .setDeviceClass("osd.1", "hdd")
      .createErasureRule("ec42", { k: 4, m: 2 })
      .createErasureRule("ec21", { k: 2, m: 1, failureDomain: "osd", deviceClass: "hdd" })
      .build();
    expect(m.rules.slice(1)).toEqual([
      {
        id: 1, name: "ec42", type: 3, minSize: 3, maxSize: 6,
        steps: [
          { op: "set_chooseleaf_tries", value: 5 },
          { op: "set_choose_tries", value: 100 },
          { op: "take", item: -1 },
          { op: "chooseleaf", mode: "indep", num: 0, type: 1 },
          { op: "emit" },
        ],
      },
      {
        id: 2, name: "ec21", type: 3, minSize: 3, maxSize: 3,
        steps: [
          { op: "set_chooseleaf_tries", value: 5 },
          { op: "set_choose_tries", value: 100 },
          { op: "take", item: -1, class: "hdd" },
          { op: "choose", mode: "indep", num: 0, type: 0 },
          { op: "emit" },
        ],
      },
    ]);
  });

  it("keeps every ancestor's weight equal to the sum of its children after reweight, move and remove", () => {
    const b = new CrushMapBuilder()
      .addBucket("root", "root")
      .addBucket("r1", "rack", { under: "root" })
      .addBucket("r2", "rack", { under: "root" })
      .addBucket("h1", "host", { under: "r1" })
      .addBucket("h2", "host", { under: "r1" })
      .addDevice({ weight: 1, under: "h1" })
      .addDevice({ weight: 2, under: "h1" })
      .addDevice({ weight: 4, under: "h2" });
    const check = (m: CrushMap): void => {
      const byId = new Map(m.buckets.map((bk) => [bk.id, bk]));
      for (const bk of m.buckets) {
        for (const it of bk.items) {
          if (it.id < 0) expect(it.weight, `${bk.name} → ${byId.get(it.id)!.name}`).toBe(byId.get(it.id)!.items.reduce((s, x) => s + x.weight, 0));
        }
      }
    };
    check(b.build());
    b.reweight("osd.1", 3.5);
    check(b.build());
    b.moveBucket("h2", "r2");
    check(b.build());
    b.removeDevice("osd.0");
    check(b.build());
    const m = b.build();
    const root = m.buckets.find((bk) => bk.name === "root")!;
    expect(root.items).toEqual([{ id: -2, weight: 3.5 * 0x10000 }, { id: -3, weight: 4 * 0x10000 }]);
  });

  it("moves a device named to moveBucket out of its host and under the new one, weight and totals kept", () => {
    const m = new CrushMapBuilder()
      .addBucket("root", "root")
      .addBucket("h1", "host", { under: "root" })
      .addBucket("h2", "host", { under: "root" })
      .addDevice({ weight: 1, under: "h1" })
      .addDevice({ weight: 2.5, under: "h1" })
      .addDevice({ weight: 4, under: "h2" })
      .moveBucket("osd.1", "h2")
      .build();
    const byName = new Map(m.buckets.map((bk) => [bk.name, bk]));
    expect(byName.get("h1")!.items).toEqual([{ id: 0, weight: 0x10000 }]);
    expect(byName.get("h2")!.items).toEqual([
      { id: 2, weight: 4 * 0x10000 },
      { id: 1, weight: 2.5 * 0x10000 },
    ]);
    expect(byName.get("root")!.items).toEqual([
      { id: byName.get("h1")!.id, weight: 0x10000 },
      { id: byName.get("h2")!.id, weight: 6.5 * 0x10000 },
    ]);
    expect(() => new CrushMapBuilder().addBucket("h", "host").moveBucket("osd.9", "h")).toThrow(CrushMapError);
  });

  it("gives every item of a uniform bucket the newest weight, as Ceph's uniform buckets hold one weight", () => {
    const m = new CrushMapBuilder()
      .addBucket("root", "root")
      .addBucket("h", "host", { under: "root", alg: "uniform" })
      .addDevice({ weight: 1, under: "h" })
      .addDevice({ weight: 2, under: "h" })
      .build();
    expect(m.buckets.find((bk) => bk.name === "h")!.items).toEqual([{ id: 0, weight: 0x20000 }, { id: 1, weight: 0x20000 }]);
    expect(m.buckets.find((bk) => bk.name === "root")!.items).toEqual([{ id: -2, weight: 0x40000 }]);
  });

  it("assigns the lowest free device, bucket and rule ids", () => {
    const b = createSimple().removeDevice(1).addDevice({ weight: 1, under: "localhost" });
    expect(b.idOf("osd.1")).toBe(1);
    b.addBucket("x", "host").addBucket("y", "host").removeBucket("x").addBucket("z", "host");
    expect([b.idOf("y"), b.idOf("z")]).toEqual([-5, -4]);
    b.createReplicatedRule("a", "default", "host").createReplicatedRule("c", "default", "host").removeRule("a");
    b.createReplicatedRule("d", "default", "host");
    expect(b.build().rules.map((r) => `${r.id}:${r.name}`)).toEqual(["0:replicated_rule", "1:d", "2:c"]);
  });

  it("returns frozen values that later edits do not change", () => {
    const b = createSimple();
    const before = b.build();
    b.reweight("osd.0", 5);
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.buckets[0]!.items)).toBe(true);
    expect(before.buckets.find((bk) => bk.name === "localhost")!.items[0]!.weight).toBe(0x10000);
    const from = CrushMapBuilder.from(before).build();
    expect(from).toEqual(before);
  });

  it("keeps weight sets (choose_args) the right shape and summing up through edits", () => {
    const start = createSimple()
      .addBucket("host2", "host", { under: "localrack" })
      .addDevice({ weight: 2, under: "host2", class: "ssd" })
      .setDeviceClass("osd.0", "hdd")
      .build();
    const withSets: CrushMap = {
      ...start,
      chooseArgs: [
        {
          id: -1,
          buckets: start.buckets.map((bk) => ({ bucketId: bk.id, weightSet: [bk.items.map((it) => it.weight), bk.items.map((it) => it.weight >>> 1)] })),
        },
      ],
    };
    const m = CrushMapBuilder.from(withSets)
      .addDevice({ weight: 3, under: "host2", class: "ssd" })
      .reweight("osd.1", 0.5)
      .addBucket("rack2", "rack", { under: "default" })
      .moveBucket("host2", "rack2")
      .removeDevice("osd.2")
      .build();
    const sets = new Map(m.chooseArgs[0]!.buckets.map((a) => [a.bucketId, a.weightSet!]));
    const sum = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0);
    for (const bk of m.buckets) {
      const own = sets.get(bk.id);
      if (own === undefined) continue;
      for (const vec of own) expect(vec.length).toBe(bk.items.length);
      bk.items.forEach((it, i) => {
        const child = sets.get(it.id);
        if (it.id < 0 && child !== undefined) own.forEach((vec, pos) => expect(vec[i]).toBe(sum(child[pos]!)));
      });
    }
    const host = m.buckets.find((bk) => bk.name === "localhost")!;
    expect(sets.get(host.id)!.map((v) => v[1])).toEqual([0x8000, 0x8000]); // osd.1 reweighted in every position
  });

  describe("rejects bad edits with a CrushMapError naming the offender, changing nothing", () => {
    const cases: [string, (b: CrushMapBuilder) => unknown, string | number][] = [
      ["a device under a missing bucket", (b) => b.addDevice({ weight: 1, under: "nowhere" }), "nowhere"],
      ["a device under a device", (b) => b.addDevice({ weight: 1, under: "osd.0" }), "osd.0"],
      ["a duplicate device id", (b) => b.addDevice({ id: 2, weight: 1, under: "localhost" }), 2],
      ["a duplicate device name", (b) => b.addDevice({ name: "localrack", weight: 1, under: "localhost" }), "localrack"],
      ["a negative weight", (b) => b.addDevice({ name: "osd.9", weight: -1, under: "localhost" }), "osd.9"],
      ["a NaN weight", (b) => b.reweight("osd.1", Number.NaN), "osd.1"],
      ["an oversized weight", (b) => b.reweight("osd.1", 40000), "osd.1"],
      ["an invalid name", (b) => b.addBucket("has space", "host"), "has space"],
      ["an unknown type", (b) => b.addBucket("h9", "shelf"), "shelf"],
      ["a taken bucket id", (b) => b.addBucket("h9", "host", { id: -2 }), "h9"],
      ["a move into its own subtree", (b) => b.moveBucket("default", "localhost"), "default"],
      ["removing a non-empty bucket", (b) => b.removeBucket("localhost"), "localhost"],
      ["removing a bucket a rule takes", (b) => b.addBucket("e", "root").createReplicatedRule("er", "e", "host").removeBucket("e"), "e"],
      ["reweighting a bucket", (b) => b.reweight("localhost", 1), "localhost"],
      ["reweighting a missing device", (b) => b.reweight("osd.77", 1), "osd.77"],
      ["a second class", (b) => b.setDeviceClass("osd.0", "hdd").setDeviceClass("osd.0", "ssd"), "osd.0"],
      ["a rule with a taken name", (b) => b.createReplicatedRule("replicated_rule", "default", "host"), "replicated_rule"],
      ["a rule on a missing root", (b) => b.createReplicatedRule("r", "nope", "host"), "nope"],
      ["a rule with an unknown failure domain", (b) => b.createReplicatedRule("r", "default", "shelf"), "shelf"],
      ["a rule with an unknown class", (b) => b.createReplicatedRule("r", "default", "host", "nvme"), "nvme"],
      ["removing a missing rule", (b) => b.removeRule("ghost"), "ghost"],
    ];
    for (const [what, edit, item] of cases) {
      it(what, () => {
        const b = createSimple();
        const before = b.build();
        expectError(() => edit(b), item);
        // The failed call may come after successful ones in a chain; the map it started from is
        // still what build() returned before, or what those successful calls made of it.
        const after = b.build();
        expect(() => CrushMapBuilder.from(after).build()).not.toThrow();
        if (what !== "a second class" && what !== "removing a bucket a rule takes") expect(after).toEqual(before);
      });
    }
  });
});

describe("addRule", () => {
  const base = (): CrushMapBuilder => {
    const b = new CrushMapBuilder().addBucket("default", "root");
    for (const dc of ["dc1", "dc2"]) {
      b.addBucket(dc, "datacenter", { under: "default" });
      b.addBucket(`${dc}-h`, "host", { under: dc }).addDevice({ weight: 1, under: `${dc}-h`, class: "ssd" });
    }
    return b;
  };
  it("resolves names to ids and takes the lowest free rule id", () => {
    const map = base()
      .createReplicatedRule("r0", "default", "host")
      .addRule("stretch", [
        { op: "set_choose_tries", value: 100 },
        { op: "take", item: "default", class: "ssd" },
        { op: "choose", mode: "firstn", num: 2, type: "datacenter" },
        { op: "chooseleaf", mode: "firstn", num: 1, type: "host" },
        { op: "emit" },
      ], { type: "erasure", minSize: 2, maxSize: 4 })
      .build();
    const rule = map.rules.find((r) => r.name === "stretch")!;
    const root = map.buckets.find((b) => b.name === "default")!.id;
    const dcType = map.types.find((t) => t.name === "datacenter")!.id;
    expect(rule).toEqual({
      id: 1,
      name: "stretch",
      type: 3,
      minSize: 2,
      maxSize: 4,
      steps: [
        { op: "set_choose_tries", value: 100 },
        { op: "take", item: root, class: "ssd" },
        { op: "choose", mode: "firstn", num: 2, type: dcType },
        { op: "chooseleaf", mode: "firstn", num: 1, type: 1 },
        { op: "emit" },
      ],
    });
  });
  it("names the unknown item, type or class, and leaves the builder unchanged", () => {
    const b = base();
    expect(() => b.addRule("x", [{ op: "take", item: "nowhere" }])).toThrow(/unknown item nowhere/);
    expect(() => b.addRule("x", [{ op: "take", item: "default" }, { op: "choose", mode: "firstn", num: 1, type: "galaxy" }])).toThrow(/galaxy/);
    expect(() => b.addRule("x", [{ op: "take", item: "default", class: "tape" }])).toThrow(/tape/);
    expect(b.build().rules).toHaveLength(0);
  });
});
