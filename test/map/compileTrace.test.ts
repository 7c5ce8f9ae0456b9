/**
 * `crushtool -v -c MAP -o OUT` replayed from test/fixtures/compile-verbose (recorded from
 * crushtool 16.2, 18.2 and 20.2; nothing installed is needed): the compiler trace on stderr
 * through the library (compileTrace) and through crushmap's crushtool spelling, and
 * `wrote crush map to OUT` on stdout.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileTrace } from "../../src/map/text/compileTrace.js";
import { crushmapCli } from "../support/crushtool.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const HERE = join(FIXTURES, "compile-verbose");
const mapPath = (map: string): string => join(FIXTURES, "golden", "maps", `${map}.txt`);
const out = mkdtempSync(join(tmpdir(), "crushmap-verbose-"));

/** The recorded runs of `release`: map, stderr, stdout. */
function recorded(release: number): { map: string; stderr: string; stdout: string }[] {
  const dir = join(HERE, `out-${release}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".stderr.txt"))
    .map((f) => {
      const map = f.replace(/\.stderr\.txt$/, "");
      const read = (kind: string) => readFileSync(join(dir, `${map}.${kind}.txt`), "utf8");
      return { map, stderr: read("stderr"), stdout: read("stdout") };
    });
}

describe("crushtool -v -c prints crushtool's compiler trace (recorded)", () => {
  for (const release of [16, 18, 20]) {
    it(`Ceph ${release}: compileTrace gives every recorded trace, line for line`, () => {
      const cases = recorded(release);
      expect(cases.length).toBeGreaterThanOrEqual(7);
      for (const c of cases) {
        const lines = compileTrace(readFileSync(mapPath(c.map), "utf8"), { release });
        expect({ map: c.map, trace: lines.map((l) => `${l}\n`).join("") }).toEqual({ map: c.map, trace: c.stderr });
      }
    });

    it(`Ceph ${release}: crushmap -v -c MAP -o OUT prints the trace and where the map went`, () => {
      for (const c of recorded(release)) {
        const file = join(out, `${c.map}-${release}.bin`);
        const run = crushmapCli(["-v", "-c", mapPath(c.map), "-o", file, "--release", String(release)]);
        expect({ map: c.map, status: run.status, stderr: run.stderr, stdout: run.stdout.replace(file, "OUT") }).toEqual({
          map: c.map,
          status: 0,
          stderr: c.stderr,
          stdout: c.stdout,
        });
      }
    });
  }

  it("the recordings hold what the trace is about: class takes, class ids, choose_args silent", () => {
    const all = recorded(16).map((c) => c.stderr).join("");
    expect(all).toMatch(/^rule \S+ take (\S+) remapped to \1~\w+$/m);
    expect(all).toMatch(/^bucket \S+ id -\d+ class '\w+'$/m);
    expect(all).toMatch(/^tunable \w+ \d+$/m);
    expect(all).not.toMatch(/choose_args|weight_set/);
  });

  it("without -v: no trace and no 'wrote' line; -v without -o: no 'wrote' line", () => {
    const file = join(out, "quiet.bin");
    const quiet = crushmapCli(["-c", mapPath("23-classes-ids-straw2"), "-o", file, "--release", "16"]);
    expect(quiet).toEqual({ status: 0, stdout: "", stderr: "" });
    const noOut = crushmapCli(["-v", "-c", mapPath("14-tunables-jewel"), "--release", "16"]);
    expect(noOut.stdout).not.toContain("wrote crush map");
    expect(noOut.stderr).toContain("bucket default (-1) 5 items and weight 24.459\n");
  });
});
