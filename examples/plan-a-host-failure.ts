/**
 * A host fails and is marked out: which data is degraded, which is lost, and the recovery
 * plan — degraded groups first, two backfills per OSD, make before break — verified by
 * replaying it. The erasure-coded pool (2+1 over hosts) loses no group to one host, but its
 * groups on the failed host are rebuilt from the other shards.
 *
 *   npx tsx examples/plan-a-host-failure.ts
 */
import { applyChanges, CrushMapBuilder, createClusterState, formatBytes, planRebalance, verifyPlan } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
for (let h = 1; h <= 5; h++) {
  builder.addBucket(`node${h}`, "host", { under: "default" });
  for (let d = 0; d < 4; d++) builder.addDevice({ weight: 3.64, under: `node${h}` });
}
builder.createReplicatedRule("replicated_rule", "default", "host").createErasureRule("ec21", { k: 2, m: 1 });
const crush = builder.build();
const ecRule = crush.rules.find((r) => r.name === "ec21")!.id;
const state = createClusterState({
  crush,
  pools: [
    { id: 1, name: "rbd", size: 3, pgNum: 512, objectHash: "rjenkins" },
    { id: 2, name: "ec", type: "erasure", size: 3, erasureK: 2, crushRule: ecRule, pgNum: 256, objectHash: "rjenkins" },
  ],
});

// node3 (osd.8 … osd.11) dies and is marked out
const failed = [8, 9, 10, 11];
const after = applyChanges(state, failed.flatMap((osd) => [{ kind: "markDown" as const, osd }, { kind: "markOut" as const, osd }]));
const plan = planRebalance(state, after, { pgBytes: 4 * 2 ** 30, maxBackfills: 2 });
const r = plan.report;
console.log(`groups degraded: ${r.groupsDegraded}, lost: ${r.groupsLost}`);
console.log(`recovery copies: ${plan.moves.filter((m) => m.recovery && m.to !== null).length}, rebuilt erasure shards: ${plan.moves.filter((m) => m.reconstruct).length}`);
console.log(`copies: ${r.movedReplicas} (${formatBytes(r.movedBytes)}) in ${plan.waves} waves, about ${Math.round(r.estimatedSeconds / 60)} minutes at 100 MiB/s per OSD`);
console.log(`reads from failed OSDs: ${plan.moves.filter((m) => m.source !== null && failed.includes(m.source)).length}`);
console.log(`verifyPlan: ${verifyPlan(state, after, plan).ok ? "ok" : "FAILED"}`);
