/**
 * A small seeded generator (mulberry32) for the fuzzer: every case is a pure function of the
 * campaign's seed and the case's index, so a finding is reproduced from those two numbers.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator of case `index` in the campaign seeded `seed`. */
  static forCase(seed: number, index: number): Rng {
    // splitmix32 of (seed, index): neighbouring indexes get unrelated streams
    let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index >>> 0, 0x85ebca6b)) >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
    return new Rng((z ^ (z >>> 15)) >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in 0..n-1 (n ≥ 1). */
  int(n: number): number {
    return this.next() % n;
  }

  /** An integer in lo..hi. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p * 0x100000000;
  }
}
