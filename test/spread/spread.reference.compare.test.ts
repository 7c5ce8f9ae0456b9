/**
 * compareAlgorithms: one row per reference algorithm with spread, movement against the least
 * possible, and lacks; the same answer on every run (no speed column unless asked for).
 */
import { describe, expect, it } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { compareClusters } from "../../src/spread/compareClusters.js";
import { SpreadError } from "../../src/spread/errors.js";
import { spreadReport } from "../../src/spread/spreadReport.js";
import { compareAlgorithms, referenceSettings, type CompareRow } from "../../src/spread/compare.js";
import { RendezvousPlacer } from "../../src/spread/reference/rendezvous.js";
import { RingPlacer } from "../../src/spread/reference/ring.js";
import { minimumMoves } from "../../src/spread/reference/minimumMoves.js";
import { movedReplicas, sharedDomainInputs } from "../../src/spread/reference/placeAll.js";

const WEIGHTS = Array.from({ length: 24 }, (_, d) => 1 + (d % 3));
const DOMAINS = WEIGHTS.map((_, d) => Math.floor(d / 4));
const ADDED = { weights: [...WEIGHTS, 2, 2, 2, 2], domains: [...DOMAINS, 6, 6, 6, 6] };
const OPTIONS = { numRep: 3, minX: 0, maxX: 2999 };

function byName(rows: readonly CompareRow[], prefix: string): CompareRow {
  const row = rows.find((r) => r.algorithm.startsWith(prefix));
  if (row === undefined) throw new Error(`no row ${prefix}`);
  return row;
}

describe("minimumMoves", () => {
  it("is the sum of what devices must gain, by hand", () => {
    // shares 1/4, 3/4 → 1/8, 3/8, 4/8 of 800 replicas: device 2 must receive 400
    expect(minimumMoves(Float64Array.of(1, 3), 800, Float64Array.of(1, 3, 4), 800)).toBeCloseTo(400, 9);
    // removal: 1/3 each → 1/2, 0, 1/2 of 600: devices 0 and 2 each gain 100
    expect(minimumMoves(Float64Array.of(1, 1, 1), 600, Float64Array.of(1, 0, 1), 600)).toBeCloseTo(200, 9);
    expect(minimumMoves(Float64Array.of(2, 2), 10, Float64Array.of(2, 2), 10)).toBe(0);
  });
});

