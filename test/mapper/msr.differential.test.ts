/**
 * Differential test of MSR rules against Ceph 20's crushtool, in its chroot (CRUSHMAP_CEPH20_ROOT,
 * default /work/chroots/ceph20): random MSR maps other than the recorded ones, compiled by
 * crushtool and parsed by crushmap, must give the same `--show-mappings` output. Skipped, with a
 * message, where there is no Ceph 20 root or no right to chroot into it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";
import { msrMap } from "../support/msrMaps.js";

const ROOT = process.env.CRUSHMAP_CEPH20_ROOT ?? "/work/chroots/ceph20";
const SEEDS = 12;
const available = existsSync(join(ROOT, "usr", "bin", "crushtool")) && process.getuid?.() === 0;
const SKIP = `no Ceph 20 root at ${ROOT} (or not root, needed to chroot): MSR differential test skipped; set CRUSHMAP_CEPH20_ROOT`;

/** Inside the root as /tmp/…; on this machine under ROOT. */
const inside = `/tmp/crushmap-msr-diff-${process.pid}`;
const outside = join(ROOT, inside);

function ceph20(args: readonly string[]): { stdout: string; status: number } {
  // a crushtool that aborts leaves its report in our temp dir, not in the root's /var/lib/ceph
  const r = spawnSync("chroot", [ROOT, "crushtool", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    timeout: 60_000,
    env: { ...process.env, CEPH_ARGS: `--crash_dir=${inside}/crash` },
  });
  return { stdout: r.stdout ?? "", status: r.error !== undefined ? -1 : r.status ?? -1 };
}

describe.skipIf(!available)("MSR differential against Ceph 20's crushtool", () => {
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it(`maps ${SEEDS} random MSR maps exactly as crushtool 20 does`, () => {
    mkdirSync(join(outside, "crash"), { recursive: true });
    let compared = 0;
    for (let seed = 1001; seed < 1001 + SEEDS; seed++) {
      const m = msrMap(seed);
      const text = join(outside, `m${seed}.txt`);
      writeFileSync(text, m.text);
      expect(ceph20(["-c", `${inside}/m${seed}.txt`, "-o", `${inside}/m${seed}.bin`]).status).toBe(0);
      for (const c of m.cases) {
        const args = ["--test", "--rule", String(c.rule), "--num-rep", String(c.numRep), "--min-x", "0", "--max-x", "199", "--show-mappings"];
        for (const [d, w] of c.weights) args.push("--weight", String(d), String(w));
        const expected = ceph20(["-i", `${inside}/m${seed}.bin`, ...args]);
        expect(expected.status).toBe(0);
        const actual = crushmapCli(["-i", text, ...args]);
        expect({ seed, args, out: actual.stdout, status: actual.status }).toEqual({ seed, args, out: expected.stdout, status: 0 });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(SEEDS * 4);
  });
});

describe.skipIf(available)("MSR differential against Ceph 20's crushtool", () => {
  it.skip(SKIP, () => {});
});
