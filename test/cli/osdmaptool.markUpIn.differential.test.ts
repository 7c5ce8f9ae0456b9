/**
 * The placement commands against osdmaptool 16.2 on what its cram suite does every day: an OSD
 * map whose devices disagree with its crush map (mapped, with one warning; --strict refuses) and
 * `--mark-up-in`, which also weighs crush devices of weight 0 as 1.0 and maps ids the OSD map
 * does not hold (an `osdmaptool --createsimple` map). The oracle is osdmaptool itself, run here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli, hasCrushtool } from "../support/crushtool.js";
import { standInUnless } from "../support/standIn.js";

const hasOsdmaptool = spawnSync("osdmaptool", ["--version"], { encoding: "utf8" }).error === undefined && hasCrushtool;
const FIXTURES = join(import.meta.dirname, "..", "fixtures/osdmap");

/** osdmaptool's stdout for --test-map-pgs-dump of `pool` (its banner goes to stderr). */
function osdmaptoolPgs(osdmapBin: string, pool: number, extra: readonly string[]): string {
  return execFileSync("osdmaptool", [osdmapBin, ...extra, "--test-map-pgs-dump", "--pool", String(pool)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 });
}

/** Text of a small map with two devices of crush weight 0 (osd.1, osd.4). */
const ZERO_WEIGHTS = `device 0 osd.0
device 1 osd.1
device 2 osd.2
device 3 osd.3
device 4 osd.4
device 5 osd.5
type 0 osd
type 1 host
type 2 root
host h0 { id -2 alg straw2 hash 0 item osd.0 weight 1.0 item osd.1 weight 0.0 }
host h1 { id -3 alg straw2 hash 0 item osd.2 weight 1.0 item osd.3 weight 2.0 }
host h2 { id -4 alg straw2 hash 0 item osd.4 weight 0.0 item osd.5 weight 1.0 }
root default { id -1 alg straw2 hash 0 item h0 weight 1.0 item h1 weight 3.0 item h2 weight 1.0 }
rule replicated_rule { id 0 type replicated min_size 1 max_size 10 step take default step chooseleaf firstn 0 type host step emit }
`;

/** `osdmaptool --createsimple 6` with a default pool and the map above: no OSD exists in it. */
function simpleCluster(): { bin: string; json: string; crush: string } {
  const dir = mkdtempSync(join(tmpdir(), "crushmap-markupin-"));
  const text = join(dir, "crush.txt");
  writeFileSync(text, ZERO_WEIGHTS);
  const crush = join(dir, "crush.bin");
  const bin = join(dir, "om");
  const json = join(dir, "om.json");
  const quiet = { stdio: "ignore" } as const;
  execFileSync("crushtool", ["-c", text, "-o", crush], quiet);
  execFileSync("osdmaptool", ["--createsimple", "6", bin, "--with-default-pool"], quiet);
  execFileSync("osdmaptool", [bin, "--import-crush", crush], quiet);
  writeFileSync(json, execFileSync("osdmaptool", [bin, "--dump", "json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  return { bin, json, crush };
}

standInUnless(hasOsdmaptool, "--mark-up-in against osdmaptool", "osdmaptool or crushtool not installed: differential tests skipped");
describe.skipIf(!hasOsdmaptool)("placement commands against osdmaptool 16.2", () => {
  const clusters = ["rep-basic", "rep-upmap", "pgtemp", "classes", "ec"].filter((c) => existsSync(join(FIXTURES, c, "osdmap.bin")));

  for (const c of clusters) {
    it(`${c}: map-pgs --mark-up-in prints what osdmaptool --mark-up-in --test-map-pgs-dump prints`, () => {
      const dir = join(FIXTURES, c);
      const dump = JSON.parse(readFileSync(join(dir, "osdmap.json"), "utf8")) as { pools: { pool: number }[] };
      for (const { pool } of dump.pools) {
        const ours = crushmapCli(["map-pgs", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), "--mark-up-in", "--pool", String(pool)]);
        expect(ours.status).toBe(0);
        expect(ours.stdout).toBe(osdmaptoolPgs(join(dir, "osdmap.bin"), pool, ["--mark-up-in"]));
      }
    });
  }

  it("a --createsimple map with devices of crush weight 0: --mark-up-in maps them all, as osdmaptool does", () => {
    const s = simpleCluster();
    const ours = crushmapCli(["map-pgs", "--osdmap", s.json, "--crush", s.crush, "--mark-up-in", "--pool", "1"]);
    expect(ours.status).toBe(0);
    const theirs = osdmaptoolPgs(s.bin, 1, ["--mark-up-in"]);
    expect(ours.stdout).toBe(theirs);
    // the weight-0 devices take data under --mark-up-in
    expect(theirs).toMatch(/\[[^\]]*\b4\b[^\]]*\]/);
  });

  it("an OSD map whose OSDs are not in the crush map: mapped as osdmaptool maps it, with one warning; --strict refuses", () => {
    const s = simpleCluster();
    const ours = crushmapCli(["map-pgs", "--osdmap", s.json, "--crush", s.crush, "--pool", "1"]);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(osdmaptoolPgs(s.bin, 1, []));
    const disagree = ours.stderr.split("\n").filter((l) => l.includes("does not exist in the OSD map"));
    expect(disagree).toEqual(["crushmap: warning: crush bucket h0 holds osd.0, which does not exist in the OSD map (and 5 more such OSDs); mapped as Ceph maps it"]);
    const strict = crushmapCli(["map-pgs", "--osdmap", s.json, "--crush", s.crush, "--pool", "1", "--strict"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toContain("does not exist in the OSD map");
  });

  it("every placement command takes --mark-up-in and --no-strict", () => {
    const s = simpleCluster();
    const cluster = ["--osdmap", s.json, "--crush", s.crush, "--mark-up-in", "--no-strict"];
    expect(crushmapCli(["map-pg", ...cluster, "1.0"]).status).toBe(0);
    expect(crushmapCli(["map-object", ...cluster, "--pool", "1", "obj"]).status).toBe(0);
    expect(crushmapCli(["audit", "--crush", s.crush, "--osdmap", s.json, "--mark-up-in", "--no-strict"]).status).toBe(0);
    expect(crushmapCli(["plan", "--from", s.crush, "--to", s.crush, "--osdmap", s.json, "--mark-up-in", "--no-strict"]).status).toBe(0);
  });
});
