/**
 * crushmap's `osdmaptool --upmap` against osdmaptool's own runs of 16.2, 18.2 and 20.2, recorded
 * by test/fixtures/upmap/record.sh (OSD maps osdmaptool built from generated ceph.confs, and
 * multi-pool maps with device classes and erasure pools; --mark-out, --adjust-crush-weight,
 * --upmap-max, --upmap-deviation, --upmap-pool, aggressive off, or on with --upmap-seed on 18.2
 * and 20.2). The command file must be the same bytes and stdout the same lines. Runs that
 * balanced several pools are replayed in osdmaptool's (random) pool order. Needs nothing installed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapUpmap, pinnedRun } from "../support/upmapRuns.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures/upmap");
const RELEASES = [
  ["16", "pacific"],
  ["18", "reef"],
  ["20", "tentacle"],
] as const;

for (const [release, codename] of RELEASES) {
  const dir = join(FIXTURES, codename);
  const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".args")).map((f) => f.slice(0, -".args".length)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5))) : [];
  describe(`osdmaptool ${release} --upmap, replayed`, () => {
    it("has recordings", () => {
      expect(cases.length).toBeGreaterThan(30);
    });
    for (const c of cases) {
      const args = readFileSync(join(dir, `${c}.args`), "utf8").split("\n").filter((l) => l !== "");
      const stdout = readFileSync(join(dir, `${c}.stdout`), "utf8");
      it(`${c}: ${args.join(" ")}`, () => {
        const pinned = pinnedRun(args, stdout);
        const r = crushmapUpmap(release, dir, [...pinned.args, "--upmap", "case.upmap"]);
        expect(r.upmap).toBe(readFileSync(join(dir, `${c}.upmap`), "utf8"));
        expect(pinned.seen(r.stdout)).toBe(pinned.expected);
        expect(r.status).toBe(0);
      });
    }
  });
}
