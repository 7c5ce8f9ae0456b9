/**
 * Random clusters for plan tests, built with CrushMapBuilder: racks → hosts → OSDs of varied
 * weights, a replicated rule over hosts (pool 1) and an erasure rule over hosts (pool 2).
 */
import { CrushMapBuilder } from "../../src/map/builder.js";
import { createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { prng } from "./randomMap.js";

export interface PlanCluster {
  readonly state: ClusterState;
  readonly hosts: readonly string[];
  readonly racks: readonly string[];
  /** OSD ids per host name. */
  readonly osdsOf: ReadonlyMap<string, readonly number[]>;
  readonly rackOf: ReadonlyMap<string, string>;
}

export interface PlanClusterOptions {
  readonly racks?: number;
  readonly hostsPerRack?: number;
  readonly pgNum?: number;
  readonly erasure?: boolean;
}

export function planCluster(seed: number, o: PlanClusterOptions = {}): PlanCluster {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const b = new CrushMapBuilder().addBucket("default", "root");
  const hosts: string[] = [];
  const racks: string[] = [];
  const osdsOf = new Map<string, number[]>();
  const rackOf = new Map<string, string>();
  let osd = 0;
  const nRacks = o.racks ?? int(2, 4);
  for (let r = 0; r < nRacks; r++) {
    const rack = `rack${r}`;
    racks.push(rack);
    b.addBucket(rack, "rack", { under: "default" });
    const nHosts = o.hostsPerRack ?? int(2, 3);
    for (let h = 0; h < nHosts; h++) {
      const host = `host${r}-${h}`;
      hosts.push(host);
      rackOf.set(host, rack);
      b.addBucket(host, "host", { under: rack });
      const ids: number[] = [];
      for (let d = int(1, 4); d > 0; d--) {
        b.addDevice({ id: osd, under: host, weight: [1, 2, 4][int(0, 2)]! });
        ids.push(osd++);
      }
      osdsOf.set(host, ids);
    }
  }
  b.createReplicatedRule("replicated_rule", "default", "host");
  if (o.erasure ?? true) b.createErasureRule("ec_rule", { k: 2, m: 1, failureDomain: "host" });
  const map = b.build();
  const ecRule = map.rules.find((r) => r.name === "ec_rule");
  const pgNum = o.pgNum ?? int(16, 128);
  const state = createClusterState({
    crush: map,
    pools: [
      { id: 1, name: "rbd", pgNum, objectHash: "rjenkins" },
      ...(ecRule === undefined ? [] : [{ id: 2, name: "ec", type: "erasure" as const, size: 3, erasureK: 2, crushRule: ecRule.id, pgNum: Math.max(8, pgNum >> 1), objectHash: "rjenkins" as const }]),
    ],
  });
  return { state, hosts, racks, osdsOf, rackOf };
}
