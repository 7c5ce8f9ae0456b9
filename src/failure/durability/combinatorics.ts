/** Binomial coefficients as the durability counts need them: plain, as logarithms, and as a colex-rank table. */

/** C(n, k) in floating point (exact while the result stays below 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const m = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= m; i++) r = (r * (n - m + i)) / i;
  return r;
}

/**
 * ln C(n, k), summed over min(k, n − k) factors: accurate to about 1e-14 for the small k it is
 * used with (a group's width), whatever n is.
 */
export function logBinomial(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  const m = Math.min(k, n - k);
  let r = 0;
  for (let i = 1; i <= m; i++) r += Math.log((n - m + i) / i);
  return r;
}

/**
 * Pascal's triangle for colex ranks of j-sets of 0..n−1, j ≤ k: C(u, j) at u × (k + 1) + j.
 * Sums of its exact integers stay exact while they stay below 2^53.
 */
export function pascalTable(n: number, k: number): Float64Array {
  const table = new Float64Array(n * (k + 1));
  for (let u = 0; u < n; u++) {
    table[u * (k + 1)] = 1;
    for (let j = 1; j <= k && u > 0; j++) table[u * (k + 1) + j] = table[(u - 1) * (k + 1) + j - 1]! + table[(u - 1) * (k + 1) + j]!;
  }
  return table;
}
