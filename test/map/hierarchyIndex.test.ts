/** The hierarchy index: one per map, answering where things sit the way Ceph's CrushWrapper does. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classTrees } from "../../src/map/classes.js";
import { ancestorOfType } from "../../src/map/hierarchy.js";
import { hierarchy } from "../../src/map/hierarchyIndex.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { Bucket, CrushMap } from "../../src/map/types.js";

const GOLDEN = join(import.meta.dirname, "..", "fixtures", "golden", "maps");
const golden = (name: string): CrushMap => loadCrushMap(readFileSync(join(GOLDEN, `${name}.txt`), "utf8"));

const TWO_PARENTS = `
device 0 osd.0
device 1 osd.1
device 2 osd.2
device 3 osd.3
type 0 osd
type 1 host
type 2 rack
type 3 root
host a {
	id -5
	alg straw2
	hash 0
	item osd.0 weight 1.000
	item osd.1 weight 1.000
}
host b {
	id -6
	alg straw2
	hash 0
	item osd.2 weight 1.000
	item osd.3 weight 1.000
}
rack r2 {
	id -3
	alg straw2
	hash 0
	item a weight 2.000
}
rack r1 {
	id -2
	alg straw2
	hash 0
	item a weight 2.000
	item b weight 2.000
}
root top {
	id -1
	alg straw2
	hash 0
	item r2 weight 2.000
	item r1 weight 4.000
}
rule spread {
	id 0
	type replicated
	min_size 1
	max_size 10
	step take top
	step chooseleaf firstn 0 type host
	step emit
}
`;

describe("parents and ancestors", () => {
  const map = loadCrushMap(TWO_PARENTS);
  const index = hierarchy(map);

  it("takes a bucket's first parent in Ceph's bucket order (-1, -2, …), not in the order of the file", () => {
    // host a sits in r2 (-3, listed first) and r1 (-2): get_immediate_parent_id scans -1, -2, -3
    expect(index.parent(-5)).toBe(-2);
    expect(index.parent(-6)).toBe(-2);
    expect(index.parent(0)).toBe(-5);
    expect(index.parent(-1)).toBeUndefined();
    expect(index.ancestorOfType(0, 2)).toBe(-2);
    expect(index.ancestorOfType(0, 3)).toBe(-1);
    expect(index.ancestorOfType(0, 7)).toBeUndefined();
    expect(ancestorOfType([map], "rack")).toEqual(new Map([[0, -2], [1, -2], [2, -2], [3, -2]]));
  });

  it("never names a shadow (device-class) bucket as a parent", () => {
    const classed = golden("22-classes-noids-straw2");
    const ix = hierarchy(classed);
    const shadowIds = new Set(classTrees(classed).map((b) => b.id));
    expect(shadowIds.size).toBeGreaterThan(0);
    for (const d of classed.devices) {
      let cur = ix.parent(d.id);
      while (cur !== undefined) {
        expect(shadowIds.has(cur)).toBe(false);
        cur = ix.parent(cur);
      }
    }
    for (const id of shadowIds) expect(ix.bucket(id)?.name).toContain("~");
  });
});

describe("what lies under a bucket", () => {
  it("lists each device once, in depth-first item order, even when reached twice", () => {
    const index = hierarchy(loadCrushMap(TWO_PARENTS));
    expect(index.devicesUnder(-1)).toEqual([0, 1, 2, 3]);
    expect(index.devicesUnder(-3)).toEqual([0, 1]);
    expect(index.devicesUnder(2)).toEqual([2]);
    expect(index.subtree(-1)).toEqual([-5, -3, -6, -2, -1]);
    expect(index.subtree(4)).toEqual([]);
  });

  it("puts every bucket after the buckets it holds", () => {
    for (const name of ["31-deep-hierarchy", "22-classes-noids-straw2", "37-build-960-straw2"]) {
      const map = golden(name);
      const index = hierarchy(map);
      const order = index.bottomUp();
      const position = new Map(order.map((id, i) => [id, i]));
      expect(order.length).toBe(map.buckets.length + (map.classes.length > 0 ? classTrees(map).length : 0));
      for (const id of order) {
        for (const it of index.bucket(id)!.items) if (it.id < 0) expect(position.get(it.id)!).toBeLessThan(position.get(id)!);
      }
    }
  });

  it("walks a hierarchy 20,000 levels deep and a map with a cycle without overflowing or hanging", () => {
    const buckets: Bucket[] = [];
    for (let i = 1; i <= 20_000; i++) {
      buckets.push({ id: -i, name: `b${i}`, type: 1, alg: "straw2", hash: 0, items: [{ id: i === 20_000 ? 0 : -(i + 1), weight: 0x10000 }] });
    }
    const deep: CrushMap = { ...loadCrushMap(TWO_PARENTS), buckets, rules: [] };
    const index = hierarchy(deep);
    expect(index.devicesUnder(-1)).toEqual([0]);
    expect(index.subtree(-1).length).toBe(20_000);
    expect(index.ancestorOfType(0, 1)).toBe(-20_000);
    // a cycle is refused by validateMap; an unvalidated map must still terminate
    const cyclic: CrushMap = {
      ...deep,
      buckets: [
        { id: -1, name: "x", type: 1, alg: "straw2", hash: 0, items: [{ id: -2, weight: 1 }, { id: 0, weight: 1 }] },
        { id: -2, name: "y", type: 1, alg: "straw2", hash: 0, items: [{ id: -1, weight: 1 }] },
      ],
    };
    const ci = hierarchy(cyclic);
    expect(ci.devicesUnder(-2)).toEqual([0]);
    expect(ci.subtree(-1)).toEqual([-2, -1]);
    expect(ci.ancestorOfType(0, 2)).toBeUndefined();
  });
});

describe("what a rule reaches", () => {
  it("reaches, through `take … class`, exactly the devices of that class, with their weights", () => {
    const map = golden("22-classes-noids-straw2");
    const index = hierarchy(map);
    for (const rule of map.rules) {
      const scope = index.ruleScope(rule);
      const takes = rule.steps.filter((s) => s.op === "take");
      const expected = new Set<number>();
      for (const t of takes) {
        for (const d of map.devices) {
          const under = index.devicesUnder(t.item).includes(d.id);
          if (under && (t.class === undefined || d.class === t.class)) expected.add(d.id);
        }
      }
      expect(new Set(scope.weight.keys())).toEqual(expected);
      for (const [d, w] of scope.weight) expect(w).toBe(map.buckets.find((b) => b.id === index.parent(d))!.items.find((it) => it.id === d)!.weight);
      for (const [d, doms] of scope.domains) {
        expect(doms).toEqual(scope.types.map((t) => (t === 0 ? d : (index.ancestorOfType(d, t) ?? d))));
      }
    }
  });

  it("is computed once per rule and cannot be changed by the caller", () => {
    const map = golden("15-straw2-hosts");
    const scope = hierarchy(map).ruleScope(map.rules[0]!);
    expect(hierarchy(map).ruleScope(map.rules[0]!)).toBe(scope);
    expect(Object.isFrozen(scope)).toBe(true);
    expect(() => (scope.weight as Map<number, number>).set(0, 1)).toThrow(TypeError);
    expect(() => (scope.domains.get(0) as number[]).push(1)).toThrow(TypeError);
  });
});

describe("one index per map", () => {
  it("is kept with a frozen map and rebuilt for a map left unfrozen", () => {
    const map = golden("01-straw2-flat");
    expect(hierarchy(map)).toBe(hierarchy(map));
    const loose = JSON.parse(JSON.stringify(map)) as CrushMap;
    expect(hierarchy(loose)).not.toBe(hierarchy(loose));
  });
});
