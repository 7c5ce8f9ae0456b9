/**
 * OSDMap::calc_deviations and fill_overfull_underfull, in Ceph's 32-bit floats: each OSD's
 * deviation is its group count minus weight × groups-per-weight; the "stddev" is the sum of the
 * squared deviations (Ceph notes it is not divided or rooted; it only has to fall). OSDs are
 * visited in id order, so equal deviations keep id order in Ceph's multimap.
 */
import { BalanceError } from "../errors.js";
import type { PgsByOsd } from "./pgsByOsd.js";

const f32 = Math.fround;

/** Deviations of one distribution. */
export interface Deviations {
  /** By OSD id. */
  readonly byOsd: ReadonlyMap<number, number>;
  /** (deviation, osd) ascending by deviation, equal ones by OSD id (multimap<float,int>). */
  readonly sorted: readonly (readonly [number, number])[];
  readonly stddev: number;
  /** The largest |deviation|. */
  readonly max: number;
}

export function calcDeviations(pgs: PgsByOsd, weight: ReadonlyMap<number, number>, pgsPerWeight: number): Deviations {
  const byOsd = new Map<number, number>();
  const sorted: [number, number][] = [];
  let stddev = 0;
  let max = 0;
  for (const osd of pgs.osds()) {
    const w = weight.get(osd);
    // Ceph asserts here: an OSD holds groups of the pool but is not under its rule
    if (w === undefined) throw new BalanceError(`osd.${osd} holds groups of the pool but its rule does not reach it (Ceph's calc_pg_upmaps asserts)`, osd);
    const target = f32(w * pgsPerWeight);
    const deviation = f32(pgs.of(osd).length - target);
    byOsd.set(osd, deviation);
    sorted.push([deviation, osd]);
    stddev = f32(stddev + f32(deviation * deviation));
    if (Math.abs(deviation) > max) max = Math.abs(deviation);
  }
  // a stable sort keeps id order among equal deviations, as multimap insertion does
  sorted.sort((a, b) => a[0] - b[0]);
  return { byOsd, sorted, stddev, max };
}

/** The OSDs fill_overfull_underfull sorts out of a distribution. */
export interface FullSets {
  readonly overfull: Set<number>;
  readonly moreOverfull: Set<number>;
  readonly underfull: number[];
  readonly moreUnderfull: number[];
}

/** Over `maxDeviation` overfull, above 0 slightly; below −maxDeviation underfull, below 0 slightly (most underfull first). */
export function fillOverfullUnderfull(d: Deviations, maxDeviation: number): FullSets {
  const out: FullSets = { overfull: new Set(), moreOverfull: new Set(), underfull: [], moreUnderfull: [] };
  for (let k = d.sorted.length - 1; k >= 0; k--) {
    const [dev, osd] = d.sorted[k]!;
    if (dev <= 0) break;
    if (dev > maxDeviation) out.overfull.add(osd);
    else out.moreOverfull.add(osd);
  }
  for (const [dev, osd] of d.sorted) {
    if (dev >= 0) break;
    if (dev < -maxDeviation) out.underfull.push(osd);
    else out.moreUnderfull.push(osd);
  }
  return out;
}
