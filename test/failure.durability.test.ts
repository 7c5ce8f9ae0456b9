/**
 * Durability against truths recomputed here, by brute force, from Ceph's own acting sets
 * (osdmaptool --test-map-pgs-dump), the OSD records of its --dump json and the crush hierarchy:
 * copysets, the fewest failures that lose data, and the exact pLoss at that number. Then the
 * paths large clusters take (colex ranks too big for a double, too many sets to count), and the
 * seeded sampler frozen so no change can move its numbers silently.
 */
import { describe, expect, it } from "vitest";
import { durability } from "../src/failure/durability.js";
import { FailureError } from "../src/failure/errors.js";
import { CrushMapBuilder } from "../src/map/builder.js";
import type { CrushMap } from "../src/map/types.js";
import { mapPool } from "../src/placement/mapPool.js";
import { createClusterState } from "../src/placement/state.js";
import { loadOsdmapFixture, type DumpedPool, type OsdmapFixture } from "./support/osdmapFixture.js";

const NONE = 2147483647;

/** C(n, k) exactly. */
function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

/**
 * The failure units of a pool, by hand: devices under the rule's take (of its class, if any)
 * with crush weight, up and in per the OSD map; or, for a bucket type, the buckets of that type
 * above them. Device id → unit id.
 */
function unitsByHand(fx: OsdmapFixture, pool: DumpedPool, domain: string | undefined): Map<number, number> {
  const crush: CrushMap = fx.crush;
  const rule = crush.rules.find((r) => r.id === pool.crush_rule)!;
  const byId = new Map(crush.buckets.map((b) => [b.id, b]));
  const classOf = new Map(crush.devices.map((d) => [d.id, d.class]));
  const reached = new Set<number>();
  for (const step of rule.steps) {
    if (step.op !== "take") continue;
    const walk = (id: number): void => {
      for (const it of byId.get(id)!.items) {
        if (it.id < 0) walk(it.id);
        else if (it.weight > 0 && (step.class === undefined || classOf.get(it.id) === step.class)) reached.add(it.id);
      }
    };
    walk(step.item);
  }
  const live = [...reached].filter((d) => fx.osds.some((o) => o.osd === d && o.up === 1 && o.in === 1));
  const out = new Map<number, number>();
  if (domain === undefined) {
    for (const d of live) out.set(d, d);
    return out;
  }
  const type = crush.types.find((t) => t.name === domain)!.id;
  const parent = new Map<number, number>();
  for (const b of crush.buckets) for (const it of b.items) parent.set(it.id, b.id);
  for (const d of live) {
    let cur = parent.get(d);
    while (cur !== undefined && byId.get(cur)!.type !== type) cur = parent.get(cur);
    if (cur !== undefined) out.set(d, cur);
  }
  return out;
}

/** Copysets, tolerance and the exact pLoss at the tolerance, by enumeration. */
function truthByHand(fx: OsdmapFixture, pool: DumpedPool, domain?: string) {
  const unitOf = unitsByHand(fx, pool, domain);
  const N = new Set(unitOf.values()).size;
  const copysets = new Set<string>();
  const groups: { held: Map<number, number>; need: number; fewest: number }[] = [];
  let unreadable = 0;
  for (const set of fx.acting(pool.pool)) {
    const copies = set.filter((o) => o !== NONE);
    if (copies.length === 0) continue;
    copysets.add([...copies].sort((a, b) => a - b).join(","));
    if (copies.length < fx.readable(pool)) {
      unreadable++; // fewer than k shards up already
      continue;
    }
    const held = new Map<number, number>();
    for (const o of copies) if (unitOf.has(o)) held.set(unitOf.get(o)!, (held.get(unitOf.get(o)!) ?? 0) + 1);
    // lost when fewer than k copies (1 for replicated) remain
    const need = copies.length - fx.readable(pool) + 1;
    const fullest = [...held.values()].sort((a, b) => b - a);
    let fewest = 0;
    for (let acc = 0; acc < need && fewest < fullest.length; fewest++) acc += fullest[fewest]!;
    if (fullest.slice(0, fewest).reduce((a, b) => a + b, 0) >= need) groups.push({ held, need, fewest });
  }
  const tolerance = Math.min(...groups.map((g) => g.fewest));
  const fatal = new Set<string>();
  for (const g of groups) {
    if (g.fewest !== tolerance) continue;
    const units = [...g.held.keys()];
    const pick = (from: number, chosen: number[]): void => {
      if (chosen.length === tolerance) {
        if (chosen.reduce((a, u) => a + g.held.get(u)!, 0) >= g.need) fatal.add([...chosen].sort((a, b) => a - b).join(","));
        return;
      }
      for (let i = from; i < units.length; i++) pick(i + 1, [...chosen, units[i]!]);
    };
    pick(0, []);
  }
  return { N, copysets: copysets.size, unreadable, tolerance, fatal: fatal.size, pLoss: groups.length === 0 ? 0 : fatal.size / Number(choose(N, tolerance)) };
}

