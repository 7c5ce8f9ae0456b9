/**
 * The `crushtool` a cram suite runs: crushmap (bundled once per run with esbuild, which tsx ships,
 * so each of the suites' few hundred commands starts in a fraction of a second instead of
 * compiling the sources again), the installed crushtool, or crushtool inside a Ceph chroot.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");

/** A temp dir holding one executable `crushtool` with `body` as its script. */
function shim(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cram-bin-"));
  writeFileSync(join(dir, "crushtool"), `#!/bin/bash\n${body}\n`);
  chmodSync(join(dir, "crushtool"), 0o755);
  return dir;
}

let bundled: string | undefined;

/** crushmap's CLI from src/, bundled into one file (once per test file). */
export function cliBundle(): string {
  if (bundled !== undefined) return bundled;
  const out = join(mkdtempSync(join(tmpdir(), "cram-cli-")), "cli.mjs");
  execFileSync(join(root, "node_modules/.bin/esbuild"), [join(root, "src/cli/main.ts"), "--bundle", "--platform=node", "--format=esm", `--outfile=${out}`, "--log-level=warning"]);
  bundled = out;
  return out;
}

/** A dir whose `crushtool` is crushmap speaking release `release`. */
export function crushmapShim(release: string): string {
  // exec -a: crushtool names itself by argv[0] in its messages, and so does crushmap
  return shim(`exec -a crushtool node ${cliBundle()} --release ${release} "$@"`);
}

/** A dir whose `crushtool` is the one at `path` (a full path: the shim itself is first on PATH). */
export function toolShim(path: string): string {
  return shim(`exec -a crushtool ${path} "$@"`);
}

/** Whether `chroot` holds a crushtool this process can run it in (chroot needs root). */
export function hasChrootCrushtool(chroot: string): boolean {
  return existsSync(join(chroot, "usr/bin/crushtool")) && process.getuid?.() === 0;
}

/**
 * A dir whose `crushtool` runs crushtool inside `chroot`. The cram dirs must lie under the
 * chroot's /tmp (runCram's tmpBase); paths in arguments and the working dir lose the prefix.
 */
export function chrootShim(chroot: string): string {
  return shim(
    [`R=${chroot}`, "args=()", 'for a in "$@"; do args+=("${a//$R/}"); done', `exec chroot "$R" /bin/sh -c 'cd "$0" && exec crushtool "$@"' "\${PWD#$R}" "\${args[@]}"`].join("\n"),
  );
}
