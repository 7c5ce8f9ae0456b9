/**
 * Rebalance planning at scale: planRebalance and verifyPlan on 1,000 OSDs (10 racks × 10 hosts ×
 * 10 disks: many waves) and 10,000 OSDs (10 racks × 40 hosts × 25 disks), 3 replicas over hosts,
 * 1 GiB per group, when a rack is drained (its OSDs marked out) or fails (down and out), at 4k,
 * 16k and 256k groups. Best of `runs` per row; one row at a
 * time, in one process.
 *
 *   node --max-old-space-size=8192 --import tsx bench/plan.ts [runs=1]
 *   PLAN_LARGE=1 … adds 60,000 OSDs (30 racks × 50 hosts × 40 disks) at 256k groups.
 */
import { applyChanges, createClusterState, CrushMapBuilder, planRebalance, verifyPlan, type ClusterChange, type ClusterState } from "../src/index.js";

interface Row {
  readonly name: string;
  readonly racks: number;
  readonly hosts: number;
  readonly disks: number;
  readonly pgNum: number;
  readonly fail: boolean;
}

const runs = Number(process.argv[2] ?? 1);
const only = process.env.PLAN_ROWS; // a substring of the row names to run, e.g. "1k OSDs"
const all: Row[] = [
  { name: "1k OSDs, 4k groups, drain a rack", racks: 10, hosts: 10, disks: 10, pgNum: 4096, fail: false },
  { name: "1k OSDs, 16k groups, drain a rack", racks: 10, hosts: 10, disks: 10, pgNum: 16384, fail: false },
  { name: "1k OSDs, 16k groups, a rack fails", racks: 10, hosts: 10, disks: 10, pgNum: 16384, fail: true },
  { name: "1k OSDs, 256k groups, drain a rack", racks: 10, hosts: 10, disks: 10, pgNum: 262144, fail: false },
  { name: "10k OSDs, 4k groups, drain a rack", racks: 10, hosts: 40, disks: 25, pgNum: 4096, fail: false },
  { name: "10k OSDs, 16k groups, drain a rack", racks: 10, hosts: 40, disks: 25, pgNum: 16384, fail: false },
  { name: "10k OSDs, 16k groups, a rack fails", racks: 10, hosts: 40, disks: 25, pgNum: 16384, fail: true },
  { name: "10k OSDs, 256k groups, drain a rack", racks: 10, hosts: 40, disks: 25, pgNum: 262144, fail: false },
  ...(process.env.PLAN_LARGE === "1" ? [{ name: "60k OSDs, 256k groups, drain a rack", racks: 30, hosts: 50, disks: 40, pgNum: 262144, fail: false }] : []),
];
const rows = only === undefined ? all : all.filter((r) => r.name.includes(only));

function cluster(r: Row): { state: ClusterState; rack0: number[] } {
  const b = new CrushMapBuilder().addBucket("default", "root");
  const rack0: number[] = [];
  let id = 0;
  for (let k = 0; k < r.racks; k++) {
    b.addBucket(`rack${k}`, "rack", { under: "default" });
    for (let h = 0; h < r.hosts; h++) {
      b.addBucket(`host${k}-${h}`, "host", { under: `rack${k}` });
      for (let d = 0; d < r.disks; d++) {
        if (k === 0) rack0.push(id);
        b.addDevice({ id: id++, weight: 1, under: `host${k}-${h}` });
      }
    }
  }
  const crush = b.createReplicatedRule("replicated_rule", "default", "host").build();
  return { state: createClusterState({ crush, pools: [{ id: 1, name: "rbd", pgNum: r.pgNum, objectHash: "rjenkins" }] }), rack0 };
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
console.log(`best of ${runs}`);
console.log("| scenario | groups changing | copies | waves | planRebalance | verifyPlan | verify / plan |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const { state, rack0 } = cluster(r);
  const changes: ClusterChange[] = rack0.flatMap((osd) => (r.fail ? [{ kind: "markDown" as const, osd }, { kind: "markOut" as const, osd }] : [{ kind: "markOut" as const, osd }]));
  const after = applyChanges(state, changes);
  let plan = planRebalance(state, after, { pgBytes: 2 ** 30 });
  let best = { plan: Infinity, verify: Infinity };
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    plan = planRebalance(state, after, { pgBytes: 2 ** 30 });
    const tp = seconds(t0);
    t0 = performance.now();
    const v = verifyPlan(state, after, plan);
    const tv = seconds(t0);
    if (!v.ok) throw new Error(`${r.name}: the plan does not verify: ${v.violations.slice(0, 3).join("; ")}`);
    best = { plan: Math.min(best.plan, tp), verify: Math.min(best.verify, tv) };
  }
  console.log(
    `| ${r.name} | ${plan.report.groupsChanged} | ${plan.report.movedReplicas} | ${plan.waves} | ${best.plan.toFixed(2)} s | ${best.verify.toFixed(2)} s | ${(best.verify / best.plan).toFixed(2)}× |`,
  );
}
