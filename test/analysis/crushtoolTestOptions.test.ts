/**
 * The pieces behind crushtool's --simulate, --batches, --mark-down-ratio and --output-csv, each
 * by name: glibc's lrand48 (known answers from glibc itself, and glibc live where Python's ctypes
 * can reach it), CrushTester's batch split, and what a simulated placement guarantees.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchRanges } from "../../src/analysis/crushtoolRuns.js";
import { crushtoolCsvFiles } from "../../src/analysis/crushtoolCsv.js";
import { crushtoolTest } from "../../src/analysis/crushtoolTest.js";
import { Lrand48 } from "../../src/analysis/lrand48.js";
import { markDownDevices, MARK_DOWN_CRASH } from "../../src/analysis/markDown.js";
import { loadCrushMap } from "../../src/map/load.js";
import { compileMap } from "../../src/mapper/compile.js";
import { standInUnless } from "../support/standIn.js";

const golden = join(import.meta.dirname, "..", "fixtures", "golden", "maps");
const hostsMap = loadCrushMap(readFileSync(join(golden, "15-straw2-hosts.txt"), "utf8"));
const flatMap = loadCrushMap(readFileSync(join(golden, "01-straw2-flat.txt"), "utf8"));

function draws(n: number): number[] {
  const rng = new Lrand48();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.next());
  return out;
}

describe("lrand48", () => {
  it("draws what glibc's unseeded lrand48 draws", () => {
    // from glibc 2.36: python3 -c "import ctypes; l=ctypes.CDLL('libc.so.6'); print([l.lrand48() for _ in range(8)])"
    expect(draws(8)).toEqual([0, 2116118, 89401895, 379337186, 782977366, 196130996, 198207689, 1046291021]);
    expect(draws(100_000)[99_999]).toBe(936927281);
  });

  it("stays within 31 bits", () => {
    for (const v of draws(10_000)) expect(v >= 0 && v < 2 ** 31 && Number.isInteger(v)).toBe(true);
  });
});

const glibc = spawnSync("python3", ["-c", "import ctypes; l=ctypes.CDLL('libc.so.6'); l.lrand48.restype=ctypes.c_long; print(' '.join(str(l.lrand48()) for _ in range(20000)))"], { encoding: "utf8" });
const hasGlibc = glibc.status === 0 && glibc.stdout.trim() !== "";
standInUnless(hasGlibc, "lrand48 against glibc", "python3 with ctypes and glibc not found: lrand48 is not checked live");
describe.skipIf(!hasGlibc)("lrand48 against glibc", () => {
  it("draws glibc's first 20,000 numbers", () => {
    expect(draws(20_000).join(" ")).toBe(glibc.stdout.trim());
  });
});

describe("CrushTester's batches", () => {
  it("cover the inputs once, in order, the last batch taking the rest", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 50 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 300 }), (minX, count, batches) => {
        const ranges = batchRanges(minX, minX + count - 1, batches);
        expect(ranges).toHaveLength(batches);
        const xs = ranges.flatMap(([a, b]) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k));
        expect(xs).toEqual(Array.from({ length: count }, (_, k) => minX + k));
        expect(ranges.slice(0, -1).every(([a, b]) => b - a + 1 === Math.trunc(count / batches))).toBe(true);
      }),
    );
  });

  it("are none for a count of 0 or less, so nothing is mapped", () => {
    expect(batchRanges(0, 99, 0)).toEqual([]);
    const report = crushtoolTest(hostsMap, compileMap(hostsMap), { minRep: 3, maxRep: 3, minX: 0, maxX: 9, batches: -1, showMappings: true, showStatistics: true, release: 18 });
    expect(report.stdout).toBe(hostsMap.rules.map((r) => `rule ${r.id} (${r.name}), x = 0..9, numrep = 3..3\n`).join(""));
  });
});

describe("--simulate", () => {
  const compiled = compileMap(hostsMap);
  const simulated = (numRep: number) => {
    const mappings: number[][] = [];
    crushtoolTest(hostsMap, compiled, {
      minRep: numRep,
      maxRep: numRep,
      minX: 0,
      maxX: 299,
      minRule: 0,
      maxRule: 0,
      simulate: true,
      release: 20,
      deviceWeights: new Map([[5, 0]]),
      onMapping: (_r, _n, _x, devices, n) => void mappings.push(Array.from(devices.subarray(0, n))),
    });
    return mappings;
  };

  it("never places a device marked out, or one device twice, or two replicas in one host", () => {
    const host = new Map<number, number>();
    for (const b of hostsMap.buckets) for (const it of b.items) if (it.id >= 0) host.set(it.id, b.id);
    for (const m of simulated(3)) {
      expect(m.includes(5)).toBe(false);
      expect(new Set(m).size).toBe(m.length);
      expect(new Set(m.map((d) => host.get(d))).size).toBe(m.length);
    }
  });

  it("draws the same placements on every run", () => {
    expect(simulated(2)).toEqual(simulated(2));
  });
});

describe("--mark-down-ratio", () => {
  it("says crushtool crashes where its shuffle divides by zero (one bucket of devices)", () => {
    const weight = new Uint32Array(flatMap.devices.length).fill(0x10000);
    expect(markDownDevices(flatMap, weight, { deviceRatio: 0.5, bucketRatio: 1 }, new Lrand48())).toBe(MARK_DOWN_CRASH);
  });

  it("marks the first devices of visited hosts down, never more than the ratio", () => {
    const weight = new Uint32Array(18).fill(0x10000);
    const out = markDownDevices(hostsMap, weight, { deviceRatio: 0.5, bucketRatio: 1 }, new Lrand48());
    expect(typeof out).not.toBe("string");
    const down = Array.from(out as Uint32Array).flatMap((w, d) => (w === 0 ? [d] : []));
    const expected = hostsMap.buckets.filter((b) => b.items[0]!.id >= 0).flatMap((b) => b.items.slice(0, Math.trunc(0.5 * b.items.length)).map((it) => it.id));
    expect(down.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });
});

describe("the CSV files", () => {
  it("are named after the rule behind the prefix, batch files only for more than one batch", () => {
    const run = {
      ruleName: "r",
      weight: new Uint32Array([0x10000, 0]),
      proportional: new Float32Array([1, 0]),
      expected: new Float32Array([2, 0]),
      perDevice: new Int32Array([2, 0]),
      placements: "0,0\n1,0\n",
      batches: 1,
      batchCounts: [],
      maxRep: 1,
    };
    expect(crushtoolCsvFiles("p-", run).map((f) => f.name)).toEqual([
      "p-r-device_utilization.csv",
      "p-r-device_utilization_all.csv",
      "p-r-placement_information.csv",
      "p-r-proportional_weights.csv",
      "p-r-proportional_weights_all.csv",
      "p-r-absolute_weights.csv",
    ]);
    const batched = crushtoolCsvFiles("", { ...run, batches: 2, batchCounts: [null, new Int32Array([2, 0])] });
    expect(batched.find((f) => f.name === "r-batch_device_utilization_all.csv")!.content).toBe("Batch Round, Objects Stored on OSD0\n0\n1,2,0\n");
  });
});
