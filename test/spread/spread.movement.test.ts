/**
 * spreadMovement and poolSpreadMovement: what moves between two placements, the per-device
 * bookkeeping adding up, the minimum worked out by hand, straw2's own guarantee (raising one
 * device's weight in a flat bucket moves replicas onto that device only), and the bad inputs.
 */
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import type { CrushMap } from "../../src/map/types.js";
import { applyChanges } from "../../src/plan/changes.js";
import { SpreadError } from "../../src/spread/errors.js";
import { poolSpreadMovement, spreadMovement } from "../../src/spread/movement.js";
import { moveTally, tallyInput } from "../../src/spread/moves.js";
import { spreadReport } from "../../src/spread/spreadReport.js";
import { loadOsdmapFixture } from "../support/osdmapFixture.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { prng, randomMap } from "../support/randomMap.js";

/** A flat straw2 root of five devices, weights 1..5, and `choose firstn 0 type osd`. */
function flat(weights = [1, 2, 3, 4, 5]): CrushMap {
  const b = new CrushMapBuilder().addBucket("default", "root");
  for (const w of weights) b.addDevice({ under: "default", weight: w });
  return b.createReplicatedRule("flat", "default", "osd").build();
}

/** h1 (osd.0 w1, osd.1 w3), h2 (osd.2 w4); chooseleaf over hosts. */
function twoHosts(osd2 = 4): CrushMap {
  return new CrushMapBuilder()
    .addBucket("default", "root")
    .addBucket("h1", "host", { under: "default" })
    .addBucket("h2", "host", { under: "default" })
    .addDevice({ under: "h1", weight: 1 })
    .addDevice({ under: "h1", weight: 3 })
    .addDevice({ under: "h2", weight: osd2 })
    .createReplicatedRule("r", "default", "host")
    .build();
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe("one input's move, by hand", () => {
  it("compares replicated sets as sets: [1,2,3] → [3,1,4] moves one replica, 2 to 4", () => {
    const t = moveTally(8);
    tallyInput(t, Int32Array.of(1, 2, 3), 0, 3, Int32Array.of(3, 1, 4), 0, 3, false);
    expect(t.moved).toBe(1);
    expect([t.gained[4], t.lost[2], t.gained[1], t.lost[1], t.gained[3], t.lost[3]]).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it("compares erasure shards by position: [1,2,3] → [2,1,3] moves two shards", () => {
    const t = moveTally(8);
    tallyInput(t, Int32Array.of(1, 2, 3), 0, 3, Int32Array.of(2, 1, 3), 0, 3, true);
    expect(t.moved).toBe(2);
    expect([t.gained[1], t.gained[2], t.lost[1], t.lost[2], t.gained[3], t.lost[3]]).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it("counts a device named twice as two replicas: [1,1,2] → [1,2,2] moves one replica from 1 to 2", () => {
    const t = moveTally(8);
    tallyInput(t, Int32Array.of(1, 1, 2), 0, 3, Int32Array.of(1, 2, 2), 0, 3, false);
    expect(t.moved).toBe(1);
    expect([t.before[1], t.after[1], t.lost[1], t.before[2], t.after[2], t.gained[2]]).toEqual([2, 1, 1, 1, 2, 1]);
  });

  it("counts a filled hole as a copy to make and a new hole as a loss", () => {
    const NONE = 2147483647;
    const t = moveTally(8);
    tallyInput(t, Int32Array.of(1, NONE, 3), 0, 3, Int32Array.of(1, 5, NONE), 0, 3, true);
    expect(t.moved).toBe(1);
    expect([t.gained[5], t.lost[3], t.before[1], t.after[1]]).toEqual([1, 1, 1, 1]);
  });
});

describe("spreadMovement between two maps", () => {
  const o = { numRep: 2, minX: 0, maxX: 3999 };

  it("moves nothing when nothing changes", () => {
    const m = spreadMovement(flat(), flat(), 0, o);
    expect(m.moved).toBe(0);
    expect(m.minimum).toBe(0);
    expect(m.total).toBe(8000);
    const report = spreadReport(flat(), 0, o);
    expect(m.devices.map((d) => d.before)).toEqual(report.devices.map((d) => d.observed));
    expect(m.devices.every((d) => d.gained === 0 && d.lost === 0 && d.before === d.after)).toBe(true);
  });

  it("adds up: gained sums to moved, and before + gained − lost is after for every device", () => {
    const after = CrushMapBuilder.from(flat()).reweight("osd.1", 6).build();
    const m = spreadMovement(flat(), after, 0, o);
    expect(sum(m.devices.map((d) => d.gained))).toBe(m.moved);
    for (const d of m.devices) expect(d.before + d.gained - d.lost).toBe(d.after);
    expect(sum(m.devices.map((d) => d.after))).toBe(m.total);
  });

  it("works out the minimum as the replicas the devices whose share grew must receive", () => {
    // numRep 1, 8000 inputs; before: weights 1, 3, 4 of 8 → expected 1000, 3000, 4000
    // after osd.2 goes to 8: 1, 3, 8 of 12 → 666.67, 2000, 5333.33
    // only osd.2's share grows, by 1333.33: the minimum
    const m = spreadMovement(twoHosts(), twoHosts(8), 0, { numRep: 1, minX: 0, maxX: 7999 });
    expect(m.minimum).toBeCloseTo(4000 / 3, 9);
    expect(m.devices.map((d) => d.expectedAfter)).toEqual([8000 / 12, 24000 / 12, 64000 / 12].map((x) => expect.closeTo(x, 9)));
    // straw2 at the root moves inputs only from h1 to h2: every move lands on osd.2
    expect(m.devices[2]!.gained).toBe(m.moved);
    expect(Math.abs(m.moved - m.minimum)).toBeLessThan(4 * Math.sqrt(m.minimum));
  });

  it("straw2: raising one device's weight moves replicas onto that device and nowhere else", () => {
    const after = CrushMapBuilder.from(flat()).reweight("osd.0", 3).build();
    const m = spreadMovement(flat(), after, 0, { numRep: 1, minX: 0, maxX: 9999 });
    expect(m.moved).toBeGreaterThan(0);
    expect(m.devices[0]!.gained).toBe(m.moved);
    expect(m.devices[0]!.lost).toBe(0);
    for (const d of m.devices.slice(1)) expect([d.id, d.gained]).toEqual([d.id, 0]);
  });

  it("takes the reweights after the change from weightsAfter", () => {
    const weightsAfter = Uint32Array.of(0x10000, 0x10000, 0, 0x10000, 0x10000);
    const m = spreadMovement(flat(), flat(), 0, { ...o, weightsAfter });
    const out = m.devices[2]!;
    expect(out.after).toBe(0);
    expect(out.lost).toBe(out.before);
    expect(out.expectedAfter).toBe(0);
  });
});

describe("spreadMovement on random maps", () => {
  it("adds up and moves nothing without a change, whatever the map, rule and reweights", () => {
    let checked = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const m = randomMap(seed * 31 + 7, {});
      let map: CrushMap;
      try {
        map = parseCrushText(m.text);
      } catch {
        continue;
      }
      if (map.devices.length === 0) continue;
      const rnd = prng(seed);
      const size = Math.max(...map.devices.map((d) => d.id)) + 1;
      const weightsAfter = Uint32Array.from({ length: size }, () => (rnd() < 0.2 ? Math.floor(rnd() * 0x10000) : 0x10000));
      for (const rule of m.ruleIds) {
        const o = { numRep: m.numReps[seed % m.numReps.length]!, minX: seed, maxX: seed + 199 };
        let same, changed;
        try {
          same = spreadMovement(map, map, rule, o);
          changed = spreadMovement(map, map, rule, { ...o, weightsAfter });
        } catch (e) {
          // a rule of a random map may place nothing; that must be the named error
          expect(e).toBeInstanceOf(SpreadError);
          continue;
        }
        expect([seed, rule, same.moved, same.minimum]).toEqual([seed, rule, 0, 0]);
        expect(sum(changed.devices.map((d) => d.gained))).toBe(changed.moved);
        for (const d of changed.devices) expect(d.before + d.gained - d.lost).toBe(d.after);
        expect(changed.minimum).toBeGreaterThanOrEqual(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("poolSpreadMovement between two cluster states", () => {
  it("moves nothing between a state and itself", () => {
    const fx = loadOsdmapFixture("rep-basic");
    const m = poolSpreadMovement(fx.state, fx.state, 1);
    expect(m.moved).toBe(0);
    expect(m.minimum).toBe(0);
  });

  it("marking an OSD out moves at least what it held, against a minimum of its share", () => {
    const fx = loadOsdmapFixture("rep-basic");
    const after = applyChanges(fx.state, [{ kind: "markOut", osd: 2 }]);
    const m = poolSpreadMovement(fx.state, after, 3);
    const osd2 = m.devices.find((d) => d.id === 2)!;
    expect(osd2.after).toBe(0);
    expect(osd2.lost).toBe(osd2.before);
    expect(m.moved).toBeGreaterThanOrEqual(osd2.before);
    // as many replicas placed before and after: what the others must gain is what osd.2 expected
    expect(m.total).toBe(sum(m.devices.map((d) => d.before)));
    expect(m.minimum).toBeCloseTo(osd2.expectedBefore, 6);
  });

  it("refuses a pool whose group count changed", () => {
    const fx = loadOsdmapFixture("rep-basic");
    const after = applyChanges(fx.state, [{ kind: "setPgNum", pool: 1, pgNum: 128 }]);
    expect(() => poolSpreadMovement(fx.state, after, 1)).toThrow(SpreadError);
    expect(() => poolSpreadMovement(fx.state, after, 1)).toThrow(/64 groups of 3 before and 128 of 3 after/);
  });
});

describe("spreadMovement on bad input", () => {
  const o = { numRep: 2, minX: 0, maxX: 99 };
  const moreDevices = flat([1, 2, 3, 4, 5, 6]);
  const renamed = new CrushMapBuilder().addBucket("default", "root");
  for (const [i, w] of [1, 2, 3, 4, 5].entries()) renamed.addDevice({ under: "default", weight: w, name: i === 3 ? "disk3" : `osd.${i}` });
  const otherRule = new CrushMapBuilder().addBucket("default", "root").addBucket("h", "host", { under: "default" });
  for (const w of [1, 2, 3, 4, 5]) otherRule.addDevice({ under: "h", weight: w });
  const renamedMap = renamed.createReplicatedRule("flat", "default", "osd").build();
  const otherRuleMap = otherRule.createReplicatedRule("flat", "default", "host").build();
  const cases: [string, () => unknown, RegExp][] = [
    ["a second map with another device", () => spreadMovement(flat(), moreDevices, 0, o), /other devices: device 5 \(osd\.5\) is in the second map but not in the first/],
    ["a device renamed", () => spreadMovement(flat(), renamedMap, 0, o), /device 3 is osd\.3 in the first map but disk3 in the second/],
    ["a rule that differs", () => spreadMovement(flat(), otherRuleMap, 0, o), /rule 0 differs: step 2 is 'choose firstn 0 type osd' in the first map but 'chooseleaf firstn 0 type host' in the second/],
    ["a rule missing from the second map", () => spreadMovement(flat(), CrushMapBuilder.from(flat()).removeRule("flat").build(), 0, o), /rule 0 is in the first map but not in the second/],
    ["no inputs", () => spreadMovement(flat(), flat(), 0, { numRep: 2, minX: 5, maxX: 4 }), /no inputs/],
    ["a rule that places nothing", () => spreadMovement(flat(), flat(), 0, { ...o, weights: new Uint32Array(5) }), /places nothing/],
  ];
  for (const [what, run, message] of cases) {
    it(`throws a SpreadError for ${what}`, () => {
      expect(run).toThrow(SpreadError);
      expect(run).toThrow(message);
    });
  }
});
