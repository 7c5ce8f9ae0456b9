/**
 * Placing devices as `crushtool --add-item` / `--update-item` do (CrushWrapper::insert_item,
 * update_item, check_item_loc), a device in two buckets included. The expected maps are the ones
 * Ceph's own cram test (adjust-item-weight.t) diffs against, written by crushtool 18.2.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { CrushEditError } from "../../src/map/errors.js";
import { fullLocation } from "../../src/map/location.js";
import { deviceCrushWeights, ancestorOfType } from "../../src/map/hierarchy.js";
import { hierarchy } from "../../src/map/hierarchyIndex.js";
import { checkItemLoc, insertItem, updateItem, type CrushLocation } from "../../src/map/insertItem.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CrushMap } from "../../src/map/types.js";

const CRAM = join(import.meta.dirname, "..", "cram", "crushtool-18");
const cram = (name: string): CrushMap => loadCrushMap(readFileSync(join(CRAM, name)));
/** The map's shape: buckets by id with their items and weights (what -d prints, minus format). */
const shape = (m: CrushMap) => ({
  devices: m.devices.map((d) => [d.id, d.name]),
  buckets: [...m.buckets].sort((a, b) => b.id - a.id).map((b) => [b.id, b.name, b.type, b.alg, b.items.map((it) => [it.id, it.weight])]),
});

const HOST0: CrushLocation = [["host", "host0"], ["cluster", "cluster0"]];
const FAKE: CrushLocation = [["host", "fake"], ["cluster", "cluster0"]];
const one = insertItem(cram("simple.template"), { id: 0, weight: 1.0, name: "device0" }, HOST0);
const two = insertItem(one, { id: 0, weight: 2.0, name: "device0" }, FAKE);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrushEditError);
    return (e as CrushEditError).code;
  }
  throw new Error("expected a CrushEditError");
}

