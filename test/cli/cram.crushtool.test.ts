/**
 * Ceph's own cram tests for crushtool (test/cram/crushtool/, pacific's, see its README), run with
 * every `crushtool` call answered by crushmap as release 16. expected-pass.json lists, per file,
 * the line of each command known to pass: a listed command that fails is a regression. Where
 * Ceph's crushtool is installed, the same files run against it too, which keeps the runner honest.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hasCrushtool } from "../support/crushtool.js";
import { runCram } from "../support/cram.js";
import { crushmapShim, toolShim } from "../support/cramShims.js";
import { standInUnless } from "../support/standIn.js";

const root = resolve(import.meta.dirname, "..", "..");
const cramDir = join(root, "test/cram/crushtool");
const expected = JSON.parse(readFileSync(join(cramDir, "expected-pass.json"), "utf8")) as {
  crushmap: Record<string, number[]>;
  crushtool16: Record<string, number[]>;
};
const files = readdirSync(cramDir).filter((f) => f.endsWith(".t")).sort();

describe("Ceph's crushtool cram tests, with crushmap as crushtool", () => {
  // Ceph's pacific suite is judged against crushtool 16.2: crushmap speaks that release's formats
  const ours = crushmapShim("16");
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

standInUnless(hasCrushtool, "cram runner against Ceph's crushtool", "crushtool not installed: the runner is not cross-checked");
describe.skipIf(!hasCrushtool)("the cram runner, with Ceph's crushtool 16.2", () => {
  const theirs = toolShim(hasCrushtool ? execFileSync("sh", ["-c", "command -v crushtool"], { encoding: "utf8" }).trim() : "false");
  for (const file of files) {
    it(`${file}: passes exactly the commands cram passes with crushtool 16.2`, () => {
      const passing = runCram(join(cramDir, file), theirs)
        .filter((r) => r.passed)
        .map((r) => r.line);
      expect(passing).toEqual(expected.crushtool16[file] ?? []);
    });
  }
});
