/**
 * The upmap balancer by bytes against the balancer by count, on clusters whose groups differ in
 * size (15 % of groups 10–20× the others, as pools with a few large images are): the worst
 * device's bytes off its weight share before and after each, replica moves and time.
 *
 *   npx tsx bench/balanceBytes.ts
 */
import { balanceUpmap, createClusterState, CrushMapBuilder, mapPool, type ClusterState } from "../src/index.js";
import { deviceCrushWeights } from "../src/map/hierarchy.js";

function cluster(racks: number, hostsPerRack: number, osdsPerHost: number, pgNum: number, seed: number): ClusterState {
  let x = seed >>> 0;
  const rnd = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const b = new CrushMapBuilder().addBucket("default", "root");
  let osd = 0;
  for (let r = 0; r < racks; r++) {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    for (let h = 0; h < hostsPerRack; h++) {
      b.addBucket(`host${r}-${h}`, "host", { under: `rack${r}` });
      for (let d = 0; d < osdsPerHost; d++) b.addDevice({ id: osd++, under: `host${r}-${h}`, weight: [4, 8, 12][Math.floor(rnd() * 3)]! });
    }
  }
  b.createReplicatedRule("replicated_rule", "default", "host");
  return createClusterState({ crush: b.build(), pools: [{ id: 1, name: "rbd", pgNum, objectHash: "rjenkins" }] });
}

function sizes(pgNum: number, seed: number): Map<string, number> {
  let x = seed >>> 0;
  const rnd = (): number => ((x = (Math.imul(x, 22695477) + 1) >>> 0) / 2 ** 32);
  return new Map(Array.from({ length: pgNum }, (_, ps) => [`1.${ps.toString(16)}`, Math.round((rnd() < 0.15 ? 20 + rnd() * 20 : 1 + rnd() * 2) * 2 ** 30)] as const));
}

/** The worst |bytes − share| over the devices, as a share of the mean device's bytes. */
function worst(state: ClusterState, bytes: ReadonlyMap<string, number>): number {
  const m = mapPool(state, 1);
  const held = new Map<number, number>();
  let total = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const b = bytes.get(`1.${ps.toString(16)}`)!;
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const o = m.up[ps * m.width + i]!;
      held.set(o, (held.get(o) ?? 0) + b);
      total += b;
    }
  }
  const w = deviceCrushWeights(state.crush);
  let sum = 0;
  for (const v of w.values()) sum += v;
  let max = 0;
  for (const [o, v] of w) max = Math.max(max, Math.abs((held.get(o) ?? 0) - (total * v) / sum));
  return max / (total / w.size);
}

console.log("| cluster | groups | off share before | by count: after, moves, s | by bytes: after, moves, s |");
console.log("|---|---|---|---|---|");
for (const [racks, hosts, osds, pgNum, seed] of [[3, 4, 4, 1024, 1], [4, 5, 6, 4096, 2], [5, 10, 8, 8192, 3]] as const) {
  const state = cluster(racks, hosts, osds, pgNum, seed);
  const bytes = sizes(pgNum, seed);
  let t = performance.now();
  const byCount = balanceUpmap(state, 1, { maxDeviation: 1 });
  const tc = (performance.now() - t) / 1000;
  t = performance.now();
  const byBytes = balanceUpmap(state, 1, { maxDeviation: 1, by: "bytes", pgBytes: bytes });
  const tb = (performance.now() - t) / 1000;
  const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
  console.log(`| ${racks * hosts * osds} OSDs | ${pgNum} | ${pct(worst(state, bytes))} | ${pct(worst(byCount.state, bytes))}, ${byCount.moves}, ${tc.toFixed(2)} | ${pct(worst(byBytes.state, bytes))}, ${byBytes.moves}, ${tb.toFixed(2)} |`);
}
