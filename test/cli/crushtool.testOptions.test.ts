/**
 * crushtool's --test options beyond the golden corpus, replayed from what crushtool 16.2, 18.2
 * and 20.2 printed and wrote (test/fixtures/crushtool-test-options, recorded by its record.sh):
 * the CSV files of --output-csv / --output-name byte for byte, --batches, --simulate (glibc's
 * unseeded lrand48, draw for draw), --mark-down-ratio, --bucket-tree, --enable-unsafe-tunables,
 * --set-allowed-bucket-algs and the order of the display stage. Needs nothing installed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

const root = join(import.meta.dirname, "..", "fixtures", "crushtool-test-options");
const goldenMaps = join(import.meta.dirname, "..", "fixtures", "golden", "maps");

interface Case {
  readonly name: string;
  readonly map: string;
  readonly input?: "-i" | "-d" | "-c";
  readonly args: readonly string[];
}
interface Result {
  readonly status: number;
  readonly crashed?: true;
  readonly same_as?: "16";
}

const cases = JSON.parse(readFileSync(join(root, "cases.json"), "utf8")) as Case[];
const releases = (["16", "18", "20"] as const).filter((r) => existsSync(join(root, `out-${r}`, "results.json")));

/** crushmap as crushtool of `release`, with the files it writes kept instead of written. */
function runCrushmap(release: string, c: Case): { stdout: string; stderr: string; status: number; files: Map<string, Buffer> } {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, Buffer>();
  const flag = c.input ?? "-i";
  const text = existsSync(join(root, "maps", `${c.map}.txt`)) ? join(root, "maps", `${c.map}.txt`) : join(goldenMaps, `${c.map}.txt`);
  const input = flag === "-c" ? text : join(root, "out", `${c.map}.bin`);
  const status = main(["--release", release, flag, input, ...c.args], {
    stdout: (t) => void (stdout += t),
    stdoutBytes: (b) => void (stdout += Buffer.from(b).toString("utf8")),
    stderr: (t) => void (stderr += t),
    readFile: processIO.readFile,
    writeFile: (path, data) => void files.set(path, Buffer.from(data)),
  });
  return { stdout, stderr, status, files };
}

/** The files crushtool left, by name. */
function recordedFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const at = join(dir, "files");
  if (!existsSync(at)) return files;
  for (const name of readdirSync(at).sort()) files.set(name, readFileSync(join(at, name)));
  return files;
}

const read = (path: string): string => (existsSync(path) ? readFileSync(path, "utf8") : "");

describe("crushtool's --test options, replayed from crushtool's own runs", () => {
  it("has recorded runs to replay", () => expect(releases.length).toBeGreaterThan(0));

  for (const release of releases) {
    const results = JSON.parse(readFileSync(join(root, `out-${release}`, "results.json"), "utf8")) as Record<string, Result>;
    for (const c of cases) {
      const result = results[c.name];
      if (result === undefined) continue;
      it(`[${release}] ${c.name}: prints, writes and exits as crushtool ${release}`, () => {
        const dir = join(root, `out-${result.same_as ?? release}`, c.name);
        const ours = runCrushmap(release, c);
        expect(ours.stdout).toBe(read(join(dir, "stdout.txt")));
        // a crash report holds addresses: only the status and what was printed before count
        if (result.crashed !== true) expect(ours.stderr).toBe(read(join(dir, "stderr.txt")));
        expect(ours.status).toBe(result.status);
        const theirs = recordedFiles(dir);
        expect([...ours.files.keys()].sort()).toEqual([...theirs.keys()]);
        for (const [name, bytes] of theirs) expect(ours.files.get(name)!.equals(bytes), name).toBe(true);
      });
    }
  }
});
