/**
 * crushmap analyze: per-device counts checked against crushtool's own --show-utilization-all
 * (recorded in the golden corpus), and the report's internal sums.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeUtilization } from "../../src/analysis/utilization.js";
import { loadCrushMap } from "../../src/map/load.js";
import { crushmapCli } from "../support/crushtool.js";

const GOLDEN = join(__dirname, "..", "fixtures", "golden");
const MAP = join(GOLDEN, "maps", "37-build-960-straw2.txt");
const map = loadCrushMap(readFileSync(MAP, "utf8"));

/** device id → [stored, expected] from crushtool's --show-utilization-all output. */
function crushtoolUtilization(file: string): Map<number, [number, number]> {
  const rows = new Map<number, [number, number]>();
  for (const m of readFileSync(join(GOLDEN, "out", file), "utf8").matchAll(/device (\d+):\t\t stored : (\d+)\t expected : ([\d.e+-]+)/g)) {
    rows.set(Number(m[1]), [Number(m[2]), Number(m[3])]);
  }
  return rows;
}

describe("analyze", () => {
  it("counts exactly the replicas crushtool counts per device, against the same expectation", () => {
    const expected = crushtoolUtilization("37-build-960-straw2.case20.txt");
    const report = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 1024 });
    expect(report.devices).toHaveLength(expected.size);
    for (const d of report.devices) {
      const [stored, share] = expected.get(d.id)!;
      expect(d.actual).toBe(stored);
      expect(d.expected).toBeCloseTo(share, 4);
    }
  });

  it("takes a device marked out out of both the counts and the expectation, as crushtool does", () => {
    const expected = crushtoolUtilization("37-build-960-straw2.case21.txt");
    const reweight = new Uint32Array(960).fill(0x10000);
    reweight[0] = 0;
    const report = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 1024, reweight });
    for (const d of report.devices) {
      const [stored, share] = expected.get(d.id)!;
      expect(d.actual).toBe(stored);
      expect(d.expected).toBeCloseTo(share, 4);
    }
  });

  it("adds up: devices and failure domains each account for every placed replica", () => {
    const report = analyzeUtilization(map, { rule: 0, numRep: 3, inputs: 5000 });
    const sum = (rows: readonly { actual: number; expected: number }[], k: "actual" | "expected"): number =>
      rows.reduce((a, r) => a + r[k], 0);
    expect(report.placed).toBe(15000);
    expect(sum(report.devices, "actual")).toBe(15000);
    expect(sum(report.devices, "expected")).toBeCloseTo(15000, 6);
    expect(report.domainType).toBe("host");
    expect(report.domains).toHaveLength(80);
    expect(sum(report.domains, "actual")).toBe(15000);
    expect(report.overfull[0]!.ratio).toBeGreaterThanOrEqual(report.underfull[0]!.ratio);
    expect(report.stddev).toBeGreaterThan(0);
  });

  it("prints a readable report and the same data as JSON", () => {
    const text = crushmapCli(["analyze", "-i", MAP, "--inputs", "2000"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/most over-full devices:/);
    expect(text.stdout).toMatch(/per host:/);
    const json = crushmapCli(["analyze", "-i", MAP, "--inputs", "2000", "--json"]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.placed).toBe(6000);
    expect(parsed.devices).toHaveLength(960);
  });

  it("rejects an unknown failure-domain type in one line", () => {
    const r = crushmapCli(["analyze", "-i", MAP, "--domain", "galaxy"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown failure-domain type 'galaxy'/);
  });
});
