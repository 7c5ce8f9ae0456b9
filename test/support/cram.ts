/**
 * A small cram-compatible runner (https://bitheap.org/cram/): reads a `.t` file, runs its
 * commands in one shell in a temp dir, and tells for each command whether its output matched.
 * What cram defines and we follow: a command is an indented `  $ ` line (continued by `  > `),
 * its expected output the indented lines after it; a non-zero exit status shows as `[N]`; an
 * expected line ending in ` (re)` is a regular expression, ` (glob)` a glob (`*`, `?`, `\`
 * escapes), ` (esc)` a string with Python escapes. `$TESTDIR` is a copy of the `.t` file's
 * directory: some of Ceph's tests write their compiled maps into it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export interface CramCommand {
  /** 1-based line of the `$` line in the `.t` file. */
  readonly line: number;
  readonly command: string;
  readonly expected: readonly string[];
}

export interface CramResult extends CramCommand {
  readonly actual: readonly string[];
  readonly passed: boolean;
}

/** Splits a `.t` file into its commands and their expected output. */
export function parseCram(text: string): CramCommand[] {
  const commands: { line: number; command: string; expected: string[] }[] = [];
  let current: (typeof commands)[number] | undefined;
  text.split("\n").forEach((raw, i) => {
    if (raw.startsWith("  $ ")) {
      current = { line: i + 1, command: raw.slice(4), expected: [] };
      commands.push(current);
    } else if (raw.startsWith("  > ") && current !== undefined && current.expected.length === 0) {
      current.command += "\n" + raw.slice(4);
    } else if (raw.startsWith("  ") && current !== undefined) {
      current.expected.push(raw.slice(2));
    } else {
      current = undefined;
    }
  });
  return commands;
}

function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[tnr\\])/g, (_m, e: string) =>
    e[0] === "x" ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === "t" ? "\t" : e === "n" ? "\n" : e === "r" ? "\r" : "\\",
  );
}

function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) out += glob[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else out += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Whether one actual output line satisfies one expected line, as cram decides it. */
export function lineMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (expected.endsWith(" (esc)")) return unescape(expected.slice(0, -6)) === actual;
  if (expected.endsWith(" (re)")) {
    try {
      return new RegExp(`^(?:${expected.slice(0, -5)})$`).test(actual);
    } catch {
      return false;
    }
  }
  if (expected.endsWith(" (glob)")) return globToRegExp(expected.slice(0, -7)).test(actual);
  return false;
}

function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  return expected.length === actual.length && expected.every((e, i) => lineMatches(e, actual[i]!));
}

/**
 * Runs every command of `tFile` in one `/bin/sh`, in a fresh temp dir, with `binDir` first on
 * PATH (where a `crushtool` shim lives). Each command's output (stdout and stderr together, as
 * cram takes them) is cut out by a marker line that also carries the exit status. The temp dirs
 * go under `tmpBase` (a chroot's /tmp, for a tool that runs inside it).
 */
export function runCram(tFile: string, binDir: string, timeoutMs = 300_000, tmpBase = tmpdir()): CramResult[] {
  const path = resolve(tFile);
  const commands = parseCram(readFileSync(path, "utf8"));
  const salt = "CRAMMARK" + commands.length + "X";
  const script = commands.map((c) => `${c.command}\necho "${salt} $?"\n`).join("");
  const cwd = mkdtempSync(join(tmpBase, "cram-"));
  const testdir = mkdtempSync(join(tmpBase, "cram-testdir-"));
  try {
    cpSync(dirname(path), testdir, { recursive: true });
    const env = { ...process.env, TESTDIR: testdir, PATH: `${binDir}:${process.env.PATH ?? ""}`, LANG: "C", LC_ALL: "C", TZ: "GMT", CDPATH: "", COLUMNS: "80", HOME: cwd };
    const r = spawnSync("/bin/sh", ["-c", "exec 2>&1\n" + script], { cwd, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 28 });
    return splitResults(commands, r.stdout ?? "", salt);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(testdir, { recursive: true, force: true });
  }
}

function splitResults(commands: readonly CramCommand[], stdout: string, salt: string): CramResult[] {
  const lines = stdout.split("\n");
  const results: CramResult[] = [];
  let at = 0;
  for (const c of commands) {
    const actual: string[] = [];
    let found = false;
    while (at < lines.length) {
      const l = lines[at++]!;
      const i = l.indexOf(salt + " ");
      if (i < 0) {
        actual.push(l);
        continue;
      }
      if (i > 0) actual.push(l.slice(0, i) + " (no-eol)");
      const status = Number(l.slice(i + salt.length + 1));
      if (status !== 0) actual.push(`[${status}]`);
      found = true;
      break;
    }
    results.push({ ...c, actual, passed: found && outputMatches(c.expected, actual) });
  }
  return results;
}
