/**
 * Whole-process comparison with Ceph's crushtool: both programs map the same inputs through
 * the same map and print --show-statistics; the outputs must be identical, and the wall times
 * are compared. Needs crushtool (apt-get install ceph-base) and a build (npm run build).
 *
 *   npm run build && npx tsx bench/vs-crushtool.ts [inputs=1000000]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printCrushText } from "../src/index.js";
import { scenarios } from "./scenarios.js";

const inputs = Number(process.argv[2] ?? 1_000_000);
if (spawnSync("crushtool", ["--version"]).error !== undefined) {
  console.log("crushtool is not installed (apt-get install ceph-base); nothing to compare");
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "crushmap-bench-"));
console.log(`| scenario | crushtool --test | crushmap test | speed-up | same output |`);
console.log(`|---|---:|---:|---:|:---:|`);
for (const s of scenarios()) {
  const text = join(dir, "map.txt");
  const bin = join(dir, "map.bin");
  writeFileSync(text, printCrushText(s.map));
  execFileSync("crushtool", ["-c", text, "-o", bin]);
  const args = ["--test", "--rule", String(s.rule), "--num-rep", String(s.numRep), "--min-x", "0", "--max-x", String(inputs - 1), "--show-statistics"];
  if (s.reweight !== undefined) {
    s.reweight.forEach((w, d) => {
      if (w !== 0x10000) args.push("--weight", String(d), String(w / 0x10000));
    });
  }
  const ceph = timed("crushtool", ["-i", bin, ...args]);
  const ours = timed("node", ["dist/cli.js", "test", "-i", bin, ...args]);
  const same = ceph.stdout === ours.stdout;
  console.log(`| ${s.name} | ${ceph.seconds.toFixed(2)} s | ${ours.seconds.toFixed(2)} s | ${(ceph.seconds / ours.seconds).toFixed(2)}× | ${same ? "yes" : "NO"} |`);
}

function timed(cmd: string, args: string[]): { stdout: string; seconds: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { stdout: r.stdout, seconds };
}
