/** `crushmap plan --upmap`: the library's steps as JSON or as a script; its commands rebuild each step's list. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCrushMap } from "../../src/map/load.js";
import { printCrushText } from "../../src/map/text/print.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { applyChanges } from "../../src/plan/changes.js";
import { crushChangeStates } from "../../src/plan/crushChange.js";
import { planUpmapSteps } from "../../src/plan/planUpmapSteps.js";
import { crushmapCli } from "../support/crushtool.js";
import { planCluster } from "../support/planCluster.js";

const dir = mkdtempSync(join(tmpdir(), "crushmap-upmap-"));
const c = planCluster(31, { racks: 3, hostsPerRack: 2, erasure: false });
const after = applyChanges(c.state, [
  { kind: "addBucket", name: "extra", type: "host", under: "rack2" },
  { kind: "addDevice", under: "extra", weight: 4 },
]);
const beforePath = join(dir, "before.txt");
const afterPath = join(dir, "after.txt");
writeFileSync(beforePath, printCrushText(c.state.crush));
writeFileSync(afterPath, printCrushText(after.crush));

interface JsonStep {
  pg_upmap_items: { pgid: string; mappings: { from: number; to: number }[] }[];
  commands: string[];
  moves: number;
  bytes: number;
}

describe("crushmap plan --upmap", () => {
  it("prints the library's steps as JSON, and each step's commands turn the previous list into its own", () => {
    const r = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64", "--max-backfills", "2", "--upmap", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { steps: JsonStep[]; moved_replicas: number; minimum_replicas: number };
    const [b, a] = crushChangeStates(c.state.crush, after.crush, 64);
    const plan = planUpmapSteps(b, a, { pgBytes: 2 ** 30, maxBackfills: 2 });
    expect(out.steps.map((s) => s.commands)).toEqual(plan.steps.map((s) => s.commands));
    expect(out.moved_replicas).toBe(out.minimum_replicas);
    expect(out.steps.length).toBeGreaterThan(1);
    expect(out.steps[0]!.moves).toBe(0);
    let list = new Map<string, string>();
    for (const step of out.steps) {
      for (const cmd of step.commands) {
        const rm = /^ceph osd rm-pg-upmap-items (\S+)$/.exec(cmd);
        const set = /^ceph osd pg-upmap-items (\S+) ((?:\d+ \d+ ?)+)$/.exec(cmd);
        if (rm !== null) list.delete(rm[1]!);
        else if (set !== null) list.set(set[1]!, set[2]!.trim());
        else throw new Error(`unexpected command ${cmd}`);
      }
      const expected = new Map(step.pg_upmap_items.map((e) => [e.pgid, e.mappings.map((m) => `${m.from} ${m.to}`).join(" ")]));
      expect(list).toEqual(expected);
      list = new Map(list);
    }
    expect(list.size).toBe(0);
  });

  it("prints a script that sets the crush map and the pins under norebalance", () => {
    const r = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64", "--upmap"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const at = (s: string): number => lines.findIndex((l) => l.startsWith(s));
    expect(at("#!/bin/sh")).toBe(0);
    expect(at(`crushtool -c ${afterPath}`)).toBeGreaterThan(0);
    expect(at("ceph osd set norebalance")).toBeLessThan(at("ceph osd setcrushmap -i"));
    expect(at("ceph osd setcrushmap -i")).toBeLessThan(at("ceph osd pg-upmap-items"));
    expect(at("ceph osd pg-upmap-items")).toBeLessThan(at("ceph osd unset norebalance"));
    expect(at("# step 1:")).toBeGreaterThan(at("ceph osd unset norebalance"));
    expect(r.stdout).toMatch(/# step 1: release \d+ group\(s\); \d+ replica\(s\) move, .*, about .* at/);
  });
});

describe("crushmap plan --upmap --next", () => {
  const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
  const crushPath = join(fixture, "crush.txt");
  const osdmapPath = join(fixture, "osdmap.json");
  const text = readFileSync(crushPath, "utf8");
  const toPath = join(dir, "rep-basic-after.txt");
  writeFileSync(toPath, text.replace(/item osd\.3 weight [0-9.]+/, "item osd.3 weight 0.100"));
  /** `ceph pg ls -f json` of the cluster as the OSD map maps it, every group clean. */
  function pgLs(bytes?: (pgid: string) => number): string {
    const state = clusterStateFromOsdmapJson(readFileSync(osdmapPath, "utf8"), loadCrushMap(readFileSync(crushPath)), { strict: false });
    const stats = state.pools.flatMap((p) => {
      const m = mapPool(state, p.id);
      return Array.from({ length: m.pgNum }, (_, ps) => ({ pgid: `${p.id}.${ps.toString(16)}`, state: "active+clean", up: setOf(m.up, m.upLength, m.width, ps).map((o) => (o === ITEM_NONE ? 2147483647 : o)), acting: setOf(m.acting, m.actingLength, m.width, ps).map((o) => (o === ITEM_NONE ? 2147483647 : o)), ...(bytes === undefined ? {} : { stat_sum: { num_bytes: bytes(`${p.id}.${ps.toString(16)}`), num_objects: 1 } }) }));
    });
    return JSON.stringify({ pg_ready: true, pg_stats: stats });
  }

  it("on a cluster not yet migrated, the next batch is step 0: the crush map and its pins under norebalance", () => {
    const pgsPath = join(dir, "pgs.json");
    writeFileSync(pgsPath, pgLs());
    const r = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", pgsPath, "--upmap", "--next"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/# step 0:/);
    expect(r.stdout).toMatch(/ceph osd set norebalance\nceph osd setcrushmap -i .*\nceph osd pg-upmap-items /);
    const j = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", pgsPath, "--upmap", "--next", "--json"]);
    const out = JSON.parse(j.stdout) as { done: boolean; step: { step: number; commands: string[] } };
    expect(out.done).toBe(false);
    expect(out.step.step).toBe(0);
    expect(out.step.commands.length).toBeGreaterThan(0);
  });

  it("names the group when the pg list does not match the OSD map, and refuses what is not JSON", () => {
    const bad = join(dir, "pgs-bad.json");
    writeFileSync(bad, JSON.stringify({ pg_stats: [{ pgid: "1.0", state: "active+clean", up: [0], acting: [0] }, { pgid: "77.0", state: "active", up: [], acting: [] }] }));
    const r = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", bad, "--upmap", "--next"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pg (1\.0|77\.0)/);
    const notJson = join(dir, "pgs-text.json");
    writeFileSync(notJson, "{ oops");
    const t = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", notJson, "--upmap", "--next"]);
    expect(t.status).not.toBe(0);
    expect(t.stderr).toMatch(/not JSON/);
    const missing = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--upmap", "--next"]);
    expect(missing.stderr).toMatch(/--next needs --osdmap/);
  });

  it("takes each group's bytes from a pg dump: every move weighs what its group holds", () => {
    const size = (pgid: string): number => (parseInt(pgid.split(".")[1]!, 16) + 1) * 2 ** 20;
    const pgsPath = join(dir, "pgs-sized.json");
    writeFileSync(pgsPath, pgLs(size));
    const r = crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", pgsPath, "--upmap", "--json"]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { steps: { bytes: number; transfers: { pg: string; to: number | null; bytes: number }[] }[]; moved_bytes: number };
    const transfers = out.steps.flatMap((s) => s.transfers).filter((t) => t.to !== null);
    expect(transfers.length).toBeGreaterThan(0);
    for (const t of transfers) expect(t.bytes).toBe(size(t.pg));
    expect(out.moved_bytes).toBe(transfers.reduce((a, t) => a + size(t.pg), 0));
    const waves = JSON.parse(crushmapCli(["plan", "--from", crushPath, "--to", toPath, "--osdmap", osdmapPath, "--pgs", pgsPath, "--json"]).stdout) as { moves: { pg: string; to: number | null; bytes: number }[] };
    for (const m of waves.moves) if (m.to !== null) expect(m.bytes).toBe(size(m.pg));
  });
});
