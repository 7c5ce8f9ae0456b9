/**
 * Weighted rendezvous hashing: a change to one device moves replicas only to or from that
 * device, and the first replica lands on each device in proportion to its weight.
 */
import { describe, expect, it } from "vitest";
import { SpreadError } from "../../src/spread/errors.js";
import { RendezvousPlacer } from "../../src/spread/reference/rendezvous.js";

const WEIGHTS = Array.from({ length: 24 }, (_, d) => 1 + (d % 4));
const INPUTS = 6000;

/** Every input's replica set under `placer`. */
function sets(placer: RendezvousPlacer, numRep: number): Set<number>[] {
  const out = new Int32Array(numRep);
  const all: Set<number>[] = [];
  for (let x = 0; x < INPUTS; x++) {
    const n = placer.place(x, numRep, out);
    expect(n).toBe(numRep);
    all.push(new Set(out.subarray(0, n)));
  }
  return all;
}

/** Devices that gained or lost a replica of some input between the two placements. */
function changedDevices(before: Set<number>[], after: Set<number>[]): Set<number> {
  const changed = new Set<number>();
  for (let i = 0; i < before.length; i++) {
    for (const d of after[i]!) if (!before[i]!.has(d)) changed.add(d);
    for (const d of before[i]!) if (!after[i]!.has(d)) changed.add(d);
  }
  return changed;
}

describe("weighted rendezvous hashing", () => {
  const before = sets(new RendezvousPlacer(WEIGHTS), 3);

  it("moves replicas only to a device that is added", () => {
    const after = sets(new RendezvousPlacer([...WEIGHTS, 3]), 3);
    let gained = 0;
    for (let i = 0; i < INPUTS; i++) {
      for (const d of after[i]!) if (!before[i]!.has(d)) { expect(d).toBe(24); gained++; }
    }
    expect(gained).toBeGreaterThan(0);
  });

  it("moves replicas only from a device that is removed", () => {
    const w = [...WEIGHTS];
    w[7] = 0;
    const after = sets(new RendezvousPlacer(w), 3);
    for (let i = 0; i < INPUTS; i++) {
      for (const d of before[i]!) if (!after[i]!.has(d)) expect(d).toBe(7);
      expect(after[i]!.has(7)).toBe(false);
    }
  });

  it("moves replicas only to or from a device that is reweighted, up or down", () => {
    for (const factor of [0.5, 2]) {
      const w = [...WEIGHTS];
      w[5] = w[5]! * factor;
      const after = sets(new RendezvousPlacer(w), 3);
      expect(changedDevices(before, after).has(5)).toBe(true);
      // each changed input swaps device 5 with one other device: never two other devices
      for (let i = 0; i < INPUTS; i++) {
        const gone = [...before[i]!].filter((d) => !after[i]!.has(d));
        const come = [...after[i]!].filter((d) => !before[i]!.has(d));
        expect(gone.length).toBe(come.length);
        if (gone.length > 0) expect([...gone, ...come]).toContain(5);
        expect(gone.length).toBeLessThanOrEqual(1);
      }
    }
  });

  it("puts first replicas on each device in proportion to its weight", () => {
    const p = new RendezvousPlacer([1, 2, 3, 4, 0, 10]);
    const counts = new Float64Array(6);
    const out = new Int32Array(1);
    const inputs = 40000;
    for (let x = 0; x < inputs; x++) {
      p.place(x, 1, out);
      counts[out[0]!]!++;
    }
    expect(counts[4]).toBe(0);
    for (const [d, w] of [[0, 1], [1, 2], [2, 3], [3, 4], [5, 10]] as const) {
      const expected = (inputs * w) / 20;
      expect(Math.abs(counts[d]! - expected)).toBeLessThan(5 * Math.sqrt(expected));
    }
  });

  it("returns every device, highest score first, when asked for more than there are", () => {
    const out = new Int32Array(5);
    const p = new RendezvousPlacer([1, 0, 1]);
    expect(p.place(9, 5, out)).toBe(2);
    expect([...out.subarray(0, 2)].sort()).toEqual([0, 2]);
    const one = new Int32Array(1);
    p.place(9, 1, one);
    expect(one[0]).toBe(out[0]);
  });

  it("rejects weights that are negative, not finite, or all zero", () => {
    for (const w of [[1, -1], [1, Number.NaN], [Number.POSITIVE_INFINITY], [0, 0], []]) {
      expect(() => new RendezvousPlacer(w)).toThrow(SpreadError);
    }
  });
});
