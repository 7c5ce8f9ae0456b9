/**
 * What MSR rules promise, as properties over random clusters (fast-check): racks of hosts of
 * OSDs with unequal weights, some OSDs out or partly reweighted, rules of two or three choosemsr
 * levels in both modes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { ITEM_NONE, type CrushMap } from "../../src/map/types.js";
import { defaultReweight, Mapper } from "../../src/mapper/mapper.js";
import { compileMap } from "../../src/mapper/compile.js";

const RUNS = { numRuns: 40, seed: 20261201 };
const XS = 300;

interface Cluster {
  readonly map: CrushMap;
  readonly hostOf: ReadonlyMap<number, string>;
  readonly rackOf: ReadonlyMap<number, string>;
  readonly hosts: number;
  readonly racks: number;
}

/**
 * `racks` racks of `hosts` hosts of `osds` OSDs each, weights from `weights` (cycled). `retries`
 * lowers the map's msr tunables: a rule asking for more than the cluster holds spends
 * descents x collision tries choices on every missing position.
 */
function cluster(racks: number, hosts: number, osds: number, weights: readonly number[], retries?: number): Cluster {
  const b = new CrushMapBuilder().addBucket("default", "root");
  if (retries !== undefined) b.setTunables({ msrDescents: retries, msrCollisionTries: retries });
  const hostOf = new Map<number, string>();
  const rackOf = new Map<number, string>();
  let id = 0;
  for (let r = 0; r < racks; r++) {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    for (let h = 0; h < hosts; h++) {
      b.addBucket(`host${r}-${h}`, "host", { under: `rack${r}` });
      for (let o = 0; o < osds; o++) {
        b.addDevice({ weight: weights[id % weights.length]!, under: `host${r}-${h}` });
        hostOf.set(id, `host${r}-${h}`);
        rackOf.set(id, `rack${r}`);
        id++;
      }
    }
  }
  return { map: b.build(), hostOf, rackOf, hosts: racks * hosts, racks };
}

/** A reweight vector with each device out, partly in or in, by the flags. */
function reweight(map: CrushMap, flags: readonly number[]): Uint32Array {
  const w = defaultReweight(compileMap(map));
  for (let d = 0; d < w.length; d++) {
    const f = flags[d % flags.length]!;
    if (f === 1) w[d] = 0;
    else if (f === 2) w[d] = 0x8000;
  }
  return w;
}

/** How many of `result`'s devices each domain holds. */
function perDomain(result: readonly number[], domainOf: ReadonlyMap<number, string>): Map<string, number> {
  const n = new Map<string, number>();
  for (const d of result) if (d !== ITEM_NONE) n.set(domainOf.get(d)!, (n.get(domainOf.get(d)!) ?? 0) + 1);
  return n;
}

const shapeArb = fc.record({
  racks: fc.integer({ min: 2, max: 4 }),
  hosts: fc.integer({ min: 1, max: 4 }),
  osds: fc.integer({ min: 1, max: 4 }),
  weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
  out: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: 1, maxLength: 9 }),
  mode: fc.constantFrom("firstn" as const, "indep" as const),
});

