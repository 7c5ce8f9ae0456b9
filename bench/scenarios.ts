/**
 * The benchmark scenarios of issue #4, built with the public builder API:
 * (a) 960 devices, 4 racks × 20 hosts × 12 disks, 3 replicas, chooseleaf firstn over host;
 * (b) 10,000 devices, 10 racks × 40 hosts × 25 disks, same rule;
 * (c) erasure 8+3, chooseleaf indep over host, on map (b);
 * (d) map (a) with 5% of the devices reweighted to 0;
 * (e) erasure 8+4 as an MSR rule (msr_indep, 6 hosts × 2 devices each) on map (b);
 * (f) rule (e) with 5% of map (b)'s devices reweighted to 0.
 */
import { CrushMapBuilder, type CrushMap } from "../src/index.js";

export interface Scenario {
  readonly name: string;
  readonly map: CrushMap;
  readonly rule: number;
  readonly numRep: number;
  /** 16.16 reweight vector, when the scenario marks devices out. */
  readonly reweight?: Uint32Array;
}

function cluster(racks: number, hosts: number, disks: number): CrushMapBuilder {
  const b = new CrushMapBuilder().addBucket("default", "root");
  for (let r = 0; r < racks; r++) {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    for (let h = 0; h < hosts; h++) {
      const host = `host${r}-${h}`;
      b.addBucket(host, "host", { under: `rack${r}` });
      for (let d = 0; d < disks; d++) b.addDevice({ weight: 1.0, under: host });
    }
  }
  return b.createReplicatedRule("replicated_rule", "default", "host");
}

export function scenarios(): Scenario[] {
  const a = cluster(4, 20, 12).build();
  const b = cluster(10, 40, 25)
    .createErasureRule("ec83", { k: 8, m: 3, root: "default", failureDomain: "host" })
    .createErasureRule("msr84", { k: 8, m: 4, failureDomain: "host", numFailureDomains: 6, osdsPerFailureDomain: 2 })
    .build();
  const ecRule = b.rules.find((r) => r.name === "ec83")!.id;
  const msrRule = b.rules.find((r) => r.name === "msr84")!.id;
  const reweightB = new Uint32Array(b.devices.length).fill(0x10000);
  for (let d = 0; d < reweightB.length; d += 20) reweightB[d] = 0;
  // every 20th device out: 5%
  const reweight = new Uint32Array(a.devices.length).fill(0x10000);
  for (let d = 0; d < reweight.length; d += 20) reweight[d] = 0;
  return [
    { name: "(a) 960 devices, 3 replicas over hosts", map: a, rule: 0, numRep: 3 },
    { name: "(b) 10,000 devices, 3 replicas over hosts", map: b, rule: 0, numRep: 3 },
    { name: "(c) 10,000 devices, EC 8+3 indep over hosts", map: b, rule: ecRule, numRep: 11 },
    { name: "(d) 960 devices, 5% reweighted to 0", map: a, rule: 0, numRep: 3, reweight },
    { name: "(e) 10,000 devices, EC 8+4 MSR, 6 hosts × 2", map: b, rule: msrRule, numRep: 12 },
    { name: "(f) (e) with 5% reweighted to 0", map: b, rule: msrRule, numRep: 12, reweight: reweightB },
  ];
}
