/** Access to Ceph's crushtool, the oracle, when it is installed. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export const hasCrushtool: boolean = (() => {
  const r = spawnSync("crushtool", ["--version"], { encoding: "utf8" });
  return r.error === undefined;
})();

export const SKIP_MESSAGE = "crushtool not installed (apt-get install ceph-base): differential tests skipped";

const dir = mkdtempSync(join(tmpdir(), "crushmap-diff-"));
let counter = 0;

/** Writes `text` to a temp file and returns its path. */
export function tempText(text: string): string {
  const path = join(dir, `map${counter++}.txt`);
  writeFileSync(path, text);
  return path;
}

/** Compiles a text map with crushtool; returns the binary's path. */
export function crushtoolCompile(textPath: string): string {
  const bin = textPath.replace(/\.txt$/, ".bin");
  execFileSync("crushtool", ["-c", textPath, "-o", bin], { stdio: "pipe" });
  return bin;
}

/**
 * Runs crushtool with args; returns stdout, stderr and status (-1 when it died on a signal or
 * ran past `timeoutMs`: crushtool 16.2 corrupts its heap on some rules whose steps produce more
 * items than the result holds, and can then hang in its abort handler).
 */
export function crushtool(args: readonly string[], timeoutMs = 20_000): { stdout: string; stderr: string; status: number } {
  const r = spawnSync("crushtool", args, { encoding: "utf8", maxBuffer: 1 << 28, timeout: timeoutMs, killSignal: "SIGKILL" });
  return { stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.error !== undefined ? -1 : r.status ?? -1 };
}

/** Runs the crushmap CLI in-process; returns stdout, stderr and exit status. */
export function crushmapCli(args: readonly string[]): { stdout: string; stderr: string; status: number } {
  let stdout = "";
  let stderr = "";
  const status = main(args, {
    stdout: (t) => void (stdout += t),
    stdoutBytes: (b) => void (stdout += new TextDecoder().decode(b)),
    stderr: (t) => void (stderr += t),
    readFile: processIO.readFile,
    writeFile: processIO.writeFile,
  });
  return { stdout, stderr, status };
}


/**
 * crushtool's stderr compared by words, without Ceph's timestamped log lines. Ceph's log thread
 * writes on its own, so a log line can land anywhere, even in the middle of crushtool's own line.
 */
export function withoutCephLog(stderr: string): string {
  return stderr
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+[+-]\d{4} [0-9a-f]+ +-?\d+ [^\n]*(\n|$)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
