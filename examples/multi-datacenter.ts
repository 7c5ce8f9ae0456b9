/**
 * Two datacenters, four copies: two in each datacenter, on different hosts. The rule is the
 * classic stretch-cluster rule, written step by step: take the root, choose two datacenters,
 * then under each chooseleaf two hosts (one disk each), emit.
 *
 *   npx tsx examples/multi-datacenter.ts
 */
import { CrushMapBuilder, Mapper } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
for (const dc of ["dc1", "dc2"]) {
  builder.addBucket(dc, "datacenter", { under: "default" });
  for (let h = 1; h <= 3; h++) {
    builder.addBucket(`${dc}-node${h}`, "host", { under: dc });
    for (let d = 0; d < 2; d++) builder.addDevice({ weight: 3.64, under: `${dc}-node${h}` });
  }
}

const map = builder
  .addRule(
    "stretch",
    [
      { op: "take", item: "default" },
      { op: "choose", mode: "firstn", num: 2, type: "datacenter" }, // two datacenters...
      { op: "chooseleaf", mode: "firstn", num: 2, type: "host" }, // ...two hosts in each
      { op: "emit" },
    ],
    { minSize: 4, maxSize: 4 },
  )
  .build();

// device id → [host, datacenter], read from the map
const parent = new Map<number, string>();
const byName = new Map(map.buckets.map((b) => [b.name, b]));
for (const b of map.buckets) for (const it of b.items) parent.set(it.id, b.name);
const where = (d: number): [string, string] => {
  const host = parent.get(d)!;
  return [host, parent.get(byName.get(host)!.id)!];
};

const mapper = new Mapper(map);
console.log("rule stretch: 4 copies, 2 per datacenter, each on its own host\n");
for (const x of [0, 1, 2, 3, 4]) {
  const devices = mapper.map(0, x, 4);
  console.log(`object ${x} -> ${devices.map((d) => `osd.${d}@${where(d)[0]}`).join(", ")}`);
}

const count = 10_000;
let good = 0;
for (let x = 0; x < count; x++) {
  const devices = mapper.map(0, x, 4);
  const perDc = new Map<string, number>();
  for (const d of devices) {
    const dc = where(d)[1];
    perDc.set(dc, (perDc.get(dc) ?? 0) + 1);
  }
  const hosts = new Set(devices.map((d) => where(d)[0]));
  if (devices.length === 4 && perDc.get("dc1") === 2 && perDc.get("dc2") === 2 && hosts.size === 4) good++;
}
console.log(`\n${good} of ${count} objects have 2 copies in dc1 and 2 in dc2, on 4 different hosts`);
