/**
 * The placement layer against osdmaptool: every run recorded in test/fixtures/osdmap is replayed
 * from the cluster's `osd dump` JSON and crush map, byte for byte, for each release: Ceph 16.2.15
 * (test/fixtures/osdmap/<cluster>), 18.2.7 (reef/<cluster>) and 20.2.4 (tentacle/<cluster>).
 * Regenerate with `bash test/fixtures/osdmap/record.sh [--release 18|20]` (ceph-mon and
 * ceph-base, or a chroot of the release); the replay needs nothing installed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatMapObject, formatMapPg, formatMapPgs } from "../src/analysis/osdmaptoolReport.js";
import { loadCrushMap } from "../src/map/load.js";
import { clusterStateFromOsdmapJson } from "../src/placement/osdmapJson.js";
import type { ClusterState } from "../src/placement/types.js";
import { crushmapCli } from "./support/crushtool.js";

interface Run {
  readonly kind: "test-map-pgs-dump" | "test-map-pgs-dump-all" | "test-map-object" | "test-map-pg" | "read";
  readonly pool?: number;
  readonly pgNum?: number;
  readonly object?: string;
  readonly pg?: string;
  readonly args: readonly string[];
  readonly stdout: string;
}

const root = join(import.meta.dirname, "fixtures", "osdmap");
const RELEASES = [
  { release: "16.2", dir: root },
  { release: "18.2", dir: join(root, "reef") },
  { release: "20.2", dir: join(root, "tentacle") },
];
const fixtures = RELEASES.filter(({ dir }) => existsSync(dir)).flatMap(({ release, dir }) =>
  readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, "expected.json")))
    .sort()
    .map((cluster) => ({ release, cluster, dir: join(dir, cluster) })),
);

const PLACEMENT_KINDS = new Set(["test-map-pgs-dump", "test-map-pgs-dump-all", "test-map-object", "test-map-pg"]);

describe.each(fixtures.map((f) => [`${f.release} ${f.cluster}`, f] as const))("osdmaptool golden runs: %s", (_, { dir }) => {
  const json = readFileSync(join(dir, "osdmap.json"), "utf8");
  const runs = (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { runs: Run[] }).runs.filter((r) => PLACEMENT_KINDS.has(r.kind));
  // loaded on first use, so that a map the decoder refuses fails its own tests only
  let binary: ClusterState | undefined;
  const fromBinary = (): ClusterState => (binary ??= clusterStateFromOsdmapJson(json, loadCrushMap(readFileSync(join(dir, "crush.bin")))));
  const fromText = clusterStateFromOsdmapJson(json, loadCrushMap(readFileSync(join(dir, "crush.txt"), "utf8")));

  it("has runs of every kind", () => {
    expect(runs.length).toBeGreaterThan(50);
    expect(new Set(runs.map((r) => r.kind)).size).toBe(4);
  });

  const output = (state: ClusterState, run: Run): string => {
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
  };

  it.each(runs.map((r) => [r.args.join(" "), r] as const))("osdmaptool %s (crush map binary)", (_, run) => {
    expect(output(fromBinary(), run)).toBe(run.stdout);
  });

  it("gives the same answers from the decompiled text crush map", () => {
    for (const run of runs) expect(output(fromText, run)).toBe(run.stdout);
  });

  it("prints the same from the CLI (map-pgs, map-object)", () => {
    const dump = runs.find((r) => r.kind === "test-map-pgs-dump" && r.pgNum === undefined)!;
    const r = crushmapCli(["map-pgs", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), "--pool", String(dump.pool)]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(dump.stdout);
    const obj = runs.find((x) => x.kind === "test-map-object")!;
    const o = crushmapCli(["map-object", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.txt"), "--pool", String(obj.pool), "--", obj.object!]);
    expect(o.stdout).toBe(obj.stdout);
  });
});
