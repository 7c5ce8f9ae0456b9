/**
 * The shape checks of an MSR rule (Ceph's crush_msr_scan_*): an MSR rule is a possibly empty
 * prefix of set_msr_* steps, then blocks of `take`, choosemsr steps, `emit`. Anything else makes
 * Ceph map the input to nothing, so these return -1 rather than throw.
 */
import { OP } from "../compiledMap.js";

/** Step number of the first step after the set_msr_* prefix. */
export function msrConfigEnd(steps: Int32Array, base: number, len: number): number {
  let stepno = 0;
  while (stepno < len) {
    const op = steps[base + 3 * stepno]!;
    if (op !== OP.SET_MSR_DESCENTS && op !== OP.SET_MSR_COLLISION_TRIES) break;
    stepno++;
  }
  return stepno;
}

/**
 * The emit step closing the block that starts at `stepno` (which must be a take followed only
 * by choosemsr steps up to an emit), or -1 when the block is malformed.
 */
export function msrBlockEmit(steps: Int32Array, base: number, len: number, stepno: number): number {
  if (stepno + 1 >= len || steps[base + 3 * stepno] !== OP.TAKE) return -1;
  for (let s = stepno + 1; s < len; s++) {
    const op = steps[base + 3 * s]!;
    if (op === OP.EMIT) return s;
    if (op !== OP.CHOOSE_MSR) return -1;
  }
  return -1;
}

/**
 * How many positions the choosemsr steps [from, to) fill: the product of their counts, a count
 * of 0 standing for the requested number of results (Ceph's total_children). Ceph multiplies in
 * unsigned 32-bit words; products past 2^31 are returned as they are for the caller to refuse.
 */
export function msrFanout(steps: Int32Array, base: number, from: number, to: number, resultMax: number): number {
  let total = 1;
  for (let s = from; s < to; s++) {
    const n = steps[base + 3 * s + 1]!;
    total *= n !== 0 ? n >>> 0 : resultMax;
  }
  return total;
}

/**
 * The longest run of choosemsr steps after a take in a rule: what the mapping's scratch must
 * hold vectors for (Ceph's crush_work_size counts the same).
 */
export function msrLongestRun(steps: Int32Array, base: number, len: number): number {
  let longest = 0;
  for (let s = 0; s < len; s++) {
    if (steps[base + 3 * s] !== OP.TAKE) continue;
    let run = 0;
    while (s + 1 + run < len && steps[base + 3 * (s + 1 + run)] === OP.CHOOSE_MSR) run++;
    if (run > longest) longest = run;
  }
  return longest;
}
