/**
 * poolSpreadReport: a real pool's up sets counted per OSD, checked against the up sets Ceph's
 * osdmaptool printed (`--test-map-pgs-dump-all`, recorded for every fixture cluster and pool),
 * after upmaps, reweights, down and out OSDs. Needs nothing installed.
 */
import { readdirSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ITEM_NONE } from "../../src/map/types.js";
import { PlacementError } from "../../src/placement/errors.js";
import { poolSpreadReport } from "../../src/spread/poolSpread.js";
import { loadOsdmapFixture, OSDMAP_FIXTURES } from "../support/osdmapFixture.js";

interface Run {
  readonly kind: string;
  readonly pool?: number;
  readonly pgNum?: number;
  readonly stdout: string;
}

/** Per OSD id, the up-set entries osdmaptool printed ("1.0 raw (…) up ([15,3,6], p15) acting …"). */
function upCounts(stdout: string): { counts: Map<number, number>; placed: number; groups: number } {
  const counts = new Map<number, number>();
  let placed = 0;
  let groups = 0;
  for (const m of stdout.matchAll(/^\S+ raw \(\[[^\]]*\], p-?\d+\) up \(\[([^\]]*)\], p-?\d+\)/gm)) {
    groups++;
    for (const t of m[1]!.split(",").filter((s) => s !== "")) {
      const d = Number(t);
      if (d === ITEM_NONE) continue;
      counts.set(d, (counts.get(d) ?? 0) + 1);
      placed++;
    }
  }
  return { counts, placed, groups };
}

/** osdmaptool's "osd.N count first primary c_wt wt" rows: crush weight and reweight per OSD. */
function weightRows(stdout: string): Map<number, [number, number]> {
  const rows = new Map<number, [number, number]>();
  for (const m of stdout.matchAll(/^osd\.(\d+)\t\d+\t\d+\t\d+\t([\d.e+-]+)\t([\d.e+-]+)$/gm)) rows.set(Number(m[1]), [Number(m[2]), Number(m[3])]);
  return rows;
}

const clusters = readdirSync(OSDMAP_FIXTURES).filter((d) => existsSync(join(OSDMAP_FIXTURES, d, "expected.json")) && existsSync(join(OSDMAP_FIXTURES, d, "crush.txt")));

describe("poolSpreadReport against osdmaptool's up sets", () => {
  it("has recorded clusters to check", () => {
    expect(clusters.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of clusters) {
    const runs = (JSON.parse(readFileSync(join(OSDMAP_FIXTURES, name, "expected.json"), "utf8")) as { runs: Run[] }).runs.filter(
      (r) => r.kind === "test-map-pgs-dump-all" && r.pool !== undefined && r.pgNum === undefined,
    );
    for (const run of runs) {
      it(`counts every up replica of ${name} pool ${run.pool} on the OSD Ceph puts it`, () => {
        const fx = loadOsdmapFixture(name);
        const truth = upCounts(run.stdout);
        const report = poolSpreadReport(fx.state, run.pool!);
        expect(report.maxX + 1).toBe(truth.groups);
        expect(report.placed).toBe(truth.placed);
        const ours = new Map(report.devices.map((d) => [d.id, d.observed]));
        for (const [id, n] of truth.counts) expect([id, ours.get(id)]).toEqual([id, n]);
        for (const [id, n] of ours) if (!truth.counts.has(id)) expect([id, n]).toEqual([id, 0]);
      });
    }
  }

  it("weighs each up OSD by crush weight × reweight, as osdmaptool lists them", () => {
    const fx = loadOsdmapFixture("rep-upmap");
    const run = (JSON.parse(readFileSync(join(fx.dir, "expected.json"), "utf8")) as { runs: Run[] }).runs.find((r) => r.kind === "test-map-pgs-dump-all" && r.pool === 1)!;
    const rows = weightRows(run.stdout);
    const report = poolSpreadReport(fx.state, 1);
    let checked = 0;
    for (const d of report.devices) {
      const dumped = fx.osds.find((o) => o.osd === d.id)!;
      if (dumped.up === 0) {
        // a down OSD is in no up set: no share either
        expect(d.weight).toBe(0);
        continue;
      }
      const row = rows.get(d.id);
      if (row === undefined) {
        // osdmaptool leaves out OSDs that are out (reweight 0): no share
        expect([d.id, d.weight]).toEqual([d.id, 0]);
        continue;
      }
      const [crushWeight, reweight] = row;
      expect(d.weight).toBeCloseTo(crushWeight * reweight, 4);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // osd.9 is reweighted to 0.6 and osd.5 is out in this fixture
    expect(report.devices.find((d) => d.id === 5)?.weight ?? 0).toBe(0);
  });

  it("names a pool that does not exist", () => {
    const fx = loadOsdmapFixture("rep-basic");
    expect(() => poolSpreadReport(fx.state, "nope")).toThrow(PlacementError);
    expect(() => poolSpreadReport(fx.state, "nope")).toThrow(/pool 'nope' does not exist/);
  });
});
