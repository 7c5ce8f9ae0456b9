/** markAllUpIn: every OSD up and in, as a new frozen state that shares what marking leaves alone. */
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { markAllUpIn } from "../../src/placement/markUpIn.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import { modelMap } from "../support/modelMap.js";

const { map } = modelMap(5, { minHosts: 2 });
const devices = map.devices.map((d) => d.id);

function downAndOut() {
  return createClusterState({
    crush: map,
    maxOsd: Math.max(...devices) + 3,
    pools: [{ id: 1, pgNum: 64, objectHash: "rjenkins" }],
    // a third of the OSDs down, a third out, one with a lower primary affinity; the ids past the crush map do not exist
    osds: devices.map((id) => ({ id, up: id % 3 !== 0, weight: id % 3 === 1 ? 0 : 0x10000, primaryAffinity: id === devices[1] ? 0x8000 : 0x10000 })),
    pgTemp: [{ pgid: "1.3", osds: [devices[0]!, devices[1]!] }],
  });
}

describe("markAllUpIn", () => {
  it("makes every OSD id below max_osd exist, up and in, keeping each primary affinity", () => {
    const before = downAndOut();
    const after = markAllUpIn(before);
    expect(after.osds).toHaveLength(before.maxOsd);
    for (const o of after.osds) {
      expect(o).toEqual({ id: o.id, exists: true, up: true, weight: 0x10000, primaryAffinity: before.osds[o.id]!.primaryAffinity });
    }
    expect(after.osds[devices[1]!]!.primaryAffinity).toBe(0x8000);
  });

  it("places as the state rebuilt with every OSD up and in does", () => {
    const before = downAndOut();
    const input = clusterStateInput(before);
    const rebuilt = createClusterState({ ...input, osds: before.osds.map((o) => ({ id: o.id, primaryAffinity: o.primaryAffinity })) });
    const a = mapPool(markAllUpIn(before), 1);
    const b = mapPool(rebuilt, 1);
    expect(a.up).toEqual(b.up);
    expect(a.acting).toEqual(b.acting);
    expect(a.actingPrimary).toEqual(b.actingPrimary);
    expect(a.up).not.toEqual(mapPool(before, 1).up);
  });

  it("is a new frozen value that shares the crush map and every table, and leaves the old state as it was", () => {
    const before = downAndOut();
    const after = markAllUpIn(before);
    expect(after).not.toBe(before);
    expect(Object.isFrozen(after)).toBe(true);
    expect(Object.isFrozen(after.osds)).toBe(true);
    expect(Object.isFrozen(after.osds[0])).toBe(true);
    expect(after.crush).toBe(before.crush);
    expect(after.pools).toBe(before.pools);
    expect(after.pgTemp).toBe(before.pgTemp);
    expect(after.epoch).toBe(before.epoch);
    expect(after.release).toBe(before.release);
    expect(before.osds[devices[0]!]!.up).toBe(false);
  });

  it("gives a device of crush weight 0 the weight 1.0 in a new crush map, as osdmaptool does", () => {
    const zero = CrushMapBuilder.from(map).reweight(devices[2]!, 0).build();
    const before = createClusterState({ crush: zero, pools: [{ id: 1, pgNum: 8 }] });
    const after = markAllUpIn(before);
    expect(after.crush).not.toBe(zero);
    expect(Object.isFrozen(after.crush)).toBe(true);
    const weightOf = (m: typeof zero) => m.buckets.flatMap((b) => b.items).find((i) => i.id === devices[2])!.weight;
    expect(weightOf(zero)).toBe(0);
    expect(weightOf(after.crush)).toBe(0x10000);
  });
});

describe("createClusterState's OSD records", () => {
  it("keeps a frozen input that is exactly the record it would make, and copies any other", () => {
    const id = devices[0]!;
    const record = Object.freeze({ id, exists: true, up: true, weight: 0x10000, primaryAffinity: 0x10000 });
    const withExtra = Object.freeze({ id: devices[1]!, exists: true, up: true, weight: 0x10000, primaryAffinity: 0x10000, uuid: "u" });
    const unfrozen = { id: devices[2]!, exists: true, up: true, weight: 0x10000, primaryAffinity: 0x10000 };
    const defaulted = Object.freeze({ id: devices[3]!, up: false });
    const rest = devices.slice(4).map((d) => ({ id: d }));
    const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 8 }], osds: [record, withExtra, unfrozen, defaulted, ...rest] });
    expect(state.osds[id]).toBe(record);
    expect(state.osds[devices[1]!]).not.toBe(withExtra);
    expect(state.osds[devices[1]!]).toEqual({ id: devices[1]!, exists: true, up: true, weight: 0x10000, primaryAffinity: 0x10000 });
    expect(state.osds[devices[2]!]).not.toBe(unfrozen);
    expect(Object.isFrozen(state.osds[devices[2]!])).toBe(true);
    expect(state.osds[devices[3]!]).toEqual({ id: devices[3]!, exists: true, up: false, weight: 0x10000, primaryAffinity: 0x10000 });
  });

  it("still checks a kept record's values", () => {
    const bad = Object.freeze({ id: devices[0]!, exists: true, up: true, weight: 0x20000, primaryAffinity: 0x10000 });
    expect(() => createClusterState({ crush: map, pools: [{ id: 1, pgNum: 8 }], osds: [bad], strict: false })).toThrow(/reweight of osd\.\d+ is 131072/);
  });
});
