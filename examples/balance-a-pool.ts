/**
 * CRUSH is pseudo-random, so some OSDs get more than their share. balanceUpmap computes
 * pg_upmap_items that bring every OSD within one placement group of its share with the fewest
 * replica moves, and prints the `ceph osd pg-upmap-items` commands an operator would run.
 *
 *   npx tsx examples/balance-a-pool.ts
 */
import { balanceUpmap, CrushMapBuilder, createClusterState, upmapCommands } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
let disk = 0;
for (let h = 1; h <= 6; h++) {
  builder.addBucket(`node${h}`, "host", { under: "default" });
  for (let d = 0; d < 5; d++) builder.addDevice({ weight: [3.64, 7.28, 10.92][disk++ % 3]!, under: `node${h}` });
}
const crush = builder.createReplicatedRule("replicated_rule", "default", "host").build();
const state = createClusterState({ crush, pools: [{ id: 1, name: "rbd", size: 3, pgNum: 1024, objectHash: "rjenkins" }] });

const r = balanceUpmap(state, "rbd", { maxDeviation: 1 });
console.log(`worst OSD: ${r.maxDeviationBefore.toFixed(1)} placement groups off its share before, ${r.maxDeviationAfter.toFixed(1)} after`);
console.log(`replica moves: ${r.moves}`);
const commands = upmapCommands(r);
console.log(`commands (${commands.length}):`);
for (const c of commands.slice(0, 5)) console.log(`  ${c}`);
