/**
 * spreadReport: its per-device counts are crushtool's own (`--test --show-utilization[-all]`,
 * recorded for every golden map), its expectation is the rule's weight share, and its domains
 * add up. Needs nothing installed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CrushMap } from "../../src/map/types.js";
import { SpreadError } from "../../src/spread/errors.js";
import { spreadReport } from "../../src/spread/spreadReport.js";

interface GoldenCase {
  readonly map: string;
  readonly args: readonly string[];
  readonly stdout: string;
  readonly status?: number;
}

const GOLDEN = join(__dirname, "..", "fixtures", "golden");
/** 16.2's runs, and 20.2's for the maps 16.2 cannot compile (MSR rules). */
const cases: GoldenCase[] = [
  ...(JSON.parse(readFileSync(join(GOLDEN, "cases.json"), "utf8")) as GoldenCase[]).filter((c) => c.status !== undefined),
  ...(JSON.parse(readFileSync(join(GOLDEN, "out-20", "cases.json"), "utf8")) as GoldenCase[]).filter((c) => c.stdout.startsWith("out-20/") && c.status === 0),
];
const utilization = cases.filter((c) => c.args.includes("--show-utilization") || c.args.includes("--show-utilization-all"));

/** `--name V` of a recorded invocation. */
function arg(c: GoldenCase, name: string): number {
  return Number(c.args[c.args.indexOf(name) + 1]);
}

/** crushtool's "device N: stored : S" rows, and the devices it listed. */
function stored(c: GoldenCase): Map<number, number> {
  const rows = new Map<number, number>();
  for (const m of readFileSync(join(GOLDEN, c.stdout), "utf8").matchAll(/device (\d+):\t\t stored : (\d+)\t/g)) rows.set(Number(m[1]), Number(m[2]));
  return rows;
}

/** The 16.16 reweight vector of the case's `--weight DEV W` pairs (crushtool's default otherwise). */
function weightsOf(c: GoldenCase, map: CrushMap): Uint32Array | undefined {
  const at = c.args.indexOf("--weight");
  if (at < 0) return undefined;
  const w = new Uint32Array(Math.max(...map.devices.map((d) => d.id)) + 1);
  // crushtool's default: a device in some bucket is in
  for (const b of map.buckets) for (const it of b.items) if (it.id >= 0) w[it.id] = 0x10000;
  w[Number(c.args[at + 1])] = Math.round(Number(c.args[at + 2]) * 0x10000);
  return w;
}

const maps = new Map<string, CrushMap>();
function mapOf(name: string): CrushMap {
  let m = maps.get(name);
  if (m === undefined) {
    m = loadCrushMap(readFileSync(join(GOLDEN, "maps", `${name}.txt`), "utf8"));
    maps.set(name, m);
  }
  return m;
}

describe("spreadReport against crushtool --show-utilization", () => {
  it("has the recorded runs to check against (every golden map, three runs each)", () => {
    expect(utilization.length).toBeGreaterThanOrEqual(120);
  });

  for (const c of utilization) {
    it(`counts what crushtool counts: ${c.map} ${c.args.slice(1).join(" ")}`, () => {
      const map = mapOf(c.map);
      const rows = stored(c);
      const all = c.args.includes("--show-utilization-all");
      const weights = weightsOf(c, map);
      const options = { numRep: arg(c, "--num-rep"), minX: arg(c, "--min-x"), maxX: arg(c, "--max-x"), ...(weights === undefined ? {} : { weights }) };
      const total = [...rows.values()].reduce((a, b) => a + b, 0);
      if (total === 0) {
        expect(() => spreadReport(map, arg(c, "--rule"), options)).toThrow(SpreadError);
        return;
      }
      const report = spreadReport(map, arg(c, "--rule"), options);
      const ours = new Map(report.devices.map((d) => [d.id, d.observed]));
      // every device crushtool lists holds what it says; one it leaves out (plain
      // --show-utilization lists only devices with something stored) holds nothing
      for (const [id, n] of rows) expect([id, ours.get(id) ?? 0]).toEqual([id, n]);
      for (const [id, n] of ours) if (!rows.has(id)) expect([id, n, all]).toEqual([id, 0, all]);
      expect(report.placed).toBe(total);
    });
  }
});

