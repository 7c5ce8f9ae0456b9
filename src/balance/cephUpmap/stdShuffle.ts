/**
 * std::shuffle as libstdc++ (GCC 11–14, the compilers of Ceph 16.2–20.2's Debian builds) runs
 * it with a std::minstd_rand0, so that a seeded Ceph shuffle can be replayed exactly:
 *
 * - when the generator's range (2^31 − 3) divided by n is at least n, positions are drawn two at
 *   a time: one uniform draw in [0, r·(r+1)) gives the swap positions x / (r+1) and x % (r+1)
 *   for elements r and r+1 (an odd-length tail first swaps element 1 with a draw in [0, 1]);
 * - otherwise one draw in [0, i] per element i (the textbook Fisher–Yates from the front).
 *
 * Each draw is std::uniform_int_distribution's downscaling: values of the generator minus its
 * minimum are rejected from `range / span · span` on and divided by `range / span`.
 */
import { MINSTD_MAX, MINSTD_MIN, type MinstdRand0 } from "./minstdRand0.js";

const URNG_RANGE = MINSTD_MAX - MINSTD_MIN;

/** A uniform draw in [0, b] (b ≤ the generator's range), as uniform_int_distribution<unsigned long>(0, b). */
export function uniformDraw(g: MinstdRand0, b: number): number {
  if (b === URNG_RANGE) return g.next() - MINSTD_MIN;
  const span = b + 1;
  const scaling = Math.floor(URNG_RANGE / span);
  const past = span * scaling;
  let r: number;
  do r = g.next() - MINSTD_MIN;
  while (r >= past);
  return Math.floor(r / scaling);
}

/** Shuffles `a` in place as `std::shuffle(a.begin(), a.end(), g)` does. */
export function stdShuffle<T>(a: T[], g: MinstdRand0): void {
  const n = a.length;
  if (n === 0) return;
  if (Math.floor(URNG_RANGE / n) >= n) {
    let i = 1;
    if (n % 2 === 0) swap(a, i++, uniformDraw(g, 1));
    while (i !== n) {
      const r = i + 1;
      const x = uniformDraw(g, r * (r + 1) - 1);
      swap(a, i++, Math.floor(x / (r + 1)));
      swap(a, i++, x % (r + 1));
    }
    return;
  }
  for (let i = 1; i < n; i++) swap(a, i, uniformDraw(g, i));
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
