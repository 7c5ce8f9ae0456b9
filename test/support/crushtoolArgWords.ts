/**
 * The cases of test/fixtures/crushtool-arg-words (every option crushtool's spelling takes, with
 * its value missing, a word, a numeric prefix, negative and huge, and the error stream options
 * share), run by crushmap in crushtool's spelling for one release, and the comparison with what
 * crushtool printed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crushmapCli } from "./crushtool.js";

export const ARG_WORDS_DIR = join(import.meta.dirname, "..", "fixtures", "crushtool-arg-words");
export const ARG_WORDS_INPUT = join(ARG_WORDS_DIR, "input.bin");

export interface ArgCase {
  readonly name: string;
  readonly args: readonly string[];
}

export interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
  /** The map the case wrote to out.bin, decompiled. */
  readonly written?: string;
}

export const ARG_CASES: readonly ArgCase[] = JSON.parse(readFileSync(join(ARG_WORDS_DIR, "cases.json"), "utf8"));

/** A case's arguments with `out.bin` in a fresh directory (both tools write it there). */
export function caseArgs(c: ArgCase, dir: string): string[] {
  return c.args.map((a) => (a === "out.bin" ? join(dir, "out.bin") : a));
}

/** crushmap's run of a case, as crushtool of `release` (the release given first, so that no value takes it). */
export function crushmapRun(c: ArgCase, release: string): Run {
  const dir = mkdtempSync(join(tmpdir(), "crushmap-arg-words-"));
  try {
    const run: Run = crushmapCli(["--release", release, "-i", ARG_WORDS_INPUT, ...caseArgs(c, dir)]);
    const out = join(dir, "out.bin");
    return existsSync(out) ? { ...run, written: crushmapCli(["--release", release, "-d", out]).stdout } : run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What is compared: crushtool names itself where crushmap does, and names a stack address in
 * 'expecting additional argument to 0x…' for --add-bucket and --move, where crushmap names the
 * option (no two crushtool runs print the same address).
 */
export function comparable(run: Run, c: ArgCase, tool: "crushtool" | "crushmap"): Run {
  const option = c.args.find((a) => a === "--add-bucket" || a === "--move") ?? "";
  const words = (s: string) => (tool === "crushtool" ? s.replace(/to 0x[0-9a-f]+$/gm, `to ${option}`) : s.replace(/^crushmap /gm, "crushtool "));
  return { stdout: words(run.stdout), stderr: words(run.stderr), status: run.status, ...(run.written === undefined ? {} : { written: run.written }) };
}