describe("spreadReport's expectation and domains", () => {
  // two hosts: h1 holds osd.0 (1.0) and osd.1 (3.0); h2 holds osd.2 (4.0); chooseleaf over hosts
  function twoHosts(): CrushMap {
    const b = new CrushMapBuilder();
    b.addBucket("default", "root");
    b.addBucket("h1", "host", { under: "default" });
    b.addBucket("h2", "host", { under: "default" });
    b.addDevice({ name: "osd.0", under: "h1", weight: 1 });
    b.addDevice({ name: "osd.1", under: "h1", weight: 3 });
    b.addDevice({ name: "osd.2", under: "h2", weight: 4 });
    b.createReplicatedRule("r", "default", "host");
    return b.build();
  }

  it("sets each device against placed × weight ÷ the weight the rule reaches", () => {
    const r = spreadReport(twoHosts(), 0, { numRep: 1, minX: 0, maxX: 7999 });
    expect(r.placed).toBe(8000);
    // weights 1, 3, 4 of 8
    expect(r.devices.map((d) => d.expected)).toEqual([1000, 3000, 4000]);
    expect(r.devices.map((d) => d.weight)).toEqual([1, 3, 4]);
    for (const d of r.devices) expect(d.ratio).toBeCloseTo(d.observed / d.expected, 12);
    expect(r.domainType).toBe("host");
    expect(r.domains.map((d) => [d.name, d.weight, d.expected])).toEqual([["h1", 4, 4000], ["h2", 4, 4000]]);
    expect(r.domains.reduce((a, d) => a + d.observed, 0)).toBe(8000);
    expect(r.devices.map((d) => r.domains.find((x) => x.id === d.domain)!.name)).toEqual(["h1", "h1", "h2"]);
  });

  it("applies the reweights to the expectation: a device at 0.5 expects half", () => {
    const weights = new Uint32Array([0x10000, 0x8000, 0x10000]);
    const r = spreadReport(twoHosts(), 0, { numRep: 1, minX: 0, maxX: 6999, weights });
    // effective weights 1, 1.5, 4 of 6.5
    expect(r.devices[1]!.weight).toBe(1.5);
    expect(r.devices[1]!.expected).toBeCloseTo((7000 * 1.5) / 6.5, 9);
  });

  it("puts the most over- and under-full devices at the two ends of the ratios", () => {
    const r = spreadReport(twoHosts(), 0, { numRep: 2, minX: 0, maxX: 999 });
    const ratios = r.devices.map((d) => d.ratio);
    expect(r.maxOverfull!.ratio).toBe(Math.max(...ratios));
    expect(r.maxUnderfull!.ratio).toBe(Math.min(...ratios));
    expect(r.devices.find((d) => d.id === r.maxOverfull!.id)!.name).toBe(r.maxOverfull!.name);
  });
});

describe("spreadReport on bad input", () => {
  const map = mapOf("15-straw2-hosts");
  const cases: [string, () => unknown, RegExp][] = [
    ["no inputs (min-x above max-x)", () => spreadReport(map, 0, { numRep: 3, minX: 10, maxX: 9 }), /no inputs: min-x 10 is above max-x 9/],
    ["a rule that does not exist", () => spreadReport(map, 99, { numRep: 3, minX: 0, maxX: 9 }), /rule 99 does not exist/],
    ["zero replicas", () => spreadReport(map, 0, { numRep: 0, minX: 0, maxX: 9 }), /num-rep 0 is outside 1\.\.1024/],
    ["a fractional input", () => spreadReport(map, 0, { numRep: 3, minX: 0.5, maxX: 9 }), /min-x 0.5 is not a 32-bit integer/],
    ["more inputs than one run maps", () => spreadReport(map, 0, { numRep: 3, minX: 0, maxX: 2 ** 31 }), /more than one measurement maps/],
    ["a rule that places nothing (every device out)", () => spreadReport(map, 0, { numRep: 3, minX: 0, maxX: 99, weights: new Uint32Array(64) }), /reaches no device with weight|places nothing/],
  ];
  for (const [what, run, message] of cases) {
    it(`throws a SpreadError for ${what}`, () => {
      expect(run).toThrow(SpreadError);
      expect(run).toThrow(message);
    });
  }
});
