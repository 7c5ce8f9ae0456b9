/**
 * Ceph reef's own cram tests for osdmaptool (test/cram/osdmaptool/, from 18.2.7, see its README),
 * run with every `osdmaptool` command line crushmap answers sent to crushmap (as release 18) and
 * the ones that write OSD map files (--createsimple, --import-crush, --save, …) to Ceph's
 * osdmaptool: 18.2.7 in its chroot where that can run, else the installed 16.2. `crushtool` is
 * crushmap. expected-pass.json lists, per file, the line of each command known to pass: a listed
 * command that fails is a regression. The same files run against Ceph's tools alone too (each
 * release present), which keeps the runner and the recorded counts honest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCram } from "../support/cram.js";
import { hasChrootOsdmaptool, hasInstalledOsdmaptool, osdmaptoolShim } from "../support/osdmaptoolShims.js";
import { standInUnless } from "../support/standIn.js";

const root = resolve(import.meta.dirname, "..", "..");
const cramDir = join(root, "test/cram/osdmaptool");
const chroot = "/work/chroots/ceph18";
const hasCeph18 = hasChrootOsdmaptool(chroot);
const hasCeph16 = hasInstalledOsdmaptool();
const expected = JSON.parse(readFileSync(join(cramDir, "expected-pass.json"), "utf8")) as {
  crushmap: Record<string, number[]>;
  osdmaptool18: Record<string, number[]>;
  osdmaptool16: Record<string, number[]>;
};
const files = readdirSync(cramDir).filter((f) => f.endsWith(".t")).sort();

/** The Ceph osdmaptools present, each as the chroot it runs in (undefined: the installed one). */
const cephs: { name: string; chroot: string | undefined; tmp: string; key: "osdmaptool18" | "osdmaptool16" }[] = [
  ...(hasCeph18 ? [{ name: "18.2.7 (chroot)", chroot, tmp: join(chroot, "tmp"), key: "osdmaptool18" as const }] : []),
  ...(hasCeph16 ? [{ name: "16.2 (installed)", chroot: undefined, tmp: tmpdir(), key: "osdmaptool16" as const }] : []),
];

standInUnless(cephs.length > 0, "Ceph's osdmaptool cram tests", "no osdmaptool (installed or in a Ceph 18 chroot): the suite needs it for the commands that write OSD maps");
for (const ceph of cephs) {
  describe(`Ceph 18's osdmaptool cram tests, with crushmap as osdmaptool (Ceph's osdmaptool ${ceph.name} for what writes maps)`, () => {
    const shim = osdmaptoolShim("18", ceph.chroot);
    for (const file of files) {
      it(`${file}: every command that passed still passes`, () => {
        const results = runCram(join(cramDir, file), shim, 300_000, ceph.tmp);
        const passing = results.filter((r) => r.passed).map((r) => r.line);
        console.log(`${file}: ${passing.length}/${results.length} commands pass`);
        const failed = results.filter((r) => !r.passed && (expected.crushmap[file] ?? []).includes(r.line));
        expect(failed.map((r) => ({ line: r.line, command: r.command, expected: r.expected, actual: r.actual }))).toEqual([]);
      });
    }
  });

  describe(`the cram runner, with Ceph's osdmaptool and crushtool ${ceph.name} alone`, () => {
    const shim = osdmaptoolShim("18", ceph.chroot, "ceph");
    for (const file of files) {
      it(`${file}: passes exactly the commands recorded for Ceph's tools`, () => {
        const passing = runCram(join(cramDir, file), shim, 300_000, ceph.tmp)
          .filter((r) => r.passed)
          .map((r) => r.line);
        expect(passing).toEqual(expected[ceph.key][file] ?? []);
      });
    }
  });
}
