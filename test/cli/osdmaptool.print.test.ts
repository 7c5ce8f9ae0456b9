/**
 * osdmaptool's spelling of --print, --dump FORMAT and --export-crush FILE, through the CLI, against
 * what osdmaptool 16.2, 18.2 and 20.2 wrote for the same maps (test/fixtures/osdmap-print): the
 * words on each stream, the exit status, the file written. Needs nothing installed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const HERE = join(FIXTURES, "osdmap-print");
const INDEX = JSON.parse(readFileSync(join(HERE, "index.json"), "utf8")) as Record<string, { readonly map: string } & Record<string, number | string>>;
const TMP = mkdtempSync(join(tmpdir(), "crushmap-osdmap-print-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const recorded = (name: string, release: number, what: string): string => readFileSync(join(HERE, "out", `${name}.${release}.${what}`), "utf8");
const osdmaptool = (...args: string[]) => crushmapCli(["osdmaptool", ...args]);

/** A map of each kind, with a release that read it. */
const SAMPLE: readonly (readonly [string, number])[] = [
  ["rep-upmap", 16], ["pgtemp", 18], ["reef-primaries", 18], ["ec", 20], ["tentacle-reads-sized", 20], ["made-16-simple", 18], ["made-20-upmapped", 20], ["made-18-nopool", 16],
];

describe("osdmaptool --print and --dump", () => {
  for (const [name, release] of SAMPLE) {
    const map = join(FIXTURES, INDEX[name]!.map);
    it(`prints and dumps ${name} as osdmaptool ${release} does, its banner on stderr`, () => {
      const print = osdmaptool(map, "--print", "--release", String(release));
      expect(print).toEqual({ status: 0, stdout: recorded(name, release, "print"), stderr: `osdmaptool: osdmap file '${map}'\n` });
      expect(osdmaptool("-p", map, "--release", String(release)).stdout).toBe(print.stdout);
      expect(osdmaptool(map, "--dump", "plain", "--release", String(release)).stdout).toBe(print.stdout);
      if (name.includes("upmapped")) return;
      for (const format of ["json", "json-pretty"]) {
        expect({ format, ...osdmaptool(map, "--dump", format, "--release", String(release)) }).toEqual({ format, status: 0, stdout: recorded(name, release, format), stderr: `osdmaptool: osdmap file '${map}'\n` });
      }
      // Ceph's formatter falls back to JSON for a name it does not know
      expect(osdmaptool(map, "--dump", "yaml", "--release", String(release)).stdout).toBe(recorded(name, release, "json"));
    });
  }

  it("prints and dumps the map as osdmaptool changed it in memory: marked out, up and in, temps cleared, crush reweighted", () => {
    let n = 0;
    for (const [name, e] of Object.entries(INDEX)) {
      for (const release of [16, 18, 20]) {
        if (e[String(release)] !== 0 || !existsSync(join(HERE, "out", `${name}.${release}.marked-print`))) continue;
        const map = join(FIXTURES, e.map);
        const r = String(release);
        expect({ name, release, out: osdmaptool(map, "--mark-out", "3", "--clear-temp", "--print", "--release", r).stdout }).toEqual({ name, release, out: recorded(name, release, "marked-print") });
        expect({ name, release, out: osdmaptool(map, "--mark-up-in", "--adjust-crush-weight", "1:2.5", "--dump", "json", "--release", r).stdout }).toEqual({ name, release, out: recorded(name, release, "marked-json") });
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(10);
  });

  it("reads what Ceph's osdmaptool refuses in its words: an empty file, a truncated map", () => {
    const empty = join(TMP, "empty");
    writeFileSync(empty, "");
    expect(osdmaptool("--print", empty)).toEqual({ status: 255, stdout: "", stderr: `osdmaptool: osdmap file '${empty}'\nosdmaptool: error decoding osdmap '${empty}'\n` });
    const cut = join(TMP, "cut");
    writeFileSync(cut, readFileSync(join(FIXTURES, "osdmap/ec/osdmap.bin")).subarray(0, 500));
    expect(osdmaptool("--dump", "json", cut).status).toBe(255);
  });

  it("refuses to print a JSON dump, with a usage error", () => {
    const json = osdmaptool(join(FIXTURES, "osdmap/ec/osdmap.json"), "--crush", join(FIXTURES, "osdmap/ec/crush.bin"), "--print");
    expect(json.status).toBe(2);
    expect(json.stderr).toMatch(/binary OSD map/);
  });
});

describe("osdmaptool --export-crush", () => {
  for (const [name, release] of SAMPLE) {
    it(`writes ${name}'s crush map as osdmaptool ${release} encodes it`, () => {
      const file = join(TMP, `${name}.${release}.crush`);
      const r = osdmaptool(join(FIXTURES, INDEX[name]!.map), "--export-crush", file, "--release", String(release));
      // osdmaptool's line, recorded for the file crush.out
      expect(r).toEqual({ status: 0, stdout: recorded(name, release, "export-crush").replace("crush.out", file), stderr: expect.stringMatching(/^osdmaptool: osdmap file /) });
      expect(readFileSync(file).equals(readFileSync(join(HERE, "out", `${name}.${release}.crush`)))).toBe(true);
    });
  }
});
