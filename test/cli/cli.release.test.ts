/**
 * `--release` on compile and decompile: the CLI writes what each release's crushtool wrote for the
 * golden maps (recorded by test/fixtures/golden/record.sh from 16.2.15, 18.2.7 and 20.2.4).
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const golden = join(import.meta.dirname, "..", "fixtures", "golden");
const outDir = { "16": "out", pacific: "out", "18": "out-18", reef: "out-18", "20": "out-20", tentacle: "out-20" } as const;
const maps = ["01-straw2-flat", "09-tree-hosts", "14-tunables-jewel", "17-set-steps", "23-classes-ids-straw2", "26-choose-args-positions", "35-lrc-rack-host"].filter((m) => existsSync(join(golden, "maps", `${m}.txt`)));

describe("crushmap compile/decompile --release", () => {
  it("has golden maps to check", () => expect(maps.length).toBeGreaterThan(0));

  for (const [release, dir] of Object.entries(outDir)) {
    it(`decompiles and compiles as crushtool ${release} does`, () => {
      const tmp = mkdtempSync(join(tmpdir(), "crushmap-release-"));
      for (const m of maps) {
        const src = join(golden, "maps", `${m}.txt`);
        const d = crushmapCli(["decompile", src, "--release", release]);
        expect(d.status, d.stderr).toBe(0);
        expect(d.stdout).toBe(readFileSync(join(golden, dir, `${m}.decompiled.txt`), "utf8"));
        const out = join(tmp, `${m}.bin`);
        // crushtool's own spelling, flags in any order
        const c = crushmapCli(["--release", release, "-o", out, "-c", src]);
        expect(c.status, c.stderr).toBe(0);
        expect(Buffer.compare(readFileSync(out), readFileSync(join(golden, dir, `${m}.bin`)))).toBe(0);
      }
    });
  }

  it("refuses an unknown release in one line", () => {
    const r = crushmapCli(["decompile", join(golden, "maps", `${maps[0]}.txt`), "--release", "99"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toMatch(/--release/);
  });
});
