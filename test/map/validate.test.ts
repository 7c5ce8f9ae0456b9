import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { CrushMapError } from "../../src/map/errors.js";
import type { Bucket, CrushMap, Rule, RuleStep } from "../../src/map/types.js";
import { validateMap } from "../../src/map/validate.js";
import type { CrushMapWarning } from "../../src/map/warnings.js";

/** root default(-1) → host a(-2) {osd.0, osd.1 (ssd)}, host b(-3) {osd.2}; one rule. */
const base: CrushMap = new CrushMapBuilder()
  .addBucket("default", "root")
  .addBucket("a", "host", { under: "default" })
  .addBucket("b", "host", { under: "default" })
  .addDevice({ weight: 1, under: "a" })
  .addDevice({ weight: 1, under: "a", class: "ssd" })
  .addDevice({ weight: 2, under: "b" })
  .createReplicatedRule("rep", "default", "host")
  .build();

const withBucket = (m: CrushMap, name: string, f: (b: Bucket) => Bucket): CrushMap => ({
  ...m,
  buckets: m.buckets.map((b) => (b.name === name ? f(b) : b)),
});
const withRule = (m: CrushMap, f: (r: Rule) => Rule): CrushMap => ({ ...m, rules: m.rules.map(f) });
const withSteps = (steps: RuleStep[]): CrushMap => withRule(base, (r) => ({ ...r, steps }));

