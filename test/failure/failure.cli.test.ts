/**
 * The failure, durability and audit commands as an operator meets them: the JSON a script reads,
 * and for bad input one line on stderr with exit code 2 (usage) or 1 (data).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";
import { OSDMAP_FIXTURES } from "../support/osdmapFixture.js";

const dir = join(OSDMAP_FIXTURES, "rep-basic");
const cluster = ["--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.txt")];

function oneLine(r: { stderr: string; stdout: string }): string {
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n")).toHaveLength(2); // one line and its newline
  return r.stderr;
}

describe("crushmap failure", () => {
  it("prints counts of placement groups as JSON, a rack failure of a host-spread pool losing nothing", () => {
    const r = crushmapCli(["failure", ...cluster, "--pool", "rbd", "--fail", "r1", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { degraded: number; belowMinSize: number; lost: number; groups: number; failed: number[] };
    expect(out.groups).toBe(64);
    expect(out.degraded + out.belowMinSize + out.lost).toBeGreaterThan(0);
    expect(out.failed.length).toBeGreaterThan(1);
  });

  it("sizes devices by --tib-per-weight: at 0.01 TiB per weight the recovery is blocked by the full ratio and says so", () => {
    const run = (tib: string) =>
      JSON.parse(crushmapCli(["failure", ...cluster, "--pool", "rbd", "--fail", "r1", "--pg-bytes", "100GiB", "--tib-per-weight", tib, "--json"]).stdout) as {
        recovery: { copies: number; blocked: number; overFull: number[] };
      };
    const roomy = run("100").recovery;
    expect(roomy.copies).toBeGreaterThan(0);
    expect(roomy.blocked).toBe(0);
    const full = run("0.01").recovery;
    expect(full.copies).toBe(0);
    expect(full.blocked).toBeGreaterThan(0);
    expect(full.overFull.length).toBeGreaterThan(0);
    const text = crushmapCli(["failure", ...cluster, "--pool", "rbd", "--fail", "r1", "--pg-bytes", "100GiB", "--tib-per-weight", "0.01"]);
    expect(text.stdout).toContain("BLOCKED");
  });

  it("takes bucket and device ids as well as names", () => {
    const byName = JSON.parse(crushmapCli(["failure", ...cluster, "--pool", "1", "--fail", "osd.4", "--json"]).stdout) as { failed: number[]; degraded: number };
    const byId = JSON.parse(crushmapCli(["failure", ...cluster, "--pool", "1", "--fail", "4", "--json"]).stdout) as { failed: number[]; degraded: number };
    expect(byId).toEqual(byName);
    expect(byName.failed).toEqual([4]);
  });

  it.each([
    [["--fail", "nosuchhost"], 1, "crushmap: 'nosuchhost' is neither a device nor a bucket of the crush map\n"],
    [["--fail", "osd.99"], 1, "crushmap: 'osd.99' is neither a device nor a bucket of the crush map\n"],
    [["--fail", "-99"], 1, "crushmap: '-99' is neither a device nor a bucket of the crush map\n"],
    [[], 2, "crushmap: failure needs at least one --fail NAME\n"],
    [["--fail", "r1", "--bogus"], 2, "crushmap: unknown option '--bogus' (see crushmap failure --help)\n"],
  ])("rejects %j with exit %i and one line", (extra, status, line) => {
    const r = crushmapCli(["failure", ...cluster, "--pool", "1", ...extra]);
    expect(r.status).toBe(status);
    expect(oneLine(r)).toBe(line);
  });
});

describe("crushmap durability", () => {
  it("prints copysets and pLoss as JSON, with the yearly estimate given a rate", () => {
    const r = crushmapCli(["durability", ...cluster, "--pool", "rbd", "--failures", "3", "--afr", "2%", "--recovery-hours", "12", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { copysets: number; pLoss: number; exact: boolean; annual: { afr: number; probability: number } };
    expect(out.copysets).toBe(64);
    expect(out.exact).toBe(true);
    expect(out.pLoss).toBeCloseTo(64 / 1540, 15); // 64 copysets of C(22, 3) device triples
    expect(out.annual.afr).toBe(0.02);
    expect(out.annual.probability).toBeGreaterThan(0);
    const same = JSON.parse(crushmapCli(["durability", ...cluster, "--pool", "rbd", "--failures", "3", "--afr", "0.02", "--recovery-hours", "12", "--json"]).stdout) as unknown;
    expect(same).toEqual(out);
    expect(JSON.parse(crushmapCli(["durability", ...cluster, "--pool", "rbd", "--failures", "3", "--afr", ".02", "--recovery-hours", "12", "--json"]).stdout)).toEqual(out);
  });

  it.each([
    [["--failures", "3", "--afr", "lots"], 2, "crushmap: --afr expects a rate like 2% or 0.02, got 'lots'\n"],
    [["--failures", "3", "--afr", "150%"], 2, "crushmap: --afr expects a rate like 2% or 0.02, got '150%'\n"],
    [["--failures", "3", "--afr", "0"], 2, "crushmap: --afr expects a rate like 2% or 0.02, got '0'\n"],
    [["--failures", "3", "--afr", "-2%"], 2, "crushmap: --afr expects a rate like 2% or 0.02, got '-2%'\n"],
    [["--failures", "0"], 2, "crushmap: --failures must be at least 1, got 0\n"],
    [["--failures", "23"], 1, "crushmap: failures must be an integer from 1 to 22 (the devices that can fail), got 23\n"],
    [["--failures", "4", "--domain", "rack"], 1, "crushmap: failures must be an integer from 1 to 3 (the racks that can fail), got 4\n"],
    [["--failures", "2", "--domain", "galaxy"], 1, "crushmap: the crush map has no bucket type 'galaxy'\n"],
    [[], 2, "crushmap: durability needs --failures K\n"],
  ])("rejects %j with exit %i and one line", (extra, status, line) => {
    const r = crushmapCli(["durability", ...cluster, "--pool", "rbd", ...extra]);
    expect(r.status).toBe(status);
    expect(oneLine(r)).toBe(line);
  });
});

describe("crushmap audit", () => {
  it("lists findings with their fixes, as text and JSON", () => {
    const json = crushmapCli(["audit", "--crush", join(dir, "crush.txt"), "--osdmap", join(dir, "osdmap.json"), "--json"]);
    expect(json.status).toBe(0);
    const findings = (JSON.parse(json.stdout) as { findings: { severity: string; kind: string; subject: string; message: string; fix: string }[] }).findings;
    // rack r1 carries 38.6% of the weight a one-copy-per-rack pool of size 3 can use a third of
    expect(findings.some((f) => f.kind === "dominant-bucket" && f.subject === "rack r1")).toBe(true);
    for (const f of findings) expect(f.fix.length).toBeGreaterThan(0);
    const text = crushmapCli(["audit", "--crush", join(dir, "crush.txt"), "--osdmap", join(dir, "osdmap.json")]);
    expect(text.stdout).toMatch(/^WARNING rack r1: .*\n {2}fix: /);
  });

  it("needs --crush", () => {
    const r = crushmapCli(["audit"]);
    expect(r.status).toBe(2);
    expect(oneLine(r)).toBe("crushmap: audit needs --crush CRUSH or a binary --osdmap\n");
  });
});
