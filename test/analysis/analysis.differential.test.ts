/**
 * Differential test for crushtool's reports: on random maps, `crushmap` must print what
 * crushtool 16.2 prints for --tree, --show-statistics, --show-utilization(-all),
 * --show-choose-tries and --compare. Runs where crushtool is installed (CI installs ceph-base).
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { crushmapCli, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { randomMap } from "../support/randomMap.js";
import { standInUnless } from "../support/standIn.js";

const SEEDS = 30;

interface Compiled {
  readonly text: string;
  readonly bin: string;
  /**
   * Rules crushtool can run at any replica count. A `choose indep N` step with N > 0 writes N
   * results whatever the replica count, and crushtool 16.2 overruns its buffer (heap corruption,
   * then a crash or a hang) when N is larger; such rules are left out.
   */
  readonly safeRules: readonly number[];
}

function compiledRandomMap(seed: number, options: { classes?: boolean; chooseArgs?: boolean }): Compiled | null {
  const m = randomMap(seed, options);
  const text = tempText(m.text);
  try {
    return { text, bin: crushtoolCompile(text), safeRules: safeRules(m.text) };
  } catch {
    return null; // crushtool refused the map; the parser tests cover rejection
  }
}

function safeRules(text: string): number[] {
  const ids: number[] = [];
  for (const body of text.split(/^rule /m).slice(1)) {
    const id = /\bid (\d+)/.exec(body);
    if (id !== null && !/indep [1-9]/.test(body)) ids.push(Number(id[1]));
  }
  return ids;
}

/** crushtool, with a time limit in case it corrupts its heap and hangs in its crash handler. */
function crushtool(args: readonly string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync("crushtool", args, { encoding: "utf8", maxBuffer: 1 << 28, timeout: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/**
 * Expects crushmap to print what crushtool printed; returns false, comparing nothing, when
 * crushtool crashed (it overruns its result buffer on some rules, e.g. several emits).
 */
function same(binArgs: readonly string[], textArgs: readonly string[]): boolean {
  const expected = crushtool(binArgs);
  if (expected.status < 0 || expected.status > 128 || expected.stderr.includes("Caught signal")) return false;
  const actual = crushmapCli([...textArgs, "--release", "16"]); // the installed crushtool is 16.2
  expect({ args: textArgs.slice(2), out: actual.stdout, err: actual.stderr, status: actual.status }).toEqual({
    args: textArgs.slice(2),
    out: expected.stdout,
    err: expected.stderr,
    status: expected.status,
  });
  return true;
}

describe.skipIf(!hasCrushtool)("reports against crushtool", () => {
  const variants = [
    { name: "plain", options: {} },
    { name: "device classes", options: { classes: true } },
  ] as const;
  for (const variant of variants) {
    it(`prints the same tree, statistics, utilization and choose-tries for ${SEEDS} random maps (${variant.name})`, () => {
      let compared = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const m = compiledRandomMap(seed * 104729 + (variant.name === "plain" ? 0 : 1), variant.options);
        if (m === null) continue;
        const runs: string[][] = [["--tree"]];
        for (const rule of m.safeRules) {
          const r = ["--rule", String(rule)];
          runs.push(
            ["--test", ...r, "--num-rep", "3", "--min-x", "0", "--max-x", "199", "--show-utilization-all", "--show-choose-tries"],
            ["--test", ...r, "--min-x", "0", "--max-x", "49", "--show-statistics"],
            ["--test", ...r, "--num-rep", String(1 + (seed % 6)), "--min-x", "0", "--max-x", "99", "--show-utilization", "--weight", "0", "0.5"],
          );
        }
        for (const args of runs) if (same(["-i", m.bin, ...args], ["-i", m.text, ...args])) compared++;
      }
      expect(compared).toBeGreaterThan(SEEDS);
    });
  }

  it("compares random maps with their neighbours as crushtool does", () => {
    let compared = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const a = compiledRandomMap(seed * 7, {});
      const b = compiledRandomMap(seed * 7 + 1, {});
      if (a === null || b === null) continue;
      const rule = a.safeRules.find((r) => b.safeRules.includes(r));
      if (rule === undefined) continue;
      const args = ["--rule", String(rule), "--num-rep", "3", "--min-x", "0", "--max-x", "99"];
      if (same(["-i", a.bin, "--compare", b.bin, ...args], ["-i", a.text, "--compare", b.text, ...args])) compared++;
      if (same(["-i", a.bin, "--compare", a.bin, ...args], ["-i", a.text, "--compare", a.text, ...args])) compared++;
    }
    expect(compared).toBeGreaterThan(SEEDS / 2);
  });
});

standInUnless(hasCrushtool, "reports against crushtool", SKIP_MESSAGE);
