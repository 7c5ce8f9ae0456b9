/**
 * A small storage service on crushmap's topology API: the cluster comes from a config file
 * (storage-service.cluster.json: 3 zones × 4 nodes × 6 disks), every object is stored on three
 * disks in three different zones, and reads go to the first copy. Then a node is added to the
 * config: the service lists which objects move from which disk to which, compares that with
 * the least any placement could move, and copies them in safe waves (copy first, drop after)
 * before reading everything back.
 *
 *   npx tsx examples/storage-service.ts
 */
import { readFileSync } from "node:fs";
import {
  createPlacement,
  defineTopology,
  diffPlacements,
  formatPlacementDiff,
  planKeyMoves,
  verifyKeyPlan,
  type NodeSpec,
  type Placement,
} from "../src/index.js";

/** The service: disks are maps of key → value; a placement says which disks hold a key. */
class Store {
  readonly disks = new Map<string, Map<string, string>>();
  constructor(public placement: Placement) {}

  put(key: string, value: string): void {
    for (const disk of this.placement.place(key)) this.disk(disk!).set(key, value);
  }

  get(key: string): string | undefined {
    for (const disk of this.placement.place(key)) {
      const v = this.disks.get(disk!)?.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  disk(name: string): Map<string, string> {
    let d = this.disks.get(name);
    if (d === undefined) this.disks.set(name, (d = new Map()));
    return d;
  }
}

const configPath = new URL("./storage-service.cluster.json", import.meta.url);
const config = JSON.parse(readFileSync(configPath, "utf8")) as NodeSpec;
const topology = defineTopology(config);
const placement = await createPlacement(topology, { replicas: 3, failureDomain: "zone" });
const store = new Store(placement);

const keys = Array.from({ length: 10_000 }, (_, i) => `photos/${2026 + (i % 3)}/img-${i}.jpg`);
for (const key of keys) store.put(key, `bytes of ${key}`);
console.log(`put ${keys.length} keys: ${keys.length * 3} copies on ${store.disks.size} disks, one per zone`);
console.log(`photos/2026/img-0.jpg -> ${placement.place("photos/2026/img-0.jpg").join(", ")}`);

// The operator adds node-b5 to zone-b in the config file (here: in memory), listed first.
type Spec = { name: string; type: string; weight?: number; children?: Spec[] };
const grown = JSON.parse(JSON.stringify(config)) as Spec;
const zoneB = grown.children!.find((z) => z.name === "zone-b")!;
zoneB.children!.unshift({ name: "node-b5", type: "node", children: [0, 1, 2, 3, 4, 5].map((d) => ({ name: `disk-b5-${d}`, type: "disk", weight: 4 })) });
// Ids follow names, so listing the node first renumbers nothing; passing the old ids pins them anyway.
const next = await createPlacement(defineTopology(grown, { ids: topology.ids }), { replicas: 3, failureDomain: "zone" });

const diff = diffPlacements(placement, next, keys);
console.log("\nnode-b5 added to zone-b:");
console.log(formatPlacementDiff(diff, { moves: 5, devices: 3 }));
const onNewNode = diff.moves.every((m) => m.moves.every((c) => c.to !== null && c.to.startsWith("disk-b5-") && c.from !== null && c.from.startsWith("disk-b")));
console.log(`every move goes from a zone-b disk to node-b5: ${onNewNode ? "yes" : "no"}`);

// Move the data in waves: at most 4 copies into or out of a disk per wave, copy before drop.
const plan = planKeyMoves(diff, { maxTransfers: 4, keyBytes: 1 << 20 });
const verdict = verifyKeyPlan(plan);
console.log(`\nplan: ${plan.moves.length} copies in ${plan.waves} waves; verifyKeyPlan: ${verdict.ok ? "ok" : verdict.violations[0]}`);
for (let wave = 0; wave < plan.waves; wave++) {
  for (const m of plan.moves) if (m.wave === wave && m.to !== null) store.disk(m.to).set(m.key as string, store.disk(m.source!).get(m.key as string)!);
  for (const m of plan.moves) if (m.dropWave === wave && m.from !== null) store.disk(m.from).delete(m.key as string);
}
store.placement = next;
const readable = keys.filter((k) => store.get(k) === `bytes of ${k}`).length;
const complete = keys.filter((k) => next.place(k).every((d) => store.disks.get(d!)?.has(k) === true)).length;
console.log(`after the moves: ${readable} of ${keys.length} keys read back; ${complete} have all 3 copies where the new placement puts them`);