describe("MSR rules (choosemsr N domains, M devices in each)", () => {
  it("never places on a device that is out, and never twice on one device", () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (s, n, m) => {
        const c = cluster(s.racks, s.hosts, s.osds, s.weights, 8);
        const map = CrushMapBuilder.from(c.map).createMsrRule("r", { numFailureDomains: n, osdsPerFailureDomain: m, mode: s.mode }).build();
        const w = reweight(map, s.out);
        const mapper = new Mapper(map, { reweight: w });
        for (let x = 0; x < XS; x++) {
          const got = mapper.map(0, x, n * m).filter((d) => d !== ITEM_NONE);
          for (const d of got) expect(w[d]).not.toBe(0);
          expect(new Set(got).size).toBe(got.length);
        }
      }),
      RUNS,
    );
  });

  it("puts at most M devices in one failure domain, at every level the rule names", () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), (s, racks, hosts, osds) => {
        const c = cluster(s.racks, s.hosts, s.osds, s.weights, 8);
        const map = CrushMapBuilder.from(c.map)
          .addRule("three", [
            { op: "take", item: "default" },
            { op: "choosemsr", num: racks, type: "rack" },
            { op: "choosemsr", num: hosts, type: "host" },
            { op: "choosemsr", num: osds, type: "osd" },
            { op: "emit" },
          ], { type: s.mode === "indep" ? "msr_indep" : "msr_firstn" })
          .build();
        const mapper = new Mapper(map, { reweight: reweight(map, s.out) });
        const size = racks * hosts * osds;
        for (let x = 0; x < XS; x++) {
          const got = mapper.map(0, x, size);
          for (const k of perDomain(got, c.rackOf).values()) expect(k).toBeLessThanOrEqual(hosts * osds);
          for (const k of perDomain(got, c.hostOf).values()) expect(k).toBeLessThanOrEqual(osds);
        }
      }),
      RUNS,
    );
  });

  it("leaves holes only in indep mode: firstn packs its result, indep keeps every position", () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 }), (s, n, m, numRep) => {
        const c = cluster(s.racks, s.hosts, s.osds, s.weights, 8);
        const map = CrushMapBuilder.from(c.map).createMsrRule("r", { numFailureDomains: n, osdsPerFailureDomain: m, mode: s.mode }).build();
        const mapper = new Mapper(map, { reweight: reweight(map, s.out) });
        for (let x = 0; x < XS; x++) {
          const got = mapper.map(0, x, numRep);
          if (s.mode === "firstn") {
            expect(got.length).toBeLessThanOrEqual(Math.min(numRep, n * m));
            expect(got).not.toContain(ITEM_NONE);
          } else {
            expect(got).toHaveLength(numRep);
            // positions past what the rule spans stay empty
            for (let i = n * m; i < numRep; i++) expect(got[i]).toBe(ITEM_NONE);
          }
        }
      }),
      RUNS,
    );
  });

  it("fills every position when nothing is out and there are enough domains and devices", () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), (s, m) => {
        const c = cluster(s.racks, s.hosts, Math.max(s.osds, m), s.weights);
        const n = c.hosts;
        const map = CrushMapBuilder.from(c.map).createMsrRule("r", { numFailureDomains: n, osdsPerFailureDomain: m, mode: s.mode }).build();
        const mapper = new Mapper(map);
        for (let x = 0; x < XS; x++) {
          const got = mapper.map(0, x, n * m);
          expect(got.filter((d) => d !== ITEM_NONE)).toHaveLength(n * m);
          expect([...perDomain(got, c.hostOf).values()].every((k) => k === m)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("moves a share off an out device to a spare domain instead of leaving a hole", () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 2 }), fc.nat(), (s, m, victim) => {
        // a spare host: the rule wants one host fewer than the cluster has
        const c = cluster(s.racks, s.hosts, Math.max(s.osds, m), s.weights);
        const n = c.hosts - 1;
        const map = CrushMapBuilder.from(c.map).createMsrRule("r", { numFailureDomains: n, osdsPerFailureDomain: m, mode: "indep" }).build();
        const w = defaultReweight(compileMap(map));
        // every device of one host out: chooseleaf would need a spare there too; MSR uses the spare host
        const host = [...c.hostOf.values()][victim % c.hostOf.size]!;
        for (const [d, h] of c.hostOf) if (h === host) w[d] = 0;
        const mapper = new Mapper(map, { reweight: w });
        for (let x = 0; x < XS; x++) expect(mapper.map(0, x, n * m)).not.toContain(ITEM_NONE);
      }),
      RUNS,
    );
  });

  it("gives the same result for the same input, every time", () => {
    fc.assert(
      fc.property(shapeArb, (s) => {
        const c = cluster(s.racks, s.hosts, s.osds, s.weights, 8);
        const map = CrushMapBuilder.from(c.map).createMsrRule("r", { numFailureDomains: 2, osdsPerFailureDomain: 2, mode: s.mode }).build();
        const a = new Mapper(map, { reweight: reweight(map, s.out) });
        const b = new Mapper(map, { reweight: reweight(map, s.out) });
        for (let x = 0; x < XS; x++) {
          const first = a.map(0, x, 4);
          expect(a.map(0, x, 4)).toEqual(first);
          expect(b.map(0, x, 4)).toEqual(first);
        }
      }),
      RUNS,
    );
  });
});
