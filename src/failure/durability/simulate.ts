/**
 * Direct Monte Carlo with common random numbers: sample s fails the first K units of its own
 * seeded shuffle, so one seed gives a loss count that never falls as K grows. Clopper–Pearson's
 * interval backs the count at any number of losses, 0 included.
 */
import { clopperPearson } from "./intervals.js";
import type { LossGroup } from "./lossGroups.js";
import { mix, next } from "./random.js";
import type { UnitIndex } from "./unitIndex.js";

export interface Sampled {
  readonly losses: number;
  readonly samples: number;
  readonly interval: [number, number];
}

export function simulate(groups: readonly LossGroup[], index: UnitIndex, N: number, K: number, samples: number, seed: number, confidence: number): Sampled {
  const held = new Int32Array(groups.length);
  const touched: number[] = [];
  const perm = new Int32Array(N);
  let losses = 0;
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < N; i++) perm[i] = i;
    let state = mix(seed, s);
    let lost = false;
    for (let i = 0; i < K && !lost; i++) {
      state = next(state);
      const j = i + Math.floor(((state >>> 0) / 4294967296) * (N - i));
      const u = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = u;
      for (let e = index.start[u]!; e < index.start[u + 1]!; e++) {
        const gi = index.group[e]!;
        if (held[gi] === 0) touched.push(gi);
        held[gi]! += index.mult[e]!;
        if (held[gi]! >= index.need[e]!) {
          lost = true;
          break;
        }
      }
    }
    if (lost) losses++;
    for (const gi of touched) held[gi] = 0;
    touched.length = 0;
  }
  return { losses, samples, interval: clopperPearson(losses, samples, confidence) };
}
