/**
 * What a failure can and cannot do, on random maps (root → racks → hosts → devices), for
 * replicated and erasure pools alike, failing buckets of any level.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durability } from "../../src/failure/durability.js";
import { failedState, failureImpact } from "../../src/failure/failureImpact.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { modelMap } from "../support/modelMap.js";

interface Case {
  readonly state: ClusterState;
  readonly k: number;
  readonly bucketsOf: { readonly host: readonly number[]; readonly rack: readonly number[] };
  readonly domainOf: { readonly host: ReadonlyMap<number, number>; readonly rack: ReadonlyMap<number, number> };
}

/** A random map with one pool: replicated size 3 (firstn) or erasure k + m (indep). */
function randomCase(seed: number, erasure: boolean, domain: "host" | "rack", k: number, m: number): Case {
  const mm = modelMap(seed, { domain, mode: erasure ? "indep" : "firstn", minHosts: 2 });
  const state = createClusterState({
    crush: mm.map,
    pools: [erasure ? { id: 1, type: "erasure", size: k + m, erasureK: k, pgNum: 64, objectHash: "rjenkins" } : { id: 1, size: 3, pgNum: 64, objectHash: "rjenkins" }],
  });
  return { state, k: erasure ? k : 1, bucketsOf: { host: mm.hostIds, rack: mm.rackIds }, domainOf: { host: mm.hostOf, rack: mm.rackOf } };
}

const caseArb = fc.record({
  seed: fc.nat(),
  erasure: fc.boolean(),
  domain: fc.constantFrom("host" as const, "rack" as const),
  level: fc.constantFrom("host" as const, "rack" as const),
  k: fc.integer({ min: 1, max: 3 }),
  m: fc.integer({ min: 1, max: 2 }),
  fail: fc.integer({ min: 1, max: 3 }),
  pick: fc.nat(),
});

describe("failure properties", () => {
  it("failing h buckets of a level never loses a group whose copies span more than h + k − 1 of them", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, erasure, domain, level, k, m, fail, pick }) => {
        const c = randomCase(seed, erasure, domain, k, m);
        const all = c.bucketsOf[level];
        const h = Math.min(fail, all.length);
        const failed = Array.from({ length: h }, (_, i) => all[(pick + i) % all.length]!);
        const impact = failureImpact(c.state, 1, failed);
        const lost = new Set(impact.affected.filter((g) => g.class === "lost").map((g) => g.pgid));
        const mp = mapPool(c.state, 1);
        for (let ps = 0; ps < mp.pgNum; ps++) {
          const copies = Array.from(mp.acting.subarray(ps * mp.width, ps * mp.width + mp.actingLength[ps]!)).filter((o) => o !== ITEM_NONE);
          const spanned = new Set(copies.map((o) => c.domainOf[level].get(o))).size;
          // each failed bucket takes at most one of the spanned buckets; a copy survives in each other
          if (spanned > h + c.k - 1) expect(lost.has(`1.${ps.toString(16)}`)).toBe(false);
        }
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it("classifies every group by its live copies: lost below k, blocked below min_size, else degraded", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, erasure, domain, level, k, m, pick }) => {
        const c = randomCase(seed, erasure, domain, k, m);
        const all = c.bucketsOf[level];
        const victim = all[pick % all.length]!;
        const impact = failureImpact(c.state, 1, [victim, `osd.${pick % c.state.crush.devices.length}`]);
        const pool = c.state.pools[0]!;
        expect(impact.degraded + impact.belowMinSize + impact.lost).toBe(impact.affected.length);
        for (const g of impact.affected) {
          expect(g.live).toBeLessThan(g.copies);
          expect(g.class).toBe(g.live < c.k ? "lost" : g.live < pool.minSize ? "belowMinSize" : "degraded");
        }
        // the post-failure state holds no copy on a failed device
        const dead = new Set(impact.failed);
        const after = mapPool(failedState(c.state, [victim, `osd.${pick % c.state.crush.devices.length}`]), 1);
        for (let i = 0; i < after.acting.length; i++) expect(dead.has(after.acting[i]!)).toBe(false);
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });

  it("pLoss is 0 below the pool's tolerance, exact at it, and never falls as K grows", () => {
    fc.assert(
      fc.property(caseArb, ({ seed, erasure, domain, k, m }) => {
        const c = randomCase(seed, erasure, domain, k, m);
        const first = durability(c.state, 1, { failures: 1, samples: 2000 });
        const n = first.units;
        let last = -1;
        for (let K = 1; K <= Math.min(n, 7); K++) {
          const r = K === 1 ? first : durability(c.state, 1, { failures: K, samples: 2000 });
          if (K < r.tolerance) expect([r.pLoss, r.exact]).toEqual([0, true]);
          if (K === r.tolerance) expect(r.exact).toBe(true);
          expect(r.pLoss).toBeGreaterThanOrEqual(last);
          last = r.pLoss;
        }
      }),
      { numRuns: 25, seed: 20261124 },
    );
  });
});

describe("failure bytes", () => {
  it("adds up the given group sizes per class, a per-group map falling back to its average", () => {
    const c = randomCase(7, false, "host", 1, 1);
    const victim = c.bucketsOf.rack[0]!;
    const byPg = new Map<string, number>([["1.0", 5], ["1.1", 7]]);
    const impact = failureImpact(c.state, 1, [victim], { pgBytes: { byPg, average: 100 } });
    const expected = { lost: 0, belowMinSize: 0, degraded: 0 };
    for (const g of impact.affected) {
      expect(g.bytes).toBe(byPg.get(g.pgid) ?? 100);
      expected[g.class] += g.bytes;
    }
    expect([impact.lostBytes, impact.belowMinSizeBytes, impact.degradedBytes]).toEqual([expected.lost, expected.belowMinSize, expected.degraded]);
    expect(impact.affected.length).toBeGreaterThan(0);
    const flat = failureImpact(c.state, 1, [victim], { pgBytes: 10 });
    expect(flat.degradedBytes + flat.belowMinSizeBytes + flat.lostBytes).toBe(10 * flat.affected.length);
  });
});
