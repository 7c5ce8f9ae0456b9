/**
 * The crushmap/testing kit tested as its users will use it: its arbitraries give valid values
 * and shrink to small ones, its checkers accept what crushmap does — and the kit finds bugs
 * planted on purpose: a placement that sometimes doubles up a domain, a checker that looks only
 * at neighbouring copies, a plan that drops a copy too early, and the naive properties its docs
 * warn about.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyChanges,
  applyTopologyChange,
  createNameHasher,
  createPlacement,
  diffPlacements,
  failedState,
  mapPool,
  planKeyMoves,
  planRebalance,
  type Key,
  type Placement,
  type ReplicatedPlacement,
  type Topology,
} from "../../src/index.js";
import { setOf } from "../../src/placement/mapPool.js";
import {
  ARBITRARY_POOL,
  arbitraryChange,
  arbitraryClusterState,
  arbitraryFailure,
  arbitraryTopology,
  checkFailureDomains,
  checkNoOutDevices,
  checkPlanSafe,
  checkSurvives,
  expectOk,
  type CheckResult,
} from "../../src/testing/index.js";

const hasher = await createNameHasher();
const RUNS = { numRuns: 30, seed: 424242 };

async function zonePlacement(t: Topology): Promise<ReplicatedPlacement> {
  return createPlacement(t, { replicas: 3, failureDomain: "zone", hasher });
}

describe("arbitraries", () => {
  it("give valid topologies within the shape asked for", () => {
    fc.assert(
      fc.property(arbitraryTopology({ levels: ["rack", "host"], minDomains: 2, maxDomains: 3, maxChildren: 2, maxDevices: 3, deviceType: "osd" }), (t) => {
        const racks = t.buckets.filter((b) => b.type === "rack");
        expect(racks.length >= 2 && racks.length <= 3).toBe(true);
        for (const h of t.buckets.filter((b) => b.type === "host")) expect(h.children.length >= 1 && h.children.length <= 3).toBe(true);
        expect(t.types).toEqual(["osd", "host", "rack", "root"]);
        expect(Object.isFrozen(t)).toBe(true);
      }),
      RUNS,
    );
  });

  it("shrink a failing case to the smallest topology that still fails", () => {
    // a property that fails once any device weighs more than 4
    const r = fc.check(fc.property(arbitraryTopology(), (t) => t.devices.every((d) => d.weight <= 4)), { seed: 1, numRuns: 200 });
    expect(r.failed).toBe(true);
    const t = r.counterexample![0] as Topology;
    expect(t.buckets).toHaveLength(3); // root, one zone, one node
    expect(t.devices.length).toBeLessThanOrEqual(2);
    // the failing weight shrinks to the smallest above 4, the others to 1
    expect(t.devices.map((d) => d.weight).sort()).toEqual(t.devices.length === 1 ? [4.5] : [1, 4.5]);
  });

  it("give valid cluster states, changes that apply and failures that resolve", () => {
    fc.assert(
      fc.property(
        arbitraryClusterState().chain((s) => fc.tuple(fc.constant(s), arbitraryChange(s), arbitraryFailure(s, { maxFailures: 2 }))),
        ([state, change, failure]) => {
          expect(state.pools.map((p) => p.id)).toEqual([ARBITRARY_POOL]);
          const changed = applyChanges(state, [change]);
          const failed = failedState(state, failure);
          for (const s of [changed, failed]) expectOk(checkNoOutDevices(s));
        },
      ),
      RUNS,
    );
  });

  it("give topology changes that apply and topology failures that name its nodes", () => {
    fc.assert(
      fc.property(
        arbitraryTopology().chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t, { kinds: ["addDevice", "addBucket", "reweight", "moveNode"] }), arbitraryFailure(t, { type: "node" }))),
        ([t, change, failure]) => {
          const next = applyTopologyChange(t, change);
          expect(next).not.toBe(t);
          for (const f of failure) expect(t.node(f)!.type).toBe("node");
        },
      ),
      RUNS,
    );
  });
});

describe("checkers accept what crushmap does", () => {
  it("cluster states: copies in distinct domains, on OSDs up and in, plans that replay", () => {
    fc.assert(
      fc.property(
        arbitraryClusterState({ maxPgNum: 32 }).chain((s) => fc.tuple(fc.constant(s), arbitraryChange(s))),
        ([before, change]) => {
          expectOk(checkFailureDomains(before));
          const after = applyChanges(before, [change]);
          expectOk(checkPlanSafe({ before, after, plan: planRebalance(before, after, { pgBytes: 1 << 30, maxBackfills: 2 }) }));
        },
      ),
      RUNS,
    );
  });

  it("placements: key plans replay, and one zone failing leaves two copies of every key", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryTopology({ minDomains: 3, maxDomains: 3, maxChildren: 3, maxDevices: 3 }).chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t, { kinds: ["addDevice", "addBucket", "reweight"] }), arbitraryFailure(t, { type: "zone" }))),
        async ([t, change, failure]) => {
          const a = await zonePlacement(t);
          expectOk(checkSurvives(a, failure, 200, { minCopies: 2 }));
          let b: Placement;
          try {
            b = await zonePlacement(applyTopologyChange(t, change));
          } catch (e) {
            fc.pre((e as Error).name !== "TopologyError"); // a reweight to 0 can empty a zone
            throw e;
          }
          expectOk(checkPlanSafe(planKeyMoves(diffPlacements(a, b, 200), { maxTransfers: 2 })));
        },
      ),
      RUNS,
    );
  });
});

/** A placement with a planted bug: for one key in `every`, the last copy lands beside the first, in its domain. */
function doublingUp(p: ReplicatedPlacement, every: number): ReplicatedPlacement {
  const t = p.topology;
  const place = (key: Key): string[] => {
    const copies = p.place(key);
    if (p.inputOf(key) % every !== 0 || copies.length < 2) return copies;
    const domain = p.domainOf(copies[0]!);
    const sibling = t.devices.find((d) => d.name !== copies[0] && p.domainOf(d.name) === domain);
    return sibling === undefined ? copies : [...copies.slice(0, -1), sibling.name];
  };
  return { ...p, place };
}

