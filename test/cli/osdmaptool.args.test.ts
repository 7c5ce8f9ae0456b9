/**
 * osdmaptool's spelling reads its arguments as Ceph does — any order, `-` and `_` alike, `=value`,
 * Ceph's config options taken and ignored — and fails in osdmaptool's words and statuses. The
 * words below are what osdmaptool 18.2.7 printed for the same arguments (Ceph's own cram suite
 * holds several of them: pool.t, missing-argument.t, help.t); where osdmaptool is installed the
 * same command lines run against it too, on the binary twin of the JSON map crushmap reads.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { processIO } from "../../src/cli/io.js";
import { cephArgName, parseOsdmaptoolArgs, strictInt } from "../../src/cli/osdmaptoolArgs.js";
import { osdmaptoolMain, parseCephPgId } from "../../src/cli/osdmaptoolCommand.js";
import { osdmaptoolHelp } from "../../src/cli/osdmaptoolHelp.js";
import { reportError } from "../../src/cli/errors.js";
import { standInUnless } from "../support/standIn.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
const ours = mkdtempSync(join(tmpdir(), "osdmaptool-ours-"));
const theirs = mkdtempSync(join(tmpdir(), "osdmaptool-theirs-"));
copyFileSync(join(FIXTURE, "osdmap.json"), join(ours, "om"));
copyFileSync(join(FIXTURE, "osdmap.bin"), join(theirs, "om"));
const CRUSH = join(FIXTURE, "crush.bin");

/** crushmap as osdmaptool, in-process, in `cwd` (paths are relative, as Ceph's cram tests give them). */
function run(args: readonly string[], cwd = ours): { out: string; status: number } {
  let out = "";
  const io: CliIO = {
    ...processIO,
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    readFile: (p, check) => processIO.readFile(p.startsWith("/") ? p : join(cwd, p), check),
    writeFile: (p, d) => processIO.writeFile(p.startsWith("/") ? p : join(cwd, p), d),
  };
  let status: number;
  try {
    status = osdmaptoolMain(args, io, "osdmaptool");
  } catch (e) {
    status = reportError(e, (t) => void (out += t), false);
  }
  return { out, status };
}

/** With the crush map of the JSON dump (crushmap's extension; osdmaptool's binary map holds it). */
function runMap(args: readonly string[]): { out: string; status: number } {
  return run(["--crush", CRUSH, ...args]);
}

const help18 = osdmaptoolHelp(18);

describe("osdmaptool's arguments", () => {
  it("reads Ceph's spellings: dashes and underscores alike after the first two characters, =value", () => {
    expect(cephArgName("--test-map-pg")).toBe("--test_map_pg");
    expect(cephArgName("--pg-num=a-b")).toBe("--pg_num=a-b");
    const a = parseOsdmaptoolArgs(["--test-map-pg=1.0", "om", "--pool", "2", "--upmap-pool", "b", "--upmap-pool", "a", "--upmap-pool", "b"], "osdmaptool");
    expect(a).toEqual({ file: "om", values: { testMapPg: "1.0", pool: 2 }, upmapPools: ["a", "b"] });
  });

  it("takes Ceph's config options and ignores them, and leaves unknown options as positionals", () => {
    const a = parseOsdmaptoolArgs(["--osd_calc_pg_upmaps_aggressively=false", "om", "--debug-crush", "0", "-c", "ceph.conf", "--osd-pool-default-size", "3", "--test-map-pgs"], "osdmaptool");
    expect(a).toEqual({ file: "om", values: { testMapPgs: true }, upmapPools: [] });
    expect(parseOsdmaptoolArgs(["om", "--bogus", "--test-map-pgs"], "osdmaptool")).toMatchObject({ status: 1, stderr: "osdmaptool: too many arguments\n", usage: true });
  });

  it("reads integers as strict_strtol does", () => {
    expect(strictInt("12", 2 ** 31 - 1)).toBe(12);
    expect(strictInt("", 2 ** 31 - 1)).toBe("Expected option value to be integer, got ''");
    expect(strictInt("bar", 2 ** 31 - 1)).toBe("The option value 'bar' is invalid");
    expect(strictInt("99999999999", 2 ** 31 - 1)).toBe("The option value '99999999999' seems to be invalid");
  });

  it("reads a pgid as pg_t::parse does (hex seed, anything after it ignored)", () => {
    expect(parseCephPgId("1.1f")).toBe("1.1f");
    expect(parseCephPgId("1.0x1f")).toBe("1.1f");
    expect(parseCephPgId(" 1.0x")).toBe("1.0");
    expect(parseCephPgId("1.00a")).toBe("1.a");
    expect(parseCephPgId("1.zz")).toBeUndefined();
    expect(parseCephPgId("x")).toBeUndefined();
  });
});

