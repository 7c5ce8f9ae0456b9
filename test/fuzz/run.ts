/**
 * `npm run fuzz -- --seconds 30 --seed 1 [--case-ms 2000] [--memory-mb 1024] [--out DIR]`:
 * a fuzz campaign over the fixtures' text, binary and JSON maps (see campaign.ts). Prints a
 * summary, writes each finding's input and note under --out (default fuzz-findings/), and
 * exits 1 when there is one. A finding is reproduced by its seed and case index.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCampaign, type Finding } from "./campaign.js";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${name} needs a non-negative number`);
    process.exit(2);
  }
  return v;
}
const outAt = process.argv.indexOf("--out");
const out = outAt >= 0 ? process.argv[outAt + 1]! : "fuzz-findings";
const seed = flag("seed", 1);

const save = (f: Finding): void => {
  mkdirSync(out, { recursive: true });
  const base = join(out, `seed${seed}-case${f.case.index}`);
  const ext = f.case.kind === "binary" ? "bin" : f.case.kind === "json" ? "json" : "txt";
  writeFileSync(`${base}.${ext}`, f.case.data);
  writeFileSync(`${base}.note.txt`, `${f.what}: ${f.detail}\n\nmutations: ${f.case.note}\n`);
  console.log(`finding (${f.what}) at case ${f.case.index}: ${f.detail.split("\n")[0]}  -> ${base}.${ext}`);
};

const report = await runCampaign({
  seed,
  seconds: flag("seconds", 30),
  caseMs: flag("case-ms", 2000),
  memoryMb: flag("memory-mb", 1024),
  onFinding: save,
});
console.log(`seed ${report.seed}: ${report.cases} cases, ${report.slowLikeCeph} slow like Ceph (rules allowing huge numbers of draws), ${report.findings.length} findings`);
for (const [kind, k] of Object.entries(report.byKind)) console.log(`  ${kind}: ${k.mapped} mapped, ${k.refused} refused, ${k.finding} findings`);
process.exit(report.findings.length > 0 ? 1 : 0);
