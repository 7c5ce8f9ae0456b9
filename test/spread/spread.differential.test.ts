/**
 * Differential test: on random maps, spreadReport counts per device exactly the replicas
 * crushtool 16.2 stores (`--test --show-utilization-all`), over input ranges that do not start
 * at 0, several replica counts and a reweighted device. Skips where crushtool is not installed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCrushMap } from "../../src/map/load.js";
import { CrushmapError } from "../../src/hash/crushmapError.js";
import { spreadReport } from "../../src/spread/spreadReport.js";
import { crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { randomMap } from "../support/randomMap.js";
import { standInUnless } from "../support/standIn.js";

const SEEDS = 20;

/** crushtool's "device N: stored : S" rows. */
function stored(stdout: string): Map<number, number> {
  const rows = new Map<number, number>();
  for (const m of stdout.matchAll(/device (\d+):\t\t stored : (\d+)\t/g)) rows.set(Number(m[1]), Number(m[2]));
  return rows;
}

/** Rules crushtool 16.2 runs safely at any replica count (no `indep N` with N > 0, see analysis.differential). */
function safeRules(text: string): number[] {
  const ids: number[] = [];
  for (const body of text.split(/^rule /m).slice(1)) {
    const id = /\bid (\d+)/.exec(body);
    if (id !== null && !/indep [1-9]/.test(body)) ids.push(Number(id[1]));
  }
  return ids;
}

describe.skipIf(!hasCrushtool)("spreadReport against crushtool 16.2", () => {
  it(`counts per device what crushtool stores, on ${SEEDS} random maps`, () => {
    let compared = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const m = randomMap(seed * 7919 + 3, {});
      const textPath = tempText(m.text);
      let bin: string;
      try {
        bin = crushtoolCompile(textPath);
      } catch {
        continue; // crushtool refused the map; the parser tests cover that
      }
      const map = loadCrushMap(readFileSync(textPath, "utf8"));
      for (const rule of safeRules(m.text)) {
        const numRep = 1 + (seed % 5);
        const minX = seed * 37;
        const maxX = minX + 499;
        const device = map.devices[seed % map.devices.length]!.id;
        const args = ["--test", "--rule", String(rule), "--num-rep", String(numRep), "--min-x", String(minX), "--max-x", String(maxX), "--show-utilization-all", "--weight", String(device), "0.5"];
        const run = crushtool(["-i", bin, ...args]);
        if (run.status !== 0) continue; // crushtool crashed or refused: nothing to compare
        const truth = stored(run.stdout);
        const total = [...truth.values()].reduce((a, b) => a + b, 0);
        const weights = new Uint32Array(Math.max(...map.devices.map((d) => d.id)) + 1);
        for (const b of map.buckets) for (const it of b.items) if (it.id >= 0) weights[it.id] = 0x10000;
        weights[device] = 0x8000;
        const run2 = (): ReturnType<typeof spreadReport> => spreadReport(map, rule, { numRep, minX, maxX, weights });
        if (total === 0) {
          expect(run2).toThrow(CrushmapError);
          continue;
        }
        const report = run2();
        const ours = new Map(report.devices.map((d) => [d.id, d.observed]));
        for (const [id, n] of truth) expect({ seed, rule, id, n: ours.get(id) ?? 0 }).toEqual({ seed, rule, id, n });
        expect(report.placed).toBe(total);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(SEEDS);
  });
});

standInUnless(hasCrushtool, "spreadReport against crushtool 16.2", SKIP_MESSAGE);
