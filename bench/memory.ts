/**
 * Memory of a compiled map: JavaScript heap and typed-array (ArrayBuffer) bytes a compiled map
 * and its Mapper (with the WebAssembly straw2 kernel's memory) hold, per scenario.
 *
 *   node --expose-gc --import tsx bench/memory.ts
 */
import { compileMap, Mapper } from "../src/index.js";
import { scenarios } from "./scenarios.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log("run with node --expose-gc");
  process.exit(1);
}
const settle = (): NodeJS.MemoryUsage => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage();
};
console.log("| scenario | devices | compiled map: heap | compiled map: array buffers | + Mapper (kernel memory) |");
console.log("|---|---:|---:|---:|---:|");
const keep: unknown[] = [];
for (const s of scenarios()) {
  const before = settle();
  const cm = compileMap(s.map);
  keep.push(cm);
  const compiled = settle();
  const mapper = new Mapper(cm);
  mapper.map(s.rule, 1, s.numRep); // instantiates the kernel
  keep.push(mapper);
  const withMapper = settle();
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(2)} MiB`;
  console.log(
    `| ${s.name} | ${s.map.devices.length} | ${mb(compiled.heapUsed - before.heapUsed)} | ${mb(compiled.arrayBuffers - before.arrayBuffers)} | ` +
      `${mb(withMapper.heapUsed - compiled.heapUsed + withMapper.arrayBuffers - compiled.arrayBuffers)} |`,
  );
}
void keep;
