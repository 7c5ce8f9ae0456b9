/**
 * crushtool's words and statuses for missing and bad option values (issue 13, "Messages"),
 * replayed from what crushtool 16.2, 18.2 and 20.2 printed (test/fixtures/crushtool-arg-words,
 * recorded by its record.sh): nothing of Ceph is needed here. crushmap's own commands keep
 * crushmap's words.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli } from "../support/crushtool.js";
import { ARG_CASES, ARG_WORDS_DIR, ARG_WORDS_INPUT, comparable, crushmapRun, type Run } from "../support/crushtoolArgWords.js";

const RELEASES = ["16", "18", "20"] as const;

describe.each(RELEASES)("crushtool %s.2's words for option values, replayed", (release) => {
  const file = join(ARG_WORDS_DIR, `out-${release}.json`);
  const recorded: { runs: Record<string, Run> } = JSON.parse(readFileSync(file, "utf8"));

  it("has a recording of every case", () => {
    expect(existsSync(file)).toBe(true);
    expect(ARG_CASES.filter((c) => recorded.runs[c.name] === undefined).map((c) => c.name)).toEqual([]);
  });

  it.each(ARG_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const want = comparable(recorded.runs[c.name]!, c, "crushtool");
    expect(comparable(crushmapRun(c, release), c, "crushmap")).toEqual(want);
  });
});

describe("crushmap's own commands keep crushmap's words", () => {
  it("says 'needs a value' with status 2 for crushmap test --num-rep", () => {
    const r = crushmapCli(["test", "-i", ARG_WORDS_INPUT, "--num-rep"]);
    expect(r).toEqual({ stdout: "", stderr: "crushmap: --num-rep needs a value\n", status: 2 });
  });

  it("names the bad integer with status 2 for crushmap test --num-rep x", () => {
    const r = crushmapCli(["test", "-i", ARG_WORDS_INPUT, "--num-rep", "x", "--show-statistics"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("crushmap: --num-rep expects an integer, got 'x'\n");
  });
});

describe("crushmap's own options in crushtool's spelling", () => {
  it("are never taken as the value of the option before them (crushtool would take any word)", () => {
    // crushtool never sees --release: `--check --release 16` checks with no max id
    expect(crushmapCli(["-i", ARG_WORDS_INPUT, "--check", "--release", "16"])).toEqual({ stdout: "", stderr: "", status: 0 });
    expect(crushmapCli(["-i", ARG_WORDS_INPUT, "--test", "--num-rep", "--release", "18"])).toEqual({
      stdout: "",
      stderr: "Option --num-rep requires an argument.\n\n",
      status: 1,
    });
  });
});