describe("osdmaptool's words and statuses", () => {
  it("no arguments: one line, status 1", () => {
    expect(run([])).toEqual({ out: "osdmaptool: -h or --help for usage\n", status: 1 });
  });

  it("--help and -h anywhere: the usage text, status 1", () => {
    expect(run(["--help"], ours)).toEqual({ out: osdmaptoolHelp(20), status: 1 });
    expect(run(["om", "-h", "--release", "18"])).toEqual({ out: help18, status: 1 });
    expect(help18).toBe(readFileSync(join(import.meta.dirname, "..", "cram", "osdmaptool", "help.t"), "utf8").split("\n").slice(2, -2).map((l) => l.slice(2)).join("\n") + "\n");
  });

  it("a value left out, or one that does not parse", () => {
    expect(run(["om", "--test-map-object", "foo", "--pool"])).toEqual({ out: "Option --pool requires an argument.\n\n", status: 1 });
    expect(run(["om", "--test-map-object", "foo", "--pool", "bar"])).toEqual({ out: "The option value 'bar' is invalid\n", status: 1 });
    expect(run(["om", "--pool="])).toEqual({ out: "Expected option value to be integer, got ''\n", status: 1 });
    expect(run(["om", "--test-map-pg"])).toEqual({ out: "Option --test-map-pg requires an argument.\n", status: 1 });
    expect(run(["om", "--pg_num", "x"])).toEqual({ out: "error parsing integer value The option value 'x' is invalid\n", status: 1 });
  });

  it("no map, two maps, a deviation below 1: the message, then the usage text", () => {
    expect(run(["--test-map-pgs"])).toEqual({ out: "osdmaptool: must specify osdmap filename\n" + osdmaptoolHelp(20), status: 1 });
    expect(run(["a", "b", "--release", "18"])).toEqual({ out: "osdmaptool: too many arguments\n" + help18, status: 1 });
    expect(run(["om", "--upmap-deviation", "0", "--release", "18"])).toEqual({ out: "osdmaptool: upmap-deviation must be >= 1\n" + help18, status: 1 });
  });

  it("a map that cannot be opened or decoded: status 255", () => {
    expect(run(["nonexistent", "--test-map-pgs"])).toEqual({
      out: "osdmaptool: osdmap file 'nonexistent'\nosdmaptool: couldn't open nonexistent: can't open nonexistent: (2) No such file or directory\n",
      status: 255,
    });
  });

  it("a pool that does not exist", () => {
    expect(runMap(["om", "--test-map-object", "foo", "--pool", "123"])).toEqual({ out: "osdmaptool: osdmap file 'om'\nThere is no pool 123\n", status: 1 });
    expect(runMap(["om", "--test-map-pgs", "--pool", "123"])).toEqual({ out: "osdmaptool: osdmap file 'om'\nThere is no pool 123\n", status: 1 });
  });

  it("--test-map-object without --pool assumes pool 1 and says so on stdout", () => {
    expect(runMap(["om", "--test-map-object", "foo"]).out).toMatch(/^osdmaptool: osdmap file 'om'\nosdmaptool: assuming pool 1 \(use --pool to override\)\n object 'foo' -> 1\.[0-9a-f]+ -> \[[\d,]*\]\n$/);
  });

  it("a pgid that does not parse: the message, then the usage text", () => {
    expect(runMap(["om", "--test-map-pg", "1.zz", "--release", "18"])).toEqual({ out: "osdmaptool: osdmap file 'om'\nosdmaptool: failed to parse pg '1.zz\n" + help18, status: 1 });
  });

  it("nothing to do: 'no action specified?' after reading the map and marking it", () => {
    expect(runMap(["om", "--mark-up-in", "--release", "18"])).toEqual({ out: "osdmaptool: osdmap file 'om'\nmarking all OSDs up and in\nosdmaptool: no action specified?\n" + help18, status: 1 });
  });

  it("reads a 'ceph report' (OSD map and crush map in one), as the OSD map dump with its crush map", () => {
    const dir = join(FIXTURE, "..", "report");
    for (const args of [["--test-map-pgs-dump-all", "--mark-up-in"], ["--tree=json-pretty"], ["--test-map-object", "x"]]) {
      const report = run([join(dir, "report.json"), ...args]);
      const dump = run([join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), ...args]);
      expect(report.status).toBe(0);
      expect(report.out).toBe(dump.out.replace("osdmap.json", "report.json"));
    }
    expect(run([join(dir, "osdmap.json"), "--tree"]).status).toBe(2);
  });

  it("what only osdmaptool does (writing maps) is refused with exit 2, before anything is read", () => {
    expect(run(["om", "--createsimple", "3"])).toEqual({ out: "crushmap: osdmaptool's --createsimple is not answered by crushmap: run Ceph's osdmaptool for it\n", status: 2 });
  });
});

