/**
 * Reweighting a device where the weight sets do not sum up the hierarchy (the `classes` OSD
 * maps: the root's set lists a host at less than the host's own set sums to). Ceph's
 * adjust_item_weight visits every bucket and re-sums each bucket's entry in its parents from its
 * own set, so after any reweight the sets sum again; a crushmap that re-summed only the changed
 * device's ancestors maps pool 3 differently. Replayed from test/fixtures/stale-weight-sets
 * (recorded from osdmaptool and crushtool 16.2, 18.2 and 20.2; nothing installed is needed).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const HERE = join(FIXTURES, "stale-weight-sets");
const changes = readFileSync(join(HERE, "changes.txt"), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
const adjust = changes.filter((l) => l.includes(":"));
const reweight = changes.filter((l) => !l.includes(":"));
const work = mkdtempSync(join(tmpdir(), "stale-weight-sets-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("reweighting where weight sets do not sum, as Ceph does (recorded)", () => {
  for (const release of [16, 18, 20] as const) {
    const dir = join(HERE, `out-${release}`);
    const maps = [...new Set(readdirSync(dir).filter((f) => f.endsWith(".pgs")).map((f) => f.split(".")[0]!))];

    it(`osdmaptool ${release}: --adjust-crush-weight maps and exports as osdmaptool`, () => {
      expect(maps.length).toBe(release === 16 ? 1 : release === 18 ? 2 : 3);
      for (const name of maps) {
        const osdmap = join(FIXTURES, "osdmap", name.replace("-", "/"), "osdmap.bin");
        adjust.forEach((w, n) => {
          const args = ["osdmaptool", osdmap, "--adjust-crush-weight", w, "--release", String(release)];
          const pgs = crushmapCli([...args, "--test-map-pgs-dump"]);
          expect({ name, w, status: pgs.status, same: pgs.stdout === readFileSync(join(dir, `${name}.${n}.pgs`), "utf8") }).toEqual({ name, w, status: 0, same: true });
          const out = join(work, `${release}-${name}-${n}.crush`);
          expect(crushmapCli([...args, "--export-crush", out]).status).toBe(0);
          expect({ name, w, bytes: readFileSync(out).equals(readFileSync(join(dir, `${name}.${n}.crush`))) }).toEqual({ name, w, bytes: true });
        });
      }
    });

    it(`crushtool ${release}: --reweight-item writes crushtool's bytes`, () => {
      reweight.forEach((change, n) => {
        const out = join(work, `${release}-crush-${n}.bin`);
        const r = crushmapCli(["-i", join(FIXTURES, "osdmap/classes/crush.bin"), "--reweight-item", ...change.split(" "), "-o", out, "--release", String(release)]);
        expect(r.status).toBe(0);
        expect(existsSync(out)).toBe(true);
        expect({ change, bytes: readFileSync(out).equals(readFileSync(join(dir, `crush.${n}.bin`))) }).toEqual({ change, bytes: true });
      });
    });
  }
});
