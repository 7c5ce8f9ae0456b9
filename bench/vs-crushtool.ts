/**
 * Whole-process comparison with Ceph's crushtool: both programs map the same inputs through
 * the same map and print --show-statistics; the outputs must be identical, and the wall times
 * are compared. crushmap runs twice: as a user runs it (worker threads on every core for ranges
 * this large) and with --threads 1. Each time is the best of `runs` runs (default 3), so that a
 * moment of noise on a shared machine does not decide a row. Needs crushtool (apt-get install
 * ceph-base) and a build (npm run build).
 *
 *   npm run build && npx tsx bench/vs-crushtool.ts [inputs=1000000] [runs=3]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printCrushText } from "../src/index.js";
import { scenarios } from "./scenarios.js";

const inputs = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
if (spawnSync("crushtool", ["--version"]).error !== undefined) {
  console.log("crushtool is not installed (apt-get install ceph-base); nothing to compare");
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "crushmap-bench-"));
console.log(`| scenario | crushtool --test | crushmap test | speed-up | crushmap test --threads 1 | speed-up | same output |`);
console.log(`|---|---:|---:|---:|---:|---:|:---:|`);
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
  const single = timed("node", ["dist/cli.js", "test", "-i", bin, ...args, "--threads", "1"]);
  const same = ceph.stdout === ours.stdout && ceph.stdout === single.stdout;
  const ratio = (t: { seconds: number }): string => `${(ceph.seconds / t.seconds).toFixed(2)}×`;
  console.log(
    `| ${s.name} | ${ceph.seconds.toFixed(2)} s | ${ours.seconds.toFixed(2)} s | ${ratio(ours)} | ${single.seconds.toFixed(2)} s | ${ratio(single)} | ${same ? "yes" : "NO"} |`,
  );
}

/** The best wall time of `runs` runs; every run must print the same. */
function timed(cmd: string, args: string[]): { stdout: string; seconds: number } {
  let best = { stdout: "", seconds: Infinity };
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    if (run > 0 && r.stdout !== best.stdout) throw new Error(`${cmd} printed something else on run ${run + 1}`);
    if (seconds < best.seconds) best = { stdout: r.stdout, seconds };
  }
  return best;
}
