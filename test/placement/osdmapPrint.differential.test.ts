/**
 * printOsdMap, dumpOsdMap and the crush export against osdmaptool of each installed release
 * (16.2 on the machine, 18.2 and 20.2 in their chroots) on maps it makes here: `--createsimple`
 * with and without the default pool, and with crush maps of every tunables profile imported
 * (argonaut to jewel, straw and straw2 buckets, rules with set_chooseleaf_* steps), which is
 * what min_compat_client is computed from. Skipped, saying so, where osdmaptool is absent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readBalanceScore } from "../../src/balance/readBalanceScore.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { clusterStateFromOsdmapBinary } from "../../src/placement/osdmapBinary/clusterState.js";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { dumpOsdMap } from "../../src/placement/osdmapPrint/dumpOsdMap.js";
import { printOsdMap } from "../../src/placement/osdmapPrint/printOsdMap.js";
import { crushmapCli } from "../support/crushtool.js";
import { osdmaptools } from "../support/osdmaptools.js";
import { standInUnless } from "../support/standIn.js";

const TOOLS = osdmaptools("crushmap-osdprint-");
standInUnless(TOOLS.length > 0, "osdmaptool --print/--dump against osdmaptool", "osdmaptool not installed (apt-get install ceph-base): differential tests skipped");

/** A crush map of 6 devices on 3 hosts with the tunables `tunables`, bucket algorithm `alg` and extra rule steps. */
function crushText(tunables: string, alg: string, steps: string): string {
  const devices = [0, 1, 2, 3, 4, 5].map((i) => `device ${i} osd.${i}`).join("\n");
  const hosts = [0, 1, 2].map((h) => `host h${h} { id -${h + 2} alg ${alg} hash 0 item osd.${2 * h} weight 1.0 item osd.${2 * h + 1} weight 1.0 }`).join("\n");
  return `${tunables}\n${devices}\ntype 0 osd\ntype 1 host\ntype 2 root\n${hosts}\nroot default { id -1 alg ${alg} hash 0 item h0 weight 2.0 item h1 weight 2.0 item h2 weight 2.0 }
rule replicated_rule { id 0 type replicated min_size 1 max_size 10 ${steps} step take default step chooseleaf firstn 0 type host step emit }\n`;
}

const ARGONAUT = "tunable choose_local_tries 2\ntunable choose_local_fallback_tries 5\ntunable choose_total_tries 19\ntunable chooseleaf_descend_once 0\ntunable chooseleaf_vary_r 0\ntunable chooseleaf_stable 0\ntunable straw_calc_version 0";
const BOBTAIL = "tunable choose_local_tries 0\ntunable choose_local_fallback_tries 0\ntunable choose_total_tries 50\ntunable chooseleaf_descend_once 1\ntunable chooseleaf_vary_r 0\ntunable chooseleaf_stable 0";
const FIREFLY = BOBTAIL.replace("chooseleaf_vary_r 0", "chooseleaf_vary_r 1");
const JEWEL = FIREFLY.replace("chooseleaf_stable 0", "chooseleaf_stable 1");

const CRUSH: readonly { readonly what: string; readonly text: string }[] = [
  { what: "argonaut tunables, straw", text: crushText(ARGONAUT, "straw", "") },
  { what: "bobtail tunables, straw", text: crushText(BOBTAIL, "straw", "") },
  { what: "firefly tunables, straw", text: crushText(FIREFLY, "straw", "") },
  { what: "firefly tunables, straw2", text: crushText(FIREFLY, "straw2", "") },
  { what: "bobtail tunables, a rule setting chooseleaf_vary_r", text: crushText(BOBTAIL, "straw", "step set_chooseleaf_vary_r 1") },
  { what: "bobtail tunables, a rule setting chooseleaf_stable", text: crushText(BOBTAIL, "straw2", "step set_chooseleaf_stable 1") },
  { what: "jewel tunables, straw2", text: crushText(JEWEL, "straw2", "") },
];

describe.each(TOOLS.map((t) => [t.release, t] as const))("osdmaptool %s on maps it creates", (_, tool) => {
  let n = 0;
  it("--export-crush after --mark-up-in (devices of weight 0 weigh 1.0) and after --adjust-crush-weight, through the CLI", () => {
    const om = tool.path("zero.om");
    const crush = tool.path("zero.bin");
    tool.run(["--createsimple", "6", om.there, "--with-default-pool"]);
    const text = crushText(JEWEL, "straw2", "").replace("item osd.1 weight 1.0", "item osd.1 weight 0.0").replace("item osd.4 weight 1.0", "item osd.4 weight 0.0");
    writeFileSync(crush.here, encodeCrushMap(parseCrushText(text), { release: 16 }));
    tool.run([om.there, "--import-crush", crush.there]);
    for (const [k, extra] of [["marked", ["--mark-up-in"]], ["adjusted", ["--adjust-crush-weight", "2:0.5,4:3"]]] as const) {
      const theirs = tool.path(`zero.${k}.ceph`);
      const ours = tool.path(`zero.${k}.crushmap`);
      const want = tool.run([om.there, ...extra, "--export-crush", theirs.there]);
      const got = crushmapCli(["osdmaptool", om.here, ...extra, "--export-crush", ours.here, "--release", String(tool.release)]);
      expect({ k, status: got.status, stdout: got.stdout.replace(ours.here, theirs.there) }).toEqual({ k, status: 0, stdout: want });
      expect({ k, same: readFileSync(ours.here).equals(readFileSync(theirs.here)) }).toEqual({ k, same: true });
    }
  });

  for (const pool of [true, false]) {
    for (const c of CRUSH) {
      it(`${c.what}${pool ? ", default pool" : ", no pool"}: --print, --dump json and --export-crush as osdmaptool's`, () => {
        const om = tool.path(`om${n}`);
        const crush = tool.path(`crush${n}.bin`);
        const exported = tool.path(`exported${n++}.bin`);
        tool.run(["--createsimple", "6", om.there, ...(pool ? ["--with-default-pool"] : [])]);
        writeFileSync(crush.here, encodeCrushMap(parseCrushText(c.text), { release: 16 }));
        tool.run([om.there, "--import-crush", crush.there]);
        const record = decodeOsdMap(new Uint8Array(readFileSync(om.here)));
        const state = clusterStateFromOsdmapBinary(record, { strict: false, onWarning: () => undefined });
        const options = { release: tool.release, readBalance: (id: number) => readBalanceScore(state, id) };
        expect(printOsdMap(record, options)).toBe(tool.run([om.there, "--print"]));
        expect(dumpOsdMap(record, "json", options)).toBe(tool.run([om.there, "--dump", "json"]));
        tool.run([om.there, "--export-crush", exported.there]);
        expect(Buffer.from(encodeCrushMap(record.crush, { release: tool.release })).equals(readFileSync(exported.here))).toBe(true);
      });
    }
  }
});
