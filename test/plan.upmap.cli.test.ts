/** `crushmap plan --upmap`: the library's steps as JSON or as a script; its commands rebuild each step's list. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { printCrushText } from "../src/map/text/print.js";
import { applyChanges } from "../src/plan/changes.js";
import { crushChangeStates } from "../src/plan/crushChange.js";
import { planUpmapSteps } from "../src/plan/planUpmapSteps.js";
import { crushmapCli } from "./support/crushtool.js";
import { planCluster } from "./support/planCluster.js";

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
