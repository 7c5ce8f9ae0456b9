/**
 * Weights: 16.16 fixed point inside, decimals at the edges.
 */
import { CrushMapError } from "./errors.js";

/** 1.0 in 16.16 fixed point. */
export const WEIGHT_ONE = 0x10000;

/** Largest weight a bucket item may carry (what fits an unsigned 32-bit word). */
export const WEIGHT_MAX = 0xffffffff;

/**
 * Checks that a 16.16 weight is a finite, non-negative integer that fits 32 bits, and returns it.
 * `what` names the item for the error message.
 */
export function checkFixedWeight(weight: number, what: string | number): number {
  if (!Number.isInteger(weight) || weight < 0 || weight > WEIGHT_MAX) {
    throw new CrushMapError(`weight ${String(weight)} of ${String(what)} is not a 16.16 weight in 0..0xffffffff`, what);
  }
  return weight;
}
