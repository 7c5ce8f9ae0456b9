/**
 * The consistent-hash ring with virtual nodes: points in proportion to weight, adding a device
 * only takes inputs (every other replica stays), removing one only gives its inputs away.
 */
import { describe, expect, it } from "vitest";
import { SpreadError } from "../../src/spread/errors.js";
import { RingPlacer } from "../../src/spread/reference/ring.js";

const WEIGHTS = Array.from({ length: 20 }, (_, d) => 1 + (d % 3));
const PER_WEIGHT = 50;
const INPUTS = 8000;

function sets(placer: RingPlacer, numRep: number): number[][] {
  const out = new Int32Array(numRep);
  const all: number[][] = [];
  for (let x = 0; x < INPUTS; x++) all.push(Array.from(out.subarray(0, placer.place(x, numRep, out))));
  return all;
}

describe("consistent-hash ring with virtual nodes", () => {
  const before = sets(new RingPlacer(WEIGHTS, { pointsPerWeight: PER_WEIGHT }), 3);

  it("gives each device round(weight × points per weight) points, sorted around the ring", () => {
    const ring = new RingPlacer([1, 2.5, 0, 0.001], { pointsPerWeight: 10 });
    const per = [0, 0, 0, 0];
    for (const d of ring.owners) per[d]!++;
    expect(per).toEqual([10, 25, 0, 1]);
    for (let i = 1; i < ring.points.length; i++) expect(ring.points[i]!).toBeGreaterThanOrEqual(ring.points[i - 1]!);
  });

  it("only takes inputs when a device is added: every old replica stays unless the newcomer displaces it", () => {
    const after = sets(new RingPlacer([...WEIGHTS, 2], { pointsPerWeight: PER_WEIGHT }), 3);
    let taken = 0;
    for (let i = 0; i < INPUTS; i++) {
      const b = before[i]!;
      const a = after[i]!;
      for (const d of a) if (!b.includes(d)) { expect(d).toBe(20); taken++; }
      // the walk order is the old one with the newcomer inserted
      expect(a.filter((d) => d !== 20)).toEqual(b.slice(0, a.filter((d) => d !== 20).length));
    }
    expect(taken).toBeGreaterThan(0);
  });

  it("only gives away the inputs of a device that is removed", () => {
    const w = [...WEIGHTS];
    w[3] = 0;
    const after = sets(new RingPlacer(w, { pointsPerWeight: PER_WEIGHT }), 3);
    for (let i = 0; i < INPUTS; i++) {
      for (const d of before[i]!) if (!after[i]!.includes(d)) expect(d).toBe(3);
    }
  });

  it("spreads first replicas roughly by weight (arcs vary: bounds are loose)", () => {
    const p = new RingPlacer([1, 2, 4], { pointsPerWeight: 200 });
    const counts = [0, 0, 0];
    const out = new Int32Array(1);
    for (let x = 0; x < 70000; x++) {
      p.place(x, 1, out);
      counts[out[0]!]!++;
    }
    for (const [d, w] of [[0, 1], [1, 2], [2, 4]] as const) {
      const ratio = counts[d]! / ((70000 * w) / 7);
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.25);
    }
  });

  it("rejects a points-per-weight that is not positive, or a ring too large", () => {
    expect(() => new RingPlacer([1], { pointsPerWeight: 0 })).toThrow(SpreadError);
    expect(() => new RingPlacer([1], { pointsPerWeight: Number.NaN })).toThrow(SpreadError);
    expect(() => new RingPlacer([1, 1], { pointsPerWeight: 2 ** 25 })).toThrow(/more than/);
  });
});
