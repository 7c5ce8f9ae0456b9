/**
 * The `osdmaptool` and `crushtool` Ceph's osdmaptool cram suite runs: crushmap for every command
 * line crushmap answers, Ceph's osdmaptool (installed, or inside a Ceph chroot) for the ones that
 * write OSD map files (--createsimple, --import-crush, --save, …; the list is crushmap's own,
 * OSDMAPTOOL_LEFT_TO_CEPH), and crushmap as crushtool.
 */
import { existsSync } from "node:fs";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OSDMAPTOOL_LEFT_TO_CEPH } from "../../src/cli/osdmaptoolCommand.js";
import { cliBundle } from "./cramShims.js";

/** How a shim runs Ceph's `tool`: the installed one, or the one inside `chroot`. */
function cephTool(tool: string, chroot: string | undefined): string {
  if (chroot === undefined) return `exec -a ${tool} /usr/bin/${tool} "$@"`;
  // cram's dirs lie under the chroot's /tmp; paths in arguments and the working dir lose the prefix
  return [`R=${chroot}`, "args=()", 'for a in "$@"; do args+=("${a//$R/}"); done', `exec chroot "$R" /bin/sh -c 'cd "$0" && exec ${tool} "$@"' "\${PWD#$R}" "\${args[@]}"`].join("\n");
}

/** The body of an `osdmaptool` that picks crushmap or Ceph's osdmaptool by the options given. */
function osdmaptoolBody(release: string, ceph: string, mode: "mixed" | "ceph"): string {
  if (mode === "ceph") return ceph;
  const names = OSDMAPTOOL_LEFT_TO_CEPH.map((n) => `"${n}"`).join("|");
  return [
    "ceph=0",
    'for a in "$@"; do',
    '  n="${a%%=*}"',
    '  case "$n" in --*) t="${n:2}"; n="--${t//-/_}";; esac',
    `  case "$n" in ${names}) ceph=1;; esac`,
    "done",
    `if [ $ceph = 0 ]; then exec -a osdmaptool node ${cliBundle()} --release ${release} "$@"; fi`,
    ceph,
  ].join("\n");
}

/**
 * A dir holding `osdmaptool` (crushmap where it answers, else Ceph's: in `chroot` when given, else
 * the installed one) and `crushtool` (crushmap as release `release`); with `mode: "ceph"` both are Ceph's.
 */
export function osdmaptoolShim(release: string, chroot: string | undefined, mode: "mixed" | "ceph" = "mixed"): string {
  const dir = mkdtempSync(join(tmpdir(), "cram-osdmaptool-"));
  writeFileSync(join(dir, "osdmaptool"), `#!/bin/bash\n${osdmaptoolBody(release, cephTool("osdmaptool", chroot), mode)}\n`);
  const crushtool = mode === "ceph" ? cephTool("crushtool", chroot) : `exec -a crushtool node ${cliBundle()} --release ${release} "$@"`;
  writeFileSync(join(dir, "crushtool"), `#!/bin/bash\n${crushtool}\n`);
  chmodSync(join(dir, "osdmaptool"), 0o755);
  chmodSync(join(dir, "crushtool"), 0o755);
  return dir;
}

/** Whether Ceph's osdmaptool is installed. */
export function hasInstalledOsdmaptool(): boolean {
  return existsSync("/usr/bin/osdmaptool");
}

/** Whether `chroot` holds an osdmaptool this process can run in it (chroot needs root). */
export function hasChrootOsdmaptool(chroot: string): boolean {
  return existsSync(join(chroot, "usr/bin/osdmaptool")) && process.getuid?.() === 0;
}
