/**
 * Running crushmap's `osdmaptool --upmap` in-process on files of a directory, and making one of
 * osdmaptool's runs repeatable for it: osdmaptool balances its pools in a random order (a
 * std::random_device shuffle) and prints it on its `pools …` line; given that order as
 * --upmap-pool options, crushmap balances them in the same order. The runs then differ only in
 * the ` limiting to pools …` line those options add.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CliIO } from "../../src/cli/io.js";
import { osdmaptoolMain } from "../../src/cli/osdmaptoolCommand.js";

/** What a run printed and the command file it wrote. */
export interface UpmapRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly upmap: string | undefined;
}

/** crushmap as osdmaptool of `release` on `args` (paths relative to `dir`); `--upmap FILE` is captured. */
export function crushmapUpmap(release: string, dir: string, args: readonly string[]): UpmapRun {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, string>();
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stdoutBytes: (b) => void (stdout += new TextDecoder().decode(b)),
    stderr: (t) => void (stderr += t),
    readFile: (p) => new Uint8Array(readFileSync(join(dir, p))),
    writeFile: (p, d) => void files.set(p, typeof d === "string" ? d : new TextDecoder().decode(d)),
  };
  const status = osdmaptoolMain(["--release", release, ...args], io, "osdmaptool");
  const at = args.indexOf("--upmap");
  return { status, stdout, stderr, upmap: at < 0 ? undefined : files.get(args[at + 1]!) };
}

/** The pool names of osdmaptool's `pools a b c ` line, in its order. */
export function poolOrder(stdout: string): string[] {
  const line = stdout.split("\n").find((l) => l.startsWith("pools "));
  return line === undefined ? [] : line.slice("pools ".length).trim().split(" ").filter((n) => n !== "");
}

/**
 * `args` with the pools pinned to osdmaptool's order when it balanced several (its own
 * --upmap-pool options replaced by the order); `expected` is osdmaptool's stdout as crushmap then
 * prints it and `seen` turns crushmap's stdout into the same terms (the ids of the added
 * ` limiting to pools` line are not in osdmaptool's output, so both show them as [IDS]).
 */
export function pinnedRun(args: readonly string[], cephStdout: string): { args: string[]; expected: string; seen: (crushmap: string) => string } {
  const order = poolOrder(cephStdout);
  const same = { args: [...args], expected: cephStdout, seen: (t: string) => t };
  if (order.length < 2) return same;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--upmap-pool") i++;
    else rest.push(args[i]!);
  }
  for (const name of order) rest.push("--upmap-pool", name);
  const lines = cephStdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith("upmap, max-count"));
  if (lines[at + 1]?.startsWith(" limiting to pools ") === true) return { ...same, args: rest };
  lines.splice(at + 1, 0, ` limiting to pools ${[...order].sort().join(",")} ([IDS])`);
  return { args: rest, expected: lines.join("\n"), seen: (t) => t.replace(/^( limiting to pools \S+) \(\[[^\]]*\]\)$/m, "$1 ([IDS])") };
}
