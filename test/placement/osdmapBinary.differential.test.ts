/**
 * The binary OSD map decoder against osdmaptool of each installed release (16.2 on the machine,
 * 18.2 and 20.2 in their chroots, see CEPH-NOTES): maps osdmaptool creates
 * (`--createsimple N --with-default-pool`, with other pg and pgp bits, with a recorded crush map
 * imported; `--create-from-conf`, whose hosts come from a ceph.conf) decode as its `--dump json`
 * prints them, and `map-pgs` on the binary map alone prints what its `--test-map-pgs-dump`
 * prints, as the map is (no OSD of a map osdmaptool creates exists: every set is empty) and with
 * `--mark-up-in`. Skipped, saying so, where osdmaptool is absent.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { crushmapCli } from "../support/crushtool.js";
import { recordBesideDump } from "../support/osdmapDump.js";
import { osdmaptools } from "../support/osdmaptools.js";
import { standInUnless } from "../support/standIn.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "osdmap");

const TOOLS = osdmaptools("crushmap-osdbin-");
standInUnless(TOOLS.length > 0, "binary OSD maps against osdmaptool", "osdmaptool not installed (apt-get install ceph-base): differential tests skipped");

/** A ceph.conf of 9 OSDs on 4 hosts, for --create-from-conf (which builds hosts from it). */
const CONF = ["[global]", "fsid = 11111111-2222-3333-4444-555555555555", ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => `[osd.${i}]\nhost = ${"aabbbccdd"[i]}`)].join("\n") + "\n";

/** What osdmaptool created, by its arguments after the map file (CONF is the path of CONF). */
const CREATED: readonly { readonly what: string; readonly args: readonly string[]; readonly crush?: string }[] = [
  { what: "--create-from-conf (9 OSDs on 4 hosts)", args: ["--create-from-conf", "-c", "CONF", "--with-default-pool"] },
  { what: "--createsimple 1", args: ["--createsimple", "1", "--with-default-pool"] },
  { what: "--createsimple 12", args: ["--createsimple", "12", "--with-default-pool"] },
  { what: "--createsimple 33 --pg-bits 3 --pgp-bits 2", args: ["--createsimple", "33", "--with-default-pool", "--pg-bits", "3", "--pgp-bits", "2"] },
  { what: "--createsimple 22 --pg-bits 4 and rep-basic's crush map imported", args: ["--createsimple", "22", "--with-default-pool", "--pg-bits", "4"], crush: join(FIXTURES, "rep-basic", "crush.bin") },
];

describe.each(TOOLS.map((t) => [t.release, t] as const))("binary OSD maps osdmaptool %s creates", (_, tool) => {
  let n = 0;
  for (const c of CREATED) {
    it(`${c.what}: decodes as --dump json prints it; map-pgs prints what --test-map-pgs-dump prints, with and without --mark-up-in`, () => {
      const om = tool.path(`om${n++}`);
      const conf = tool.path("ceph.conf");
      writeFileSync(conf.here, CONF);
      tool.run([om.there, ...c.args.map((a) => (a === "CONF" ? conf.there : a))]);
      if (c.crush !== undefined) {
        const crush = tool.path(`crush${n}.bin`);
        copyFileSync(c.crush, crush.here);
        tool.run([om.there, "--import-crush", crush.there]);
      }
      const { record, dump } = recordBesideDump(decodeOsdMap(readFileSync(om.here)), JSON.parse(tool.run([om.there, "--dump", "json"])) as Record<string, unknown>);
      expect(record).toEqual(dump);
      for (const extra of [[], ["--mark-up-in"]]) {
        const want = tool.run([om.there, ...extra, "--test-map-pgs-dump", "--pool", "1"]);
        const got = crushmapCli(["map-pgs", "--osdmap", om.here, ...extra, "--pool", "1"]);
        expect(got.status).toBe(0);
        expect(want.split("\n").length).toBeGreaterThan(8);
        expect({ how: extra.join(" "), out: got.stdout }).toEqual({ how: extra.join(" "), out: want });
      }
    });
  }
});
