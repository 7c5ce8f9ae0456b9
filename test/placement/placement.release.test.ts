/**
 * How a pool finds its rule, per release: Ceph 16.2 matches ruleset, type and size
 * (crush_find_rule); Reef (18.2) and later take the pool's crush_rule as the rule id. The
 * rule-by-id clusters of test/fixtures/osdmap/reef and tentacle hold a replicated pool patched
 * onto an erasure rule, which osdmaptool 18.2 and 20.2 map through that rule (their recorded
 * runs are replayed in placement.golden.test.ts); here the release is shown to decide it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCrushMap } from "../../src/map/load.js";
import { ClusterStateError } from "../../src/placement/errors.js";
import { clusterStateFromOsdmapJson, dumpRelease } from "../../src/placement/osdmapJson.js";
import { placePg } from "../../src/placement/place.js";
import { clusterStateInput, createClusterState, poolRule } from "../../src/placement/state.js";
import type { ClusterStateWarning } from "../../src/placement/types.js";
import { crushOf, OSDMAP_ROOT, releaseFixtures } from "../support/releaseFixtures.js";

const RULE_BY_ID = [
  { release: 18, dir: join(OSDMAP_ROOT, "reef", "rule-by-id") },
  { release: 20, dir: join(OSDMAP_ROOT, "tentacle", "rule-by-id") },
] as const;

describe("a pool's rule, as each release finds it", () => {
  it("tells the release from what the dump holds (pg_upmap_primaries from 18, nonprimary_shards from 20)", () => {
    const fixtures = releaseFixtures();
    expect(fixtures.length).toBeGreaterThan(20);
    for (const f of fixtures) {
      const want = Number(f.release.slice(0, 2));
      expect({ cluster: `${f.release} ${f.cluster}`, release: dumpRelease(f.dump) }).toEqual({ cluster: `${f.release} ${f.cluster}`, release: want });
      expect(f.state.release).toBe(want);
    }
  });

  for (const { release, dir } of RULE_BY_ID) {
    const text = readFileSync(join(dir, "osdmap.json"), "utf8");
    const { crush } = crushOf(dir, release === 18 ? "18.2" : "20.2");

    it(`${release}: maps a replicated pool through the erasure rule its crush_rule names, and says so`, () => {
      const warnings: ClusterStateWarning[] = [];
      const state = clusterStateFromOsdmapJson(text, crush, { onWarning: (w) => warnings.push(w) });
      const pool = state.pools.find((p) => p.name === "onec")!;
      expect(pool.type).toBe("replicated");
      expect(poolRule(state, pool)?.name).toBe("ec_host");
      expect(warnings.map((w) => w.message)).toEqual([`pool ${pool.id} is replicated but crush rule 1 (ec_host) is not; Ceph ${release} maps it through that rule all the same`]);
    });

    it(`${release}: the same dump read as 16.2 finds no rule for that pool (crush_find_rule), which is refused`, () => {
      expect(() => clusterStateFromOsdmapJson(text, crush, { release: 16 })).toThrow(ClusterStateError);
      expect(() => clusterStateFromOsdmapJson(text, crush, { release: "pacific" })).toThrow(/pool 2 is replicated but crush rule 1 \(ec_host\) is not/);
    });
  }

  it("from 18 on, ignores a rule's min_size..max_size: a pool above max_size maps as 16.2 maps it where the sizes admit it", () => {
    const text = readFileSync(join(OSDMAP_ROOT, "rep-basic", "crush.txt"), "utf8");
    const narrow = loadCrushMap(text);
    expect(narrow.rules[0]!.maxSize).toBe(10);
    const wide = loadCrushMap(text.replace(/max_size 10/g, "max_size 20"));
    const pool = { id: 1, size: 12, pgNum: 32, objectHash: "rjenkins" as const };
    expect(() => createClusterState({ crush: narrow, pools: [pool], release: 16 })).toThrow(/accepts sizes 1\.\.10/);
    const as16 = createClusterState({ crush: wide, pools: [pool], release: 16 });
    for (const release of [18, 20] as const) {
      const state = createClusterState({ crush: narrow, pools: [pool], release });
      for (let ps = 0; ps < 32; ps++) expect(placePg(state, `1.${ps.toString(16)}`)).toEqual(placePg(as16, `1.${ps.toString(16)}`));
    }
  });

  it("keeps the release through clusterStateInput and defaults to 20", () => {
    const crush = loadCrushMap(readFileSync(join(OSDMAP_ROOT, "rep-basic", "crush.txt"), "utf8"));
    const state = createClusterState({ crush, pools: [{ id: 1, pgNum: 8 }], release: 18 });
    expect(createClusterState(clusterStateInput(state)).release).toBe(18);
    expect(createClusterState({ crush, pools: [{ id: 1, pgNum: 8 }] }).release).toBe(20);
    expect(() => createClusterState({ crush, pools: [{ id: 1, pgNum: 8 }], release: 17 as never })).toThrow(ClusterStateError);
  });
});

describe("Ceph 20's EC-optimized pools: nonprimary shards and primary-first pg_temp", () => {
  const dir = join(OSDMAP_ROOT, "tentacle", "fast-ec");
  const text = readFileSync(join(dir, "osdmap.json"), "utf8");
  const { crush } = crushOf(dir, "20.2");

  it("reads nonprimary_shards only for pools with the ec_optimizations flag", () => {
    const state = clusterStateFromOsdmapJson(text, crush);
    expect(state.pools.map((p) => [p.name, p.nonprimaryShards])).toEqual([
      ["fast", [1, 2, 3]],
      ["plain", undefined],
      ["rep", undefined],
    ]);
  });

  it("maps a stored pg_temp back into shard order, its primary the first primary-capable shard up", () => {
    // the recorded osdmaptool runs (placement.golden.test.ts) hold every group to Ceph; here the
    // same pg_temp on the plain pool shows that the order is what differs
    const state = clusterStateFromOsdmapJson(text, crush);
    const fast = placePg(state, "1.1");
    const plain = placePg(state, "2.1");
    expect(state.pgTemp.get("1.1")).toEqual(state.pgTemp.get("2.1"));
    const stored = state.pgTemp.get("1.1")!.map((o) => (state.osds[o]!.up ? o : 2147483647));
    expect(plain.acting).toEqual(stored);
    expect(fast.acting).toEqual([stored[0], stored[3], stored[4], stored[5], stored[1], stored[2]]);
    expect(fast.actingPrimary).toBe(stored.find((o) => o !== 2147483647));
    // shard 0's OSD is down here: the primary is shard 4's, not the first of the acting set
    expect(stored[0]).toBe(2147483647);
    expect(fast.actingPrimary).not.toBe(fast.acting.find((o) => o !== 2147483647));
  });

  it("refuses nonprimary shards it cannot honour, naming the pool or group", () => {
    const doc = JSON.parse(text) as { pools: Record<string, unknown>[]; pg_temp: { pgid: string; osds: number[] }[] };
    const withShards = (v: string) => JSON.stringify({ ...doc, pools: doc.pools.map((p, i) => (i === 0 ? { ...p, nonprimary_shards: v } : p)) });
    expect(() => clusterStateFromOsdmapJson(withShards("{1,,2}"), crush)).toThrow(/pool 1 nonprimary_shards is '\{1,,2\}'/);
    expect(() => clusterStateFromOsdmapJson(withShards("{1,9}"), crush)).toThrow(ClusterStateError);
    expect(() => clusterStateFromOsdmapJson(withShards("{0,1,2,3,4,5}"), crush)).toThrow(/no shard that can be primary/);
    const short = { ...doc, pg_temp: doc.pg_temp.map((t) => (t.pgid === "1.0" ? { ...t, osds: t.osds.slice(0, 5) } : t)) };
    expect(() => clusterStateFromOsdmapJson(JSON.stringify(short), crush)).toThrow(/pg_temp of 1\.0 has 5 OSDs/);
    const input = clusterStateInput(clusterStateFromOsdmapJson(text, crush));
    const rep = { ...input, pools: input.pools.map((p) => (p.id === 2 ? { id: p.id, pgNum: p.pgNum, size: p.size, crushRule: p.crushRule, nonprimaryShards: [1] } : p)) };
    expect(() => createClusterState(rep)).toThrow(/pool 2 is replicated but has nonprimary shards/);
  });
});
