/**
 * The guarantees of the placement layer (pools, groups, up sets), stated over random clusters.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import { objectToPg, placeObject, placePg } from "../../src/placement/place.js";
import { pgMask, stableMod } from "../../src/placement/stableMod.js";
import { createClusterState, type OsdInput } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { prng } from "../support/randomMap.js";
import { modelMap, type ModelMap } from "../support/modelMap.js";
import { ARBITRARY_POOL, arbitraryClusterState, checkFailureDomains, checkNoOutDevices, expectOk } from "../../src/testing/index.js";

const RUNS = { numRuns: 30, seed: 20261122 };

interface Cluster {
  readonly model: ModelMap;
  readonly state: ClusterState;
  readonly upmapped: ReadonlySet<number>;
}

/** A random cluster: some OSDs down, out or reweighted, some primary affinities, some upmap items. */
function randomCluster(seed: number, mode: "firstn" | "indep", options: { states?: boolean; upmaps?: boolean; affinity?: boolean } = {}): Cluster {
  const model = modelMap(seed, { mode, minHosts: 2 });
  const rnd = prng(seed ^ 0x5bd1e995);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const osds: OsdInput[] = model.deviceIds.map((id) => {
    const r = rnd();
    const states = options.states ?? true;
    return {
      id,
      up: !(states && r < 0.1),
      weight: states && r >= 0.1 && r < 0.2 ? 0 : states && r >= 0.2 && r < 0.3 ? int(0x4000, 0xffff) : 0x10000,
      primaryAffinity: options.affinity === true && rnd() < 0.3 ? int(0, 0x10000) : 0x10000,
    };
  });
  const size = mode === "firstn" ? int(1, 4) : int(2, 5);
  const pgNum = int(1, 200);
  const upmapped = new Set<number>();
  const pgUpmapItems = [];
  if (options.upmaps ?? true) {
    for (let i = 0; i < 5; i++) {
      const ps = int(0, pgNum - 1);
      if (upmapped.has(ps)) continue;
      upmapped.add(ps);
      const from = model.deviceIds[int(0, model.deviceIds.length - 1)]!;
      const to = model.deviceIds[int(0, model.deviceIds.length - 1)]!;
      pgUpmapItems.push({ pgid: `7.${ps.toString(16)}`, mappings: [{ from, to }] });
    }
  }
  const state = createClusterState({
    crush: model.map,
    osds,
    pools: [
      mode === "firstn"
        ? { id: 7, size, pgNum, objectHash: "rjenkins" }
        : { id: 7, type: "erasure", size, erasureK: Math.max(1, size - 2), pgNum, objectHash: "rjenkins" },
    ],
    pgUpmapItems,
  });
  return { model, state, upmapped };
}

describe("up sets", () => {
  // these two run over crushmap/testing's cluster states and checkers, as a user's own properties would
  it("hold at most the pool's size, never one OSD twice, only OSDs that exist and are up and in", () => {
    fc.assert(
      fc.property(arbitraryClusterState({ upmaps: true, primaryAffinity: true }), (state) => {
        expectOk(checkNoOutDevices(state));
        const m = mapPool(state, ARBITRARY_POOL);
        for (let ps = 0; ps < m.pgNum; ps++) {
          const up = setOf(m.up, m.upLength, m.width, ps);
          expect(up.length).toBeLessThanOrEqual(m.pool.size);
          // erasure pools keep every position, holes included; replicated ones close ranks
          if (m.pool.type === "erasure") expect(up.length).toBe(m.pool.size);
          else expect(up).not.toContain(ITEM_NONE);
          const osds = up.filter((o) => o !== ITEM_NONE);
          expect(new Set(osds).size).toBe(osds.length);
        }
      }),
      RUNS,
    );
  });

  it("put every replica in a different host (or rack), except where an upmap exception says otherwise", () => {
    fc.assert(
      fc.property(fc.constantFrom("host" as const, "rack" as const).chain((failureDomain) => arbitraryClusterState({ failureDomain, upmaps: true })), (state) => {
        expectOk(checkFailureDomains(state, undefined, { skipExceptions: true }));
      }),
      RUNS,
    );
  });

  it("of erasure pools keep every shard in place when an OSD goes down: its shards become holes", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, pick) => {
        const { model, state } = randomCluster(seed, "indep", { states: false, upmaps: false });
        const victim = model.deviceIds[pick % model.deviceIds.length]!;
        const down = createClusterState({
          crush: state.crush,
          pools: state.pools,
          osds: state.osds.map((o) => ({ ...o, up: o.id !== victim })),
        });
        const before = mapPool(state, 7);
        const after = mapPool(down, 7);
        for (let ps = 0; ps < before.pgNum; ps++) {
          const expected = setOf(before.up, before.upLength, before.width, ps).map((o) => (o === victim ? ITEM_NONE : o));
          expect(setOf(after.up, after.upLength, after.width, ps)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it("of replicated pools close ranks when an OSD goes down, keeping the others in order", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, pick) => {
        const { model, state } = randomCluster(seed, "firstn", { states: false, upmaps: false });
        const victim = model.deviceIds[pick % model.deviceIds.length]!;
        const down = createClusterState({
          crush: state.crush,
          pools: state.pools,
          osds: state.osds.map((o) => ({ ...o, up: o.id !== victim })),
        });
        const before = mapPool(state, 7);
        const after = mapPool(down, 7);
        for (let ps = 0; ps < before.pgNum; ps++) {
          const expected = setOf(before.up, before.upLength, before.width, ps).filter((o) => o !== victim);
          expect(setOf(after.up, after.upLength, after.width, ps)).toEqual(expected);
        }
      }),
      RUNS,
    );
  });
});