function rejects(map: CrushMap, item: string | number, options?: { singleParent?: boolean }): void {
  let err: unknown;
  try {
    validateMap(map, options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CrushMapError);
  expect((err as CrushMapError).item).toBe(item);
  expect((err as CrushMapError).message).toContain(String(item));
}

describe("validateMap with anyName (a binary map, as crushtool reads it)", () => {
  const odd = withRule(withBucket({ ...base, types: base.types.map((t) => (t.name === "host" ? { ...t, name: "ho st" } : t)) }, "b", (b) => ({ ...b, name: "b<&>" })), (r) => ({ ...r, name: "r\n1" }));
  it("accepts names text cannot spell, with one invalid-name warning naming the first", () => {
    const warnings: CrushMapWarning[] = [];
    expect(validateMap(odd, { anyName: true, onWarning: (w) => warnings.push(w) })).toBe(odd);
    expect(warnings.map((w) => [w.code, w.item])).toEqual([["invalid-name", 'type "ho st"']]);
    expect(warnings[0]!.message).toContain("(and 2 more)");
  });
  it("still refuses them without it, and a name with a NUL byte with it", () => {
    expect(() => validateMap(odd)).toThrow(CrushMapError);
    expect(() => validateMap(withBucket(base, "b", (b) => ({ ...b, name: "b\0" })), { anyName: true })).toThrow(/invalid name/);
  });
});

describe("validateMap", () => {
  it("accepts a well-formed map and returns it unchanged", () => {
    expect(validateMap(base)).toBe(base);
  });

  it("treats __proto__ and constructor as ordinary names", () => {
    const m = new CrushMapBuilder()
      .addBucket("__proto__", "root")
      .addBucket("constructor", "host", { under: "__proto__" })
      .addDevice({ name: "hasOwnProperty", weight: 1, under: "constructor", class: "toString" })
      .createReplicatedRule("valueOf", "__proto__", "host", "toString")
      .build();
    expect(validateMap(m)).toBe(m);
    rejects({ ...m, devices: [...m.devices, { id: 5, name: "__proto__" }] }, "__proto__");
  });

  describe("rejects, naming the offender", () => {
    it("a duplicate device id", () => rejects({ ...base, devices: [base.devices[0]!, { id: 0, name: "osd.x" }, ...base.devices.slice(1)] }, "osd.x"));
    it("a duplicate device name", () => rejects({ ...base, devices: [...base.devices, { id: 9, name: "osd.1" }] }, "osd.1"));
    it("a negative device id", () => rejects({ ...base, devices: [{ id: -4, name: "osd.neg" }, ...base.devices] }, "osd.neg"));
    it("a non-integer device id", () => rejects({ ...base, devices: [...base.devices, { id: 3.5, name: "osd.half" }] }, "osd.half"));
    it("unsorted devices", () => rejects({ ...base, devices: [...base.devices].reverse() }, "osd.1"));
    it("a device with an undeclared class", () => rejects({ ...base, devices: base.devices.map((d) => (d.id === 2 ? { ...d, class: "nvme" } : d)) }, "osd.2"));
    it("a duplicate bucket id", () => rejects(withBucket(base, "b", (b) => ({ ...b, id: -2 })), "b"));
    it("a bucket named like a device", () => rejects(withBucket(base, "b", (b) => ({ ...b, name: "osd.0" })), "osd.0"));
    it("a non-negative bucket id", () => rejects(withBucket(base, "b", (b) => ({ ...b, id: 0 })), "b"));
    it("an invalid name", () => rejects(withBucket(base, "b", (b) => ({ ...b, name: "b c" })), "b c"));
    it("an empty name, even with anyName", () => expect(() => validateMap(withBucket(base, "b", (b) => ({ ...b, name: "" })), { anyName: true })).toThrow(/bucket "" has an invalid name/));
    it("a duplicate type id", () => rejects({ ...base, types: [...base.types, { id: 11, name: "planet" }] }, "planet"));
    it("a duplicate rule id", () => rejects({ ...base, rules: [...base.rules, { ...base.rules[0]!, name: "rep2" }] }, "rep2"));
    it("a duplicate rule name", () => rejects({ ...base, rules: [...base.rules, { ...base.rules[0]!, id: 1 }] }, "rep"));
    it("a rule id over 255", () => rejects(withRule(base, (r) => ({ ...r, id: 256 })), "rep"));
    it("a duplicate class", () => rejects({ ...base, classes: [...base.classes, { id: 1, name: "ssd" }] }, "ssd"));
    it("an item that names neither a device nor a bucket", () =>
      rejects(withBucket(base, "a", (b) => ({ ...b, items: [...b.items, { id: 42, weight: 0 }] })), "a"));
    it("a missing child bucket", () => rejects(withBucket(base, "a", (b) => ({ ...b, items: [...b.items, { id: -9, weight: 0 }] })), "a"));
    it("a bucket inside itself", () => rejects(withBucket(base, "b", (b) => ({ ...b, items: [...b.items, { id: -3, weight: 0 }] })), "b"));
    it("a cycle through several buckets", () => {
      const m = withBucket(base, "a", (b) => ({ ...b, items: [...b.items, { id: -1, weight: 0 }] }));
      expect(() => validateMap(m)).toThrow(/cycle: .*default.*a.*default|cycle: .*a.*default.*a/);
      rejects(m, "default");
    });
    it("straw lengths on a bucket that is not straw", () => rejects(withBucket(base, "a", (b) => ({ ...b, straws: [1, 2] })), "a"));
    it("straw lengths that do not match the items", () => rejects(withBucket(base, "a", (b) => ({ ...b, alg: "straw", straws: [1] })), "a"));
    it("an unknown bucket type", () => rejects(withBucket(base, "a", (b) => ({ ...b, type: 99 })), "a"));
    it("an unknown alg", () => rejects(withBucket(base, "a", (b) => ({ ...b, alg: "straw3" as "straw" })), "a"));
    it("a hash that does not fit Ceph's byte", () => rejects(withBucket(base, "a", (b) => ({ ...b, hash: 256 })), "a"));
    for (const [what, w] of [["negative", -1], ["NaN", Number.NaN], ["fractional", 1.5], ["over 0xffffffff", 2 ** 32]] as const) {
      it(`a ${what} weight`, () => rejects(withBucket(base, "b", (b) => ({ ...b, items: [{ id: 2, weight: w }] })), "osd.2"));
    }
    it("a uniform bucket with unequal weights", () => rejects(withBucket(base, "a", (b) => ({ ...b, alg: "uniform", items: [{ id: 0, weight: 1 }, { id: 1, weight: 2 }] })), "a"));
    it("a bucket id Ceph's bucket array cannot reach (below -2^30)", () => {
      rejects(withBucket(base, "b", (b) => ({ ...b, id: -0x40000001 })), "b");
      rejects(withBucket(base, "b", (b) => ({ ...b, id: -0x80000000 })), "b");
    });
    it("a shadow id Ceph's bucket array cannot reach", () =>
      rejects(withBucket(base, "b", (b) => ({ ...b, classIds: [{ class: "ssd", id: -0x80000000 }] })), "b"));
    it("a device id whose max_devices overflows (2147483647, Ceph's CRUSH_ITEM_NONE)", () =>
      rejects({ ...base, devices: [...base.devices, { id: 0x7fffffff, name: "osd.big" }] }, "osd.big"));
    it("a bucket type above 16 bits (Ceph would truncate it)", () => {
      const types = [...base.types, { id: 70000, name: "galaxy" }];
      rejects(withBucket({ ...base, types }, "b", (b) => ({ ...b, type: 70000 })), "b");
      expect(() => validateMap(withBucket({ ...base, types }, "b", (b) => ({ ...b, type: 70000 })))).toThrow(/16 bits/);
    });
    it("a shadow id that is a real bucket's id, naming both", () => {
      const m = withBucket(base, "a", (b) => ({ ...b, classIds: [{ class: "ssd", id: -1 }] }));
      rejects(m, "a");
      expect(() => validateMap(m)).toThrow(/shadow id -1 for class ssd is the id of bucket default/);
      // the real bucket may come after the one giving the shadow id
      const late = withBucket(base, "default", (b) => ({ ...b, classIds: [{ class: "ssd", id: -3 }] }));
      expect(() => validateMap(late)).toThrow(/bucket default: shadow id -3 for class ssd is the id of bucket b/);
    });
    it("a rule taking a missing bucket", () => rejects(withSteps([{ op: "take", item: -7 }, { op: "emit" }]), "rep"));
    it("a rule naming a missing type", () =>
      rejects(withSteps([{ op: "take", item: -1 }, { op: "chooseleaf", mode: "firstn", num: 0, type: 40 }, { op: "emit" }]), "rep"));
    it("a rule naming a missing class", () => rejects(withSteps([{ op: "take", item: -1, class: "nvme" }, { op: "emit" }]), "rep"));
    it("a rule step with a bad mode", () =>
      rejects(withSteps([{ op: "take", item: -1 }, { op: "choose", mode: "all" as "firstn", num: 0, type: 1 }]), "rep"));
    it("a rule step with a fractional count", () =>
      rejects(withSteps([{ op: "take", item: -1 }, { op: "choose", mode: "firstn", num: 1.5, type: 1 }]), "rep"));
    it("a negative set_choose_tries", () => rejects(withSteps([{ op: "set_choose_tries", value: -1 }]), "rep"));
    it("an unknown step", () => rejects(withSteps([{ op: "jump" } as unknown as RuleStep]), "rep"));
    it("a min_size over 255", () => rejects(withRule(base, (r) => ({ ...r, minSize: 256 })), "rep"));
    it("a tunable out of range", () => rejects({ ...base, tunables: { ...base.tunables, chooseleafVaryR: 256 } }, "chooseleafVaryR"));
    it("choose_args naming a missing bucket", () => rejects({ ...base, chooseArgs: [{ id: -1, buckets: [{ bucketId: -50, weightSet: [[1]] }] }] }, -50));
    it("choose_args with a weight set of the wrong length", () =>
      rejects({ ...base, chooseArgs: [{ id: -1, buckets: [{ bucketId: -2, weightSet: [[1, 2, 3]] }] }] }, "a"));
    it("choose_args with ids of the wrong length", () => rejects({ ...base, chooseArgs: [{ id: 1, buckets: [{ bucketId: -3, ids: [1, 2] }] }] }, "b"));
    it("choose_args with a bad weight", () => rejects({ ...base, chooseArgs: [{ id: 1, buckets: [{ bucketId: -3, weightSet: [[-1]] }] }] }, "b"));
    it("a duplicate choose_args id", () => rejects({ ...base, chooseArgs: [{ id: 1, buckets: [] }, { id: 1, buckets: [] }] }, 1));
  });

  it("sizes shadow buckets' choose_args by the class's devices plus every child bucket", () => {
    const a = base.buckets.find((b) => b.name === "a")!;
    const shadow = a.classIds!.find((c) => c.class === "ssd")!.id;
    const ok: CrushMap = { ...base, chooseArgs: [{ id: -1, buckets: [{ bucketId: shadow, weightSet: [[0x10000]] }] }] };
    expect(validateMap(ok)).toBe(ok);
    rejects({ ...base, chooseArgs: [{ id: -1, buckets: [{ bucketId: shadow, weightSet: [[1, 2]] }] }] }, "a~ssd");
  });

  it("accepts two types of one name, as Ceph does (crushtool -d prints `type 0 osd` beside another osd)", () => {
    const map = { ...base, types: [...base.types, { id: 12, name: "host" }] };
    expect(validateMap(map)).toBe(map);
  });

  it("accepts hash 7, which crushtool compiles and prints as unknown", () => {
    const map = withBucket(base, "a", (b) => ({ ...b, hash: 7 }));
    expect(validateMap(map)).toBe(map);
  });

  it("accepts an unnamed rule (crushtool's `rule {`), and refuses device id 2147483647", () => {
    const unnamed = withRule(base, (r) => ({ ...r, name: "" }));
    expect(validateMap(unnamed)).toBe(unnamed);
    rejects({ ...base, devices: [...base.devices, { id: 0x7fffffff, name: "osd.big" }] }, "osd.big");
  });

  it("accepts an item under two parents, as Ceph does (crushtool compiles it; `ceph osd crush link`)", () => {
    const m = withBucket(base, "b", (b) => ({ ...b, items: [...b.items, { id: 0, weight: 0x10000 }] }));
    expect(validateMap(m)).toBe(m);
    const linked: CrushMap = {
      ...base,
      buckets: [...base.buckets, { id: -10, name: "other", type: 11, alg: "straw2", hash: 0, items: [{ id: -2, weight: 0 }] }],
    };
    expect(validateMap(linked)).toBe(linked);
  });

  it("rejects an item under two parents when asked for a strict tree", () => {
    rejects(withBucket(base, "b", (b) => ({ ...b, items: [...b.items, { id: 0, weight: 0x10000 }] })), "osd.0", { singleParent: true });
    rejects(withBucket(base, "b", (b) => ({ ...b, items: [...b.items, { id: -2, weight: 0 }] })), "a", { singleParent: true });
  });

  it("terminates in linear time on a long chain and on a long cycle", () => {
    const n = 20000;
    const chain: Bucket[] = [];
    for (let i = 1; i <= n; i++) {
      chain.push({ id: -i, name: `b${i}`, type: 1, alg: "straw2", hash: 0, items: i < n ? [{ id: -(i + 1), weight: 0 }] : [] });
    }
    const m: CrushMap = { ...base, devices: [], buckets: chain, rules: [], classes: [], chooseArgs: [] };
    expect(validateMap(m)).toBe(m);
    const cyclic: CrushMap = { ...m, buckets: chain.map((b, i) => (i === n - 1 ? { ...b, items: [{ id: -1, weight: 0 }] } : b)) };
    expect(() => validateMap(cyclic)).toThrow(CrushMapError);
  });

  it("accepts a bucket whose items weigh more than 32 bits hold, as Ceph does (its total wraps), and warns", () => {
    const m = withBucket(base, "a", (b) => ({ ...b, items: [{ id: 0, weight: 0xffffffff }, { id: 1, weight: 2 }] }));
    const warnings: CrushMapWarning[] = [];
    expect(validateMap(m, { onWarning: (w) => warnings.push(w) })).toBe(m);
    expect(warnings).toEqual([
      { code: "bucket-weight-wraps", item: "a", message: "bucket a: total weight 4294967297 overflows 32 bits; Ceph keeps 1 (modulo 2^32)" },
    ]);
    expect(validateMap(m)).toBe(m); // without a handler the warning is dropped
  });
});
