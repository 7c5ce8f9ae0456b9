import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCrushMap } from "../../src/map/load.js";
import { printCrushText } from "../../src/map/text/print.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { CrushMapError } from "../../src/map/errors.js";
import { mapFromJSON, mapToJSON } from "../../src/map/json.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { RULE_TYPE } from "../../src/map/types.js";
import { validateMap } from "../../src/map/validate.js";
import { compileMap } from "../../src/mapper/compile.js";

const HEAD = `device 0 osd.0
device 1 osd.1
device 2 osd.2
device 3 osd.3
type 0 osd
type 1 host
type 2 root
host h0 {
	id -2
	alg straw2
	hash 0
	item osd.0 weight 1.000
	item osd.1 weight 1.000
}
host h1 {
	id -3
	alg straw2
	hash 0
	item osd.2 weight 1.000
	item osd.3 weight 1.000
}
root default {
	id -1
	alg straw2
	hash 0
	item h0
	item h1
}
`;
const rule = (type: string, ...steps: string[]): string =>
  `${HEAD}rule r {\n\tid 0\n\ttype ${type}\n${steps.map((s) => `\tstep ${s}\n`).join("")}}\n`;

const EC86 = rule("msr_indep", "set_msr_descents 5", "set_msr_collision_tries 7", "take default", "choosemsr 2 type host", "choosemsr 2 type osd", "emit");

describe("MSR rules in the model", () => {
  it("reads msr_indep / msr_firstn, choosemsr and set_msr_* as Ceph 20 numbers them", () => {
    const map = parseCrushText(EC86);
    const r = map.rules[0]!;
    expect(r.type).toBe(RULE_TYPE.msr_indep);
    expect(RULE_TYPE).toMatchObject({ msr_firstn: 4, msr_indep: 5 });
    expect(r.steps).toEqual([
      { op: "set_msr_descents", value: 5 },
      { op: "set_msr_collision_tries", value: 7 },
      { op: "take", item: -1 },
      { op: "choosemsr", num: 2, type: 1 },
      { op: "choosemsr", num: 2, type: 0 },
      { op: "emit" },
    ]);
    // Text without min_size/max_size (Ceph 18 and later) carries what those releases store.
    expect([r.minSize, r.maxSize]).toEqual([1, 100]);
    expect(parseCrushText(rule("msr_firstn", "take default", "choosemsr 0 type host", "emit")).rules[0]!.type).toBe(4);
  });

  it("reads the msr tunables and keeps Ceph's default of 100 otherwise", () => {
    expect(parseCrushText(EC86).tunables).toMatchObject({ msrDescents: 100, msrCollisionTries: 100 });
    const t = parseCrushText(`tunable msr_descents 50\ntunable msr_collision_tries 9\n${EC86}`).tunables;
    expect([t.msrDescents, t.msrCollisionTries]).toEqual([50, 9]);
  });

  it("writes choosemsr as op 16 and set_msr_* as ops 14 and 15, and reads them back", () => {
    const map = validateMap(parseCrushText(EC86));
    const again = decodeCrushMap(encodeCrushMap(map));
    expect(again.rules[0]!.steps).toEqual(map.rules[0]!.steps);
    expect(again.rules[0]!.type).toBe(5);
  });

  it("round-trips MSR rules and tunables through JSON, and reads older JSON without msr tunables", () => {
    const map = validateMap(parseCrushText(`tunable msr_descents 50\n${EC86}`));
    const json = JSON.parse(JSON.stringify(mapToJSON(map))) as { tunables: Record<string, number> };
    expect(mapFromJSON(json)).toEqual(map);
    delete json.tunables["msrDescents"];
    delete json.tunables["msrCollisionTries"];
    expect(mapFromJSON(json).tunables.msrDescents).toBe(100);
  });

  it.each([
    ["a choose step in an MSR rule", rule("msr_indep", "take default", "choose indep 2 type host", "emit"), /step 2 \(choose\)/],
    ["set_msr_* after the take", rule("msr_indep", "take default", "set_msr_descents 3", "choosemsr 2 type host", "emit"), /step 2 \(set_msr_descents\)/],
    ["set_choose_tries in an MSR rule", rule("msr_indep", "set_choose_tries 3", "take default", "choosemsr 2 type host", "emit"), /step 1 \(set_choose_tries\)/],
    ["a block without emit", rule("msr_indep", "take default", "choosemsr 1 type host"), /no emit/],
    ["a block without choosemsr", rule("msr_indep", "take default", "emit"), /at least one choosemsr/],
    ["a negative choosemsr count", rule("msr_firstn", "take default", "choosemsr -1 type host", "emit"), /negative/],
    ["choosemsr before take", rule("msr_indep", "choosemsr 2 type host", "take default", "emit"), /step 1 \(choosemsr\)/],
    ["choosemsr in a replicated rule", rule("replicated", "take default", "choosemsr 2 type host", "emit"), /only meaningful in msr/],
  ])("refuses %s, which crushtool compiles but cannot map", (_what, text, message) => {
    const map = parseCrushText(text);
    expect(() => validateMap(map)).toThrow(CrushMapError);
    expect(() => validateMap(map)).toThrow(message);
  });

  it("accepts several take/choosemsr/emit blocks and set_msr_* in a classic rule (which Ceph ignores)", () => {
    expect(() => validateMap(parseCrushText(rule("msr_firstn", "take h0", "choosemsr 1 type osd", "emit", "take h1", "choosemsr 1 type osd", "emit")))).not.toThrow();
    expect(() => validateMap(parseCrushText(rule("replicated", "set_msr_descents 3", "take default", "chooseleaf firstn 0 type host", "emit")))).not.toThrow();
  });

  it("compiles MSR rules for the MSR interpreter: Ceph's rule type and opcodes 14, 15, 16", () => {
    const cm = compileMap(validateMap(parseCrushText(EC86)));
    expect(cm.ruleType[0]).toBe(RULE_TYPE.msr_indep);
    expect([...cm.steps.subarray(0, 18)]).toEqual([14, 5, 0, 15, 7, 0, 1, -1, 0, 16, 2, 1, 16, 2, 0, 4, 0, 0]);
    expect(cm.msrMaxSteps).toBe(2);
  });

  it("prints and writes the golden MSR map as crushtool 20.2 does, and refuses it for 16 and 18", () => {
    const golden = join(import.meta.dirname, "..", "fixtures", "golden");
    const map = loadCrushMap(readFileSync(join(golden, "maps", "40-msr-rules.txt"), "utf8"));
    const bin = new Uint8Array(readFileSync(join(golden, "out-20", "40-msr-rules.bin")));
    expect(Buffer.compare(encodeCrushMap(map), bin)).toBe(0);
    expect(printCrushText(decodeCrushMap(bin))).toBe(readFileSync(join(golden, "out-20", "40-msr-rules.decompiled.txt"), "utf8"));
    for (const release of [16, 18] as const) {
      expect(() => printCrushText(map, { release })).toThrow(/cannot hold the MSR tunables/);
      const classic = { ...map, tunables: { ...map.tunables, msrDescents: 100, msrCollisionTries: 100 } };
      expect(() => printCrushText(classic, { release })).toThrow(/MSR rule ec44/);
      expect(() => encodeCrushMap(classic, { release })).toThrow(CrushMapError);
    }
  });
});
