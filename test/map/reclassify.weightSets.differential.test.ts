/**
 * crushtool --reclassify of maps with weight sets (choose_args), against crushtool 16.2 on random
 * legacy maps: a compat set and sometimes a pool's, of 1 to 3 positions, weights summed or not,
 * some buckets with ids and some without weights. The same options on the same binary map print
 * the same report, fail alike, and write the same bytes; where crushtool aborts (its ceph_assert
 * on a weight set of 0 positions, which its own device_class_clone makes), crushmap fails with
 * status 1 after the same report. Skipped where crushtool is absent; where the Ceph 18 chroot is
 * present (and the tests run as root), the same against its crushtool 18.2.7 with `--release 18`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli, crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { legacyMap } from "../support/legacyClassMap.js";
import { hasChrootCrushtool } from "../support/cramShims.js";
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

/** A crushtool to hold crushmap against: how to run it on a binary map, and crushmap's --release. */
interface Oracle {
  readonly release: "16" | "18";
  /** Runs crushtool -i MAP OPTS -o OUT; `out` is where the written map lies for us to read. */
  run(bin: string, opts: readonly string[], out: string): { stdout: string; stderr: string; status: number };
}

const CEPH18 = "/work/chroots/ceph18";
const hasCeph18 = hasChrootCrushtool(CEPH18);

standInUnless(hasCrushtool, "reclassify of maps with weight sets against crushtool 16.2", SKIP_MESSAGE);
describe.skipIf(!hasCrushtool)("crushtool --reclassify of maps with weight sets, against crushtool 16.2", () => {
  it(`reclassifies ${SEEDS} random maps with weight sets with crushtool's report, status and bytes`, () => {
    checkAgainst({ release: "16", run: (bin, opts, out) => crushtool(["-i", bin, ...opts, "-o", out]) });
  }, 600_000);
});

standInUnless(hasCeph18, "reclassify of maps with weight sets against crushtool 18.2", `no Ceph 18 chroot at ${CEPH18} (or not root): skipped`);
describe.skipIf(!hasCeph18 || !hasCrushtool)("crushtool --reclassify of maps with weight sets, against crushtool 18.2 (chroot)", () => {
  it(`reclassifies ${SEEDS} random maps with weight sets as crushtool 18.2.7 does`, () => {
    const dir = mkdtempSync(join(CEPH18, "tmp", "reclassify-ws-"));
    const inner = (path: string) => `/tmp/${basename(dir)}/${basename(path)}`;
    try {
      checkAgainst({
        release: "18",
        run: (bin, opts, out) => {
          copyFileSync(bin, join(dir, basename(bin)));
          const r = spawnSync("chroot", [CEPH18, "crushtool", "-i", inner(bin), ...opts, "-o", inner(out)], { encoding: "utf8", timeout: 20_000 });
          if (r.status === 0) copyFileSync(join(dir, basename(out)), out);
          return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status ?? -1 };
        },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

/** Every kind of map and option set, against one crushtool; counts what happened. */
function checkAgainst(oracle: Oracle): void {
  const tally = { written: 0, failed: 0, aborted: 0 };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const kind = KINDS[seed % KINDS.length]!;
    const m = legacyMap(seed * 104729, kind.tidy ? { straw2Only: true, tidy: true } : {});
    const text = withWeightSets(m.text, weightSetText(parseCrushText(m.text), seed, kind.ws));
    const bin = crushtoolCompile(tempText(text));
    optionSets(m.ssdMatch).forEach((opts, k) => compareOne(oracle, bin, opts, k, `seed ${seed}: crushtool -i MAP ${opts.join(" ")}`, tally));
  }
  console.log(`reclassify with weight sets (${oracle.release}): ${tally.written} maps written byte for byte as crushtool's, ${tally.failed} failures alike, ${tally.aborted} where crushtool aborts`);
  expect(tally.written).toBeGreaterThan(SEEDS * 3);
  expect(tally.aborted).toBeGreaterThan(0);
}

function compareOne(oracle: Oracle, bin: string, opts: readonly string[], k: number, what: string, tally: { written: number; failed: number; aborted: number }): void {
  const theirsPath = `${bin}.ws${oracle.release}-theirs${k}`;
  const oursPath = `${bin}.ws${oracle.release}-ours${k}`;
  const theirs = oracle.run(bin, opts, theirsPath);
  const ours = crushmapCli(["-i", bin, ...opts, "-o", oursPath, "--release", oracle.release]);
  if (theirs.status === -1 || theirs.status > 128) {
    expect(theirs.stderr, what).toContain("weight_set_positions > 0");
    expect(ours.status, what).toBe(1);
    expect(ours.stderr, what).toContain("crushtool aborts here");
    expect(ours.stdout, what).toBe(theirs.stdout);
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
  const release = oracle.release === "16" ? 16 : 18;
  expect(Buffer.from(encodeCrushMap(decodeCrushMap(new Uint8Array(theirsBytes)), { release })).equals(theirsBytes), `${what}: round trip`).toBe(true);
  tally.written++;
}
