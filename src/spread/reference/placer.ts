/**
 * What every reference algorithm of the side-by-side comparison answers: which `numRep` distinct
 * devices hold input x. Devices are indices into the cluster's weight vector, so "device 7" is
 * the same device before and after a change; a weight of 0 means the device is absent.
 */
import { SpreadError } from "../errors.js";

/**
 * A placement algorithm set up for one cluster: `place` writes the distinct devices (indices
 * into the weight vector) of input x into `out` and returns how many it found (fewer than
 * numRep only when the cluster has fewer devices, or an emulated multi-pick gave up).
 *
 * @group Spread
 */
export interface ReferencePlacer {
  /** Short name for tables, e.g. "weighted rendezvous (HRW)". */
  readonly algorithm: string;
  /** The guarantees it does not give (failure domains, weights, removing any device, …). */
  readonly lacks: readonly string[];
  /** Writes up to numRep distinct device indices for x into out[0..numRep) and returns the count. */
  place(x: number, numRep: number, out: Int32Array): number;
}

/** The most devices a reference cluster may have (the mapper's device-id space is far larger). */
export const MAX_REFERENCE_DEVICES = 1 << 20;

/**
 * Checks a weight vector (finite, ≥ 0, at least one positive, at most MAX_REFERENCE_DEVICES) and
 * returns it as a Float64Array.
 */
export function checkWeights(weights: ArrayLike<number>, what = "weights"): Float64Array {
  const n = weights.length;
  if (!Number.isInteger(n) || n < 1 || n > MAX_REFERENCE_DEVICES) {
    throw new SpreadError(`${what}: ${String(n)} devices, need 1..${MAX_REFERENCE_DEVICES}`, what);
  }
  const w = new Float64Array(n);
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i]!;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new SpreadError(`${what}: device ${i} has weight ${String(v)}, need a finite number ≥ 0`, i);
    }
    w[i] = v;
    if (v > 0) positive++;
  }
  if (positive === 0) throw new SpreadError(`${what}: no device has a positive weight`, what);
  return w;
}

/** Checks a replica count for `place`: an integer in 0..1024 (what a spread report counts). */
export function checkNumRep(numRep: number): void {
  if (!Number.isInteger(numRep) || numRep < 0 || numRep > 1024) {
    throw new SpreadError(`numRep ${String(numRep)} is not an integer in 0..1024`, "numRep");
  }
}

/** The indices of the devices with positive weight, in index order. */
export function liveDevices(weights: Float64Array): Int32Array {
  let n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) n++;
  const live = new Int32Array(n);
  n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) live[n++] = i;
  return live;
}

/** Whether `v` is among out[0..n). Replica counts are small: a scan beats any set. */
export function holds(out: Int32Array, n: number, v: number): boolean {
  for (let i = 0; i < n; i++) if (out[i] === v) return true;
  return false;
}
