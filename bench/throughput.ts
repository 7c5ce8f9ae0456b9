/**
 * In-process mapping throughput (single thread), with the benchmark package, plus the heap
 * growth while mapping 200,000 inputs into a caller buffer. Run with a young generation large
 * enough that no collection happens during that loop, so the growth is what the loop allocated:
 *
 *   node --expose-gc --max-semi-space-size=64 --import tsx bench/throughput.ts
 *
 * A second table runs the libraries a user might pick instead (bench/references.ts) on the
 * question of scenario (a), 3 distinct devices out of 960 per input, beside crushmap's row.
 */
import Benchmark from "benchmark";
import { compileMap, Mapper } from "../src/index.js";
import { referenceRows } from "./references.js";
import { scenarios } from "./scenarios.js";

const rows: string[] = [];
for (const s of scenarios()) {
  const compiled = compileMap(s.map);
  const mapper = new Mapper(compiled, s.reweight === undefined ? {} : { reweight: s.reweight });
  const out = new Int32Array(s.numRep);
  let x = 0;
  const bench = new Benchmark(s.name, () => {
    mapper.mapInto(s.rule, x++, s.numRep, out);
  });
  bench.run();

  const bulk = new Int32Array(s.numRep * 1000);
  // one unmeasured round first: compiling mapRange and tiering up the WebAssembly kernel
  // allocate once, which is not what a mapping costs
  for (let i = 0; i < 200; i++) mapper.mapRange(s.rule, s.numRep, i * 1000, 1000, bulk);
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 200; i < 400; i++) mapper.mapRange(s.rule, s.numRep, i * 1000, 1000, bulk);
  const perMapping = (process.memoryUsage().heapUsed - before) / 200_000;
  rows.push(
    `| ${s.name} | ${Math.round(bench.hz).toLocaleString("en-US")} | ±${bench.stats.rme.toFixed(1)}% | ${perMapping.toFixed(2)} |`,
  );
}
console.log("| scenario | mappings/s | rme | heap bytes per mapping |");
console.log("|---|---:|---:|---:|");
for (const r of rows) console.log(r);

// reference libraries on scenario (a)'s question, with crushmap's (a) row again for comparison
const a = scenarios()[0]!;
const devices = a.map.devices.length;
const refRows: string[] = [];
const crushmapA = new Mapper(compileMap(a.map));
const outA = new Int32Array(a.numRep);
const candidates = [
  {
    name: "crushmap, scenario (a)",
    lacks: "—",
    place: (x: number) => void crushmapA.mapInto(a.rule, x, a.numRep, outA),
  },
  ...referenceRows(devices, a.numRep),
];
for (const c of candidates) {
  let x = 0;
  const bench = new Benchmark(c.name, () => c.place(x++));
  bench.run();
  refRows.push(`| ${c.name} | ${Math.round(bench.hz).toLocaleString("en-US")} | ±${bench.stats.rme.toFixed(1)}% | ${c.lacks} |`);
}
console.log("");
console.log(`| ${a.numRep} distinct of ${devices} devices per input | mappings/s | rme | lacks |`);
console.log("|---|---:|---:|---|");
for (const r of refRows) console.log(r);
