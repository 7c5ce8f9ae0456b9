/**
 * Maglev: the lookup table fills every slot, slot counts follow the weights, and a change of
 * one device rewrites not much more than that device's share of slots (minimal disruption,
 * approximately, as the paper measures it).
 */
import { describe, expect, it } from "vitest";
import { SpreadError } from "../../src/spread/errors.js";
import { isPrime, MaglevPlacer, maglevTableSize } from "../../src/spread/reference/maglev.js";

function slotCounts(table: Int32Array, devices: number): number[] {
  const per = new Array<number>(devices).fill(0);
  for (const d of table) per[d]!++;
  return per;
}

describe("Maglev", () => {
  it("sizes its table as the smallest prime ≥ max(65537, 100 × devices)", () => {
    expect(maglevTableSize(10)).toBe(65537);
    const m = maglevTableSize(1000);
    expect(m).toBeGreaterThanOrEqual(100000);
    expect(isPrime(m)).toBe(true);
    for (let k = 100000; k < m; k++) expect(isPrime(k)).toBe(false);
    expect([2, 3, 5, 65537].every(isPrime)).toBe(true);
    expect([0, 1, 4, 9, 65535, 1.5].some(isPrime)).toBe(false);
  });

  it("fills every slot, and equal weights get slot counts within one of each other", () => {
    const p = new MaglevPlacer(new Array(37).fill(2), { tableSize: 4099 });
    expect(p.table.length).toBe(4099);
    const per = slotCounts(p.table, 37);
    expect(Math.min(...p.table)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
  });

  it("gives each device slots in proportion to its weight, and none to a weightless one", () => {
    const w = [1, 2, 3, 0, 4];
    const p = new MaglevPlacer(w, { tableSize: 10007 });
    const per = slotCounts(p.table, 5);
    expect(per[3]).toBe(0);
    for (const d of [0, 1, 2, 4]) expect(Math.abs(per[d]! - (10007 * w[d]!) / 10)).toBeLessThan(10007 * 0.01);
  });

  it("rewrites little more than the newcomer's share of slots when a device is added", () => {
    const n = 20;
    const before = new MaglevPlacer(new Array(n).fill(1), { tableSize: 65537 }).table;
    const after = new MaglevPlacer(new Array(n + 1).fill(1), { tableSize: 65537 }).table;
    let changed = 0;
    let toNew = 0;
    for (let s = 0; s < before.length; s++) {
      if (before[s] !== after[s]) changed++;
      if (after[s] === n) toNew++;
    }
    const share = 65537 / (n + 1);
    expect(Math.abs(toNew - share)).toBeLessThanOrEqual(1);
    expect(changed).toBeGreaterThanOrEqual(toNew);
    expect(changed).toBeLessThan(2 * share); // the paper's measure: a small multiple of the minimum
  });

  it("places distinct devices by re-salting", () => {
    const p = new MaglevPlacer([1, 1, 1, 1]);
    const out = new Int32Array(6);
    for (let x = 0; x < 200; x++) {
      expect(p.place(x, 3, out)).toBe(3);
      expect(new Set(out.subarray(0, 3)).size).toBe(3);
      expect(p.place(x, 6, out)).toBe(4);
    }
  });

  it("rejects a table size that is not a prime at least the device count", () => {
    for (const m of [65536, 3, 0, 1.5, 2 ** 27 + 1]) expect(() => new MaglevPlacer([1, 1, 1, 1, 1], { tableSize: m })).toThrow(SpreadError);
  });
});
