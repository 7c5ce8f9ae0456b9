/**
 * Confidence intervals that hold at every sample size, for the two samplers: Clopper–Pearson's
 * exact binomial interval (the direct sampler counts losses; at 0 losses it still says how high
 * pLoss may be, where a normal approximation shrinks to nothing), and Hoeffding's bound for a
 * mean of values in [0, 1] (the union estimator).
 */

/** Exact (Clopper–Pearson) interval for x successes in n trials at `confidence`; the bracket's outer ends. */
export function clopperPearson(x: number, n: number, confidence: number): [number, number] {
  const alpha = 1 - confidence;
  // P(X ≥ x | p) = I_p(x, n − x + 1); P(X ≤ x | p) = 1 − I_p(x + 1, n − x)
  const lo = x === 0 ? 0 : solve((p) => betaRegularized(p, x, n - x + 1) >= alpha / 2, "low");
  const hi = x === n ? 1 : solve((p) => betaRegularized(p, x + 1, n - x) > 1 - alpha / 2, "high");
  return [lo, hi];
}

/** Half-width h with P(|mean − E| ≥ h) ≤ 1 − confidence for n values in [0, 1] (Hoeffding). */
export function hoeffdingHalfWidth(n: number, confidence: number): number {
  return Math.sqrt(Math.log(2 / (1 - confidence)) / (2 * n));
}

/**
 * The boundary of a monotone predicate on [0, 1] (false below, true above), by bisection to the
 * last bit: "low" returns the bracket's false side, "high" its true side, so either end errs
 * outward.
 */
function solve(above: (p: number) => boolean, side: "low" | "high"): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 1100 && hi - lo > 0; i++) {
    // halve from 0, then bisect geometrically: an end near 1e-30 is found as fast as one near 0.5
    const mid = lo === 0 ? hi / 2 : Math.sqrt(lo) * Math.sqrt(hi);
    if (!(mid > lo && mid < hi)) break;
    if (above(mid)) hi = mid;
    else lo = mid;
  }
  return side === "low" ? lo : hi;
}

/** The regularised incomplete beta function I_x(a, b), by its continued fraction. */
export function betaRegularized(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
  // the fraction converges fast below the mean (a + 1) / (a + b + 2); above it use I_x(a, b) = 1 − I_{1−x}(b, a)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaFraction(1 - x, b, a)) / b;
}

/** The continued fraction of I_x(a, b), by the modified Lentz method. */
function betaFraction(x: number, a: number, b: number): number {
  const lentz = { c: 1, d: 1, f: 1 };
  lentz.d = 1 / nonZero(1 - ((a + b) * x) / (a + 1));
  lentz.f = lentz.d;
  for (let m = 1; m <= 100_000; m++) {
    lentzStep(lentz, (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)));
    const delta = lentzStep(lentz, (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)));
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return lentz.f;
}

/** One term of the fraction: c, d and f updated, the factor applied to f returned. */
function lentzStep(l: { c: number; d: number; f: number }, num: number): number {
  l.d = 1 / nonZero(1 + num * l.d);
  l.c = nonZero(1 + num / l.c);
  const delta = l.c * l.d;
  l.f *= delta;
  return delta;
}

function nonZero(v: number): number {
  return Math.abs(v) < 1e-300 ? 1e-300 : v;
}

function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7: relative error near 1e-15). */
function lnGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const x = z - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}
