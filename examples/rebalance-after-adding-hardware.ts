/**
 * Adding hardware moves little data: place 10,000 objects (3 replicas, one per host) on six
 * hosts, add a seventh, place them again, and count the replicas that changed device. CRUSH
 * moves the new host's fair share onto it — the replicas it should now hold — plus a little
 * shuffling between old hosts: an object whose earlier pick moved to the new host may resolve
 * a host collision differently for its other replicas.
 *
 * The edit is done the way `ceph osd crush add-bucket` / `ceph osd crush add` would do it, on a
 * copy: `CrushMapBuilder.from(map)` leaves the original map untouched.
 *
 *   npx tsx examples/rebalance-after-adding-hardware.ts
 */
import { CrushMapBuilder, Mapper, type CrushMap } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
for (let h = 1; h <= 6; h++) {
  builder.addBucket(`node${h}`, "host", { under: "default" });
  for (let d = 0; d < 4; d++) builder.addDevice({ weight: 3.64, under: `node${h}` });
}
const before = builder.createReplicatedRule("replicated_rule", "default", "host").build();

const after = CrushMapBuilder.from(before).addBucket("node7", "host", { under: "default" });
for (let d = 0; d < 4; d++) after.addDevice({ weight: 3.64, under: "node7" });
const grown = after.build();

const count = 10_000;
const replicas = 3;
function placeAll(map: CrushMap): Int32Array {
  const out = new Int32Array(count * replicas);
  new Mapper(map).mapRange(0, replicas, 0, count, out);
  return out;
}
const a = placeAll(before);
const b = placeAll(grown);

const node7 = grown.buckets.find((bk) => bk.name === "node7")!;
const newDevices = new Set(node7.items.map((it) => it.id));
let moved = 0;
let movedToNewHost = 0;
let onNewHost = 0;
for (let i = 0; i < count; i++) {
  const old = new Set(a.subarray(i * replicas, (i + 1) * replicas));
  for (const d of b.subarray(i * replicas, (i + 1) * replicas)) {
    if (newDevices.has(d)) onNewHost++;
    if (old.has(d)) continue; // this replica stayed where it was
    moved++;
    if (newDevices.has(d)) movedToNewHost++;
  }
}

// A host's fair share is its weight's share of the root: the item weights in the root bucket.
const root = grown.buckets.find((bk) => bk.name === "default")!;
const newWeight = root.items.find((it) => it.id === node7.id)!.weight;
const totalWeight = root.items.reduce((s, it) => s + it.weight, 0);
const fairShare = (count * replicas * newWeight) / totalWeight;

console.log(`${count} objects x ${replicas} replicas on 6 hosts; added node7 (4 disks, same size)`);
console.log(`node7's fair share:        ${fairShare.toFixed(0)} replicas (1/7 of ${count * replicas})`);
console.log(`replicas now on node7:     ${onNewHost}`);
console.log(`replicas moved:            ${moved}`);
console.log(`  of which to node7:       ${movedToNewHost}`);
console.log(`  between old hosts:       ${moved - movedToNewHost}`);
console.log(`moved / fair share:        ${(moved / fairShare).toFixed(2)}`);
