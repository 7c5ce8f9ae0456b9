/**
 * `crushmap -v` against installed crushtool: `-v -c MAP -o OUT` of every golden text map that
 * crushtool 16.2 compiles (trace on stderr, `wrote crush map to OUT` on stdout, status), of a
 * sample on 18.2 and 20.2 when their chroots are here, and `-v` with --build and with an edit
 * (only the `wrote` line). Skipped with a message when crushtool is absent.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushmapCli, crushtool, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { standInUnless } from "../support/standIn.js";

const MAPS = join(import.meta.dirname, "..", "fixtures", "golden", "maps");
const out = mkdtempSync(join(tmpdir(), "crushmap-verbose-diff-"));
/**
 * A root written before its hosts (crushtool moves h0 in front of it: the trace follows), an item
 * with no weight taking its bucket's, and a `pos` past the items.
 */
const REORDERED = `device 0 osd.0
device 1 osd.1
device 2 osd.2
type 0 osd
type 1 host
type 2 root
root default {
	alg straw2
	hash 0
	item h0
}
host h0 {
	id -5
	alg straw2
	hash 0
	item osd.0 weight 0.1
	item osd.2 weight 0.7
	item osd.1 weight 0.2 pos 2
}
host h1 {
	alg straw2
	hash 0
	item osd.0 weight 2
}
rule r {
	id 0
	type replicated
	min_size 1
	max_size 10
	step take default
	step emit
}
`;

const chroot = (r: number): string => `/work/chroots/ceph${r}`;
const hasChroot = (r: number): boolean => existsSync(`${chroot(r)}/usr/bin/crushtool`);

/** crushtool -v -c of `map` in the chroot of `release`, the -o path inside written as OUT. */
function chrootCompile(release: number, map: string): { stdout: string; stderr: string; status: number } {
  const dir = join(chroot(release), "tmp", "crushmap-verbose");
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(MAPS, `${map}.txt`), join(dir, `${map}.txt`));
  const r = spawnSync("chroot", [chroot(release), "crushtool", "-v", "-c", `/tmp/crushmap-verbose/${map}.txt`, "-o", "/tmp/crushmap-verbose/out.bin"], { encoding: "utf8" });
  return { stdout: r.stdout.replace("/tmp/crushmap-verbose/out.bin", "OUT"), stderr: r.stderr, status: r.status ?? -1 };
}

/** crushmap's run of the same, -o path written as OUT. */
function ours(map: string, release: number): { stdout: string; stderr: string; status: number } {
  const file = join(out, `${map}.bin`);
  const r = crushmapCli(["-v", "-c", join(MAPS, `${map}.txt`), "-o", file, "--release", String(release)]);
  return { ...r, stdout: r.stdout.replace(file, "OUT") };
}

standInUnless(hasCrushtool, "-v against crushtool", SKIP_MESSAGE);
describe.skipIf(!hasCrushtool)("crushmap -v prints what crushtool -v prints", () => {
  const maps = readdirSync(MAPS).filter((f) => f.endsWith(".txt")).map((f) => f.replace(/\.txt$/, ""));

  it("16.2: -v -c MAP -o OUT of every golden map it compiles", () => {
    let compared = 0;
    for (const map of maps) {
      const file = join(out, `${map}.16.bin`);
      const theirs = crushtool(["-v", "-c", join(MAPS, `${map}.txt`), "-o", file]);
      if (theirs.status !== 0) continue;
      compared++;
      const mine = ours(map, 16);
      expect({ map, ...mine }).toEqual({ map, status: 0, stderr: theirs.stderr, stdout: theirs.stdout.replace(file, "OUT") });
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  it("16.2: buckets in compile order, inherited weights, explicit positions", () => {
    const path = tempText(REORDERED);
    const a = join(out, "reordered-theirs.bin");
    const b = join(out, "reordered-ours.bin");
    const theirs = crushtool(["-v", "-c", path, "-o", a]);
    expect(theirs.stderr).toMatch(/^bucket h0 id -5\n.*\nbucket default /m);
    const mine = crushmapCli(["-v", "-c", path, "-o", b, "--release", "16"]);
    expect({ ...mine, stdout: mine.stdout.replace(b, "X") }).toEqual({ ...theirs, stdout: theirs.stdout.replace(a, "X") });
  });

  for (const release of [18, 20]) {
    it.skipIf(!hasChroot(release))(`${release}.2 (chroot): -v -c MAP -o OUT of a sample`, () => {
      for (const map of ["19-multi-take-emit", "23-classes-ids-straw2", "27-choose-args-ids", "40-msr-rules"]) {
        const theirs = chrootCompile(release, map);
        if (theirs.status !== 0) continue; // 18.2 has no MSR rules
        expect({ map, ...ours(map, release) }).toEqual({ map, ...theirs });
      }
    });
  }

  it("16.2: -v with --build and with an edit prints only where the map went", () => {
    const build = ["--build", "--num_osds", "4", "host", "straw2", "2", "root", "straw2", "0", "-o"];
    const a = join(out, "build-theirs.bin");
    const b = join(out, "build-ours.bin");
    const theirs = crushtool(["-v", ...build, a]);
    const mine = crushmapCli(["-v", ...build, b, "--release", "16"]);
    expect({ ...mine, stdout: mine.stdout.replace(b, "X") }).toEqual({ ...theirs, stdout: theirs.stdout.replace(a, "X") });
    const edited = join(out, "edit.bin");
    const editTheirs = crushtool(["-v", "-i", a, "--reweight-item", "osd.0", "2", "-o", edited]);
    const editOurs = crushmapCli(["-v", "-i", a, "--reweight-item", "osd.0", "2", "-o", edited, "--release", "16"]);
    // crushmap names itself where crushtool names itself
    expect(editOurs).toEqual({ ...editTheirs, stdout: editTheirs.stdout.replace(/^crushtool /, "crushmap ") });
  });
});