const hasOsdmaptool = spawnSync("osdmaptool", ["--version"], { encoding: "utf8" }).error === undefined;

/** osdmaptool itself in `theirs`, stdout and stderr in one stream as cram takes them. */
function osdmaptool(args: readonly string[]): { out: string; status: number } {
  const r = spawnSync("/bin/sh", ["-c", 'exec 2>&1; exec osdmaptool "$@"', "sh", ...args], { cwd: theirs, encoding: "utf8" });
  return { out: r.stdout, status: r.status ?? -1 };
}

standInUnless(hasOsdmaptool, "osdmaptool's spelling against osdmaptool", "osdmaptool not installed: the differential half is skipped");
describe.skipIf(!hasOsdmaptool)("the same command lines against osdmaptool (installed), on its binary map and on the JSON dump", () => {
  const lines = [
    ["om", "--test-map-pg", "1.1f"],
    ["--test_map_pg", "1.0x1f", "om"],
    ["om", "--test-map-object", "foo", "--pool=1"],
    ["om", "--test-map-object", "bar"],
    ["om", "--mark-up-in", "--mark-out", "2", "--test-map-pgs-dump", "--pool", "1"],
    ["om", "--test-map-pgs-dump-all", "--pg_num", "8"],
    ["om", "--test-map-pgs", "--pool", "-1"],
    ["om", "--pool", "123", "--test-map-pgs"],
    ["om", "--test-map-pg", "1.zz"],
    ["om", "--mark-out", "99", "--test-map-pg", "1.3"],
    ["om", "--test-map-pgs", "--pool"],
    ["om", "--test-map-pgs", "--pool", "baz"],
    ["om", "--upmap-max"],
    ["om", "--osd_calc_pg_upmaps_aggressively=false", "--debug-osd", "0", "--test-map-pg", "1.2"],
    ["om", "--tree"],
    ["om", "--tree", "plain", "--mark-up-in"],
    ["--tree=json-pretty", "om", "--mark-out", "1"],
    ["om", "--tree=json"],
    ["om", "--adjust-crush-weight", "0:5", "--test-map-pgs-dump", "--pool", "1"],
    ["om", "--adjust-crush-weight", "0:0.5,3:2.25,,99:1", "--tree"],
    ["om", "--adjust-crush-weight", "05"],
    ["om", "--clear-temp"],
  ];
  for (const args of lines) {
    it(`osdmaptool ${args.join(" ")}`, () => {
      // the installed osdmaptool is 16.2: its usage text is 16.2's
      const theirsOut = osdmaptool(args);
      // the binary map itself, and its JSON dump with the crush map beside it
      expect(run(["--release", "16", ...args], theirs)).toEqual(theirsOut);
      expect(runMap(["--release", "16", ...args])).toEqual(theirsOut);
    });
  }
});

