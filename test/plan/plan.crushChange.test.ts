/** The two states of a crush map change, which `crushmap plan --from BEFORE --to AFTER` compares. */
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { crushChangeStates, withCrushMap } from "../../src/plan/crushChange.js";
import { PlanError } from "../../src/plan/errors.js";
import { applyChanges } from "../../src/plan/changes.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { loadOsdmapFixture } from "../support/osdmapFixture.js";
import { planCluster } from "../support/planCluster.js";

describe("crushChangeStates", () => {
  const c = planCluster(5, { racks: 2, hostsPerRack: 2, erasure: false });
  const grown = applyChanges(c.state, [
    { kind: "addBucket", name: "extra", type: "host", under: "rack1" },
    { kind: "addDevice", under: "extra", weight: 2 },
  ]).crush;

  it("puts one replicated pool of the given groups on rule 0 of each map, every device up and in", () => {
    const [before, after] = crushChangeStates(c.state.crush, grown, 64);
    for (const [s, map] of [
      [before, c.state.crush],
      [after, grown],
    ] as const) {
      expect(s.crush).toBe(map);
      expect(s.pools.map((p) => [p.id, p.size, p.minSize, p.crushRule, p.pgNum])).toEqual([[1, 3, 2, 0, 64]]);
      expect(s.osds.filter((o) => o.exists).every((o) => o.up && o.weight === 0x10000)).toBe(true);
      expect(s.osds.filter((o) => o.exists).length).toBe(map.devices.length);
    }
    expect(planRebalance(before, after).moves.length).toBeGreaterThan(0);
  });

  it("refuses a map without rule 0, naming which", () => {
    const norule = new CrushMapBuilder().addBucket("default", "root").addDevice({ weight: 1, under: "default" }).build();
    expect(() => crushChangeStates(c.state.crush, norule, 8)).toThrow(PlanError);
    expect(() => crushChangeStates(norule, grown, 8)).toThrow(/the before crush map has no rule 0/);
  });
});

describe("withCrushMap", () => {
  const f = loadOsdmapFixture("rep-upmap");
  const maxId = Math.max(...f.crush.devices.map((d) => d.id));
  const host = f.crush.buckets.find((b) => b.type === f.crush.types.find((t) => t.name === "host")!.id)!;
  const bigger = applyChanges(f.state, [{ kind: "addDevice", under: host.name, weight: 1 }]).crush;

  it("keeps the pools, OSD facts and exceptions and adds the new map's new devices up and in", () => {
    const after = withCrushMap(f.state, bigger);
    expect(after.crush).toBe(bigger);
    expect(after.pools).toEqual(f.state.pools);
    expect(after.pgUpmapItems).toEqual(f.state.pgUpmapItems);
    for (const o of f.state.osds) if (o.exists) expect(after.osds.find((x) => x.id === o.id)).toEqual(o);
    const added = after.osds.find((o) => o.id === maxId + 1)!;
    expect([added.exists, added.up, added.weight]).toEqual([true, true, 0x10000]);
    expect(after.maxOsd).toBeGreaterThanOrEqual(maxId + 2);
    expect(Object.isFrozen(after)).toBe(true);
  });
});
