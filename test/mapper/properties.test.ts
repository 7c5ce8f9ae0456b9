/**
 * The guarantees users rely on, stated as properties over random maps (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mapper } from "../../src/mapper/mapper.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { modelMap, withDeviceWeight } from "../support/modelMap.js";

const ALL_ALGS = ["uniform", "list", "tree", "straw", "straw2"] as const;
const RUNS = { numRuns: 40, seed: 20261122 };
const XS = 400;

describe("placement properties", () => {
  it("gives the same output for the same input, every time", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 5 }), (seed, nr) => {
        const { map } = modelMap(seed, { algs: ALL_ALGS });
        const a = new Mapper(map);
        const b = new Mapper(map);
        for (let x = 0; x < XS; x++) {
          const first = a.map(0, x, nr);
          expect(a.map(0, x, nr)).toEqual(first);
          expect(b.map(0, x, nr)).toEqual(first);
        }
      }),
      RUNS,
    );
  });

  it("never puts one device twice in a result", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.constantFrom("firstn", "indep"), (seed, nr, mode) => {
        const { map } = modelMap(seed, { algs: ALL_ALGS, mode });
        const m = new Mapper(map);
        for (let x = 0; x < XS; x++) {
          const got = m.map(0, x, nr).filter((d) => d !== ITEM_NONE);
          expect(new Set(got).size).toBe(got.length);
        }
      }),
      RUNS,
    );
  });

  it("never puts two replicas under one host (or rack) with chooseleaf over that type", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom("firstn", "indep"),
        fc.constantFrom("host", "rack"),
        (seed, nr, mode, domain) => {
          const mm = modelMap(seed, { algs: ALL_ALGS, mode, domain });
          const parent = domain === "host" ? mm.hostOf : mm.rackOf;
          const m = new Mapper(mm.map);
          for (let x = 0; x < XS; x++) {
            const got = m.map(0, x, nr).filter((d) => d !== ITEM_NONE);
            const domains = got.map((d) => parent.get(d));
            expect(new Set(domains).size).toBe(got.length);
          }
        },
      ),
      RUNS,
    );
  });

  it("places every replica in a distinct host while enough hosts have weight", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const mm = modelMap(seed, { algs: ["straw2"], minHosts: 2 });
        const m = new Mapper(mm.map);
        const nr = Math.min(3, mm.hostIds.length);
        for (let x = 0; x < XS; x++) expect(m.map(0, x, nr)).toHaveLength(nr);
      }),
      RUNS,
    );
  });

  it("never chooses a device whose weight or reweight is zero", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom("firstn", "indep"), (seed, mode) => {
        const mm = modelMap(seed, { algs: ["list", "tree", "straw", "straw2"], mode, zeroWeight: 0.25 });
        const zeroWeight = new Set(
          mm.map.buckets.flatMap((b) => b.items.filter((it) => it.id >= 0 && it.weight === 0).map((it) => it.id)),
        );
        const reweight = new Uint32Array(mm.deviceIds.length).fill(0x10000);
        const outDevice = mm.deviceIds[seed % mm.deviceIds.length]!;
        reweight[outDevice] = 0;
        const m = new Mapper(mm.map, { reweight });
        for (let x = 0; x < XS; x++) {
          for (const d of m.map(0, x, 3)) {
            expect(zeroWeight.has(d)).toBe(false);
            expect(d).not.toBe(outDevice);
          }
        }
      }),
      RUNS,
    );
  });

  it("with straw2, changing one device's weight only moves inputs to or from that device", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 0x40000 }), (seed, newWeight) => {
        const mm = modelMap(seed, { algs: ["straw2"] });
        const device = mm.deviceIds[seed % mm.deviceIds.length]!;
        const before = new Mapper(mm.map);
        const after = new Mapper(withDeviceWeight(mm.map, device, newWeight));
        let moved = 0;
        for (let x = 0; x < 2000; x++) {
          const [a] = before.map(0, x, 1);
          const [b] = after.map(0, x, 1);
          if (a !== b) {
            moved++;
            expect(a === device || b === device).toBe(true);
          }
        }
        return moved >= 0;
      }),
      RUNS,
    );
  });

  it("marking a device out moves only the inputs that were on it", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 5 }), fc.constantFrom("firstn", "indep"), (seed, nr, mode) => {
        const mm = modelMap(seed, { algs: ALL_ALGS, mode });
        const device = mm.deviceIds[seed % mm.deviceIds.length]!;
        const reweight = new Uint32Array(mm.deviceIds.length).fill(0x10000);
        const before = new Mapper(mm.map, { reweight });
        reweight[device] = 0;
        const after = new Mapper(mm.map, { reweight });
        for (let x = 0; x < XS; x++) {
          const a = before.map(0, x, nr);
          if (!a.includes(device)) expect(after.map(0, x, nr)).toEqual(a);
        }
      }),
      RUNS,
    );
  });

  // Ceph's indep mode refills a lost position in place. It is not perfectly stable: a refilled
  // slot can take the device another position would have found on a later retry. On maps with
  // room to spare this touches a few percent of the other positions; depth-first (firstn)
  // shifts over 40% of them on the same maps.
  it("in indep mode, marking one device out refills its positions in place and leaves the others nearly always alone", () => {
    let others = 0;
    let changed = 0;
    for (let seed = 0; seed < 120; seed++) {
      const mm = modelMap(seed, { algs: ["straw2"], mode: "indep", minHosts: 4 });
      const device = mm.deviceIds[seed % mm.deviceIds.length]!;
      const reweight = new Uint32Array(mm.deviceIds.length).fill(0x10000);
      const before = new Mapper(mm.map, { reweight });
      reweight[device] = 0;
      const after = new Mapper(mm.map, { reweight });
      const nr = 2 + (seed % 3);
      for (let x = 0; x < 500; x++) {
        const a = before.map(0, x, nr);
        const b = after.map(0, x, nr);
        expect(b).toHaveLength(a.length);
        expect(b).not.toContain(device);
        a.forEach((d, i) => {
          if (d === device) return;
          others++;
          if (b[i] !== d) changed++;
        });
      }
    }
    expect(others).toBeGreaterThan(1000);
    expect(changed / others).toBeLessThan(0.1);
  });
});
