/**
 * Placing keys through the topology API: keys per second for `place` (names), `placeInto`
 * (ids, string and byte keys) and `placeInputInto` (an input already hashed), and the heap
 * growth per call with no collection in between (after one unmeasured round), on the layout
 * of examples/storage-service.cluster.json (3 zones × 4 nodes × 6 disks, 3 replicas, one per zone).
 *
 *   node --expose-gc --import tsx bench/topology-place.ts
 */
import { readFileSync } from "node:fs";
import { createPlacement, defineTopology, type NodeSpec } from "../src/index.js";

const N = 300_000;
const spec = JSON.parse(readFileSync(new URL("../examples/storage-service.cluster.json", import.meta.url), "utf8")) as NodeSpec;
const placement = await createPlacement(defineTopology(spec), { replicas: 3, failureDomain: "zone" });
const strings = Array.from({ length: N }, (_, i) => `photos/2026/img-${i}.jpg`);
const encoder = new TextEncoder();
const bytes = strings.map((s) => encoder.encode(s));
const inputs = Uint32Array.from(strings, (s) => placement.inputOf(s));
const out = new Int32Array(3);
const gc = (globalThis as { gc?: () => void }).gc;

const cases: [string, (i: number) => void][] = [
  ["place(string) → names", (i) => void placement.place(strings[i]!)],
  ["placeInto(string, out)", (i) => void placement.placeInto(strings[i]!, out)],
  ["placeInto(bytes, out)", (i) => void placement.placeInto(bytes[i]!, out)],
  ["placeInputInto(input, out)", (i) => void placement.placeInputInto(inputs[i]!, out)],
];

console.log("| call | keys/s | heap bytes per call |\n|---|---:|---:|");
for (const [name, f] of cases) {
  for (let i = 0; i < N; i++) f(i); // warm up: compile and tier up
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) f(i);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const perCall = (process.memoryUsage().heapUsed - heap0) / N;
  console.log(`| ${name} | ${Math.round(N / seconds).toLocaleString("en-US")} | ${gc === undefined ? "(run with --expose-gc)" : perCall.toFixed(2)} |`);
}
