/**
 * Durability against truths recomputed here, by brute force, from Ceph's own acting sets
 * (osdmaptool --test-map-pgs-dump), the OSD records of its --dump json and the crush hierarchy:
 * copysets, the fewest failures that lose data, and the exact pLoss at that number. Then the
 * paths large clusters take (colex ranks too big for a double, too many sets to count), and the
 * seeded sampler frozen so no change can move its numbers silently.
 */
import { describe, expect, it } from "vitest";
import { durability } from "../../src/failure/durability/index.js";
import { countAllFatal } from "../../src/failure/durability/enumerateAll.js";
import { countFatalSets } from "../../src/failure/durability/fatalSets.js";
import { groupLoss } from "../../src/failure/durability/groupLoss.js";
import type { LossGroup } from "../../src/failure/durability/lossGroups.js";
import { lossProbability } from "../../src/failure/durability/lossProbability.js";
import { simulate } from "../../src/failure/durability/simulate.js";
import { unionEstimate } from "../../src/failure/durability/unionEstimate.js";
import { unitIndex } from "../../src/failure/durability/unitIndex.js";
import { formatDurability } from "../../src/failure/formatFailure.js";
import { FailureError } from "../../src/failure/errors.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import type { CrushMap } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { createClusterState } from "../../src/placement/state.js";
import { loadOsdmapFixture, type DumpedPool, type OsdmapFixture } from "../support/osdmapFixture.js";
import { prng } from "../support/randomMap.js";

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
  const units = [...new Set(unitOf.values())];
  return { N, units, groups, copysets: copysets.size, unreadable, tolerance, fatal: fatal.size, pLoss: groups.length === 0 ? 0 : fatal.size / Number(choose(N, tolerance)) };
}

