/**
 * The inputs of a spread measurement, as crushtool takes them (`--num-rep N --min-x A --max-x B`,
 * `--weight`), checked once so that the report and the movement refuse the same things.
 */
import { ITEM_NONE } from "../map/types.js";
import type { Mapper } from "../mapper/mapper.js";
import { SpreadError } from "./errors.js";

/**
 * What to map: inputs minX..maxX (both included, as crushtool's --min-x/--max-x), numRep
 * replicas each, under an optional reweight vector.
 *
 * @group Spread
 */
export interface SpreadOptions {
  /** Replicas per input, 1..1024. */
  readonly numRep: number;
  /** First input. */
  readonly minX: number;
  /** Last input (included). */
  readonly maxX: number;
  /**
   * Reweight per device id in 16.16 (0x10000 in, 0 out), like crushtool's `--weight` and the
   * Mapper's `reweight`; ids past its end are out. Default: every device in some bucket is in.
   */
  readonly weights?: ArrayLike<number>;
}

/**
 * Most inputs one measurement maps (2^26, about a minute of mapping).
 *
 * @group Spread
 */
export const MAX_SPREAD_INPUTS = 1 << 26;

/** Most replicas a spread report counts: its tables hold a column per replica. */
const MAX_SPREAD_REP = 1024;
/** Most device ids a count covers (as the Mapper's default reweight vector). */
const MAX_DEVICE_IDS = 1 << 24;

/** Throws a SpreadError for a replica count or an input range crushtool would not run. */
export function checkSpreadOptions(o: SpreadOptions): void {
  if (!Number.isInteger(o.numRep) || o.numRep < 1 || o.numRep > MAX_SPREAD_REP) {
    throw new SpreadError(`num-rep ${String(o.numRep)} is outside 1..${MAX_SPREAD_REP}`, "numRep");
  }
  for (const [name, x] of [["min-x", o.minX], ["max-x", o.maxX]] as const) {
    if (!Number.isInteger(x) || x < -0x80000000 || x > 0xffffffff) throw new SpreadError(`${name} ${String(x)} is not a 32-bit integer`, name);
  }
  if (o.minX > o.maxX) throw new SpreadError(`no inputs: min-x ${o.minX} is above max-x ${o.maxX}`, "minX");
  if (o.maxX - o.minX + 1 > MAX_SPREAD_INPUTS) {
    throw new SpreadError(`${o.maxX - o.minX + 1} inputs is more than one measurement maps (${MAX_SPREAD_INPUTS})`, "maxX");
  }
}

/** One past the largest device id of the mapper's map, or a SpreadError when counters that long would not fit. */
export function deviceIdBound(mapper: Mapper): number {
  const n = mapper.compiled.maxDevices;
  if (n > MAX_DEVICE_IDS) throw new SpreadError(`the map's largest device id is ${n - 1}: spread counts ids below ${MAX_DEVICE_IDS}`, n - 1);
  return n;
}

/** A zeroed counter per device id of the mapper's map. */
export function deviceCounter(mapper: Mapper): Float64Array {
  return new Float64Array(deviceIdBound(mapper));
}

/** Maps every input of `o` through `ruleId` and adds each placed replica to `counts`; returns how many. */
export function countPlacements(mapper: Mapper, ruleId: number, o: SpreadOptions, counts: Float64Array): number {
  const out = new Int32Array(o.numRep);
  let placed = 0;
  for (let x = o.minX; x <= o.maxX; x++) {
    const n = mapper.mapInto(ruleId, x, o.numRep, out);
    for (let i = 0; i < n; i++) {
      const d = out[i]!;
      if (d === ITEM_NONE || d < 0 || d >= counts.length) continue;
      counts[d] = counts[d]! + 1;
      placed++;
    }
  }
  return placed;
}
