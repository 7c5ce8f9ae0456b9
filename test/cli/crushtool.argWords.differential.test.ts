/**
 * Differential: every option crushtool's spelling takes, with its value missing, a word, a
 * numeric prefix, negative and huge (test/fixtures/crushtool-arg-words/cases.json), run by the
 * installed crushtool of each release present (16.2 on the machine, 18.2 and 20.2 in their
 * chroots, see test/fixtures/ceph-releases.sh) and by crushmap in crushtool's spelling with
 * --release: the same stdout, stderr and exit status. A release that is not installed is skipped
 * with a message.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARG_CASES, ARG_WORDS_INPUT, caseArgs, comparable, crushmapRun, type ArgCase, type Run } from "../support/crushtoolArgWords.js";

const releasesDir = process.env.CEPH_RELEASES_DIR ?? join(import.meta.dirname, "..", "..", "tmp", "ceph-releases");
const ROOTS: Record<"16" | "18" | "20", string> = {
  "16": "/",
  "18": process.env.CEPH18_ROOT ?? join(releasesDir, "ceph18"),
  "20": process.env.CEPH20_ROOT ?? join(releasesDir, "ceph20"),
};

function installed(release: "16" | "18" | "20"): boolean {
  if (release === "16") return spawnSync("crushtool", ["--version"]).error === undefined;
  return existsSync(join(ROOTS[release], "usr/bin/crushtool")) && process.getuid?.() === 0;
}

/** crushtool of `release` on a case, in a fresh directory (inside the chroot for 18 and 20). */
function crushtoolRun(c: ArgCase, release: "16" | "18" | "20"): Run {
  const root = ROOTS[release];
  const base = release === "16" ? tmpdir() : join(root, "tmp");
  const dir = mkdtempSync(join(base, "ct-arg-words-"));
  try {
    copyFileSync(ARG_WORDS_INPUT, join(dir, "input.bin"));
    const inside = release === "16" ? dir : dir.slice(root.length - (root.endsWith("/") ? 1 : 0));
    const args = ["-i", join(inside, "input.bin"), ...caseArgs(c, inside)];
    const tool = (argv: readonly string[]) => (release === "16" ? spawnSync("crushtool", argv, { cwd: dir, encoding: "utf8" }) : spawnSync("chroot", [root, "crushtool", ...argv], { encoding: "utf8" }));
    const r = tool(args);
    const run: Run = { stdout: r.stdout ?? "", stderr: r.stderr ?? "", status: r.status ?? -1 };
    // a map the case wrote, as the same crushtool decompiles it
    return existsSync(join(dir, "out.bin")) ? { ...run, written: tool(["-d", join(inside, "out.bin")]).stdout ?? "" } : run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const release of ["16", "18", "20"] as const) {
  const have = installed(release);
  if (!have) {
    describe(`crushtool ${release}.2 differential (option values)`, () => {
      it.skip(`crushtool ${release}.2 not installed (test/fixtures/ceph-releases.sh setup ${release}): skipped`, () => {});
    });
    continue;
  }
  describe(`crushtool ${release}.2 differential (option values)`, () => {
    it.each(ARG_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const want = comparable(crushtoolRun(c, release), c, "crushtool");
      expect(comparable(crushmapRun(c, release), c, "crushmap")).toEqual(want);
    });
  });
}
