/**
 * The osdmaptools of every Ceph release present, for differential tests: the installed one
 * (16.2) and those of the release chroots (18.2, 20.2) where they can run (root). Each gets its
 * own temp folder (inside a chroot: under its /tmp), removed when the test file is done.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { CephRelease } from "../../src/map/release.js";

/** One release's osdmaptool. */
export interface Osdmaptool {
  readonly release: CephRelease;
  /** Runs osdmaptool with `args` (paths as the tool sees them); returns its stdout. */
  readonly run: (args: readonly string[]) => string;
  /** Where a file the tool writes at `name` is seen from here, and the name the tool uses. */
  readonly path: (name: string) => { here: string; there: string };
}

const CHROOTS: readonly (readonly [CephRelease, string])[] = [
  [18, "/work/chroots/ceph18"],
  [20, "/work/chroots/ceph20"],
];

function present(cmd: string, args: readonly string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.error === undefined && r.status === 0;
}

/** The osdmaptools present, their temp folders named `prefix…`; call at a test file's top level. */
export function osdmaptools(prefix: string): Osdmaptool[] {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  const out: Osdmaptool[] = [];
  const exec = (cmd: string, args: readonly string[]) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 });
  if (present("osdmaptool", ["--version"])) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    out.push({ release: 16, run: (a) => exec("osdmaptool", a), path: (n) => ({ here: join(dir, n), there: join(dir, n) }) });
  }
  for (const [release, root] of CHROOTS) {
    if (!existsSync(join(root, "usr/bin/osdmaptool")) || !present("chroot", [root, "osdmaptool", "--version"])) continue;
    const here = mkdtempSync(join(root, "tmp", prefix));
    made.push(here);
    const sub = here.slice(root.length);
    out.push({ release, run: (a) => exec("chroot", [root, "osdmaptool", ...a]), path: (n) => ({ here: join(root, sub, n), there: join(sub, n) }) });
  }
  return out;
}
