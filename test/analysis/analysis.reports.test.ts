/**
 * Unit tests for crushtool's reports: number formatting, CrushTester's "maximum affected"
 * estimate with its quirks, statistics, the tree table and map comparison. The expected values
 * were checked against crushtool 16.2.15 on the same map.
 */
import { describe, expect, it } from "vitest";
import { compareMaps } from "../../src/analysis/compareMaps.js";
import { crushtoolTest } from "../../src/analysis/crushtoolTest.js";
import { formatFixed, formatG } from "../../src/analysis/formatFloat.js";
import { affectedContext, cephMaxBuckets, maximumAffectedByRule } from "../../src/analysis/maximumAffectedByRule.js";
import { formatTree, formatWeight } from "../../src/analysis/tree.js";
import { assignClassIds } from "../../src/map/classes.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import type { Bucket, CrushMap } from "../../src/map/types.js";
import { compileMap } from "../../src/mapper/compile.js";

/** Three hosts, two device classes, and rules that hit each quirk of the estimate. */
const QUIRKS = `
device 0 osd.0 class hdd
device 1 osd.1 class ssd
device 2 osd.2 class hdd
device 3 osd.3 class ssd
device 4 osd.4 class hdd
device 5 osd.5 class hdd
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
host h2 {
	id -4
	alg straw2
	hash 0
	item osd.4 weight 1.000
	item osd.5 weight 2.000
}
root default {
	id -1
	alg straw2
	hash 0
	item h0 weight 2.000
	item h1 weight 2.000
	item h2 weight 3.000
}
rule hosts {
	id 0
	type replicated
	min_size 1
	max_size 10
	step take default
	step chooseleaf firstn 0 type host
	step emit
}
rule twice {
	id 1
	type replicated
	min_size 1
	max_size 10
	step take default
	step chooseleaf firstn 1 type host
	step emit
	step take default
	step chooseleaf firstn 1 type host
	step emit
}
rule osds {
	id 2
	type replicated
	min_size 1
	max_size 10
	step set_choose_tries 100
	step take default
	step choose firstn 0 type osd
	step emit
}
rule ssd {
	id 5
	type replicated
	min_size 1
	max_size 10
	step take default class ssd
	step chooseleaf firstn 0 type host
	step emit
}
`;

function load(text: string): CrushMap {
  return assignClassIds(parseCrushText(text));
}

describe("formatG prints numbers as C++ ostream << float does", () => {
  it("uses 6 significant digits and drops trailing zeros", () => {
    expect(formatG(Math.fround(512 / 3))).toBe("170.667");
    expect(formatG(45.5)).toBe("45.5");
    expect(formatG(0)).toBe("0");
    expect(formatG(100000)).toBe("100000");
    expect(formatG(0.0001)).toBe("0.0001");
  });
  it("switches to exponent style outside 1e-4 .. 1e6", () => {
    expect(formatG(Math.fround(4000000 / 3))).toBe("1.33333e+06");
    expect(formatG(1000000)).toBe("1e+06");
    expect(formatG(0.00001234)).toBe("1.234e-05");
  });
  it("rounds exact ties to even, as glibc does", () => {
    expect(formatG(1234565)).toBe("1.23456e+06");
    expect(formatG(1234575)).toBe("1.23458e+06");
    expect(formatFixed(1 / 64, 5)).toBe("0.01562");
    expect(formatFixed(3 / 64, 5)).toBe("0.04688");
  });
  it("carries into a new digit", () => {
    expect(formatG(999999.5)).toBe("1e+06");
    expect(formatG(9.9999996)).toBe("10");
  });
});

describe("tree weights print as Ceph's weightf_t", () => {
  it("prints 5 decimals of the 16.16 weight as a float, and 0 below 1e-6", () => {
    expect(formatWeight(0x10000)).toBe("1.00000");
    expect(formatWeight(119209)).toBe("1.81898"); // "1.819" in a text map
    expect(formatWeight(0)).toBe("0");
  });
});

