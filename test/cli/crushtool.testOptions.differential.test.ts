/**
 * Differential test of crushtool's --test options on random maps: crushmap must print, write and
 * exit as the installed crushtool (16.2) does for --output-csv with --output-name and --batches,
 * --simulate, --mark-down-ratio, --bucket-tree and --check. crushtool runs in an empty directory
 * and every file it leaves there is compared byte for byte with what crushmap writes. Runs where
 * crushtool is installed; a run where crushtool crashed is not compared.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { randomMap } from "../support/randomMap.js";
import { standInUnless } from "../support/standIn.js";

const SEEDS = 12;

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  readonly files: Record<string, string>;
}

/** crushtool in an empty directory; null when it died (16.2 overruns its buffers on some rules). */
function crushtoolIn(args: readonly string[]): Run | null {
  const dir = mkdtempSync(join(tmpdir(), "crushtool-options-"));
  try {
    const r = spawnSync("crushtool", args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, timeout: 20_000, killSignal: "SIGKILL" });
    const status = r.error !== undefined || r.status === null ? -1 : r.status;
    if (status < 0 || status >= 128 || r.stderr.includes("Caught signal")) return null;
    const files: Record<string, string> = {};
    for (const name of readdirSync(dir).sort()) files[name] = readFileSync(join(dir, name), "latin1");
    return { stdout: r.stdout, stderr: r.stderr, status, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** crushmap as crushtool 16, in-process, keeping what it writes. */
function crushmapIn(args: readonly string[]): Run {
  let stdout = "";
  let stderr = "";
  const written = new Map<string, string>();
  const status = main(["--release", "16", ...args], {
    stdout: (t) => void (stdout += t),
    stdoutBytes: (b) => void (stdout += Buffer.from(b).toString("utf8")),
    stderr: (t) => void (stderr += t),
    readFile: processIO.readFile,
    writeFile: (path, data) => void written.set(path, Buffer.from(data).toString("latin1")),
  });
  const files: Record<string, string> = {};
  for (const name of [...written.keys()].sort()) files[name] = written.get(name)!;
  return { stdout, stderr, status, files };
}

/** Rules crushtool 16.2 maps without overrunning its result (no `indep N` with N > 0). */
function safeRules(text: string): number[] {
  const ids: number[] = [];
  for (const body of text.split(/^rule /m).slice(1)) {
    const id = /\bid (\d+)/.exec(body);
    if (id !== null && !/indep [1-9]/.test(body)) ids.push(Number(id[1]));
  }
  return ids;
}

function bucketNames(text: string): string[] {
  return [...text.matchAll(/^(?!rule |choose_args)\S+ (\S+) \{$/gm)].map((m) => m[1]!);
}

/** Pool ids as crushtool reads them: -1 is no pool, the hash takes the low 32 bits of an int64. */
const POOL_IDS = ["-1", "0", "7", "4294967295", "4294967296", "-4294967297", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5"];

/** The runs of one map: CSV with batches per safe rule, simulation, marking down, bucket trees. */
function runsFor(seed: number, text: string): string[][] {
  const x = ["--min-x", "0", "--max-x", String(40 + (seed % 60))];
  const runs: string[][] = [["--test", "--simulate", "--num-rep", String(1 + (seed % 4)), ...x, "--show-mappings", "--show-utilization-all", "--show-bad-mappings"]];
  for (const rule of safeRules(text)) {
    const r = ["--rule", String(rule)];
    runs.push(
      ["--output-name", `s${seed}`, "--test", ...r, "--num-rep", "3", ...x, "--output-csv", "--batches", String(seed % 5), "--show-statistics"],
      ["--test", ...r, "--num-rep", "2", ...x, "--mark-down-ratio", "0.4", "--mark-down-bucket-ratio", "0.7", "--show-utilization-all"],
      ["--test", ...r, "--simulate", "--output-csv", "--num-rep", "2", ...x, "--batches", "2", "--weight", "0", "0.5"],
      ["--test", ...r, "--pool-id", POOL_IDS[(seed + rule) % POOL_IDS.length]!, "--num-rep", "3", ...x, "--show-mappings"],
    );
  }
  const names = bucketNames(text);
  runs.push(["--tree", "--bucket-tree", "--bucket-name", names[seed % names.length] ?? "default", "--check", String(seed % 7)]);
  return runs;
}

describe.skipIf(!hasCrushtool)("crushtool's --test options against crushtool", () => {
  for (const classes of [false, true]) {
    it(`prints, writes and exits as crushtool 16.2 on ${SEEDS} random maps${classes ? " with device classes" : ""}`, () => {
      let compared = 0;
      let maps = 0;
      // crushtool refuses many random maps with classes: take seeds until SEEDS maps compiled
      for (let seed = 1; seed <= 20 * SEEDS && maps < SEEDS; seed++) {
        const m = randomMap(seed * 7919 + (classes ? 1 : 0), { classes });
        const textPath = tempText(m.text);
        let bin: string;
        try {
          bin = crushtoolCompile(textPath);
        } catch {
          continue; // crushtool refused the map; the parser tests cover rejection
        }
        maps++;
        for (const args of runsFor(seed, m.text)) {
          const theirs = crushtoolIn(["-i", bin, ...args]);
          if (theirs === null) continue;
          expect({ args, ...crushmapIn(["-i", textPath, ...args]) }).toEqual({ args, ...theirs });
          compared++;
        }
      }
      expect(maps).toBe(SEEDS);
      expect(compared).toBeGreaterThan(SEEDS * 2);
    });
  }
});

describe.skipIf(!hasCrushtool)("replica counts past 1024, against crushtool", () => {
  it("maps as crushtool 16.2 does, and refuses counts past the mapper's limit", () => {
    const dir = mkdtempSync(join(tmpdir(), "crushtool-numrep-"));
    try {
      const bin = join(dir, "map.bin");
      expect(crushtoolIn(["--build", "--num_osds", "9", "host", "straw2", "3", "root", "straw2", "0", "-o", bin])?.status).toBe(0);
      for (const n of ["1025", "4096", "20000"]) {
        const args = ["-i", bin, "--test", "--num-rep", n, "--x", "0", "--show-mappings", "--show-statistics"];
        expect({ n, ...crushmapIn(args) }).toEqual({ n, ...crushtoolIn(args) });
      }
      // crushtool's stack holds the result: it crashes long before this count, crushmap refuses it
      const over = crushmapIn(["-i", bin, "--test", "--num-rep", "300000", "--x", "0"]);
      expect(over.status).not.toBe(0);
      expect(over.stderr).toMatch(/300000 .*262144/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

standInUnless(hasCrushtool, "crushtool's --test options against crushtool", SKIP_MESSAGE);
