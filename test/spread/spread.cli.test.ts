/**
 * `crushmap spread` end to end: the flags (crushtool's spellings too), the JSON shape the
 * pictures branch draws from, the text report, --to and --osdmap, and every bad input as one
 * line with its exit status.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCrushMap } from "../../src/map/load.js";
import { compareAlgorithms, type CompareRow } from "../../src/spread/compare.js";
import { compareClusters } from "../../src/spread/compareClusters.js";
import { spreadReport } from "../../src/spread/spreadReport.js";
import { crushmapCli, tempText } from "../support/crushtool.js";
import { readFileSync } from "node:fs";

const MAPS = join(__dirname, "..", "fixtures", "golden", "maps");
const MAP = join(MAPS, "37-build-960-straw2.txt");
const SMALL = join(MAPS, "15-straw2-hosts.txt");
const OSDMAP = join(__dirname, "..", "fixtures", "osdmap", "rep-upmap");

function json(args: readonly string[]): Record<string, unknown> {
  const r = crushmapCli(["spread", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("crushmap spread", () => {
  it("prints the report the library computes, in the contract's JSON shape", () => {
    const out = json(["-i", MAP, "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", "1023"]);
    const lib = spreadReport(loadCrushMap(readFileSync(MAP, "utf8")), 0, { numRep: 3, minX: 0, maxX: 1023 });
    expect(out).toEqual(JSON.parse(JSON.stringify(lib)));
    for (const k of ["rule", "numRep", "minX", "maxX", "placed", "devices", "stddev", "idealStddev", "chiSquare", "degreesOfFreedom", "pValue", "maxOverfull", "maxUnderfull", "domainType", "domains"]) {
      expect(out).toHaveProperty(k);
    }
    const devices = out.devices as Record<string, unknown>[];
    expect(Object.keys(devices[0]!).sort()).toEqual(["domain", "expected", "id", "name", "observed", "ratio", "weight"]);
    expect(Object.keys(out.maxOverfull as object).sort()).toEqual(["expected", "id", "name", "observed", "ratio"]);
    expect(Object.keys((out.domains as object[])[0]!).sort()).toEqual(["expected", "id", "name", "observed", "ratio", "weight"]);
    expect(out.placed).toBe(3072);
    expect(out.domainType).toBe("host");
  });

  it("reads crushtool's spellings --num_rep, --min_x, --max_x", () => {
    const a = json(["-i", SMALL, "--num_rep", "2", "--min_x", "10", "--max_x", "500"]);
    const b = json(["-i", SMALL, "--num-rep", "2", "--min-x", "10", "--max-x", "500"]);
    expect(a).toEqual(b);
    expect([a.numRep, a.minX, a.maxX]).toEqual([2, 10, 500]);
  });

  it("applies --weight DEV W to the mapping and the expectation", () => {
    const out = json(["-i", SMALL, "--weight", "0", "0"]);
    const d0 = (out.devices as { id: number; observed: number; expected: number }[]).find((d) => d.id === 0)!;
    expect([d0.observed, d0.expected]).toEqual([0, 0]);
  });

  it("prints a readable report: statistics, both ends, domains", () => {
    const r = crushmapCli(["spread", "-i", MAP, "--max-x", "4999"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rule 0, 3 replicas, inputs 0\.\.4999: 15000 replicas on 960 devices\n/);
    expect(r.stdout).toMatch(/^stddev [\d.]+ \([\d.]+× ideal [\d.]+\), chi-square [\d.]+ on 959 degrees of freedom, p = [\d.e-]+$/m);
    expect(r.stdout).toContain("most over-full devices:");
    expect(r.stdout).toContain("most under-full devices:");
    expect(r.stdout).toMatch(/^per host \(80\): stddev/m);
  });

  it("reports the movement to --to MAP2", () => {
    const text = readFileSync(SMALL, "utf8").replace("item osd.5 weight 0.500", "item osd.5 weight 1.500");
    const out = json(["-i", SMALL, "--to", tempText(text), "--max-x", "1999"]);
    const m = out.movement as { moved: number; minimum: number; total: number; devices: { id: number; gained: number }[] };
    expect(m.moved).toBeGreaterThan(0);
    expect(m.devices.reduce((a, d) => a + d.gained, 0)).toBe(m.moved);
    expect(m.total).toBe(out.placed);
    const r = crushmapCli(["spread", "-i", SMALL, "--to", tempText(text)]);
    expect(r.stdout).toMatch(/^movement: \d+ replicas moved \([\d.]+% of \d+\); minimum [\d.]+/m);
  });

  it("names a child bucket listed at another weight than its items sum to (CRUSH follows the listing)", () => {
    // osd.5 grows inside h1 while the root still lists h1 at 5.959: the devices' shares and
    // CRUSH's descent disagree, which the report and the movement must say
    const stale = readFileSync(SMALL, "utf8").replace("item osd.5 weight 0.500", "item osd.5 weight 1.500");
    const own = json(["-i", tempText(stale)]);
    expect(own.staleWeights).toEqual([{ bucket: "default", item: "h1", listed: 390529 / 0x10000, sum: 456064 / 0x10000 }]);
    // the golden map's listed totals are its items' sums up to the printed decimals: no note
    expect(json(["-i", SMALL])).not.toHaveProperty("staleWeights");
    const moved = json(["-i", SMALL, "--to", tempText(stale)]);
    expect((moved.movement as Record<string, unknown>).staleWeightsAfter).toEqual(own.staleWeights);
    const text = crushmapCli(["spread", "-i", SMALL, "--to", tempText(stale)]).stdout;
    expect(text).toMatch(/^note: after the change default lists h1 at weight 5\.95900 but its items sum to 6\.95898: CRUSH follows the listed weight/m);
    expect(crushmapCli(["spread", "-i", tempText(stale)]).stdout).toMatch(/^note: default lists h1 at weight 5\.95900 but its items sum to 6\.95898/m);
  });

  it("runs the same cluster through the reference algorithms with --compare, movement with --to", () => {
    const text = readFileSync(SMALL, "utf8").replace("item osd.5 weight 0.500", "item osd.5 weight 1.500");
    const out = json(["-i", SMALL, "--to", tempText(text), "--max-x", "1999", "--compare"]);
    const report = spreadReport(loadCrushMap(readFileSync(SMALL, "utf8")), 0, { numRep: 3, minX: 0, maxX: 1999 });
    const { cluster, after } = compareClusters(report.devices, spreadReport(loadCrushMap(text), 0, { numRep: 3, minX: 0, maxX: 1999 }).devices);
    const rows = out.compare as CompareRow[];
    expect(rows).toEqual(JSON.parse(JSON.stringify(compareAlgorithms(cluster, { numRep: 3, minX: 0, maxX: 1999, after }))));
    const names = rows.map((r) => r.algorithm).join("|");
    for (const name of ["rendezvous", "jump", "ring", "Maglev", "uniform", "list", "tree", "straw2"]) expect(names).toContain(name);
    // weight-blind algorithms (uniform, jump) move nothing when only a weight changes
    expect(rows.find((r) => r.algorithm.includes("rendezvous"))!.moved).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.minimum).toBeGreaterThan(0);
      expect(r).not.toHaveProperty("placementsPerSecond");
    }
    // the chooseleaf row is CRUSH through the hierarchy: never two replicas of an input in one host
    expect(rows.find((r) => r.algorithm.includes("chooseleaf"))!.sharedDomainInputs).toBe(0);
    const textOut = crushmapCli(["spread", "-i", SMALL, "--compare", "--timing"]);
    expect(textOut.stdout).toMatch(/^compared with \(same devices, weights, inputs\):\n {2}algorithm +sd\/ideal/m);
    expect(textOut.stdout).toMatch(/^ {2}jump consistent hash +[\d.]+ +[\d.]+ +[\d.]+ +- +[\d.]+% +\d+$/m);
    expect(textOut.stdout).toMatch(/^lacks:\n/m);
  });

  it("spreads a real pool's groups with --osdmap and --pool", () => {
    const out = json(["-i", join(OSDMAP, "crush.txt"), "--osdmap", join(OSDMAP, "osdmap.json"), "--pool", "upmapped"]);
    expect([out.minX, out.maxX, out.numRep, out.pool]).toEqual([0, 31, 3, { id: 1, name: "upmapped" }]);
    const r = crushmapCli(["spread", "--crush", join(OSDMAP, "crush.txt"), "--osdmap", join(OSDMAP, "osdmap.json"), "--pool", "1"]);
    expect(r.stdout).toMatch(/^pool upmapped \(1\), rule \d+, size 3, groups 0\.\.31: \d+ replicas in up sets on \d+ OSDs\n/);
  });
});

describe("crushmap spread on bad input", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["no inputs", ["-i", SMALL, "--min-x", "9", "--max-x", "8"], 1, /^crushmap: no inputs: min-x 9 is above max-x 8\n$/],
    ["a rule that does not exist", ["-i", SMALL, "--rule", "42"], 1, /^crushmap: rule 42 does not exist\n$/],
    ["--to a map of other devices", ["-i", SMALL, "--to", MAP], 1, /^crushmap: the maps hold other devices: /],
    ["--num-rep 0", ["-i", SMALL, "--num-rep", "0"], 2, /--num-rep 0 is outside 1\.\.1024/],
    ["--pool without --osdmap", ["-i", SMALL, "--pool", "1"], 2, /--pool needs --osdmap/],
    ["--osdmap without --pool", ["-i", join(OSDMAP, "crush.txt"), "--osdmap", join(OSDMAP, "osdmap.json")], 2, /--osdmap needs --pool P/],
    ["--rule with --osdmap", ["-i", join(OSDMAP, "crush.txt"), "--osdmap", join(OSDMAP, "osdmap.json"), "--pool", "1", "--rule", "0"], 2, /--rule does not apply to --osdmap/],
    ["no map", [], 2, /a map: -i MAP/],
    ["--timing without --compare", ["-i", SMALL, "--timing"], 2, /--timing needs --compare/],
  ];
  for (const [what, args, status, message] of cases) {
    it(`says so in one line for ${what} (exit ${status})`, () => {
      const r = crushmapCli(["spread", ...args]);
      expect(r.status).toBe(status);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    });
  }
});
