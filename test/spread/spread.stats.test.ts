/**
 * spreadStatistics and the chi-square tail under it, checked against cases small enough to work
 * out by hand (the arithmetic is in the comments) and against closed forms of the gamma tail.
 */
import { describe, expect, it } from "vitest";
import { CrushmapError } from "../../src/hash/crushmapError.js";
import { SpreadError } from "../../src/spread/errors.js";
import { chiSquarePValue, upperRegularizedGamma } from "../../src/spread/gamma.js";
import { spreadStatistics } from "../../src/spread/stats.js";
import { prng } from "../support/randomMap.js";

/** Q(n, x) for a whole n, as a Poisson tail: Σ_{k<n} e^-x x^k / k!, each term in log space. */
function poissonTail(n: number, x: number): number {
  let lnFact = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) lnFact += Math.log(k);
    sum += Math.exp(-x + k * Math.log(x) - lnFact);
  }
  return sum;
}

describe("spreadStatistics on hand-computed cases", () => {
  it("two devices, weights 1 and 2, holding 12 and 18 of 30", () => {
    // expected 30·1/3 = 10 and 30·2/3 = 20; ratios 1.2 and 0.9
    // observed − expected = +2, −2 (mean 0): stddev = sqrt((4 + 4) / 2) = 2
    // placed·p·(1−p) = 30·(1/3)(2/3) = 20/3 for both: idealStddev = sqrt(20/3) ≈ 2.58199
    // chi-square = 2²/10 + 2²/20 = 0.6 on 1 degree of freedom: p = erfc(sqrt(0.3)) ≈ 0.438578
    const { devices, stats } = spreadStatistics([0, 1], [12, 18], [1, 2]);
    expect(devices.map((d) => d.expected)).toEqual([10, 20]);
    expect(devices[0]!.ratio).toBeCloseTo(1.2, 12);
    expect(devices[1]!.ratio).toBeCloseTo(0.9, 12);
    expect(stats.placed).toBe(30);
    expect(stats.stddev).toBeCloseTo(2, 12);
    expect(stats.idealStddev).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(stats.chiSquare).toBeCloseTo(0.6, 12);
    expect(stats.degreesOfFreedom).toBe(1);
    expect(stats.pValue).toBeCloseTo(0.438578, 5);
    expect(stats.maxOverfull!.id).toBe(0);
    expect(stats.maxUnderfull!.id).toBe(1);
  });

  it("three equal devices holding 10, 20 and 30 of 60", () => {
    // expected 20 each; observed − expected = −10, 0, +10: stddev = sqrt(200/3) ≈ 8.16497
    // placed·p·(1−p) = 60·(1/3)(2/3) = 40/3: idealStddev = sqrt(40/3) ≈ 3.65148
    // chi-square = (100 + 0 + 100)/20 = 10 on 2 degrees: p = e^(−10/2) = e^−5 ≈ 0.00673795
    const { stats } = spreadStatistics([7, 8, 9], [10, 20, 30], [0x10000, 0x10000, 0x10000]);
    expect(stats.stddev).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(stats.idealStddev).toBeCloseTo(Math.sqrt(40 / 3), 12);
    expect(stats.chiSquare).toBeCloseTo(10, 12);
    expect(stats.degreesOfFreedom).toBe(2);
    expect(stats.pValue).toBeCloseTo(Math.exp(-5), 12);
    expect(stats.maxOverfull).toMatchObject({ id: 9, ratio: 1.5 });
    expect(stats.maxUnderfull).toMatchObject({ id: 7, ratio: 0.5 });
  });

  it("leaves a device of weight 0 out of every statistic (four devices, one empty)", () => {
    // weights 1, 1, 2, 0 and 16 placed: expected 4, 4, 8, 0; observed 5, 3, 8, 0
    // over the three weighted devices: diffs +1, −1, 0: stddev = sqrt(2/3) ≈ 0.81650
    // placed·p·(1−p) = 16·(1/4)(3/4) = 3, 3, 16·(1/2)(1/2) = 4: idealStddev = sqrt(10/3) ≈ 1.82574
    // chi-square = 1/4 + 1/4 + 0 = 0.5 on 3 − 1 = 2 degrees: p = e^−0.25 ≈ 0.778801
    const { devices, stats } = spreadStatistics([0, 1, 2, 3], [5, 3, 8, 0], [1, 1, 2, 0]);
    expect(devices[3]).toMatchObject({ id: 3, expected: 0, ratio: 0 });
    expect(stats.stddev).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(stats.idealStddev).toBeCloseTo(Math.sqrt(10 / 3), 12);
    expect(stats.chiSquare).toBeCloseTo(0.5, 12);
    expect(stats.degreesOfFreedom).toBe(2);
    expect(stats.pValue).toBeCloseTo(Math.exp(-0.25), 12);
    expect(stats.maxOverfull).toMatchObject({ id: 0, ratio: 1.25 });
    expect(stats.maxUnderfull).toMatchObject({ id: 1, ratio: 0.75 });
  });

  it("five equal devices, 30 20 25 25 25 of 125: four degrees of freedom", () => {
    // expected 25 each; chi-square = (25 + 25)/25 = 2 on 4 degrees
    // Q(2, 1) = e^−1 (1 + 1) = 2/e ≈ 0.735759
    const { stats } = spreadStatistics([0, 1, 2, 3, 4], [30, 20, 25, 25, 25], [1, 1, 1, 1, 1]);
    expect(stats.chiSquare).toBeCloseTo(2, 12);
    expect(stats.pValue).toBeCloseTo(2 / Math.E, 12);
    // diffs +5, −5, 0, 0, 0: stddev = sqrt(50/5) = sqrt(10); ideal = sqrt(125·0.2·0.8) = sqrt(20)
    expect(stats.stddev).toBeCloseTo(Math.sqrt(10), 12);
    expect(stats.idealStddev).toBeCloseTo(Math.sqrt(20), 12);
  });

  it("a perfect split has no spread and a p-value of 1", () => {
    const { stats } = spreadStatistics([0, 1, 2], [10, 20, 30], [1, 2, 3]);
    expect(stats.stddev).toBe(0);
    expect(stats.chiSquare).toBe(0);
    expect(stats.pValue).toBe(1);
  });

  it("a single device has no degree of freedom and p-value 1", () => {
    const { stats } = spreadStatistics([4], [9], [3]);
    expect(stats.degreesOfFreedom).toBe(0);
    expect(stats.pValue).toBe(1);
    expect(stats.idealStddev).toBe(0);
  });
});