describe("compareAlgorithms", () => {
  const rows = compareAlgorithms({ weights: WEIGHTS, domains: DOMAINS }, { ...OPTIONS, after: ADDED });

  it("gives one row per algorithm, chooseleaf first, frozen", () => {
    expect(rows.map((r) => r.algorithm)).toEqual([
      "straw2 (crushmap, chooseleaf by failure domain)",
      "straw2 (Ceph bucket, flat)",
      "straw (Ceph bucket, flat)",
      "tree (Ceph bucket, flat)",
      "list (Ceph bucket, flat)",
      "uniform (Ceph bucket, flat)",
      "weighted rendezvous (HRW)",
      "consistent-hash ring (virtual nodes)",
      "jump consistent hash",
      "Maglev (weighted, prime table)",
    ]);
    for (const r of rows) expect(Object.isFrozen(r)).toBe(true);
  });

  it("keeps replicas of one input in distinct domains only where the algorithm knows domains", () => {
    expect(byName(rows, "straw2 (crushmap").sharedDomainInputs).toBe(0);
    expect(byName(rows, "straw2 (crushmap").lacks.some((l) => l.startsWith("failure domains"))).toBe(false);
    for (const r of rows.slice(1)) {
      expect(r.sharedDomainInputs).toBeGreaterThan(0);
      expect(r.lacks.some((l) => l.startsWith("failure domains"))).toBe(true);
    }
  });

  it("moves about the minimum with rendezvous and straw2, and far more with uniform", () => {
    const minimum = byName(rows, "weighted").minimum!;
    // 3000 inputs × 3 replicas, the newcomers take 8 of 56 weight
    expect(minimum).toBeCloseTo((9000 * 8) / 56, 6);
    for (const prefix of ["weighted", "straw2 (Ceph"]) {
      const moved = byName(rows, prefix).moved!;
      expect(moved / minimum).toBeGreaterThan(0.85);
      expect(moved / minimum).toBeLessThan(1.15);
    }
    expect(byName(rows, "uniform").moved! / minimum).toBeGreaterThan(3);
  });

  it("counts as moved exactly what the newcomers hold, for algorithms that only take", () => {
    // rendezvous and the ring never move a replica between old devices: every arrival is on a newcomer
    const settings = referenceSettings(WEIGHTS, ADDED.weights);
    const placers = [new RendezvousPlacer(ADDED.weights), new RingPlacer(ADDED.weights, { pointsPerWeight: settings.pointsPerWeight })];
    const out = new Int32Array(3);
    for (const placer of placers) {
      let onNewcomers = 0;
      for (let x = OPTIONS.minX; x <= OPTIONS.maxX; x++) {
        const n = placer.place(x, 3, out);
        for (let k = 0; k < n; k++) if (out[k]! >= WEIGHTS.length) onNewcomers++;
      }
      expect(onNewcomers).toBeGreaterThan(0);
      expect(byName(rows, placer.algorithm).moved).toBe(onNewcomers);
    }
  });

  it("measures spread against the weights: uniform and jump, which ignore weights, stray far", () => {
    for (const r of rows) {
      expect(r.idealStddev).toBeGreaterThan(0);
      expect(r.maxRatio).toBeGreaterThanOrEqual(1);
      expect(r.minRatio).toBeLessThanOrEqual(1);
    }
    expect(byName(rows, "jump").stddev / byName(rows, "jump").idealStddev).toBeGreaterThan(5);
    expect(byName(rows, "uniform").maxRatio).toBeGreaterThan(1.5);
    expect(byName(rows, "weighted").stddev / byName(rows, "weighted").idealStddev).toBeLessThan(2);
  });

  it("is the same on every run and has a speed column only when timing is asked for", () => {
    const again = compareAlgorithms({ weights: WEIGHTS, domains: DOMAINS }, { ...OPTIONS, after: ADDED });
    expect(again).toEqual(rows);
    expect(rows.every((r) => r.placementsPerSecond === undefined)).toBe(true);
    const timed = compareAlgorithms({ weights: [1, 1, 1, 1] }, { numRep: 2, minX: 0, maxX: 99, timing: true });
    for (const r of timed) expect(r.placementsPerSecond).toBeGreaterThan(0);
    expect(timed.every((r) => r.moved === undefined && r.sharedDomainInputs === undefined)).toBe(true);
  });

  it("rejects bad requests with a SpreadError naming the problem", () => {
    const w = { weights: [1, 1] };
    const cases: [() => unknown, RegExp][] = [
      [() => compareAlgorithms(w, { numRep: 0, minX: 0, maxX: 9 }), /numRep 0/],
      [() => compareAlgorithms(w, { numRep: 2, minX: 5, maxX: 4 }), /no inputs/],
      [() => compareAlgorithms(w, { numRep: 2, minX: 0.5, maxX: 4 }), /minX 0.5/],
      [() => compareAlgorithms(w, { numRep: 2, minX: 0, maxX: 2 ** 32 }), /maxX/],
      [() => compareAlgorithms({ weights: [0, 0] }, { numRep: 2, minX: 0, maxX: 4 }), /no device has a positive weight/],
      [() => compareAlgorithms({ weights: [1, -2] }, { numRep: 2, minX: 0, maxX: 4 }), /device 1 has weight -2/],
      [() => compareAlgorithms({ weights: [1, 1], domains: [0] }, { numRep: 2, minX: 0, maxX: 4 }), /1 entries for 2 devices/],
      [() => compareAlgorithms({ weights: [1, 1], domains: [0, 1] }, { numRep: 2, minX: 0, maxX: 4, after: w }), /only one of the two/],
      [() => compareAlgorithms(w, { numRep: 2, minX: 0, maxX: 4, after: { weights: [1, Number.NaN] } }), /after\.weights/],
      [() => compareAlgorithms(w, { numRep: 1024, minX: 0, maxX: 2 ** 20 }), /narrow the input range/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(SpreadError);
      expect(call).toThrow(message);
    }
  });
});

describe("the movement and domain counts", () => {
  const placed = (slots: number[]) => ({ numRep: 3, count: slots.length / 3, slots: Int32Array.from(slots), seconds: undefined });

  it("counts as moved each replica on a device that did not hold that input, whatever the order", () => {
    const before = placed([0, 1, 2, 3, 4, 5, 6, 7, -1]);
    const after = placed([2, 1, 0, 3, 9, 8, 6, 7, 5]);
    expect(movedReplicas(before, after)).toBe(3); // 9 and 8 for input 1, 5 for input 2 (a short result filled)
    expect(movedReplicas(after, before)).toBe(2);
  });

  it("counts inputs with two replicas in one failure domain once each", () => {
    const domains = Int32Array.of(0, 0, 1, 1, 2, 2);
    expect(sharedDomainInputs(placed([0, 2, 4, 0, 1, 2, 0, 1, 3, 5, -1, -1]), domains)).toBe(2);
  });
});

describe("compareClusters", () => {
  it("aligns two sides by device id, weight 0 where a device is missing, domains indexed alike", () => {
    const before = [
      { id: 4, weight: 2, domain: -3 },
      { id: 1, weight: 1, domain: -2 },
      { id: 2, weight: 1, domain: -3 },
    ];
    const after = [
      { id: 1, weight: 1, domain: -2 },
      { id: 2, weight: 3, domain: -3 },
      { id: 7, weight: 1, domain: -9 },
    ];
    const { cluster, after: next, ids } = compareClusters(before, after);
    expect(ids).toEqual([1, 2, 4, 7]);
    expect(cluster).toEqual({ weights: [1, 1, 2, 0], domains: [0, 1, 1, 2] });
    expect(next).toEqual({ weights: [1, 3, 0, 1], domains: [0, 1, 1, 2] });
    expect(Object.isFrozen(cluster.weights)).toBe(true);
  });

  it("feeds a spread report's devices straight into compareAlgorithms", () => {
    const map = new CrushMapBuilder()
      .addBucket("default", "root")
      .addBucket("h0", "host", { under: "default" })
      .addBucket("h1", "host", { under: "default" })
      .addBucket("h2", "host", { under: "default" })
      .addDevice({ weight: 1, under: "h0" })
      .addDevice({ weight: 2, under: "h1" })
      .addDevice({ weight: 1, under: "h2" })
      .addDevice({ weight: 1, under: "h2" })
      .createReplicatedRule("r", "default", "host")
      .build();
    const report = spreadReport(map, 0, { numRep: 2, minX: 0, maxX: 499 });
    const { cluster } = compareClusters(report.devices);
    expect(cluster.domains).toEqual([0, 1, 2, 2]);
    const rows = compareAlgorithms(cluster, { numRep: 2, minX: 0, maxX: 499 });
    expect(rows[0]!.sharedDomainInputs).toBe(0);
    expect(rows.length).toBe(10);
  });

  it("leaves domains out unless every device has one, and rejects a device listed twice", () => {
    expect(compareClusters([{ id: 0, weight: 1 }, { id: 1, weight: 1, domain: -2 }]).cluster.domains).toBeUndefined();
    expect(() => compareClusters([{ id: 0, weight: 1 }, { id: 0, weight: 2 }])).toThrow(SpreadError);
  });
});
