/** `crushmap plan` end to end: its JSON is the plan the library computes, its errors one line. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printCrushText } from "../../src/map/text/print.js";
import { createClusterState } from "../../src/placement/state.js";
import { applyChanges } from "../../src/plan/changes.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { crushmapCli } from "../support/crushtool.js";
import { planCluster } from "../support/planCluster.js";

const dir = mkdtempSync(join(tmpdir(), "crushmap-plan-"));
const c = planCluster(31, { racks: 3, hostsPerRack: 2, erasure: false });
const after = applyChanges(c.state, [
  { kind: "addBucket", name: "extra", type: "host", under: "rack2" },
  { kind: "addDevice", under: "extra", weight: 4 },
]);
const beforePath = join(dir, "before.txt");
const afterPath = join(dir, "after.txt");
writeFileSync(beforePath, printCrushText(c.state.crush));
writeFileSync(afterPath, printCrushText(after.crush));

describe("crushmap plan", () => {
  it("prints the moves, waves and report the library plans, as JSON", () => {
    const r = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "128", "--pg-bytes", "2GiB", "--max-backfills", "2", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { moves: { pg: string; from: number | null; to: number | null; wave: number; bytes: number }[]; waves: number };
    const pool = { id: 1, name: "rbd", size: 3, minSize: 2, pgNum: 128, objectHash: "rjenkins" as const };
    const b = createClusterState({ crush: c.state.crush, pools: [pool] });
    const a = createClusterState({ crush: after.crush, pools: [pool] });
    const plan = planRebalance(b, a, { pgBytes: 2 * 2 ** 30, maxBackfills: 2 });
    expect(verifyPlan(b, a, plan).ok).toBe(true);
    expect(out.waves).toBe(plan.waves);
    expect(out.moves.length).toBeGreaterThan(0);
    expect(out.moves.map(({ pg, from, to, wave, bytes }) => ({ pg, from, to, wave, bytes }))).toEqual(
      plan.moves.map(({ pg, from, to, wave, bytes }) => ({ pg, from, to, wave, bytes })),
    );
    for (const m of out.moves) expect(m.bytes).toBe(2 * 2 ** 30);
  });

  it("prints a summary and a table per wave", () => {
    const r = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^assuming 1 GiB per placement group/);
    expect(r.stdout).toMatch(/groups changing: \d+/);
    expect(r.stdout).toMatch(/\nwave 0: \d+ copies/);
    const summary = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64", "--summary"]);
    expect(summary.stdout).not.toMatch(/\nwave 0:/);
  });

  it("plans on a cluster from its OSD map: only the reweighted device gives up copies", () => {
    const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
    const text = readFileSync(join(fixture, "crush.txt"), "utf8");
    const reweighted = text.replace(/item osd\.3 weight [0-9.]+/, "item osd.3 weight 0.100");
    expect(reweighted).not.toBe(text);
    const toPath = join(dir, "rep-basic-after.txt");
    writeFileSync(toPath, reweighted);
    const r = crushmapCli(["plan", "--from", join(fixture, "crush.txt"), "--to", toPath, "--osdmap", join(fixture, "osdmap.json"), "--json"]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { moves: { pg: string; from: number | null; to: number | null }[] };
    expect(out.moves.length).toBeGreaterThan(0);
    // straw2: lowering one device's weight inside its host only moves copies off that device
    for (const m of out.moves) expect(m.from).toBe(3);
    expect(new Set(out.moves.map((m) => m.pg.split(".")[0])).size).toBeGreaterThan(1);
  });

  it("rejects limits of 0, bandwidths that do not parse and unknown pools with one line", () => {
    const cases: [string[], number, RegExp][] = [
      [["--max-backfills", "0"], 2, /--max-backfills must be at least 1/],
      [["--limit", "host=0"], 2, /--limit expects TYPE=N/],
      [["--bandwidth", "fast"], 2, /bandwidth 'fast' is not a size/],
      [["--pg-bytes", "-4G"], 2, /--pg-bytes '-4G' is not a size/],
      [["--pool", "9"], 1, /pool 9 does not exist/],
    ];
    for (const [extra, status, message] of cases) {
      const r = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, ...extra]);
      expect(r.status).toBe(status);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    const missing = crushmapCli(["plan", "--from", beforePath]);
    expect(missing.status).toBe(2);
  });
});

describe("crushmap plan --limit", () => {
  it("refuses a limit on a bucket type the maps do not have, naming it, instead of ignoring it", () => {
    const crush = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic", "crush.txt");
    const r = crushmapCli(["plan", "--from", crush, "--to", crush, "--limit", "hsot=1"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("crushmap: no bucket type 'hsot' to limit (the map's types: osd, host, rack, root)\n");
    expect(crushmapCli(["plan", "--from", crush, "--to", crush, "--limit", "host=1"]).status).toBe(0);
  });
});