describe("spreadStatistics on bad input", () => {
  const cases: [string, () => unknown, RegExp][] = [
    ["arrays of different lengths", () => spreadStatistics([0, 1], [1], [1, 1]), /one count and one weight per device/],
    ["a negative count", () => spreadStatistics([0, 1], [1, -1], [1, 1]), /device 1 has a bad count/],
    ["a weight that is not a number", () => spreadStatistics([0, 1], [1, 1], [1, Number.NaN]), /device 1 has a bad weight/],
    ["no weight at all", () => spreadStatistics([0, 1], [1, 1], [0, 0]), /no device has weight/],
    ["nothing placed", () => spreadStatistics([0, 1], [0, 0], [1, 1]), /nothing was placed/],
    ["no device", () => spreadStatistics([], [], []), /no device has weight/],
  ];
  for (const [what, run, message] of cases) {
    it(`throws a SpreadError (a CrushmapError) for ${what}`, () => {
      expect(run).toThrow(SpreadError);
      expect(run).toThrow(CrushmapError);
      expect(run).toThrow(message);
    });
  }
});

describe("the chi-square tail", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // the textbook critical values: P(χ²₁ > 3.841458820694124) = 0.05, P(χ²₁ > 6.634896601021214) = 0.01
    expect(chiSquarePValue(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquarePValue(6.634896601021214, 1)).toBeCloseTo(0.01, 12);
    for (const x of [0.01, 0.5, 1, 2, 3, 10, 50, 200]) expect(chiSquarePValue(x, 2)).toBeCloseTo(Math.exp(-x / 2), 13);
  });

  it("matches the Poisson tail for whole a, from a few devices to ten thousand", () => {
    // the naive log-space reference itself loses ~n·1e-15 to cancellation, hence the tolerance
    for (const n of [1, 2, 3, 5, 10, 50, 500, 5000]) {
      for (const f of [0.5, 0.9, 0.98, 1, 1 + 1 / n, 1.02, 1.1, 1.5]) {
        const x = n * f;
        const exact = poissonTail(n, x);
        const got = upperRegularizedGamma(n, x);
        // relative accuracy where the tail is not vanishingly small
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-9 * Math.max(exact, 1e-6));
      }
    }
  });

  it("agrees with SciPy for odd and even degrees of freedom up to two hundred thousand", () => {
    // chi2.sf(x, k) from scipy.stats 1.17.1 (an independent implementation: Cephes igamc)
    const scipy: [number, number, number][] = [
      [1.5, 3, 0.6822703303362125],
      [60, 41, 0.027940952432154113],
      [3000, 2999, 0.4914159730437362],
      [10000, 10000, 0.49811936596618267],
      [10300, 10000, 0.017638117447345406],
      [9700, 9999, 0.9834587016005223],
      [200000, 199999, 0.4989486944963024],
      [201000, 199999, 0.056922473456384876],
    ];
    for (const [x, k, p] of scipy) expect(Math.abs(chiSquarePValue(x, k) - p)).toBeLessThanOrEqual(1e-11 * Math.max(p, 1e-3));
  });

  it("gives the table's 5% critical value for 1000 degrees of freedom", () => {
    // published tables: χ²₀.₀₅ with 1000 degrees is 1074.679
    expect(chiSquarePValue(1074.679, 1000)).toBeCloseTo(0.05, 5);
  });

  it("is continuous where it switches from the series to the continued fraction (x = a + 1)", () => {
    for (const a of [0.5, 3.5, 40.5, 4999.5]) {
      const below = upperRegularizedGamma(a, a + 1 - 1e-9);
      const above = upperRegularizedGamma(a, a + 1 + 1e-9);
      expect(Math.abs(below - above)).toBeLessThan(1e-8);
    }
  });

  it("stays within [0, 1] and falls as chi-square grows", () => {
    let last = 1;
    for (let x = 0; x <= 3000; x += 25) {
      const p = chiSquarePValue(x, 2000);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
    expect(chiSquarePValue(0, 2000)).toBe(1);
    expect(chiSquarePValue(1e6, 2000)).toBe(0);
  });
});

