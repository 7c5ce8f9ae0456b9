/**
 * The MSR interpreter where Ceph has no answer to reproduce: maps on which Ceph 20's crushtool
 * aborts or crashes (seen on 20.2.4: an assertion in crush_bucket_choose on an empty bucket, a
 * segfault when a descent for a bucket type meets a device, an assertion loop on a block that
 * takes a device and emits it). crushmap refuses those mappings with a CrushMappingError naming
 * the rule, the input and the item, instead of a crash or a made-up placement. Also: the scratch
 * an MSR rule needs, and that rule types, not steps, decide which interpreter runs.
 */
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { CrushMappingError } from "../../src/map/errors.js";
import type { CrushMap, Rule } from "../../src/map/types.js";
import { RULE_TYPE } from "../../src/map/types.js";
import { compileMap } from "../../src/mapper/compile.js";
import { Mapper } from "../../src/mapper/mapper.js";

function hosts(alg: "straw2" | "uniform" = "straw2"): CrushMapBuilder {
  const b = new CrushMapBuilder().addBucket("default", "root", { alg });
  for (let h = 0; h < 3; h++) {
    b.addBucket(`h${h}`, "host", { under: "default" });
    b.addDevice({ weight: 1, under: `h${h}` }).addDevice({ weight: 1, under: `h${h}` });
  }
  return b;
}

/** The first x whose mapping throws, and the error. */
function firstFault(m: Mapper, rule: number, numRep: number): CrushMappingError {
  for (let x = 0; x < 2000; x++) {
    try {
      m.map(rule, x, numRep);
    } catch (e) {
      expect(e).toBeInstanceOf(CrushMappingError);
      return e as CrushMappingError;
    }
  }
  throw new Error("no mapping failed");
}

/** A map whose rules are replaced as they are, bypassing validateMap (as a hand-made object can). */
function withRules(map: CrushMap, rules: Rule[]): CrushMap {
  return { ...map, rules };
}

describe("MSR mappings Ceph cannot answer are refused by name", () => {
  it("refuses a descent into an empty bucket (Ceph asserts in crush_bucket_choose)", () => {
    // a uniform root ignores weights, so it picks the empty host as often as the others
    const map = hosts("uniform").addBucket("empty", "host", { under: "default" }).createMsrRule("r", { numFailureDomains: 2, osdsPerFailureDomain: 1 }).build();
    const empty = map.buckets.find((b) => b.name === "empty")!.id;
    const e = firstFault(new Mapper(map), 0, 2);
    expect(e.message).toContain(`bucket ${empty}, which is empty`);
    expect(e.message).toMatch(/MSR rule 0, input x \d+/);
    expect(e.item).toBe(0);
  });

  it("refuses a descent for a bucket type that meets a device (Ceph reads past its bucket array)", () => {
    const map = hosts().addDevice({ weight: 4, under: "default" }).createMsrRule("r", { numFailureDomains: 2, osdsPerFailureDomain: 1 }).build();
    expect(firstFault(new Mapper(map), 0, 2).message).toContain("choosemsr type 1 reached device 6");
  });

  it("refuses a block that takes a device and emits it (Ceph loops on it until an assertion)", () => {
    const base = hosts().build();
    const map = withRules(base, [{ id: 0, name: "r", type: RULE_TYPE.msr_indep, minSize: 1, maxSize: 100, steps: [{ op: "take", item: 1 }, { op: "emit" }] }]);
    expect(firstFault(new Mapper(map), 0, 3).message).toContain("a block takes device 1");
  });

  it("refuses a block with no choosemsr step (Ceph asserts in crush_msr_choose), but not once the result is full", () => {
    const base = hosts().build();
    const steps: Rule["steps"] = [
      { op: "take", item: -1 }, { op: "choosemsr", num: 2, type: 0 }, { op: "emit" },
      { op: "take", item: -1 }, { op: "emit" },
    ];
    const m = new Mapper(withRules(base, [{ id: 0, name: "r", type: RULE_TYPE.msr_firstn, minSize: 1, maxSize: 100, steps }]));
    expect(firstFault(m, 0, 3).message).toContain("no choosemsr step");
    // with two results the first block fills them and Ceph never reaches the second
    expect(m.map(0, 0, 2)).toHaveLength(2);
  });

  it("maps a rule of the wrong shape to nothing, as Ceph does (validateMap refuses such maps)", () => {
    const base = hosts().build();
    const steps: Rule["steps"] = [{ op: "take", item: -1 }, { op: "chooseleaf", mode: "indep", num: 0, type: 1 }, { op: "emit" }];
    const m = new Mapper(withRules(base, [{ id: 0, name: "r", type: RULE_TYPE.msr_indep, minSize: 1, maxSize: 100, steps }]));
    for (let x = 0; x < 50; x++) expect(m.map(0, x, 3)).toEqual([]);
  });
});

describe("the MSR path through the compiled map", () => {
  it("sizes the scratch for the longest choosemsr run (two vectors per step)", () => {
    const map = hosts()
      .addRule("three", [{ op: "take", item: "default" }, { op: "choosemsr", num: 1, type: "root" }, { op: "choosemsr", num: 2, type: "host" }, { op: "choosemsr", num: 1, type: "osd" }, { op: "emit" }], { type: "msr_indep" })
      .createMsrRule("two", { numFailureDomains: 2, osdsPerFailureDomain: 2 })
      .build();
    const cm = compileMap(map);
    expect(cm.msrMaxSteps).toBe(3);
    expect(cm.ruleType[1]).toBe(RULE_TYPE.msr_indep);
    // a large replica count grows the scratch; mapping then works at every size
    const m = new Mapper(cm);
    for (const n of [1, 4, 40, 300]) expect(m.map(1, 7, n)).toHaveLength(n);
  });

  it("takes the map's msr tunables unless set_msr_* steps override them", () => {
    const b = hosts().setTunables({ msrDescents: 1, msrCollisionTries: 1 });
    const tight = b.createMsrRule("r", { numFailureDomains: 3, osdsPerFailureDomain: 2 }).build();
    const loose = CrushMapBuilder.from(tight).setTunables({ msrDescents: 100, msrCollisionTries: 100 }).build();
    const holes = (map: CrushMap): number => {
      const m = new Mapper(map);
      let n = 0;
      for (let x = 0; x < 300; x++) n += m.map(0, x, 6).filter((d) => d === 0x7fffffff).length;
      return n;
    };
    // one try per choice leaves collisions unresolved; a hundred resolve them all
    expect(holes(tight)).toBeGreaterThan(0);
    expect(holes(loose)).toBe(0);
  });
});
