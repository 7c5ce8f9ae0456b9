/**
 * From object name to OSDs, as a storage client does it: a pool of 256 placement groups on
 * four hosts; each object hashes (Ceph's rjenkins string hash) into a group, each group maps
 * through CRUSH to three OSDs on three different hosts, the first one primary. Then the
 * cluster marks one OSD down: replicated groups that used it close ranks, and nothing else moves.
 *
 *   npx tsx examples/objects-and-placement-groups.ts
 */
import { CrushMapBuilder, createClusterState, placeObject, mapPool, ITEM_NONE } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
for (let h = 1; h <= 4; h++) {
  builder.addBucket(`node${h}`, "host", { under: "default" });
  for (let d = 0; d < 3; d++) builder.addDevice({ weight: 1.82, under: `node${h}` });
}
const crush = builder.createReplicatedRule("replicated_rule", "default", "host").build();
const pool = { id: 1, name: "photos", size: 3, pgNum: 256, objectHash: "rjenkins" as const };
const state = createClusterState({ crush, pools: [pool] });

for (const name of ["2026/a.jpg", "2026/b.jpg", "2026/c.jpg"]) {
  const p = placeObject(state, "photos", name);
  console.log(`object ${name} -> pg ${p.pgid} -> up [${p.up.join(",")}] primary osd.${p.upPrimary}`);
}

// osd.4 fails: it is marked down (not yet out), so CRUSH still picks it and the up set drops it
const down = createClusterState({ crush, pools: [pool], osds: crush.devices.map((d) => ({ id: d.id, up: d.id !== 4 })) });
const before = mapPool(state, 1);
const after = mapPool(down, 1);
let degraded = 0;
let changedOtherwise = 0;
for (let ps = 0; ps < 256; ps++) {
  const a = Array.from(before.up.subarray(ps * before.width, ps * before.width + before.upLength[ps]!));
  const b = Array.from(after.up.subarray(ps * after.width, ps * after.width + after.upLength[ps]!));
  if (a.includes(4)) degraded++;
  else if (a.join() !== b.join()) changedOtherwise++;
  if (b.includes(4) || b.includes(ITEM_NONE)) throw new Error("a down OSD stayed in an up set");
}
console.log(`osd.4 down: ${degraded} of 256 groups run on two copies; other groups changed: ${changedOtherwise}`);
