/**
 * crushtool --reclassify against crushtool 16.2 on random legacy maps: the same options on the
 * same binary map print the same report, fail or succeed alike, and write the same bytes.
 * Skipped where crushtool is absent.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crushmapCli, crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText, withoutCephLog as withoutLog } from "../support/crushtool.js";
import { legacyMap } from "../support/legacyClassMap.js";
import { standInUnless } from "../support/standIn.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { printCrushText } from "../../src/map/text/print.js";

const SEEDS = 30;

/** The option sets of Ceph's reclassify.t, and a few that fail. */
function optionSets(ssdMatch: string): string[][] {
  const bucket = ["--reclassify-bucket", ssdMatch, "ssd", "default", "--reclassify-bucket", "ssd", "ssd", "default"];
  return [
    ["--set-subtree-class", "default", "hdd", "--reclassify", "--reclassify-root", "default", "hdd"],
    ["--reclassify", "--reclassify-root", "default", "hdd"],
    ["--reclassify", ...bucket],
    ["--set-subtree-class", "default", "hdd", "--reclassify", ...bucket, "--reclassify-root", "default", "hdd"],
    ["--reclassify", "--reclassify-bucket", ssdMatch, "ssd", "default", "--reclassify-root", "default", "hdd"],
    ["--reclassify", "--reclassify-root", "no-such-root", "hdd"],
    ["--reclassify", "--reclassify-bucket", ssdMatch, "ssd", "no-such-parent"],
    ["--rebuild-class-roots"],
    ["--set-subtree-class", "ssd", "ssd", "--reclassify"],
  ];
}

standInUnless(hasCrushtool, "reclassify against crushtool 16.2", SKIP_MESSAGE);
describe.skipIf(!hasCrushtool)("crushtool --reclassify, against crushtool 16.2", () => {
  it(`reclassifies ${SEEDS} random legacy maps with crushtool's report, status and bytes`, () => {
    let written = 0;
    let failed = 0;
    let crashed = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const m = legacyMap(seed * 7919);
      const bin = crushtoolCompile(tempText(m.text));
      optionSets(m.ssdMatch).forEach((opts, k) => {
        const theirsPath = `${bin}.theirs${k}`;
        const oursPath = `${bin}.ours${k}`;
        const theirs = crushtool(["-i", bin, ...opts, "-o", theirsPath]);
        const ours = crushmapCli(["-i", bin, ...opts, "-o", oursPath, "--release", "16"]);
        const what = `seed ${seed}: crushtool -i MAP ${opts.join(" ")}`;
        if (theirs.status === -1 || theirs.status > 128) {
          // crushtool 16.2 aborts (ceph_assert in insert_item) where a uniform bucket refuses an
          // item; crushmap fails there with crushtool's error words instead
          expect(ours.status, what).toBe(1);
          expect(ours.stdout.startsWith(theirs.stdout), what).toBe(true);
          crashed++;
          return;
        }
        expect({ status: ours.status, stdout: ours.stdout, stderr: withoutLog(ours.stderr) }, what).toEqual({
          status: theirs.status,
          stdout: theirs.stdout,
          stderr: withoutLog(theirs.stderr),
        });
        if (theirs.status !== 0) {
          failed++;
          return;
        }
        const theirsBytes = readFileSync(theirsPath);
        expect(Buffer.from(readFileSync(oursPath)).equals(theirsBytes), `${what}: the bytes written`).toBe(true);
        // crushtool's own output reads back byte for byte and prints as its -d prints it
        const decoded = decodeCrushMap(new Uint8Array(theirsBytes));
        expect(Buffer.from(encodeCrushMap(decoded, { release: 16 })).equals(theirsBytes), `${what}: crushtool's map round trip`).toBe(true);
        if (k % 3 === 0) expect(printCrushText(decoded, { release: 16 }), `${what}: -d`).toBe(crushtool(["-d", theirsPath]).stdout);
        written++;
      });
    }
    console.log(`reclassify: ${written} maps written byte for byte as crushtool's, ${failed} failures alike, ${crashed} where crushtool aborts`);
    expect(written).toBeGreaterThan(SEEDS * 4);
  }, 600_000);
});