describe("primaries", () => {
  it("are the first OSD of the up set without primary affinity", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { state } = randomCluster(seed, "firstn");
        const m = mapPool(state, 7);
        for (let ps = 0; ps < m.pgNum; ps++) {
          expect(m.upPrimary[ps]).toBe(m.upLength[ps] === 0 ? -1 : m.up[ps * m.width]);
        }
      }),
      RUNS,
    );
  });

  it("never fall on an OSD with primary affinity 0 while an OSD of full affinity holds a copy", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom("firstn", "indep"), (seed, mode) => {
        const { state } = randomCluster(seed, mode as "firstn" | "indep", { affinity: true });
        const m = mapPool(state, 7);
        for (let ps = 0; ps < m.pgNum; ps++) {
          const up = setOf(m.up, m.upLength, m.width, ps).filter((o) => o !== ITEM_NONE);
          const primary = m.upPrimary[ps]!;
          if (up.length === 0) {
            expect(primary).toBe(-1);
            continue;
          }
          expect(up).toContain(primary);
          if (up.some((o) => state.osds[o]!.primaryAffinity === 0x10000)) {
            expect(state.osds[primary]!.primaryAffinity).toBeGreaterThan(0);
          }
          // replicated pools move the primary to the front
          if (mode === "firstn") expect(up[0]).toBe(primary);
        }
      }),
      RUNS,
    );
  });
});

describe("placement groups", () => {
  it("growing pg_num by doubling moves each object at most to its new child group", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 50 }), (bits, names) => {
        const pgNum = 1 << bits;
        const model = modelMap(bits);
        const pool = { id: 3, pgNum, objectHash: "rjenkins" as const };
        const small = createClusterState({ crush: model.map, pools: [pool] });
        const big = createClusterState({ crush: model.map, pools: [{ ...pool, pgNum: 2 * pgNum }] });
        for (const name of names) {
          const before = objectToPg(small, 3, name).ps;
          const after = objectToPg(big, 3, name).ps;
          expect([before, before + pgNum]).toContain(after);
        }
      }),
      { numRuns: 100, seed: 20261122 },
    );
  });

  it("growing any pg_num moves an object only into a group split off its old one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 30 }), (pgNum, extra, names) => {
        const model = modelMap(pgNum);
        const pool = { id: 3, pgNum, objectHash: "rjenkins" as const };
        const small = createClusterState({ crush: model.map, pools: [pool] });
        const big = createClusterState({ crush: model.map, pools: [{ ...pool, pgNum: pgNum + extra }] });
        for (const name of names) {
          const before = objectToPg(small, 3, name).ps;
          const after = objectToPg(big, 3, name).ps;
          // either it stayed, or it went to a new group whose parent under the old count is its old group
          if (after !== before) {
            expect(after).toBeGreaterThanOrEqual(pgNum);
            expect(stableMod(after, pgNum, pgMask(pgNum))).toBe(before);
          }
        }
      }),
      { numRuns: 100, seed: 20261122 },
    );
  });

  it("growing pg_num by any amount only splits groups: a group's children come back to it under the old count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 0xffffffff }), (n, extra, seed) => {
        const m = n + extra;
        const child = stableMod(seed, m, pgMask(m));
        expect(stableMod(child, n, pgMask(n))).toBe(stableMod(seed, n, pgMask(n)));
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it("places an object exactly where its group is placed", () => {
    const { state } = randomCluster(42, "firstn", { affinity: true });
    for (let i = 0; i < 200; i++) {
      const name = `rbd_data.${i.toString(16)}`;
      const o = placeObject(state, 7, name);
      const g = placePg(state, o.pgid);
      expect(o.up).toEqual(g.up);
      expect(o.acting).toEqual(g.acting);
      expect(o.pgid).toBe(`7.${objectToPg(state, 7, name).ps.toString(16)}`);
    }
  });

  it("gives every group the same sets on every call (a state's compiled form never goes stale)", () => {
    const { state } = randomCluster(7, "indep", { affinity: true });
    const a = mapPool(state, 7);
    const b = mapPool(state, 7);
    expect(b.up).toEqual(a.up);
    expect(b.upPrimary).toEqual(a.upPrimary);
    for (let ps = 0; ps < a.pgNum; ps++) expect(placePg(state, { pool: 7, ps }).up).toEqual(setOf(a.up, a.upLength, a.width, ps));
  });
});
