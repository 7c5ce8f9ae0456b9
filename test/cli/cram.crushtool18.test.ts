/**
 * Ceph reef's own cram tests for crushtool (test/cram/crushtool-18/, from 18.2.7, see
 * test/cram/crushtool/README.md), run with every `crushtool` call answered by crushmap as
 * release 18. expected-pass.json lists, per file, the line of each command known to pass: a
 * listed command that fails is a regression. Where the Ceph 18 chroot is present, the same files
 * run against its crushtool 18.2.7 too, which keeps the runner honest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runCram } from "../support/cram.js";
import { chrootShim, crushmapShim, hasChrootCrushtool } from "../support/cramShims.js";
import { standInUnless } from "../support/standIn.js";

const root = resolve(import.meta.dirname, "..", "..");
const cramDir = join(root, "test/cram/crushtool-18");
const chroot = "/work/chroots/ceph18";
const hasCeph18 = hasChrootCrushtool(chroot);
const expected = JSON.parse(readFileSync(join(cramDir, "expected-pass.json"), "utf8")) as {
  crushmap: Record<string, number[]>;
  crushtool18: Record<string, number[]>;
};
const files = readdirSync(cramDir).filter((f) => f.endsWith(".t")).sort();

describe("Ceph 18's crushtool cram tests, with crushmap as crushtool", () => {
  const ours = crushmapShim("18");
  for (const file of files) {
    it(`${file}: every command that passed still passes`, () => {
      const results = runCram(join(cramDir, file), ours);
      const passing = results.filter((r) => r.passed).map((r) => r.line);
      console.log(`${file}: ${passing.length}/${results.length} commands pass`);
      const failed = results.filter((r) => !r.passed && (expected.crushmap[file] ?? []).includes(r.line));
      expect(failed.map((r) => ({ line: r.line, command: r.command, expected: r.expected, actual: r.actual }))).toEqual([]);
    });
  }
});

standInUnless(hasCeph18, "cram runner against Ceph 18's crushtool", `no Ceph 18 chroot at ${chroot} (or not root): the runner is not cross-checked`);
describe.skipIf(!hasCeph18)("the cram runner, with Ceph's crushtool 18.2.7 (chroot)", () => {
  const theirs = hasCeph18 ? chrootShim(chroot) : "";
  for (const file of files) {
    it(`${file}: passes exactly the commands cram passes with crushtool 18.2.7`, () => {
      const passing = runCram(join(cramDir, file), theirs, 300_000, join(chroot, "tmp"))
        .filter((r) => r.passed)
        .map((r) => r.line);
      expect(passing).toEqual(expected.crushtool18[file] ?? []);
    });
  }
});
