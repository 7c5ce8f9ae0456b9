/**
 * Progress for long runs: a line on stderr, only on a terminal, after a second, redrawn at most
 * ten times a second, cleared at the end, never with --quiet; fed by the library's onProgress.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/cli/progress.js";
import type { CliIO } from "../../src/cli/io.js";
import { printCrushText } from "../../src/map/text/print.js";
import { applyChanges } from "../../src/plan/changes.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { planUpmapSteps } from "../../src/plan/planUpmapSteps.js";
import { crushmapCli } from "../support/crushtool.js";
import { planCluster } from "../support/planCluster.js";

function fakeIO(): { io: CliIO; err: () => string } {
  let err = "";
  const io: CliIO = { stdout: () => undefined, stdoutBytes: () => undefined, stderr: (t) => void (err += t), readFile: () => new Uint8Array(), writeFile: () => undefined };
  return { io, err: () => err };
}

describe("the progress line", () => {
  it("shows after a second, at most every 100 ms, and clears itself at the end", () => {
    const { io, err } = fakeIO();
    let t = 0;
    const p = progressLine(io, false, true, () => t);
    p.report("work", 1, 10);
    t = 999;
    p.report("work", 2, 10);
    expect(err()).toBe("");
    t = 1000;
    p.report("work", 3, 10);
    t = 1050;
    p.report("work", 4, 10);
    t = 1100;
    p.report("work", 5, 0);
    expect(err()).toBe("\r\x1b[Kwork: 3/10 (30%)\r\x1b[Kwork: 5");
    p.end();
    expect(err().endsWith("\r\x1b[K")).toBe(true);
  });

  it("says nothing with --quiet, off a terminal, or when the work ends within the second", () => {
    for (const [quiet, terminal] of [[true, true], [false, false]] as const) {
      const { io, err } = fakeIO();
      let t = 0;
      const p = progressLine(io, quiet, terminal, () => t);
      t = 5000;
      p.report("work", 1, 2);
      p.end();
      expect(err()).toBe("");
    }
    const { io, err } = fakeIO();
    const p = progressLine(io, false, true, () => 0);
    p.report("work", 1, 2);
    p.end();
    expect(err()).toBe("");
  });
});

describe("onProgress", () => {
  const c = planCluster(31, { racks: 3, hostsPerRack: 2, erasure: false, pgNum: 128 });
  const after = applyChanges(c.state, [
    { kind: "addBucket", name: "extra", type: "host", under: "rack2" },
    { kind: "addDevice", under: "extra", weight: 4 },
  ]);

  it("counts the upmap plan's scheduled moves up to all of them, once per step", () => {
    const calls: [number, number][] = [];
    const plan = planUpmapSteps(c.state, after, { maxBackfills: 1, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.length).toBe(plan.steps.length - 1);
    const total = calls[0]![1];
    expect(total).toBeGreaterThan(0);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]![1]).toBe(total);
      expect(calls[i]![0]).toBeGreaterThan(calls[i - 1]![0]);
    }
    expect(calls[calls.length - 1]![0]).toBeLessThan(total);
  });

  it("counts the wave plan's copies too", () => {
    const calls: number[] = [];
    planRebalance(c.state, after, { pgBytes: 2 ** 30, onProgress: (d) => calls.push(d) });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[0]).toBe(0);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!).toBeGreaterThan(calls[i - 1]!);
  });

  it("leaves plan and balance output alone; --quiet is accepted", () => {
    const dir = mkdtempSync(join(tmpdir(), "crushmap-progress-"));
    const beforePath = join(dir, "before.txt");
    const afterPath = join(dir, "after.txt");
    writeFileSync(beforePath, printCrushText(c.state.crush));
    writeFileSync(afterPath, printCrushText(after.crush));
    const a = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64", "--upmap", "--json"]);
    const b = crushmapCli(["plan", "--from", beforePath, "--to", afterPath, "--pg-num", "64", "--upmap", "--json", "--quiet"]);
    expect(a.status).toBe(0);
    expect(b.stderr).toBe("");
    expect(b.stdout).toBe(a.stdout);
    const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
    const q = crushmapCli(["balance", "--osdmap", join(fixture, "osdmap.json"), "--crush", join(fixture, "crush.bin"), "--pool", "1", "--quiet"]);
    expect(q.status).toBe(0);
    expect(q.stderr).toBe("");
  });
});
