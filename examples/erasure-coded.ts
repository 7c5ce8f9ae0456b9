/**
 * Erasure coding: a k=4, m=2 rule over hosts (what `ceph osd crush rule create-erasure` makes
 * for a jerasure profile) places 6 chunks, one per host. Rules in indep mode keep positions:
 * chunk i is always at position i. Marking one device out (Mapper option `reweight`, as
 * `ceph osd out`) moves the chunks that lived on it, and other positions stay put — except
 * rarely, when two positions of one object are both retried and the replacement takes the host
 * the other would have chosen. (A firstn rule would shift every later replica down a place.)
 *
 *   npx tsx examples/erasure-coded.ts
 */
import { CrushMapBuilder, ITEM_NONE, Mapper } from "../src/index.js";

const builder = new CrushMapBuilder().addBucket("default", "root");
for (let h = 1; h <= 8; h++) {
  builder.addBucket(`node${h}`, "host", { under: "default" });
  for (let d = 0; d < 3; d++) builder.addDevice({ weight: 3.64, under: `node${h}` });
}
const map = builder.createErasureRule("ec42", { k: 4, m: 2, failureDomain: "host" }).build();
const rule = map.rules.find((r) => r.name === "ec42")!.id;
const chunks = 6;

const hostOf = new Map<number, string>();
for (const b of map.buckets) for (const it of b.items) if (it.id >= 0) hostOf.set(it.id, b.name);
const label = (d: number): string => (d === ITEM_NONE ? "(none)" : `osd.${d}@${hostOf.get(d)}`);
const chunkName = (pos: number): string => (pos < 4 ? `data${pos}` : `parity${pos - 4}`);

const mapper = new Mapper(map);
const x = 7;
const before = mapper.map(rule, x, chunks);
console.log(`object ${x}, rule ec42 (k=4 m=2, failure domain host):`);
before.forEach((d, pos) => console.log(`  position ${pos} ${chunkName(pos).padEnd(8)} ${label(d)}`));

// Mark the device holding data2 out: reweight 0 for it, 0x10000 (in) for everyone else.
const victim = before[2]!;
const reweight = Uint32Array.from(mapper.reweight);
reweight[victim] = 0;
const outMapper = new Mapper(map, { reweight });

const after = outMapper.map(rule, x, chunks);
console.log(`\nafter marking osd.${victim} out:`);
after.forEach((d, pos) => {
  const note = d === before[pos] ? "unchanged" : `moved from ${label(before[pos]!)}`;
  console.log(`  position ${pos} ${chunkName(pos).padEnd(8)} ${label(d).padEnd(14)} ${note}`);
});

// The same over many objects: which positions moved, and did they hold the out device?
const count = 10_000;
const a = new Int32Array(count * chunks);
const b = new Int32Array(count * chunks);
mapper.mapRange(rule, chunks, 0, count, a);
outMapper.mapRange(rule, chunks, 0, count, b);
let onVictim = 0;
let movedFromVictim = 0;
let movedOthers = 0;
let holes = 0;
for (let i = 0; i < a.length; i++) {
  if (a[i] === victim) onVictim++;
  if (b[i] === ITEM_NONE) holes++;
  if (a[i] !== b[i]) {
    if (a[i] === victim) movedFromVictim++;
    else movedOthers++;
  }
}
console.log(`\nover ${count} objects: ${onVictim} chunks were on osd.${victim}; ${movedFromVictim} of them moved`);
console.log(`chunks that moved although not on osd.${victim}: ${movedOthers}`);
console.log(`positions left empty: ${holes}`);