describe("a device in two buckets (adjust-item-weight.t)", () => {
  it("puts a device already in host0 into a new host too, with its own weight there", () => {
    expect(shape(two)).toEqual(shape(cram("simple.template.adj.two")));
  });

  it("changes its weight in the location's bucket only with update_item", () => {
    const three = updateItem(two, { id: 0, weight: 3.0, name: "device0" }, HOST0);
    expect(three.changed).toBe(true);
    expect(shape(three.map)).toEqual(shape(cram("simple.template.adj.three")));
    expect(updateItem(three.map, { id: 0, weight: 3.0, name: "device0" }, HOST0)).toEqual({ map: three.map, changed: false });
  });

  it("answers where it sits as Ceph does: the first bucket holding it (by id -1, -2, …)", () => {
    // host0 is -2, fake -3: get_immediate_parent, get_item_weight and get_full_location take host0
    const index = hierarchy(two);
    expect(index.parent(0)).toBe(-2);
    expect(index.ancestorOfType(0, 1)).toBe(-2);
    expect(ancestorOfType([two], "host")).toEqual(new Map([[0, -2]]));
    expect(deviceCrushWeights(two)).toEqual(new Map([[0, 0x10000]]));
    expect(fullLocation(two, 0)).toEqual([["cluster", "cluster0"], ["host", "host0"]]);
    // each device once under a bucket, but a rule reaches it with both weights (as Ceph's
    // get_rule_weight_osd_map adds them up)
    expect(index.devicesUnder(-1)).toEqual([0]);
    expect(new Map(index.ruleScope(two.rules[0]!).weight)).toEqual(new Map([[0, 3 * 0x10000]]));
  });

  it("checks only the lowest level of a location, as check_item_loc does", () => {
    expect(checkItemLoc(two, 0, FAKE)).toBe(2 * 0x10000);
    expect(checkItemLoc(two, 0, [["host", "host0"], ["cluster", "elsewhere"]])).toBe(0x10000);
    expect(checkItemLoc(two, 0, [["cluster", "cluster0"]])).toBeUndefined();
    expect(checkItemLoc(two, 0, [["host", "nowhere"]])).toBeUndefined();
  });

  it("moves it out of every bucket when update_item finds it elsewhere", () => {
    const moved = updateItem(two, { id: 0, weight: 1.5, name: "device0" }, [["host", "host1"], ["cluster", "cluster0"]]).map;
    const holders = moved.buckets.filter((b) => b.items.some((it) => it.id === 0)).map((b) => b.name);
    expect(holders).toEqual(["host1"]);
    expect(moved.buckets.find((b) => b.name === "cluster0")!.items.map((it) => it.weight)).toEqual([0, 0, 0x18000]);
  });

  it("renames a device whose id it is given with a new name, and refuses a name another item has", () => {
    const renamed = insertItem(two, { id: 0, weight: 1, name: "osd.zero" }, [["host", "third"], ["cluster", "cluster0"]]);
    expect(renamed.devices).toEqual([{ id: 0, name: "osd.zero" }]);
    expect(refusal(() => insertItem(two, { id: 0, weight: 1, name: "host0" }, [["host", "third"]]))).toBe("EEXIST");
    expect(refusal(() => insertItem(two, { id: 7, weight: 1, name: "device0" }, HOST0))).toBe("EEXIST");
  });

  it("refuses, with Ceph's errno, what insert_item refuses", () => {
    expect(refusal(() => insertItem(two, { id: 0, weight: 1, name: "device0" }, HOST0))).toBe("EINVAL"); // already beneath host0
    expect(refusal(() => insertItem(two, { id: 0, weight: 1, name: "device0" }, [["cluster", "host0"]]))).toBe("EINVAL"); // wrong type
    expect(refusal(() => insertItem(two, { id: 1, weight: 1, name: "device1" }, [["rack", "r"]]))).toBe("EINVAL"); // no such type: nowhere to go
    expect(refusal(() => insertItem(two, { id: 1, weight: 1, name: "bad name" }, HOST0))).toBe("EINVAL");
    expect(refusal(() => insertItem(two, { id: 1, weight: 40000, name: "device1" }, HOST0))).toBe("EOVERFLOW");
    // validate_weightf turns a negative weight into a huge unsigned one; -0.00001 truncates to 0
    expect(refusal(() => updateItem(two, { id: 0, weight: -1, name: "device0" }, HOST0))).toBe("EOVERFLOW");
    expect(insertItem(two, { id: 5, weight: -0.00001, name: "device5" }, HOST0).buckets.find((b) => b.name === "host0")!.items).toEqual([
      { id: 0, weight: 0x10000 },
      { id: 5, weight: 0 },
    ]);
  });

  it("refuses a location that names a device where a bucket should be", () => {
    expect(refusal(() => insertItem(two, { id: 1, weight: 1, name: "device1" }, [["host", "device0"]]))).toBe("EINVAL");
    expect(checkItemLoc(two, 1, [["host", "device0"]])).toBeUndefined();
  });

  it("makes the missing buckets of a location on the way up, with the default algorithm", () => {
    const m = insertItem(two, { id: 4, weight: 0.5, name: "device4" }, [["host", "new-host"], ["cluster", "new-cluster"]]);
    const host = m.buckets.find((b) => b.name === "new-host")!;
    const cluster = m.buckets.find((b) => b.name === "new-cluster")!;
    expect([host.id, cluster.id]).toEqual([-4, -5]);
    expect(host.items).toEqual([{ id: 4, weight: 0x8000 }]);
    expect(cluster.items).toEqual([{ id: -4, weight: 0x8000 }]);
  });
});

describe("builder edits under a device in two buckets", () => {
  it("links, unlinks and reweights per bucket, and every ancestor follows", () => {
    const b = CrushMapBuilder.from(one).addBucket("fake", "host", { under: "cluster0" }).linkItem(0, "fake", 2.0);
    expect(shape(b.build())).toEqual(shape(two));
    b.reweight(0, 4.0, { in: "fake" });
    expect(b.build().buckets.find((x) => x.name === "cluster0")!.items.map((it) => it.weight)).toEqual([0x10000, 4 * 0x10000]);
    b.unlinkItem(0, { from: "host0" });
    expect(b.build().devices).toEqual([{ id: 0, name: "device0" }]);
    expect(b.build().buckets.find((x) => x.name === "host0")!.items).toEqual([]);
    expect(() => b.linkItem(0, "fake", 1)).toThrow(/already under fake/);
    expect(() => b.linkItem("cluster0", "fake")).toThrow(/inside it/);
  });
});