describe("the statistics under independent weighted placement (a seeded simulation)", () => {
  // 400 trials: 2,000 replicas each, thrown independently onto 12 devices of weights 1..12
  const weights = Array.from({ length: 12 }, (_, i) => i + 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const rnd = prng(20261201);
  const pValues: number[] = [];
  let varianceRatio = 0;
  const TRIALS = 400;
  for (let t = 0; t < TRIALS; t++) {
    const counts = new Array<number>(weights.length).fill(0);
    for (let k = 0; k < 2000; k++) {
      let u = rnd() * total;
      let d = 0;
      while (d < weights.length - 1 && u >= weights[d]!) u -= weights[d++]!;
      counts[d]!++;
    }
    const { stats } = spreadStatistics(weights.map((_, i) => i), counts, weights);
    pValues.push(stats.pValue);
    varianceRatio += (stats.stddev / stats.idealStddev) ** 2 / TRIALS;
  }

  it("gives p-values spread evenly over 0..1: about 5% below 0.05, half below 0.5", () => {
    const below = (x: number): number => pValues.filter((p) => p < x).length / TRIALS;
    // binomial(400, 0.05) has sd 1.1%, binomial(400, 0.5) 2.5%: bounds at about 3 sd
    expect(below(0.05)).toBeGreaterThan(0.015);
    expect(below(0.05)).toBeLessThan(0.085);
    expect(below(0.5)).toBeGreaterThan(0.42);
    expect(below(0.5)).toBeLessThan(0.58);
  });

  it("gives a stddev whose square averages idealStddev² (their ratio is 1 on average)", () => {
    expect(varianceRatio).toBeGreaterThan(0.9);
    expect(varianceRatio).toBeLessThan(1.1);
  });
});