describe("durability against osdmaptool's acting sets", () => {
  const cases: [string, string | undefined][] = [];
  for (const name of ["rep-basic", "rep-upmap", "ec", "classes", "pgtemp"]) for (const domain of [undefined, "host"]) cases.push([name, domain]);
  cases.push(["rep-basic", "rack"]);

  it.each(cases)("%s, failing %s: copysets, the fewest failures that lose data and the exact pLoss there", (name, domain) => {
    const fx = loadOsdmapFixture(name);
    for (const pool of fx.pools) {
      const truth = truthByHand(fx, pool, domain);
      const opts = domain === undefined ? {} : { domain };
      const at = durability(fx.state, pool.pool, { failures: truth.tolerance, ...opts });
      expect({ pool: pool.pool, units: at.units, copysets: at.copysets, unreadable: at.unreadable, tolerance: at.tolerance, exact: at.exact }).toEqual({
        pool: pool.pool,
        units: truth.N,
        copysets: truth.copysets,
        unreadable: truth.unreadable,
        tolerance: truth.tolerance,
        exact: true,
      });
      expect(at.pLoss).toBeCloseTo(truth.pLoss, 14);
      expect(at.pLoss).toBeGreaterThan(0);
      if (truth.tolerance > 1) expect(durability(fx.state, pool.pool, { failures: truth.tolerance - 1, ...opts }).pLoss).toBe(0);
      const all = durability(fx.state, pool.pool, { failures: truth.N, ...opts });
      expect([all.pLoss, all.exact]).toEqual([1, true]);
    }
  });

  it("counts groups already degraded: a pool with a host down loses data with fewer failures", () => {
    // ec: host h6 and osd.3 are down, so some 4+2 groups hold only k + 1 or k live shards
    const fx = loadOsdmapFixture("ec");
    const r = durability(fx.state, "ec42", { failures: 1 });
    expect(r.tolerance).toBeLessThan(3);
    // and some 2+1 groups over OSDs lost two shards to osd.3 and h6 already: left out, counted
    expect(durability(fx.state, "ec21", { failures: 1 }).unreadable).toBe(2);
  });
});

