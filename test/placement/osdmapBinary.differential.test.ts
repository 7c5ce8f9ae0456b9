/**
 * The binary OSD map decoder against osdmaptool of each installed release (16.2 on the machine,
 * 18.2 and 20.2 in their chroots, see CEPH-NOTES): maps osdmaptool creates
 * (`--createsimple N --with-default-pool`, with other pg and pgp bits, with a recorded crush map
 * imported; `--create-from-conf`, whose hosts come from a ceph.conf) decode as its `--dump json`
 * prints them, and `map-pgs` on the binary map alone prints what its `--test-map-pgs-dump`
 * prints, as the map is (no OSD of a map osdmaptool creates exists: every set is empty) and with
 * `--mark-up-in`. Skipped, saying so, where osdmaptool is absent.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { crushmapCli } from "../support/crushtool.js";
import { recordBesideDump } from "../support/osdmapDump.js";
import { standInUnless } from "../support/standIn.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "osdmap");

/** The temp folders made (inside a chroot: under its /tmp), removed when the file is done. */
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

interface Tool {
  readonly release: string;
  /** Runs osdmaptool with `args` (paths as the tool sees them); returns its stdout. */
  readonly run: (args: readonly string[]) => string;
  /** Where a file the tool writes at `name` is seen from here, and the name the tool uses. */
  readonly path: (name: string) => { here: string; there: string };
}

function present(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error === undefined && r.status === 0;
}

function tools(): Tool[] {
  const out: Tool[] = [];
  const exec = (cmd: string, args: readonly string[]) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 });
  if (present("osdmaptool", ["--version"])) {
    const dir = mkdtempSync(join(tmpdir(), "crushmap-osdbin-"));
    made.push(dir);
    out.push({ release: "16.2", run: (a) => exec("osdmaptool", a), path: (n) => ({ here: join(dir, n), there: join(dir, n) }) });
  }
  for (const [release, root] of [["18.2", "/work/chroots/ceph18"], ["20.2", "/work/chroots/ceph20"]] as const) {
    if (!existsSync(join(root, "usr/bin/osdmaptool")) || !present("chroot", [root, "osdmaptool", "--version"])) continue;
    const here = mkdtempSync(join(root, "tmp", "crushmap-osdbin-"));
    made.push(here);
    const sub = here.slice(root.length);
    out.push({ release, run: (a) => exec("chroot", [root, "osdmaptool", ...a]), path: (n) => ({ here: join(root, sub, n), there: join(sub, n) }) });
  }
  return out;
}

const TOOLS = tools();
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
