/**
 * `crushmap -i MAP --dump` (crushtoolDump) against `crushtool -i MAP --dump` of Ceph 16.2 and,
 * where their chroots exist, 18.2 and 20.2: byte for byte on the golden corpus (every bucket
 * algorithm, classes, choose_args, sparse ids, unnamed rules, every set step) and, for 20.2, the
 * MSR maps. Also `-f json`, the formats beyond JSON (xml, html, table; all maps for 16, a sample
 * for 18 and 20) and the spelling `crushtool -d MAP --dump`.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushtoolDump } from "../../src/map/dump/crushtoolDump.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CephRelease } from "../../src/map/release.js";
import { crushmapCli, crushtool, hasCrushtool } from "../support/crushtool.js";
import { standInUnless } from "../support/standIn.js";

const GOLDEN = join(import.meta.dirname, "..", "fixtures/golden/out");
const MSR = join(import.meta.dirname, "..", "fixtures/msr/out");
const bins = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(".bin")).map((f) => join(dir, f));

/** crushtool of `release` on `file` (16: the installed one; 18, 20: their chroots). */
function theirDump(release: CephRelease, file: string, extra: readonly string[] = []): string {
  if (release === 16) return execFileSync("crushtool", ["-i", file, "--dump", ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
  const root = `/work/chroots/ceph${release}`;
  copyFileSync(file, join(root, "tmp/dump-input.bin"));
  return execFileSync("chroot", [root, "crushtool", "-i", "/tmp/dump-input.bin", "--dump", ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
}

const chroot = (r: number): boolean => existsSync(`/work/chroots/ceph${r}/usr/bin/crushtool`);

standInUnless(hasCrushtool, "--dump against crushtool", "crushtool not installed: --dump is not compared");
describe.skipIf(!hasCrushtool)("--dump prints what crushtool --dump prints", () => {
  const releases: [CephRelease, boolean, string[]][] = [
    [16, true, bins(GOLDEN)],
    [18, chroot(18), bins(GOLDEN)],
    [20, chroot(20), [...bins(GOLDEN), ...bins(MSR)]],
  ];
  for (const [release, present, files] of releases) {
    it.skipIf(!present)(`Ceph ${release}: ${files.length} maps, byte for byte`, () => {
      const differ = files.filter((f) => crushtoolDump(loadCrushMap(readFileSync(f)), { release }) !== theirDump(release, f));
      expect(differ).toEqual([]);
    });
  }

  // the other formats: every golden map for 16 (the widest tables are a few MB), a few for 18 and 20
  const formats = ["xml", "xml-pretty", "html", "html-pretty", "table", "table-kv"] as const;
  for (const [release, present, files] of releases) {
    const some = release === 16 ? files : files.filter((_, i) => i % 5 === 0);
    it.skipIf(!present)(`Ceph ${release}: -f ${formats.join(", ")} on ${some.length} maps, byte for byte`, () => {
      const differ: string[] = [];
      for (const f of some) {
        const map = loadCrushMap(readFileSync(f));
        for (const format of formats) if (crushtoolDump(map, { release, format }) !== theirDump(release, f, ["-f", format])) differ.push(`${f} -f ${format}`);
      }
      expect(differ).toEqual([]);
    });
  }

  it("-f json, and crushtool's spelling (-i or -d, --release) through the command line", () => {
    const file = join(GOLDEN, "26-choose-args-positions.bin");
    expect(crushmapCli(["-i", file, "--dump", "-f", "json", "--release", "16"]).stdout).toBe(theirDump(16, file, ["-f", "json"]));
    expect(crushmapCli(["--dump", "-d", file, "--release", "16"]).stdout).toBe(crushtool(["-d", file, "--dump"]).stdout);
  });
});
