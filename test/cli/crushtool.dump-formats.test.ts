/**
 * `crushtool -i MAP --dump -f FMT` beyond JSON, replayed from test/fixtures/dump-formats (recorded
 * from crushtool 16.2, 18.2 and 20.2; nothing installed is needed): xml, xml-pretty, html,
 * html-pretty, table, table-kv, and an unknown word falling back to json-pretty. Through the
 * library for every recorded output, and through crushmap's crushtool spelling for one map.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crushtoolDump, dumpFormat } from "../../src/map/dump/crushtoolDump.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CephRelease } from "../../src/map/release.js";
import { crushmapCli } from "../support/crushtool.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const HERE = join(FIXTURES, "dump-formats");

/** The binary a recorded output was dumped from. */
function input(map: string): string {
  return join(FIXTURES, map.endsWith("-msr") ? "msr/out" : "golden/out", `${map}.bin`);
}

/** The recorded outputs of `release`: map, the -f word, the text. */
function recorded(release: CephRelease, map?: string): { map: string; word: string; text: string }[] {
  const dir = join(HERE, `out-${release}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt.gz") && (map === undefined ? !f.startsWith("escapes.") : f.startsWith(`${map}.`)))
    .map((f) => {
      const [map, word] = f.replace(/\.txt\.gz$/, "").split(".") as [string, string];
      return { map, word, text: gunzipSync(readFileSync(join(dir, f))).toString("utf8") };
    });
}

describe("--dump -f FMT prints what crushtool prints (recorded)", () => {
  for (const release of [16, 18, 20] as const) {
    it(`Ceph ${release}: every recorded map and format, byte for byte`, () => {
      const cases = recorded(release);
      // every format and the fallback, on at least five maps
      expect(new Set(cases.map((c) => c.word))).toEqual(new Set(["xml", "xml-pretty", "html", "html-pretty", "table", "table-kv", "bogus"]));
      expect(cases.length).toBeGreaterThanOrEqual(35);
      const differ = cases.filter((c) => crushtoolDump(loadCrushMap(readFileSync(input(c.map))), { release, format: dumpFormat(c.word) }) !== c.text);
      expect(differ.map((c) => `${c.map} -f ${c.word}`)).toEqual([]);
    });
  }

  it("escapes names as each formatter does: markup, quotes, backslash, tab, newline, a control character, UTF-8", () => {
    // names crushtool never compiles but reads from a binary (record.sh patches them in)
    const map = decodeCrushMap(new Uint8Array(readFileSync(join(HERE, "escapes.bin"))));
    expect(map.devices.find((d) => d.id === 0)?.name).toBe('d<&>"\'\u0001a');
    for (const release of [16, 18, 20] as const) {
      const cases = recorded(release, "escapes").filter((c) => c.word !== "decompiled" && c.word !== "tree");
      expect(cases.length).toBe(9);
      const differ = cases.filter((c) => crushtoolDump(map, { release, format: dumpFormat(c.word) }) !== c.text);
      expect({ release, differ: differ.map((c) => c.word) }).toEqual({ release, differ: [] });
    }
  });

  it("crushmap's crushtool spelling reads such a binary as crushtool does: -d, --tree and --dump, quietly", () => {
    const bin = join(HERE, "escapes.bin");
    for (const release of [16, 18, 20] as const) {
      const rel = ["--release", String(release)];
      const expected = new Map(recorded(release, "escapes").map((c) => [c.word, c.text]));
      // crushtool takes a bucket whose name it cannot compile for a class shadow (is_shadow_item)
      // and leaves it out of -d; its tree pads names by bytes
      expect(expected.get("decompiled")).not.toContain("weight 3.000\n\talg straw2\n\thash 0\t# rjenkins1\n\titem d<&>");
      const runs: [string, string[]][] = [
        ["decompiled", ["-d", bin, ...rel]],
        ["tree", ["-i", bin, "--tree", ...rel]],
        ["xml", ["-i", bin, "--dump", "-f", "xml", ...rel]],
        ["table", ["-i", bin, "--dump", "-f", "table", ...rel]],
        ["json-pretty", ["-i", bin, "--dump", ...rel]],
      ];
      for (const [word, args] of runs) {
        const run = crushmapCli(args);
        expect({ release, word, status: run.status, stderr: run.stderr, same: run.stdout === expected.get(word) }).toEqual({ release, word, status: 0, stderr: "", same: true });
      }
    }
    // crushmap's own commands say what they read
    expect(crushmapCli(["tree", "-i", bin]).stderr).toMatch(/^crushmap: warning: .*a name crushtool cannot compile/);
  });

  it("crushmap's crushtool spelling: -f of each word, an unknown one as json-pretty", () => {
    const map = "26-choose-args-positions";
    for (const c of recorded(16).filter((r) => r.map === map)) {
      const run = crushmapCli(["-i", input(map), "--dump", "-f", c.word, "--release", "16"]);
      expect({ word: c.word, status: run.status, same: run.stdout === c.text }).toEqual({ word: c.word, status: 0, same: true });
    }
  });

  it("dumpFormat: the eight words as they are (case matters), anything else json-pretty", () => {
    for (const w of ["json", "json-pretty", "xml", "xml-pretty", "html", "html-pretty", "table", "table-kv"]) expect(dumpFormat(w)).toBe(w);
    for (const w of ["", "bogus", "XML", "table-kv "]) expect(dumpFormat(w)).toBe("json-pretty");
  });
});
