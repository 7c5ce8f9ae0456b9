/**
 * Devices without a name: old binary maps (five-devices.crushmap, test-map-tries-vs-retries.crushmap
 * from Ceph's cram suite) have no device names, and a tree bucket turns a removed item's slot into
 * device 0. Ceph takes every id >= 0 a bucket holds for a device: `crushtool -d` prints no
 * `device N` line for it and says `deviceN` in the items (checked against crushtool 16.2 and
 * 18.2, see test/cli/crushtool.edits.differential.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { insertItem } from "../../src/map/insertItem.js";
import { mapFromJSON, mapToJSON } from "../../src/map/json.js";
import { fullLocation } from "../../src/map/location.js";
import { loadCrushMap } from "../../src/map/load.js";
import { printCrushText } from "../../src/map/text/print.js";
import type { CrushMap } from "../../src/map/types.js";
import { validateMap } from "../../src/map/validate.js";

const CRAM = join(import.meta.dirname, "..", "cram", "crushtool");
const five = decodeCrushMap(readFileSync(join(CRAM, "five-devices.crushmap")));
const retries = decodeCrushMap(readFileSync(join(CRAM, "test-map-tries-vs-retries.crushmap")));

describe("an old binary map without device names", () => {
  it("has a device for every id >= 0 its buckets hold, unnamed and called deviceN", () => {
    expect(five.devices).toEqual([0, 1, 2, 3, 4].map((id) => ({ id, name: `device${id}`, unnamed: true })));
    expect(retries.devices.length).toBe(retries.buckets.flatMap((b) => b.items).filter((it) => it.id >= 0).length);
    expect(retries.devices.every((d) => d.unnamed === true && d.name === `device${d.id}`)).toBe(true);
  });

  it("decompiles with no `device` lines and deviceN in the items, as crushtool -d does", () => {
    const text = printCrushText(five, { release: 16 });
    expect(text).toContain("# devices\n\n# types\n");
    expect(text).toContain("\titem device0 weight 1.000\n");
  });

  it("writes no names for them, so the bytes read back the same", () => {
    for (const map of [five, retries]) {
      const bytes = encodeCrushMap(map, { release: 16 });
      expect(decodeCrushMap(bytes)).toEqual(map);
      // the name map holds only the buckets: no 'device0' anywhere in the bytes
      expect(Buffer.from(bytes).includes("device0")).toBe(false);
    }
  });

  it("keeps them unnamed through JSON", () => {
    expect(mapFromJSON(mapToJSON(five))).toEqual(five);
    const named = { ...five, devices: five.devices.map((d) => (d.id === 0 ? { id: 0, name: "device9", unnamed: true as const } : d)) };
    expect(() => validateMap(named)).toThrow(/unnamed device/);
  });

  it("gives no name to look up, no location, and takes a name like any device", () => {
    const b = CrushMapBuilder.from(five);
    expect(b.idOf("device0")).toBeUndefined();
    expect(fullLocation(five, 0)).toEqual([]);
    const named = b.renameItem(0, "osd.0").build();
    expect(named.devices[0]).toEqual({ id: 0, name: "osd.0" });
    expect(fullLocation(named, 0)).toEqual([["domain", "root"]]);
    // a name may be one an unnamed device is printed as
    const alsoNamed = insertItem(five, { id: 1, weight: 1, name: "device1" }, [["domain", "other"]]);
    expect(alsoNamed.devices[1]).toEqual({ id: 1, name: "device1" });
  });
});

describe("a tree bucket's removed slot", () => {
  const TREE = `device 1 osd.1
device 2 osd.2
device 3 osd.3
type 0 osd
type 1 host
type 2 root
host h {
	id -2
	alg tree
	hash 0
	item osd.3 weight 1.000
	item osd.1 weight 0.000
	item osd.2 weight 1.000
	item osd.1 weight 0.000
}
root r {
	id -1
	alg straw2
	hash 0
	item h weight 2.000
}
`;
  const tree: CrushMap = loadCrushMap(TREE);

  it("becomes device 0 with weight 0 (an unnamed device when the map has none), as crush_remove_tree_bucket_item leaves it", () => {
    const m = CrushMapBuilder.from(tree).removeDevice("osd.3").build();
    expect(m.buckets.find((b) => b.name === "h")!.items).toEqual([
      { id: 0, weight: 0 },
      { id: 1, weight: 0 },
      { id: 2, weight: 0x10000 },
    ]);
    expect(m.devices.map((d) => [d.id, d.name, d.unnamed])).toEqual([
      [0, "device0", true],
      [1, "osd.1", undefined],
      [2, "osd.2", undefined],
    ]);
  });

  it("goes, with the empty slots before it, when it was the last", () => {
    const m = CrushMapBuilder.from(tree).removeDevice("osd.2").build();
    expect(m.buckets.find((b) => b.name === "h")!.items).toEqual([{ id: 3, weight: 0x10000 }]);
    // osd.1 lost its slots with the trim but keeps its name, as Ceph keeps it
    expect(m.devices.map((d) => d.name)).toEqual(["osd.1", "osd.3"]);
  });
});

describe("a uniform bucket losing an item", () => {
  it("gives every item left weight 0: Ceph zeroes the item's weight first, and uniform items share one", () => {
    const b = new CrushMapBuilder().addBucket("r", "root").addBucket("h", "host", { under: "r", alg: "uniform" });
    b.addDevice({ weight: 1, under: "h" }).addDevice({ weight: 1, under: "h" }).removeDevice(0);
    expect(b.build().buckets.find((x) => x.name === "h")!.items).toEqual([{ id: 1, weight: 0 }]);
    expect(b.build().buckets.find((x) => x.name === "r")!.items).toEqual([{ id: -2, weight: 0 }]);
  });
});
