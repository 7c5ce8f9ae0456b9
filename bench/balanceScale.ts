/**
 * The upmap balancer as the cluster grows: `balanceUpmap` in-process on clusters built by
 * crushtool and osdmaptool (bench/scaleCluster.ts), one row per size: groups, worst deviation
 * before and after, replica moves against the lower bound, time of the call, and beside it the
 * CPU time of one `mapPool` of the pool afterwards (the balancer maps the pool once before it
 * searches; the difference is the search and its report). CPU time (user + system of the
 * process, which runs on one thread) is reported beside wall time because the machine is shared:
 * under load, wall time stretches and CPU time does not.
 *
 *   npx tsx bench/balanceScale.ts [--pg-bits B=5] [--deviation D=1] N...     (e.g. 1000 3000 10000)
 */
import { balanceUpmap, mapPool } from "../src/index.js";
import { scaleFiles, scaleState } from "./scaleCluster.js";

const args = process.argv.slice(2);
let pgBits = 5;
let limit = 1;
const sizes: number[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--pg-bits") pgBits = Number(args[++i]);
  else if (args[i] === "--deviation") limit = Number(args[++i]);
  else sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(1000, 3000, 10000);

console.log(`balanceUpmap(state, "rbd", { maxDeviation: ${limit} }); crushtool --build … host straw2 12 rack straw2 20 root straw2 0; osdmaptool --createsimple N --pg-bits ${pgBits}\n`);
console.log("| OSDs | groups | worst before | worst after | moves | lower bound on moves | groups changed | balanceUpmap (wall) | balanceUpmap (CPU) | one mapPool (CPU) |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of sizes) {
  const state = scaleState(scaleFiles(n, pgBits));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = balanceUpmap(state, "rbd", { maxDeviation: limit });
  const cpu = cpuSeconds(c0);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage();
  mapPool(state, 1);
  const mapCpu = cpuSeconds(c1);
  let over = 0;
  let under = 0;
  for (const d of r.devices) {
    over += Math.max(0, Math.ceil(d.before - d.target - limit));
    under += Math.max(0, Math.ceil(d.target - limit - d.before));
  }
  const groups = state.pools[0]!.pgNum;
  console.log(
    `| ${n.toLocaleString("en")} | ${groups.toLocaleString("en")} | ${r.maxDeviationBefore.toFixed(2)} | ${r.maxDeviationAfter.toFixed(2)} | ` +
      `${r.moves} | ${Math.max(over, under)} | ${r.changes.length} | ${seconds.toFixed(2)} s | ${cpu.toFixed(2)} s | ${mapCpu.toFixed(2)} s |`,
  );
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}