describe("durability on large clusters", () => {
  /** hosts × perHost devices, an erasure k + m pool over hosts. */
  function bigCluster(hosts: number, perHost: number, k: number, m: number, pgNum: number) {
    const b = new CrushMapBuilder().addBucket("default", "root");
    let id = 0;
    for (let h = 0; h < hosts; h++) {
      b.addBucket(`h${h}`, "host", { under: "default" });
      for (let d = 0; d < perHost; d++) b.addDevice({ id: id++, under: `h${h}`, weight: 1 + (d % 3) });
    }
    b.createErasureRule("ec", { k, m, failureDomain: "host" });
    const crush = b.build();
    return createClusterState({ crush, pools: [{ id: 1, type: "erasure", size: k + m, erasureK: k, crushRule: crush.rules[0]!.id, pgNum, objectHash: "rjenkins" }] });
  }
  const distinctSets = (state: ReturnType<typeof bigCluster>): string[] => {
    const mp = mapPool(state, 1);
    const sets = new Set<string>();
    for (let ps = 0; ps < mp.pgNum; ps++) sets.add(Array.from(mp.acting.subarray(ps * mp.width, (ps + 1) * mp.width)).sort((a, b) => a - b).join(","));
    return [...sets];
  };

  it("stays exact when C(N, K) is beyond a double's integers (3,000 devices, 6+4 shards, K = 5)", () => {
    const state = bigCluster(300, 10, 6, 4, 256);
    const r = durability(state, 1, { failures: 5 });
    expect(r.exact).toBe(true);
    const fatal = new Set<string>();
    for (const s of distinctSets(state)) {
      const ids = s.split(",");
      for (let a = 0; a < 10; a++)
        for (let b = a + 1; b < 10; b++)
          for (let c = b + 1; c < 10; c++) for (let d = c + 1; d < 10; d++) for (let e = d + 1; e < 10; e++) fatal.add([ids[a], ids[b], ids[c], ids[d], ids[e]].join(","));
    }
    expect(r.pLoss).toBeCloseTo(fatal.size / Number(choose(3000, 5)), 25);
    expect(r.pLoss / (fatal.size / Number(choose(3000, 5)))).toBeCloseTo(1, 12);
  });

  it("bounds the yearly estimate from above when the fatal sets are too many to tell apart", () => {
    const state = bigCluster(300, 10, 6, 4, 8192);
    const r = durability(state, 1, { failures: 5, afr: 0.02, recoveryHours: 10 });
    expect(r.exact).toBe(false); // pLoss(5) simulated
    expect(r.annual!.exact).toBe(false);
    // every group's C(10, 5) five-device sets, counted once per group
    const bound = distinctSets(state).length * 252;
    const lambda = -Math.log(0.98);
    const expected = bound * 5 * lambda ** 5 * (10 / 8760) ** 4;
    expect(r.annual!.lossRate / expected).toBeCloseTo(1, 12);
  });
});

describe("durability is deterministic", () => {
  it("gives the same estimate on every run, frozen here (seeded xorshift32, no clock)", () => {
    const { state } = loadOsdmapFixture("rep-basic");
    const a = durability(state, 1, { failures: 4, samples: 20_000 });
    const b = durability(state, 1, { failures: 4, samples: 20_000 });
    expect(b).toEqual(a);
    expect(a.exact).toBe(false);
    // noreg: the sampler's losses out of 20,000 for pool rbd, K = 4, seed 1
    expect(Math.round(a.pLoss * a.samples!)).toBe(FROZEN_LOSSES);
    expect(durability(state, 1, { failures: 4, samples: 20_000, seed: 2 }).pLoss).not.toBe(a.pLoss);
  });

  it("never lowers pLoss as K grows, exact and simulated alike", () => {
    const { state } = loadOsdmapFixture("rep-basic");
    for (const pool of [1, 2, 6]) {
      const n = durability(state, pool, { failures: 1 }).units;
      let last = 0;
      for (let k = 1; k <= n; k++) {
        const p = durability(state, pool, { failures: k, samples: 5000 }).pLoss;
        expect(p).toBeGreaterThanOrEqual(last);
        last = p;
      }
      expect(last).toBe(1);
    }
  });
});

describe("durability errors", () => {
  const { state } = loadOsdmapFixture("rep-basic");
  it.each([0, -1, 1.5, 23, Number.NaN])("rejects K = %s (the pool has 22 devices)", (k) => {
    expect(() => durability(state, 1, { failures: k })).toThrow(FailureError);
    expect(() => durability(state, 1, { failures: k })).toThrow(/failures must be an integer from 1 to 22/);
  });
  it("rejects more failed racks than racks, an AFR outside (0, 1) and a missing recovery time", () => {
    expect(() => durability(state, 1, { failures: 4, domain: "rack" })).toThrow(/from 1 to 3 \(the racks that can fail\)/);
    expect(() => durability(state, 1, { failures: 3, afr: 2 })).toThrow(/afr must be a rate between 0 and 1/);
    expect(() => durability(state, 1, { failures: 3, afr: 0.02 })).toThrow(/recovery time/);
    expect(() => durability(state, 1, { failures: 3, method: "exact" })).not.toThrow();
    expect(() => durability(state, 1, { failures: 4, method: "exact" })).toThrow(/no closed form for 4 failures/);
  });
});

const FROZEN_LOSSES = 3017;
