/**
 * crushmap's `osdmaptool --upmap` against Ceph's osdmaptool (16.2 installed; 18.2 and 20.2 in
 * their chroots, when run as root) on random clusters: OSD maps osdmaptool builds from random
 * ceph.confs (racks, hosts, OSDs, pool size, failure domain), with random --mark-out,
 * --adjust-crush-weight, --upmap-max, --upmap-deviation and the aggressive options (off; on with
 * --upmap-seed from 18.2, with the fast mode and the local fallback retries varied); the
 * multi-pool osdmap fixtures (with invalid upmaps and, on 20.2, pg_upmap_primaries for
 * clean_pg_upmaps); and second rounds on a map that already holds upmap items from a first round
 * (osdmaptool --save), which exercises clean_pg_upmaps and the searches that undo items. The command file
 * must be the same bytes and stdout the same lines; runs over several pools are replayed in
 * osdmaptool's random pool order. Skipped with a message where osdmaptool is absent.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { standInUnless } from "../support/standIn.js";
import { crushmapUpmap, pinnedRun } from "../support/upmapRuns.js";

interface Tool {
  readonly release: "16" | "18" | "20";
  /** The working dir as seen here. */
  readonly dir: string;
  /** osdmaptool run in the working dir; its stdout. */
  readonly run: (args: readonly string[]) => string;
}

const made: string[] = [];
afterAll(() => {
  if (process.env.KEEP_TMP === undefined) for (const d of made) rmSync(d, { recursive: true, force: true });
});

function works(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error === undefined && r.status === 0;
}

function tools(): Tool[] {
  const out: Tool[] = [];
  const opts = (cwd?: string) => ({ encoding: "utf8" as const, stdio: ["ignore", "pipe", "ignore"] as ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26, ...(cwd === undefined ? {} : { cwd }) });
  if (works("osdmaptool", ["--version"])) {
    const dir = mkdtempSync(join(tmpdir(), "crushmap-upmapdiff-"));
    made.push(dir);
    out.push({ release: "16", dir, run: (a) => execFileSync("osdmaptool", a, opts(dir)) });
  }
  for (const [release, root] of [["18", "/work/chroots/ceph18"], ["20", "/work/chroots/ceph20"]] as const) {
    if (!existsSync(join(root, "usr/bin/osdmaptool")) || !works("chroot", [root, "osdmaptool", "--version"])) continue;
    const dir = mkdtempSync(join(root, "tmp", "crushmap-upmapdiff-"));
    made.push(dir);
    const there = dir.slice(root.length);
    out.push({ release, dir, run: (a) => execFileSync("chroot", [root, "sh", "-c", 'cd "$0" && exec osdmaptool "$@"', there, ...a], opts()) });
  }
  return out;
}

/** A small deterministic generator (Park–Miller), so every run tests the same clusters. */
class Lcg {
  constructor(private x: number) {}
  int(n: number): number {
    this.x = (this.x * 48271) % 2147483647;
    return this.x % n;
  }
}

/** A random ceph.conf: racks of hosts of OSDs, the pool size and the rule's failure domain; and its OSD count. */
function randomConf(g: Lcg): { text: string; osds: number } {
  const lines = ["[global]", `  osd pool default size = ${2 + g.int(3)}`, `  osd crush chooseleaf type = ${[0, 1, 1, 3][g.int(4)]}`];
  let osd = 0;
  const racks = 1 + g.int(5);
  for (let r = 0; r < racks; r++) {
    const hosts = 1 + g.int(4);
    for (let h = 0; h < hosts; h++) {
      const n = 1 + g.int(6);
      for (let k = 0; k < n; k++) lines.push(`[osd.${osd++}]`, `  host = h${r}-${h}`, `  rack = r${r}`);
    }
  }
  return { text: lines.join("\n") + "\n", osds: osd };
}

/**
 * Random balancing options for `release` (aggressive runs only where a seed makes them
 * repeatable); `adjust`: with a random --adjust-crush-weight half the time.
 */
function randomOptions(g: Lcg, release: string, osds: number, adjust = true): string[] {
  const a = ["--upmap-max", String(1 + g.int(60)), "--upmap-deviation", String(1 + g.int(3))];
  if (g.int(2) === 0) a.push("--mark-out", String(g.int(osds)));
  if (g.int(2) === 0 && adjust) a.push("--adjust-crush-weight", `${g.int(osds)}:${1 + g.int(3)}.5,${g.int(osds)}:0.${1 + g.int(9)}`);
  if (release !== "16" && g.int(3) !== 0) {
    a.push("--upmap-seed", String(g.int(100000)));
    if (g.int(3) === 0) a.push("--osd_calc_pg_upmaps_aggressively_fast=false");
    if (g.int(2) === 0) a.push(`--osd_calc_pg_upmaps_local_fallback_retries=${g.int(4)}`);
  } else {
    a.push("--osd_calc_pg_upmaps_aggressively=false");
  }
  return a;
}

