/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), the upper tail of a
 * gamma distribution; the chi-square p-value is Q(dof / 2, χ² / 2). Written to stay accurate for
 * the degrees of freedom a spread test meets (a device count: a up to ~10⁵), where the obvious
 * `exp(a·ln x − x − lnΓ(a))` loses every digit to cancellation between terms of size ~a·ln a.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;

/** ln Γ(a) for a ≥ 0.5 (Lanczos, g = 7, n = 9; ~15 significant digits); a is dof / 2 here. */
export function lnGamma(a: number): number {
  const z = a - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * ln(xᵃ e⁻ˣ / Γ(a)), the common factor of both expansions. For large a it is written around
 * x = a: a·ln(x/a) + a − x = −a·(t − ln(1 + t)) with t = x/a − 1, computed with log1p, plus
 * Stirling's series for the rest of lnΓ(a); no term is then larger than the result.
 */
function logPrefactor(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - lnGamma(a);
  const t = (x - a) / a;
  const stirling = 1 / (12 * a) - 1 / (360 * a ** 3) + 1 / (1260 * a ** 5) - 1 / (1680 * a ** 7);
  return -a * (t - Math.log1p(t)) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirling;
}

/** P(a, x) by its power series; converges fast for x < a + 1 (terms shrink like x / (a + n)). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  // x < a + 1, so the ratio x / (a + n) falls below 1 at once; ~sqrt(a) terms matter for large a
  for (let n = 1; n < 1_000_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h * Math.exp(logPrefactor(a, x));
}

/**
 * Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x ≥ 0: 1 at x = 0, falling to 0 as x grows; about 1e-12
 * relative accuracy up to a ≈ 10⁵.
 *
 * @group Spread
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return Math.min(1, Math.max(0, 1 - lowerSeries(a, x)));
  return Math.min(1, Math.max(0, upperFraction(a, x)));
}

/**
 * The chance a chi-square variable with `dof` degrees of freedom exceeds `chiSquare` (1 when dof ≤ 0).
 *
 * @group Spread
 *
 * @example
 * ```ts
 * chiSquarePValue(3.841458820694124, 1); // 0.05
 * ```
 */
export function chiSquarePValue(chiSquare: number, dof: number): number {
  if (dof <= 0) return 1;
  return upperRegularizedGamma(dof / 2, chiSquare / 2);
}
