/**
 * Basic placement: build a small cluster in code — three racks, six hosts, disks of mixed
 * sizes — add the rule `ceph osd crush rule create-replicated` would make (one copy per host),
 * and ask which devices, and so which hosts, hold each object's three replicas. Then map 10,000
 * objects to show that a disk's share of replicas follows its weight.
 *
 * An object here is the 32-bit input CRUSH hashes (`crushtool --x`; in Ceph, a placement
 * group's seed). A name becomes such an input with the public hashes: `strHashRjenkins` is the
 * hash Ceph applies to object names (shown last), and `placeObject` goes all the way from a name
 * to its placement group and OSDs (see objects-and-placement-groups.ts).
 *
 *   npx tsx examples/basic-placement.ts
 */
import { CrushMapBuilder, Mapper, strHashRjenkins, WEIGHT_ONE } from "../src/index.js";

// Weights are decimal TiB, as Ceph shows them: a 4 TB disk weighs 3.64. Every host has 7.28.
const racks: Record<string, Record<string, number[]>> = {
  rack1: { node1: [3.64, 3.64], node2: [7.28] },
  rack2: { node3: [1.82, 1.82, 3.64], node4: [3.64, 3.64] },
  rack3: { node5: [7.28], node6: [1.82, 1.82, 1.82, 1.82] },
};

const builder = new CrushMapBuilder().addBucket("default", "root");
for (const [rack, hosts] of Object.entries(racks)) {
  builder.addBucket(rack, "rack", { under: "default" });
  for (const [host, sizes] of Object.entries(hosts)) {
    builder.addBucket(host, "host", { under: rack });
    for (const weight of sizes) builder.addDevice({ weight, under: host, class: "hdd" });
  }
}
const map = builder.createReplicatedRule("replicated_rule", "default", "host").build();

// device id → its host bucket, read from the map itself
const hostType = map.types.find((t) => t.name === "host")!.id;
const hosts = map.buckets.filter((b) => b.type === hostType);
const hostOf = new Map<number, string>();
for (const h of hosts) for (const it of h.items) hostOf.set(it.id, h.name);

const mapper = new Mapper(map);
const rule = map.rules.find((r) => r.name === "replicated_rule")!.id;
console.log(`cluster: ${map.devices.length} disks, ${hosts.length} hosts, ${Object.keys(racks).length} racks`);
console.log(`rule ${rule} (replicated_rule): 3 replicas, at most one per host\n`);

for (const x of [0, 1, 2, 42, 1234, 99999]) {
  const devices = mapper.map(rule, x, 3);
  const names = devices.map((d) => `osd.${d}`).join(", ");
  console.log(`object ${String(x).padStart(5)} -> ${names.padEnd(22)} hosts ${devices.map((d) => hostOf.get(d)).join(", ")}`);
}

// Many objects at once, into one buffer: 3 slots per object.
const count = 10_000;
const out = new Int32Array(count * 3);
mapper.mapRange(rule, 3, 0, count, out);
const perDevice = new Map<number, number>();
let sharedHost = 0;
for (let i = 0; i < count; i++) {
  const set = out.subarray(i * 3, i * 3 + 3);
  if (new Set(Array.from(set, (d) => hostOf.get(d))).size !== 3) sharedHost++;
  for (const d of set) perDevice.set(d, (perDevice.get(d) ?? 0) + 1);
}

const totalWeight = hosts.reduce((s, h) => s + h.items.reduce((t, it) => t + it.weight, 0), 0);
console.log(`\nreplicas per disk over ${count} objects (expected = share of weight):`);
for (const h of hosts) {
  for (const it of h.items) {
    const expected = Math.round((3 * count * it.weight) / totalWeight);
    const w = (it.weight / WEIGHT_ONE).toFixed(2);
    console.log(`  osd.${it.id} ${h.name} weight ${w}: ${perDevice.get(it.id) ?? 0} (expected ${expected})`);
  }
}
console.log(`objects with two replicas on one host: ${sharedHost}`);

// A named object: Ceph's rjenkins hash of the name is the input (here without pools or groups).
const name = "photos/2026/cat.jpg";
const x = strHashRjenkins(new TextEncoder().encode(name));
console.log(`object '${name}' (hash ${x}) -> ${mapper.map(rule, x, 3).map((d) => `osd.${d}`).join(", ")}`);