/** Runs osdmaptool and crushmap on the same arguments (map file first) and compares them. */
function compare(tool: Tool, args: readonly string[]): void {
  const ceph = tool.run([...args, "--upmap", "ceph.upmap"]);
  const pinned = pinnedRun(args, ceph);
  const r = crushmapUpmap(tool.release, tool.dir, [...pinned.args, "--upmap", "crushmap.upmap"]);
  expect(r.upmap, `crushmap ${pinned.args.join(" ")}`).toBe(readFileSync(join(tool.dir, "ceph.upmap"), "utf8"));
  expect(pinned.seen(r.stdout).replace("crushmap.upmap", "ceph.upmap")).toBe(pinned.expected);
}

const TOOLS = tools();
const FIXTURES = join(import.meta.dirname, "..", "fixtures/osdmap");
standInUnless(TOOLS.length > 0, "osdmaptool --upmap against Ceph's", "osdmaptool not installed (apt-get install ceph-base): differential tests skipped");

describe.each(TOOLS.map((t) => [t.release, t] as const))("osdmaptool %s --upmap: crushmap computes what Ceph computes", (release, tool) => {
  const g = new Lcg(release === "16" ? 16 : release === "18" ? 18 : 20);
  for (let c = 0; c < 8; c++) {
    const conf = randomConf(g);
    const runs = [0, 1, 2, 3, 4].map(() => randomOptions(g, release, conf.osds));
    it(`random cluster ${c} (${conf.osds} OSDs): ${runs.length} runs`, () => {
      writeFileSync(join(tool.dir, `c${c}.conf`), conf.text);
      tool.run(["--create-from-conf", `c${c}.om`, "-c", `c${c}.conf`, "--with-default-pool", "--clobber", "--osd-pg-bits", String(3 + (c % 4))]);
      for (const opts of runs) compare(tool, [`c${c}.om`, "--mark-up-in", ...opts]);
    });
  }
  for (const m of ["classes", "ec", "rep-basic", "rep-upmap", "primaries"]) {
    const src = join(FIXTURES, release === "16" ? "" : release === "18" ? "reef" : "tentacle", m, "osdmap.bin");
    // with --adjust-crush-weight half the time: the classes map's weight sets do not sum, and
    // Ceph re-sums them all on a reweight
    const runs = [0, 1, 2].map(() => randomOptions(g, release, 12));
    it.skipIf(!existsSync(src))(`${m}: every pool, in osdmaptool's order`, () => {
      copyFileSync(src, join(tool.dir, `${m}.om`));
      for (const opts of runs) compare(tool, [`${m}.om`, ...opts]);
    });
  }
  let secondRounds = 0;
  let firstRounds = 0;
  for (let c = 0; c < 4; c++) {
    const conf = randomConf(g);
    const second = [0, 1, 2, 3].map((k) => randomOptions(g, release, conf.osds, k % 2 === 0));
    it(`second rounds on a map holding upmap items (cluster ${conf.osds} OSDs)`, () => {
      writeFileSync(join(tool.dir, `s${c}.conf`), conf.text);
      tool.run(["--create-from-conf", `s${c}.om`, "-c", `s${c}.conf`, "--with-default-pool", "--clobber"]);
      // the first round is Ceph's alone (aggressive, so at random): it only makes the input
      tool.run([`s${c}.om`, "--mark-up-in", "--upmap-max", "40", "--upmap-deviation", "1", "--upmap", "first.upmap", "--save"]);
      // the first item's target, marked out, makes clean_pg_upmaps drop that item
      const first = readFileSync(join(tool.dir, "first.upmap"), "utf8").split("\n")[0]!.split(" ");
      if (first.length >= 6) firstRounds++;
      for (const [k, opts] of second.entries()) {
        const out = k % 2 === 1 && first.length >= 6 ? ["--mark-out", first[5]!] : [];
        compare(tool, [`s${c}.om`, "--mark-up-in", ...out, ...opts.filter((_, i) => out.length === 0 || (opts[i] !== "--mark-out" && opts[i - 1] !== "--mark-out"))]);
        // clean_pg_upmaps had work to do (an OSD of an item marked out, weights changed)
        if (readFileSync(join(tool.dir, "ceph.upmap"), "utf8").includes("rm-pg-upmap-items")) secondRounds++;
      }
    });
  }
  it("second rounds removed upmap items (clean_pg_upmaps or the searches that undo items)", () => {
    if (firstRounds > 0) expect(secondRounds).toBeGreaterThan(0);
  });
});