/** K-sets of `units` that lose some group, by trying every one. */
function fatalByBruteForce(units: readonly number[], groups: readonly { held: Map<number, number>; need: number }[], K: number): number {
  let fatal = 0;
  const idx = Array.from({ length: K }, (_, i) => i);
  for (;;) {
    const failed = new Set(idx.map((i) => units[i]!));
    if (groups.some((g) => [...g.held].reduce((a, [u, c]) => a + (failed.has(u) ? c : 0), 0) >= g.need)) fatal++;
    let i = K - 1;
    while (i >= 0 && idx[i] === units.length - K + i) i--;
    if (i < 0) return fatal;
    idx[i]!++;
    for (let j = i + 1; j < K; j++) idx[j] = idx[j - 1]! + 1;
  }
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

  it.each(cases)("%s, failing %s: exact past the tolerance too, where every K-set can be walked", (name, domain) => {
    const fx = loadOsdmapFixture(name);
    for (const pool of fx.pools) {
      const truth = truthByHand(fx, pool, domain);
      for (let K = truth.tolerance + 1; K <= truth.tolerance + 2 && K < truth.N; K++) {
        if (choose(truth.N, K) > 20_000n) continue;
        const r = durability(fx.state, pool.pool, { failures: K, ...(domain === undefined ? {} : { domain }) });
        expect([r.exact, r.method, r.interval]).toEqual([true, "enumerated", undefined]);
        expect(r.pLoss).toBeCloseTo(fatalByBruteForce(truth.units, truth.groups, K) / Number(choose(truth.N, K)), 14);
      }
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

  it("counts exactly past the old enumeration cap (2M fatal sets), between Bonferroni's bounds, and so the yearly estimate", () => {
    const state = bigCluster(300, 10, 6, 4, 8192);
    const r = durability(state, 1, { failures: 5, afr: 0.02, recoveryHours: 10 });
    expect([r.exact, r.method, r.annual!.exact]).toEqual([true, "counted", true]);
    // every copyset's C(10, 5) five-device sets: S1 counts them once per copyset, S2 once per
    // pair of copysets sharing five or more devices; S1 − S2 ≤ distinct ≤ S1
    const sets = distinctSets(state).map((s) => s.split(",").map(Number));
    const byDevice = new Map<number, number[]>();
    sets.forEach((set, i) => set.forEach((d) => byDevice.set(d, [...(byDevice.get(d) ?? []), i])));
    let s2 = 0n;
    for (let i = 0; i < sets.length; i++) {
      const shared = new Map<number, number>();
      for (const d of sets[i]!) for (const j of byDevice.get(d)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
      for (const n of shared.values()) s2 += choose(n, 5);
    }
    const s1 = BigInt(sets.length) * 252n;
    const all = Number(choose(3000, 5));
    const fatal = Math.round(r.pLoss * all);
    expect(BigInt(fatal)).toBeGreaterThanOrEqual(s1 - s2);
    expect(BigInt(fatal)).toBeLessThanOrEqual(s1);
    const lambda = -Math.log(0.98);
    expect(r.annual!.lossRate / (fatal * 5 * lambda ** 5 * (10 / 8760) ** 4)).toBeCloseTo(1, 9);
  });

  it("tells overlapping fatal sets apart at scale: five failed hosts of 150, 2,048 groups of 6+4 over hosts", () => {
    const state = bigCluster(150, 4, 6, 4, 2048);
    const r = durability(state, 1, { failures: 5, domain: "host" });
    expect([r.exact, r.method]).toEqual([true, "counted"]);
    const hostOf = (d: number): number => Math.floor(d / 4);
    const fatal = new Set<string>();
    let withRepeats = 0;
    for (const s of distinctSets(state)) {
      const ids = [...new Set(s.split(",").map((d) => hostOf(Number(d))))].sort((a, b) => a - b);
      const n = ids.length;
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
          for (let c = b + 1; c < n; c++)
            for (let d = c + 1; d < n; d++)
              for (let e = d + 1; e < n; e++) {
                fatal.add([ids[a], ids[b], ids[c], ids[d], ids[e]].join(","));
                withRepeats++;
              }
    }
    expect(fatal.size).toBeLessThan(withRepeats); // groups share fatal sets: the count must tell them apart
    expect(r.pLoss).toBeCloseTo(fatal.size / Number(choose(150, 5)), 20);
    expect(r.pLoss / (fatal.size / Number(choose(150, 5)))).toBeCloseTo(1, 12);
  });

  it("estimates rare losses past the tolerance inside the bounds derived here (3,000 devices, 6+4 shards, K = 6)", () => {
    const state = bigCluster(300, 10, 6, 4, 256);
    const r = durability(state, 1, { failures: 6 });
    expect([r.exact, r.method]).toEqual([false, "union"]);
    const sets = distinctSets(state);
    // above: Boole over copysets, Σ P(≥ 5 of its 10 devices among 6 failed), exactly in integers
    const per = choose(10, 5) * choose(2990, 1) + choose(10, 6);
    const upper = Number(BigInt(sets.length) * per * 10n ** 30n / choose(3000, 6)) / 1e30;
    // below: pLoss never falls as K grows, and at K = 5 it is the distinct five-sets by brute force
    const five = new Set<string>();
    for (const s of sets) {
      const ids = s.split(",");
      for (let a = 0; a < 10; a++)
        for (let b = a + 1; b < 10; b++)
          for (let c = b + 1; c < 10; c++) for (let d = c + 1; d < 10; d++) for (let e = d + 1; e < 10; e++) five.add([ids[a], ids[b], ids[c], ids[d], ids[e]].join(","));
    }
    const lower = five.size / Number(choose(3000, 5));
    expect(r.interval![0]).toBeGreaterThanOrEqual(lower * (1 - 1e-9));
    expect(r.interval![1]).toBeLessThanOrEqual(upper * (1 + 1e-9));
    expect(r.interval![0]).toBeLessThanOrEqual(r.pLoss);
    expect(r.pLoss).toBeLessThanOrEqual(r.interval![1]);
    // the copysets barely overlap, so the union is within a few percent of Boole's bound
    expect(r.pLoss / upper).toBeGreaterThan(0.95);
    expect(r.interval![1] / r.interval![0]).toBeLessThan(1.1);
  });
});

describe("durability's counts and estimates against brute force on small random groups", () => {
  /** G groups of `width` copies over N units (several copies per unit when `stacked`), lost when `need` copies fail. */
  function randomGroups(seed: number): { groups: LossGroup[]; N: number } {
    const rnd = prng(seed);
    const N = 8 + Math.floor(rnd() * 10);
    const width = 2 + Math.floor(rnd() * 4);
    const need = 1 + Math.floor(rnd() * width);
    const stacked = rnd() < 0.5;
    const groups: LossGroup[] = [];
    for (let g = 3 + Math.floor(rnd() * 30); g > 0; g--) {
      const held = new Map<number, number>();
      while ([...held.values()].reduce((a, b) => a + b, 0) < width) {
        const u = Math.floor(rnd() * N);
        if (stacked || !held.has(u)) held.set(u, (held.get(u) ?? 0) + 1);
      }
      const entries = [...held].sort((a, b) => a[0] - b[0]);
      const fullest = entries.map((e) => e[1]).sort((a, b) => b - a);
      let fewest = 0;
      for (let acc = 0; acc < need; fewest++) acc += fullest[fewest]!;
      groups.push({ units: Int32Array.from(entries, (e) => e[0]), mult: Int32Array.from(entries, (e) => e[1]), need, fewest });
    }
    return { groups, N };
  }
  const asHeld = (groups: readonly LossGroup[]) => groups.map((g) => ({ held: new Map(Array.from(g.units, (u, i) => [u, g.mult[i]!])), need: g.need }));
  const cases = Array.from({ length: 120 }, (_, i) => i + 1);

  it("the streamed count at the tolerance and the walk over every K-set count what brute force counts", () => {
    for (const seed of cases) {
      const { groups, N } = randomGroups(seed);
      const index = unitIndex(groups, N);
      const tolerance = Math.min(...groups.map((g) => g.fewest));
      const units = Array.from({ length: N }, (_, u) => u);
      for (let K = 1; K <= Math.min(N, 8); K++) {
        const truth = fatalByBruteForce(units, asHeld(groups), K);
        if (K === tolerance) {
          expect(countFatalSets(groups, index, N, K, 1e9)).toBe(truth);
          expect(countFatalSets(groups, index, N, K, 1e9, 0)).toBe(truth); // sets kept as unit lists, as when ranks pass 2^53
        }
        expect(countAllFatal(groups, index, N, K, 1e9)).toBe(truth);
      }
    }
  });

  it("the certain bounds hold, and the estimators' intervals contain the exact value", () => {
    let estimates = 0;
    for (const seed of cases) {
      const { groups, N } = randomGroups(seed);
      const index = unitIndex(groups, N);
      const tolerance = Math.min(...groups.map((g) => g.fewest));
      const units = Array.from({ length: N }, (_, u) => u);
      for (let K = tolerance; K <= Math.min(N - 1, 8); K++) {
        const p = fatalByBruteForce(units, asHeld(groups), K) / Number(choose(N, K));
        const loss = groupLoss(groups, N, K);
        expect(loss.max).toBeLessThanOrEqual(p * (1 + 1e-12));
        expect(p).toBeLessThanOrEqual(loss.sum * (1 + 1e-12));
        const question = { groups, index, N, K, tolerance, fatalAtTolerance: () => countFatalSets(groups, index, N, tolerance, 1e9) };
        // both intervals hold at any sample size, but a 95% interval misses one time in twenty by
        // design: over some 800 estimates only a 99.999% one should never miss
        for (const method of ["auto", "simulate"] as const) {
          const r = lossProbability(question, { method, samples: 2000, seed, confidence: 0.99999 });
          if (r.exact) continue;
          estimates++;
          expect(r.interval![0]).toBeLessThanOrEqual(p);
          expect(p).toBeLessThanOrEqual(r.interval![1]);
          expect(r.bounds![0]).toBeLessThanOrEqual(p);
          expect(p).toBeLessThanOrEqual(r.bounds![1]);
        }
      }
    }
    expect(estimates).toBeGreaterThan(200);
  });

  it("the union estimator keeps its precision where direct sampling sees nothing (50 triples of 2,000 units)", () => {
    for (const seed of [1, 2, 3, 4]) {
      const rnd = prng(seed);
      const N = 2000;
      const sets = new Set<string>();
      const groups: LossGroup[] = [];
      while (groups.length < 50) {
        const units = [...new Set([0, 1, 2].map(() => Math.floor(rnd() * N)))].sort((a, b) => a - b);
        if (units.length < 3 || sets.has(units.join(","))) continue;
        sets.add(units.join(","));
        groups.push({ units: Int32Array.from(units), mult: new Int32Array(3).fill(1), need: 3, fewest: 3 });
      }
      const index = unitIndex(groups, N);
      // K = 4: a 4-set is fatal when it holds a triple; two triples in one 4-set share two units
      let fatal = 50n * 1997n;
      for (let i = 0; i < 50; i++) for (let j = i + 1; j < 50; j++) if (new Set([...groups[i]!.units, ...groups[j]!.units]).size === 4) fatal--;
      const p = Number((fatal * 10n ** 30n) / choose(N, 4)) / 1e30;
      const u = unionEstimate(groups, index, groupLoss(groups, N, 4), N, 4, 20_000, seed, 0.95);
      expect(Math.abs(u.p - p)).toBeLessThanOrEqual(0.01 * p);
      expect(u.interval[0]).toBeLessThanOrEqual(p);
      expect(p).toBeLessThanOrEqual(u.interval[1]);
      expect((u.interval[1] - u.interval[0]) / p).toBeLessThan(0.02);
      // 20,000 direct samples see no loss at p ≈ 1e-9: all they can say is "below 1.8e-4"
      const direct = simulate(groups, index, N, 4, 20_000, seed, 0.95);
      expect(direct.losses).toBe(0);
      expect(direct.interval[1]).toBeGreaterThan(1e-4);
    }
  });
});

describe("durability as printed", () => {
  const { state } = loadOsdmapFixture("rep-basic");
  /** The interval a line prints: "(99.9% interval A … B". */
  const printed = (text: string): [number, number] | undefined => {
    const m = /interval (\S+) … (\S+?),/.exec(text);
    return m === null ? undefined : [Number(m[1]), Number(m[2])];
  };

  it("prints no interval where pLoss is exact, and only intervals that contain it where it is known", () => {
    for (const pool of [1, 2, 6]) {
      const { units, tolerance } = durability(state, pool, { failures: 1 });
      for (let K = tolerance; K <= Math.min(units - 1, tolerance + 3); K++) {
        const exact = durability(state, pool, { failures: K });
        expect(exact.exact).toBe(true);
        const text = formatDurability(exact);
        expect(text).toMatch(/\(exact\)/);
        expect(printed(text)).toBeUndefined();
        for (const seed of [1, 2, 3]) {
          const sim = durability(state, pool, { failures: K, method: "simulate", samples: 2000, seed, confidence: 0.999 });
          const [lo, hi] = printed(formatDurability(sim))!;
          expect(formatDurability(sim)).toMatch(/99\.9% interval/);
          expect(lo).toBeLessThanOrEqual(exact.pLoss);
          expect(exact.pLoss).toBeLessThanOrEqual(hi);
        }
      }
    }
  });

  it("rounds a printed interval outward, and never prints 0 for a loss that can happen", () => {
    // a rare loss the direct sampler misses in all 500 samples: the point stays at the certain lower bound
    const big = new CrushMapBuilder().addBucket("default", "root");
    for (let i = 0; i < 3000; i++) {
      if (i % 10 === 0) big.addBucket(`h${i / 10}`, "host", { under: "default" });
      big.addDevice({ id: i, under: `h${Math.floor(i / 10)}`, weight: 1 });
    }
    const s = createClusterState({ crush: big.createReplicatedRule("r", "default", "host").build(), pools: [{ id: 1, size: 3, pgNum: 256, objectHash: "rjenkins" }] });
    const r = durability(s, 1, { failures: 4, method: "simulate", samples: 500 });
    expect(r.losses).toBe(0);
    expect(r.pLoss).toBeGreaterThan(0);
    const text = formatDurability(r);
    expect(text).not.toMatch(/= 0 /);
    const [lo, hi] = printed(text)!;
    expect(lo).toBeLessThanOrEqual(r.interval![0]);
    expect(hi).toBeGreaterThanOrEqual(r.interval![1]);
    expect(lo).toBeGreaterThan(0);
  });
});

describe("durability is deterministic", () => {
  it("gives the same estimate on every run, frozen here (seeded xorshift32, no clock)", () => {
    const { state } = loadOsdmapFixture("rep-basic");
    const a = durability(state, 1, { failures: 4, samples: 20_000, method: "simulate" });
    const b = durability(state, 1, { failures: 4, samples: 20_000, method: "simulate" });
    expect(b).toEqual(a);
    expect([a.exact, a.method]).toEqual([false, "sampled"]);
    // noreg: the sampler's losses out of 20,000 for pool rbd, K = 4, seed 1
    expect(a.losses).toBe(FROZEN_LOSSES);
    expect(durability(state, 1, { failures: 4, samples: 20_000, seed: 2, method: "simulate" }).losses).not.toBe(a.losses);
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
    expect(() => durability(state, 1, { failures: 4, method: "exact" })).not.toThrow(); // 22 devices: every 4-set is walked
    const h = new CrushMapBuilder().addBucket("default", "root");
    for (let i = 0; i < 3000; i++) {
      if (i % 10 === 0) h.addBucket(`h${i / 10}`, "host", { under: "default" });
      h.addDevice({ id: i, under: `h${Math.floor(i / 10)}`, weight: 1 });
    }
    const big = createClusterState({ crush: h.createReplicatedRule("r", "default", "host").build(), pools: [{ id: 1, size: 3, pgNum: 256, objectHash: "rjenkins" }] });
    expect(() => durability(big, 1, { failures: 5, method: "exact" })).toThrow(/no exact count for 5 failures of 3000 units/);
  });
});

const FROZEN_LOSSES = 3017;
