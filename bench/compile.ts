/**
 * Compile time of maps with very large buckets, and memory of a map with far bucket ids
 * (issue 17: a straw bucket of 100,000 items took 9.3 s; one id of -2^30 sized arrays by it).
 *
 *   node --expose-gc --import tsx bench/compile.ts
 */
import { compileMap, LEGACY_TUNABLES, type Bucket, type CrushMap } from "../src/index.js";

const N = 100_000;

function flat(alg: Bucket["alg"], strawCalcVersion: number, rootId = -1): CrushMap {
  const items = Array.from({ length: N }, (_, i) => ({ id: i, weight: 0x10000 * (1 + (i % 7)) }));
  return {
    tunables: { ...LEGACY_TUNABLES, strawCalcVersion },
    devices: items.map((it) => ({ id: it.id, name: `osd.${it.id}` })),
    types: [{ id: 0, name: "osd" }, { id: 1, name: "root" }],
    buckets: [{ id: rootId, name: "default", type: 1, alg, hash: 0, items }],
    rules: [],
    classes: [],
    chooseArgs: [],
  };
}

function best(f: () => unknown): number {
  let t = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    f();
    t = Math.min(t, performance.now() - start);
  }
  return t;
}

console.log("| map | compile (best of 3) |");
console.log("|---|---:|");
for (const [name, map] of [
  ["one straw bucket of 100,000 items, straw_calc_version 0", flat("straw", 0)],
  ["one straw bucket of 100,000 items, straw_calc_version 1", flat("straw", 1)],
  ["one straw2 bucket of 100,000 items", flat("straw2", 1)],
  ["one straw2 bucket of 100,000 items, bucket id -2^30", flat("straw2", 1, -0x40000000)],
] as const) {
  console.log(`| ${name} | ${best(() => compileMap(map)).toFixed(0)} ms |`);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc !== undefined) {
  gc();
  const before = process.memoryUsage().arrayBuffers;
  const cm = compileMap(flat("straw2", 1, -0x40000000));
  gc();
  console.log(`\nbucket id -2^30: ${((process.memoryUsage().arrayBuffers - before) / 2 ** 20).toFixed(2)} MiB of typed arrays (${cm.maxBuckets} bucket slots)`);
}
