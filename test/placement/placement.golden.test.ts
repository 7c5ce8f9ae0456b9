/**
 * The placement layer against osdmaptool: every run recorded in test/fixtures/osdmap is replayed
 * from the cluster's `osd dump` JSON and crush map, byte for byte, for each release: Ceph 16.2.15
 * (test/fixtures/osdmap/<cluster>), 18.2.7 (reef/<cluster>) and 20.2.4 (tentacle/<cluster>).
 * Regenerate with `bash test/fixtures/osdmap/record.sh [--release 18|20]` (ceph-mon and
 * ceph-base, or a chroot of the release); the replay needs nothing installed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMapObject, formatMapPg, formatMapPgs } from "../../src/analysis/osdmaptoolReport.js";
import { loadCrushMap } from "../../src/map/load.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import type { ClusterState } from "../../src/placement/types.js";
import { crushmapCli } from "../support/crushtool.js";
import { releaseFixtures, type RecordedRun } from "../support/releaseFixtures.js";

const PLACEMENT_KINDS = new Set(["test-map-pgs-dump", "test-map-pgs-dump-all", "test-map-object", "test-map-pg"]);

function output(state: ClusterState, run: RecordedRun): string {
  switch (run.kind) {
    case "test-map-pgs-dump":
      return formatMapPgs(state, { pool: run.pool!, dump: "dump", ...(run.pgNum === undefined ? {} : { pgNum: run.pgNum }) });
    case "test-map-pgs-dump-all":
      return formatMapPgs(state, { pool: run.pool!, dump: "all" });
    case "test-map-object":
      return formatMapObject(state, run.pool!, run.object!);
    case "test-map-pg":
      return formatMapPg(state, run.pg!);
    default:
      throw new Error(`not a placement run: ${run.kind}`);
  }
}

/**
 * Drops the crush-weight column of osdmaptool's per-OSD lines: Ceph 18 and 20 decompile weights
 * with five decimals, and their text (recompiled by crushmap or by crushtool alike) can be a unit
 * of 16.16 weight off the binary map osdmaptool printed from. Everything else stays exact.
 */
function withoutCrushWeights(text: string): string {
  return text.replace(/^(osd\.\d+\t\d+\t\d+\t\d+)\t[^\t]+\t/gm, "$1\t?\t");
}

describe.each(releaseFixtures().map((f) => [`${f.release} ${f.cluster}`, f] as const))("osdmaptool golden runs: %s", (_, f) => {
  const runs = f.runs.filter((r) => PLACEMENT_KINDS.has(r.kind));
  const text = f.release === "16.2" ? (s: string) => s : withoutCrushWeights;
  const exact = f.weightsExact ? (s: string) => s : withoutCrushWeights;

  it("has runs of every kind", () => {
    expect(runs.length).toBeGreaterThan(50);
    expect(new Set(runs.map((r) => r.kind)).size).toBe(4);
  });

  it.each(runs.map((r) => [r.args.join(" "), r] as const))(`osdmaptool %s (${f.weightsExact ? "binary" : "text"} crush map)`, (_, run) => {
    expect(exact(output(f.state, run))).toBe(exact(run.stdout));
  });

  it("gives the same answers from the decompiled text crush map", () => {
    const fromText = clusterStateFromOsdmapJson(readFileSync(join(f.dir, "osdmap.json"), "utf8"), loadCrushMap(readFileSync(join(f.dir, "crush.txt"), "utf8")));
    for (const run of runs) expect(text(output(fromText, run))).toBe(text(run.stdout));
  });

  it("prints the same from the CLI (map-pgs, map-object)", () => {
    const crush = join(f.dir, f.weightsExact ? "crush.bin" : "crush.txt");
    const dump = runs.find((r) => r.kind === "test-map-pgs-dump" && r.pgNum === undefined)!;
    const r = crushmapCli(["map-pgs", "--osdmap", join(f.dir, "osdmap.json"), "--crush", crush, "--pool", String(dump.pool)]);
    // what Ceph ignores (a pg_upmap_primaries entry naming no OSD) or tolerates (a pool on a
    // rule of another type, from Reef on) is said once on stderr
    for (const line of r.stderr.split("\n").filter((l) => l !== "")) {
      expect(line).toMatch(/^crushmap: warning: (pg_upmap_primaries of \S+ names osd\.\d+, [^;]+; Ceph ignores the entry|pool \d+ is \w+ but crush rule \d+ \(\S+\) is not; Ceph (18|20) maps it through that rule all the same)$/);
    }
    expect(exact(r.stdout)).toBe(exact(dump.stdout));
    const obj = runs.find((x) => x.kind === "test-map-object")!;
    const o = crushmapCli(["map-object", "--osdmap", join(f.dir, "osdmap.json"), "--crush", join(f.dir, "crush.txt"), "--pool", String(obj.pool), "--", obj.object!]);
    expect(o.stdout).toBe(obj.stdout);
  });
});