/** A checker with a planted bug: it compares each copy only with the next one. */
function neighboursOnly(p: Placement, keys: number): CheckResult {
  for (let i = 0; i < keys; i++) {
    const c = p.place(String(i)).filter((d): d is string => d !== null);
    for (let j = 0; j + 1 < c.length; j++) if (p.domainOf(c[j]!) === p.domainOf(c[j + 1]!)) return { ok: false, reason: `key ${i}` };
  }
  return { ok: true };
}

/** Moves copy `to` of every key into the domain of copy `from`, when that domain has a free device. */
function forced(p: ReplicatedPlacement, from: number, to: number): ReplicatedPlacement {
  return {
    ...p,
    place: (key: Key) => {
      const c = p.place(key);
      if (to >= c.length || from >= c.length) return c;
      const domain = p.domainOf(c[from]!);
      const free = p.topology.devices.find((d) => p.domainOf(d.name) === domain && !c.includes(d.name));
      if (free === undefined) return c;
      const out = [...c];
      out[to] = free.name;
      return out;
    },
  };
}

describe("the kit finds planted bugs", () => {
  it("a placement that puts two copies in one zone for one key in 50: found, and shrunk to a small cluster", async () => {
    const r = await fc.check(
      fc.asyncProperty(arbitraryTopology({ minDomains: 3 }), async (t) => {
        const p = doublingUp(await zonePlacement(t), 50);
        expectOk(checkFailureDomains(p, 500));
      }),
      { seed: 5, numRuns: 50 },
    );
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/are both in zone zone-\d/);
    const smallest = r.counterexample![0] as Topology;
    // three zones (createPlacement needs them), one node each, and a zone with two devices
    expect(smallest.buckets.filter((b) => b.type === "zone")).toHaveLength(3);
    expect(smallest.devices.length).toBeLessThanOrEqual(4);
  });

  it("a checker that compares only neighbouring copies: the property it should guarantee fails", async () => {
    // what a failure-domain checker must do: reject any placement with two copies in one zone
    const rejectsEveryDoubling = (check: (p: Placement, keys: number) => CheckResult) =>
      fc.asyncProperty(arbitraryTopology({ minDomains: 3, minChildren: 2, minDevices: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), async (t, i, j) => {
        fc.pre(i !== j);
        const bad = forced(await zonePlacement(t), Math.min(i, j), Math.max(i, j));
        expect(check(bad, 20).ok).toBe(false);
      });
    await fc.assert(rejectsEveryDoubling((p, n) => checkFailureDomains(p, n)), { seed: 6, numRuns: 30 });
    const r = await fc.check(rejectsEveryDoubling(neighboursOnly), { seed: 6, numRuns: 30 });
    expect(r.failed).toBe(true);
    // the copies it misses are the first and the last
    expect([r.counterexample![1], r.counterexample![2]].sort()).toEqual([0, 2]);
  });

  it("a key plan that drops a copy before its replacement is complete", async () => {
    const r = await fc.check(
      fc.asyncProperty(
        arbitraryTopology({ minDomains: 3, maxDomains: 3, minDevices: 2 }).chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t, { kinds: ["addDevice"] }))),
        async ([t, change]) => {
          const plan = planKeyMoves(diffPlacements(await zonePlacement(t), await zonePlacement(applyTopologyChange(t, change)), 300), { maxTransfers: 1 });
          // the planted bug: every drop happens at the end of the first wave
          const eager = { ...plan, moves: plan.moves.map((m) => (m.from === null ? m : { ...m, dropWave: 0 })) };
          expectOk(checkPlanSafe(eager));
        },
      ),
      { seed: 7, numRuns: 30 },
    );
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/is dropped in wave 0 before the group's copies complete/);
  });
});

describe("the naive properties the kit's docs warn about are false", () => {
  it("'every key has exactly 3 copies' fails on skewed weights: CRUSH gives up and returns fewer", async () => {
    const r = await fc.check(
      fc.asyncProperty(arbitraryTopology({ levels: ["node"], minDomains: 4, weights: "skewed" }), async (t) => {
        const p = await createPlacement(t, { replicas: 3, failureDomain: "node", hasher });
        expectOk(checkFailureDomains(p, 300)); // this part always holds
        for (let i = 0; i < 300; i++) expect(p.place(String(i))).toHaveLength(3);
      }),
      { seed: 8, numRuns: 200 },
    );
    expect(r.failed).toBe(true);
  });

  it("'every group has size copies' fails on cluster states: some are born with fewer (size above the domains)", () => {
    const r = fc.check(
      fc.property(arbitraryClusterState({ pool: "replicated", osdStates: false }), (state) => {
        const m = mapPool(state, ARBITRARY_POOL);
        for (let ps = 0; ps < m.pgNum; ps++) expect(setOf(m.up, m.upLength, m.width, ps)).toHaveLength(m.pool.size);
      }),
      { seed: 9, numRuns: 200 },
    );
    expect(r.failed).toBe(true);
  });

  it("'no two copies in one host' fails with pg_upmap_items unless exceptions are skipped", () => {
    const r = fc.check(
      fc.property(arbitraryClusterState({ upmaps: true }), (state) => expectOk(checkFailureDomains(state))),
      { seed: 10, numRuns: 300 },
    );
    expect(r.failed).toBe(true);
    expect(String(r.errorInstance)).toMatch(/are both in host|holds two copies/);
  });
});
