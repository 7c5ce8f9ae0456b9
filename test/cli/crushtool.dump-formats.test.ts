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
function recorded(release: CephRelease): { map: string; word: string; text: string }[] {
  const dir = join(HERE, `out-${release}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt.gz"))
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