describe("maximum affected by rule (CrushTester's estimate)", () => {
  const map = load(QUIRKS);
  const ctx = affectedContext(map, compileMap(map));
  it("counts shadow buckets of a type like real ones", () => {
    // 3 hosts + 3 hosts × 2 classes
    expect(maximumAffectedByRule(ctx, 0)).toBe(9);
    expect(maximumAffectedByRule(ctx, 5)).toBe(9);
  });
  it("takes a step's positive replica count when it is smaller", () => {
    expect(maximumAffectedByRule(ctx, 1)).toBe(1);
  });
  it("falls back to max(max_buckets, max_devices) when no type has buckets", () => {
    // buckets -1 … -10 (with shadows) make Ceph's bucket array 16 long
    expect(maximumAffectedByRule(ctx, 2)).toBe(16);
  });
  it("sizes Ceph's bucket array as the builder grows it: 8, 16, 32, …", () => {
    const ids = (...xs: number[]): Bucket[] => xs.map((id) => ({ id, name: `b${id}`, type: 1, alg: "straw2", hash: 0, items: [] }));
    expect(cephMaxBuckets([])).toBe(0);
    expect(cephMaxBuckets(ids(-1))).toBe(8);
    expect(cephMaxBuckets(ids(-1, -8))).toBe(8);
    expect(cephMaxBuckets(ids(-9))).toBe(16);
    expect(cephMaxBuckets(ids(-85))).toBe(128);
  });
});

describe("crushtool --test reports", () => {
  const map = load(QUIRKS);
  const compiled = compileMap(map);
  it("prints the expected count from the estimate, capped by the replica count", () => {
    const report = crushtoolTest(map, compiled, { minRule: 0, maxRule: 0, minRep: 5, maxRep: 5, minX: 0, maxX: 99, showUtilizationAll: true });
    // device 0 has 1/6 of the reweights (all 1.0); 5 replicas, not 3, as shadow hosts count; 100 inputs
    expect(report.stdout).toContain("  device 0:\t\t stored : 48\t expected : 83.3333\n");
    expect(report.stderr).toBe("devices weights (hex): [10000,10000,10000,10000,10000,10000]\n");
  });
  it("says 'rule N dne' for the gaps between rule ids when statistics are on", () => {
    const report = crushtoolTest(map, compiled, { minRep: 1, maxRep: 1, minX: 0, maxX: 9, showStatistics: true });
    expect(report.stdout.split("\n").filter((l) => l.endsWith("dne"))).toEqual(["rule 3 dne", "rule 4 dne"]);
  });
  it("prints one choose-tries line per try Ceph counts (choose_total_tries)", () => {
    const report = crushtoolTest(map, compiled, { minRule: 0, maxRule: 0, minRep: 3, maxRep: 3, minX: 0, maxX: 99, showChooseTries: true });
    const lines = report.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(map.tunables.chooseTotalTries);
    expect(lines[0]).toMatch(/^ 0: {2}\s*\d+$/);
  });
});

describe("crushtool --tree", () => {
  const map = load(QUIRKS);
  const lines = formatTree(map).split("\n");
  it("prints shadow roots first and a host's devices grouped by class", () => {
    expect(lines.slice(0, 4)).toEqual([
      "ID   CLASS  WEIGHT   TYPE NAME       ",
      "-12    ssd  2.00000  root default~ssd",
      " -9    ssd  1.00000      host h0~ssd ",
      "  1    ssd  1.00000          osd.1   ",
    ]);
    const h0 = lines.indexOf(" -2         2.00000      host h0     ");
    expect(lines.slice(h0 + 1, h0 + 3)).toEqual([
      "  0    hdd  1.00000          osd.0   ",
      "  1    ssd  1.00000          osd.1   ",
    ]);
  });
});

describe("crushtool --compare", () => {
  const map = load(QUIRKS);
  it("finds a map equivalent to itself", () => {
    const r = compareMaps(map, compileMap(map), compileMap(map), { minRep: 3, maxRep: 3, minX: 0, maxX: 99 });
    expect(r.equivalent).toBe(true);
    expect(r.stdout).toBe(
      "rule 0 had 0/100 mismatched mappings (0)\nrule 1 had 0/100 mismatched mappings (0)\n" +
        "rule 2 had 0/100 mismatched mappings (0)\nrule 5 had 0/100 mismatched mappings (0)\nmaps appear equivalent\n",
    );
    expect(r.stderr).toBe("");
  });
  it("counts the inputs that move when a weight changes", () => {
    const other = load(QUIRKS.replace("item osd.5 weight 2.000", "item osd.5 weight 1.000"));
    const r = compareMaps(map, compileMap(map), compileMap(other), { minRule: 2, maxRule: 2, minRep: 1, maxRep: 2, minX: 0, maxX: 99 });
    expect(r.equivalent).toBe(false);
    expect(r.rules[0]!.total).toBe(200);
    expect(r.stdout).toMatch(/^rule 2 had \d+\/200 mismatched mappings \(0\.\d+\)\n$/);
    expect(r.stderr).toBe("warning: maps are NOT equivalent\n");
  });
});
