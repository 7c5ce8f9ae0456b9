/**
 * Bulk mapping on worker threads: mappings/s of `mapRangeParallel` on scenario (a), 1M inputs
 * (or the count given), with 1 thread (the calling thread) and 2 workers. The 2-thread time
 * includes starting the workers and rebuilding the map in each.
 *
 *   node --import tsx bench/parallel.ts [inputs=1000000]
 */
import { mapRangeParallel } from "../src/node/index.js";
import { scenarios } from "./scenarios.js";

const s = scenarios()[0]!;
const count = Number(process.argv[2] ?? 1_000_000);
const rows: string[] = [];
for (const threads of [1, 2]) {
  // one warm-up run, then the best of three
  await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: 0, count, threads });
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: run * count, count, threads });
    best = Math.min(best, performance.now() - t0);
  }
  rows.push(`| ${s.name}, ${count.toLocaleString("en-US")} inputs | ${threads} | ${Math.round((count / best) * 1000).toLocaleString("en-US")} |`);
}
console.log("| scenario | threads | mappings/s |");
console.log("|---|---:|---:|");
for (const r of rows) console.log(r);
