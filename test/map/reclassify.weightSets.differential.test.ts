/**
 * crushtool --reclassify of maps with weight sets (choose_args), against crushtool 16.2 on random
 * legacy maps: a compat set and sometimes a pool's, of 1 to 3 positions, weights summed or not,
 * some buckets with ids and some without weights. The same options on the same binary map print
 * the same report, fail alike, and write the same bytes; where crushtool aborts (its ceph_assert
 * on a weight set of 0 positions, which its own device_class_clone makes), crushmap fails with
 * status 1 after the same report. Skipped where crushtool is absent.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { crushmapCli, crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { legacyMap } from "../support/legacyClassMap.js";
import { standInUnless } from "../support/standIn.js";
import { weightSetText, withWeightSets, type WeightSetTextOptions } from "../support/weightSetText.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { parseCrushText } from "../../src/map/text/parse.js";

const SEEDS = 24;

function optionSets(ssdMatch: string): string[][] {
  const bucket = ["--reclassify-bucket", ssdMatch, "ssd", "default", "--reclassify-bucket", "ssd", "ssd", "default"];
  return [
    ["--set-subtree-class", "default", "hdd", "--reclassify", "--reclassify-root", "default", "hdd"],
    ["--reclassify", ...bucket],
    ["--set-subtree-class", "default", "hdd", "--reclassify", ...bucket, "--reclassify-root", "default", "hdd"],
    ["--set-subtree-class", "ssd", "ssd", "--reclassify"],
    ["--rebuild-class-roots"],
  ];
}

const KINDS: readonly { readonly tidy: boolean; readonly ws: WeightSetTextOptions }[] = [
  { tidy: false, ws: { positions: [1, 1, 2, 3], summed: false, wild: true } },
  { tidy: true, ws: { positions: [1, 2], summed: true } },
];

standInUnless(hasCrushtool, "reclassify of maps with weight sets against crushtool 16.2", SKIP_MESSAGE);
describe.skipIf(!hasCrushtool)("crushtool --reclassify of maps with weight sets, against crushtool 16.2", () => {
  it(`reclassifies ${SEEDS} random maps with weight sets with crushtool's report, status and bytes`, () => {
    const tally = { written: 0, failed: 0, aborted: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const kind = KINDS[seed % KINDS.length]!;
      const m = legacyMap(seed * 104729, kind.tidy ? { straw2Only: true, tidy: true } : {});
      const text = withWeightSets(m.text, weightSetText(parseCrushText(m.text), seed, kind.ws));
      const bin = crushtoolCompile(tempText(text));
      optionSets(m.ssdMatch).forEach((opts, k) => compareOne(bin, opts, k, `seed ${seed}: crushtool -i MAP ${opts.join(" ")}`, tally));
    }
    console.log(`reclassify with weight sets: ${tally.written} maps written byte for byte as crushtool's, ${tally.failed} failures alike, ${tally.aborted} where crushtool aborts`);
    expect(tally.written).toBeGreaterThan(SEEDS * 3);
    expect(tally.aborted).toBeGreaterThan(0);
  }, 600_000);
});

function compareOne(bin: string, opts: readonly string[], k: number, what: string, tally: { written: number; failed: number; aborted: number }): void {
  const theirsPath = `${bin}.ws-theirs${k}`;
  const oursPath = `${bin}.ws-ours${k}`;
  const theirs = crushtool(["-i", bin, ...opts, "-o", theirsPath]);
  const ours = crushmapCli(["-i", bin, ...opts, "-o", oursPath, "--release", "16"]);
  if (theirs.status === -1 || theirs.status > 128) {
    expect(theirs.stderr, what).toContain("weight_set_positions > 0");
    expect(ours.status, what).toBe(1);
    expect(ours.stderr, what).toContain("crushtool aborts here");
    expect(theirs.stdout.startsWith(ours.stdout), what).toBe(true);
    tally.aborted++;
    return;
  }
  expect({ status: ours.status, stdout: ours.stdout }, what).toEqual({ status: theirs.status, stdout: theirs.stdout });
  if (theirs.status !== 0) {
    tally.failed++;
    return;
  }
  const theirsBytes = readFileSync(theirsPath);
  expect(Buffer.from(readFileSync(oursPath)).equals(theirsBytes), `${what}: the bytes written`).toBe(true);
  // and crushtool's output reads back byte for byte, weight sets and all
  expect(Buffer.from(encodeCrushMap(decodeCrushMap(new Uint8Array(theirsBytes)), { release: 16 })).equals(theirsBytes), `${what}: round trip`).toBe(true);
  tally.written++;
}
