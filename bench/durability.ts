/**
 * Durability on large pools: 10,000 OSDs (400 hosts × 25), an EC 8+3 pool over hosts and a
 * replicated pool of 3 over hosts, at the pool's tolerance (the exact count, streamed) and one
 * failure past it (the union estimator), with what each method reports. One row at a time.
 *
 *   node --max-old-space-size=8192 --import tsx bench/durability.ts
 */
import { createClusterState, CrushMapBuilder, durability, type ClusterState } from "../src/index.js";

interface Row {
  readonly name: string;
  readonly erasure: boolean;
  readonly pgNum: number;
  readonly failures: readonly number[];
}

const rows: Row[] = [
  { name: "EC 8+3, 32k groups", erasure: true, pgNum: 32768, failures: [4, 5] },
  { name: "replicated 3, 256k groups", erasure: false, pgNum: 262144, failures: [3, 4] },
];

function cluster(r: Row): ClusterState {
  const b = new CrushMapBuilder().addBucket("default", "root");
  let id = 0;
  for (let h = 0; h < 400; h++) {
    b.addBucket(`h${h}`, "host", { under: "default" });
    for (let d = 0; d < 25; d++) b.addDevice({ id: id++, under: `h${h}`, weight: 1 });
  }
  if (r.erasure) b.createErasureRule("ec", { k: 8, m: 3, failureDomain: "host" });
  else b.createReplicatedRule("rep", "default", "host");
  const crush = b.build();
  const pool = r.erasure
    ? { id: 1, type: "erasure" as const, size: 11, erasureK: 8, crushRule: crush.rules[0]!.id, pgNum: r.pgNum, objectHash: "rjenkins" as const }
    : { id: 1, size: 3, pgNum: r.pgNum, objectHash: "rjenkins" as const };
  return createClusterState({ crush, pools: [pool] });
}

const e = (x: number): string => x.toExponential(3);
console.log("| pool (10,000 OSDs) | K | method | pLoss | interval (95%) | certain bounds | time |");
console.log("|---|---:|---|---:|---|---|---:|");
for (const r of rows) {
  const state = cluster(r);
  for (const K of r.failures) {
    const t0 = performance.now();
    const d = durability(state, 1, { failures: K });
    const s = (performance.now() - t0) / 1000;
    const interval = d.interval === undefined ? "—" : `${e(d.interval[0])} … ${e(d.interval[1])}`;
    const bounds = d.bounds === undefined ? "—" : `${e(d.bounds[0])} … ${e(d.bounds[1])}`;
    console.log(`| ${r.name} | ${K} | ${d.method} | ${e(d.pLoss)} | ${interval} | ${bounds} | ${s.toFixed(2)} s |`);
  }
}
