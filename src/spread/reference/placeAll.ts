/**
 * Runs a reference placer over a range of inputs into one flat buffer (numRep slots per input,
 * −1 in the slots of short results), optionally timing the loop.
 */
import { SpreadError } from "../errors.js";
import type { ReferencePlacer } from "./placer.js";

/** Most slots (inputs × numRep) one run may hold: 256 MiB of Int32. */
export const MAX_SLOTS = 1 << 26;

/** The placements of one placer over inputs minX..minX+count−1. */
export interface PlacedInputs {
  readonly numRep: number;
  readonly count: number;
  /** count·numRep device indices; −1 where a result was short. */
  readonly slots: Int32Array;
  /** Seconds the placing loop took, when timed. */
  readonly seconds: number | undefined;
}

/** A monotonic clock where the platform has one (only ever read for the optional speed column). */
function clock(): (() => number) | undefined {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf === undefined ? undefined : () => perf.now();
}

/** Places every input of the range; the loop is timed only when `timed`. */
export function placeAll(placer: ReferencePlacer, numRep: number, minX: number, count: number, timed: boolean): PlacedInputs {
  if (count * numRep > MAX_SLOTS) {
    throw new SpreadError(`${count} inputs × ${numRep} replicas is more than ${MAX_SLOTS} placements; narrow the input range`, "maxX");
  }
  const slots = new Int32Array(count * numRep).fill(-1);
  const out = new Int32Array(Math.max(1, numRep));
  const now = timed ? clock() : undefined;
  const start = now === undefined ? 0 : now();
  for (let i = 0; i < count; i++) {
    const n = placer.place((minX + i) | 0, numRep, out);
    const base = i * numRep;
    for (let k = 0; k < n; k++) slots[base + k] = out[k]!;
  }
  const seconds = now === undefined ? undefined : (now() - start) / 1000;
  return { numRep, count, slots, seconds };
}

/** Replicas per device index (devices beyond `devices` cannot occur: placers only pick indices). */
export function countObserved(placed: PlacedInputs, devices: number): Float64Array {
  const observed = new Float64Array(devices);
  const s = placed.slots;
  for (let i = 0; i < s.length; i++) if (s[i]! >= 0) observed[s[i]!]!++;
  return observed;
}

/**
 * Replicas moved from `before` to `after`: over all inputs, the devices holding the input after
 * that did not hold it before (each is one copy the change has to make).
 */
export function movedReplicas(before: PlacedInputs, after: PlacedInputs): number {
  const r = before.numRep;
  const a = after.slots;
  const b = before.slots;
  let moved = 0;
  for (let i = 0; i < before.count; i++) {
    const base = i * r;
    for (let k = 0; k < r; k++) {
      const d = a[base + k]!;
      if (d < 0) continue;
      let held = false;
      for (let j = 0; j < r; j++) if (b[base + j] === d) held = true;
      if (!held) moved++;
    }
  }
  return moved;
}

/** Inputs with two replicas in one failure domain. */
export function sharedDomainInputs(placed: PlacedInputs, domains: Int32Array): number {
  const r = placed.numRep;
  const s = placed.slots;
  let shared = 0;
  for (let i = 0; i < placed.count; i++) {
    const base = i * r;
    let clash = false;
    for (let k = 1; k < r && !clash; k++) {
      const dk = s[base + k]!;
      if (dk < 0) continue;
      for (let j = 0; j < k; j++) if (s[base + j]! >= 0 && domains[s[base + j]!] === domains[dk]) clash = true;
    }
    if (clash) shared++;
  }
  return shared;
}
