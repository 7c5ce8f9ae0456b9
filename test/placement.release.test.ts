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
import { loadCrushMap } from "../src/map/load.js";
import { ClusterStateError } from "../src/placement/errors.js";
import { clusterStateFromOsdmapJson, dumpRelease } from "../src/placement/osdmapJson.js";
import { placePg } from "../src/placement/place.js";
import { clusterStateInput, createClusterState, poolRule } from "../src/placement/state.js";
import type { ClusterStateWarning } from "../src/placement/types.js";
import { crushOf, OSDMAP_ROOT, releaseFixtures } from "./support/releaseFixtures.js";

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