describe.skipIf(!hasOsdmaptool)("--tree, --clear-temp, --adjust-crush-weight against osdmaptool (installed), on maps with classes, weight sets, erasure pools, pg_temp", () => {
  const lines = [["--tree=plain"], ["--tree=json"], ["--tree=json-pretty"], ["--clear-temp", "--test-map-pgs-dump-all"], ["--adjust-crush-weight", "2:0.75,5:3", "--mark-up-in", "--test-map-pgs"]];
  for (const cluster of ["classes", "ec", "pgtemp", "rep-upmap"]) {
    // classes' weight sets do not sum to their children (made so on purpose): there Ceph re-sums
    // every entry of each parent it touches and crushmap only the changed child's (see the README)
    for (const args of cluster === "classes" ? lines.filter((l) => l[0] !== "--adjust-crush-weight") : lines) {
      it(`${cluster}: ${args.join(" ")}`, () => {
        const dir = join(FIXTURE, "..", cluster);
        const ceph = spawnSync("osdmaptool", [join(dir, "osdmap.bin"), ...args], { encoding: "utf8" });
        let out = "";
        const io: CliIO = { ...processIO, stdout: (t) => void (out += t), stderr: () => undefined };
        expect(osdmaptoolMain([join(dir, "osdmap.bin"), ...args], io, "osdmaptool")).toBe(0);
        expect(out).toBe(ceph.stdout);
      });
    }
  }
});

describe.skipIf(!hasOsdmaptool)("--test-random against osdmaptool (installed): random placements, the same totals", () => {
  // osdmaptool draws with rand() seeded by its pid: only what does not depend on the draw compares
  const steady = (out: string): string[] => out.split("\n").filter((l) => /^(pool |size | in |#osd)/.test(l));
  const total = (out: string): number => out.split("\n").filter((l) => l.startsWith("osd.")).reduce((n, l) => n + Number(l.split("\t")[1]), 0);
  for (const args of [["om", "--mark-up-in", "--test-random", "--test-map-pgs"], ["om", "--mark-up-in", "--test-random", "--test-map-pgs", "--pool", "1", "--pg_num", "100"]]) {
    it(`osdmaptool ${args.join(" ")}`, () => {
      const ours = run(["--release", "16", ...args], theirs);
      const ceph = osdmaptool(args);
      expect(ours.status).toBe(ceph.status);
      expect(steady(ours.out)).toEqual(steady(ceph.out));
      expect(total(ours.out)).toBe(total(ceph.out));
      // and a second run of crushmap draws the same
      expect(run(["--release", "16", ...args], theirs)).toEqual(ours);
    });
  }
});

describe.skipIf(!hasOsdmaptool)("--mark-up, --mark-in, --mark-out on a map whose OSDs do not exist yet (osdmaptool --createsimple)", () => {
  const dir = mkdtempSync(join(tmpdir(), "osdmaptool-simple-"));
  if (hasOsdmaptool) spawnSync("osdmaptool", ["--createsimple", "5", "--with-default-pool", "sm"], { cwd: dir });
  // --mark-in without --mark-up is left out: osdmaptool then writes before its weight vector and crashes
  const lines = [
    ["sm", "--mark-up", "2", "--test-map-pg", "1.0"],
    ["sm", "--mark-up", "1", "--mark-in", "2", "--test-map-pgs-dump"],
    ["sm", "--mark-up", "1.9", "--mark-out", "1", "--test-map-pg", "1.0"],
    ["sm", "--mark-out", "3", "--mark-up", "3", "--mark-in", "0", "--test-map-pgs-dump-all", "--pg_num", "12"],
    ["sm", "--mark-up=4", "--mark-in=4", "--tree"],
    ["sm", "--mark-up-in", "--mark-out", "0", "--tree=json-pretty"],
  ];
  for (const args of lines) {
    it(`osdmaptool ${args.join(" ")}`, () => {
      const ceph = spawnSync("/bin/sh", ["-c", 'exec 2>&1; exec osdmaptool "$@"', "sh", ...args], { cwd: dir, encoding: "utf8" });
      expect(run(["--release", "16", ...args], dir)).toEqual({ out: ceph.stdout, status: ceph.status });
    });
  }
});
