/**
 * A consistent-hash ring with virtual nodes (Karger et al. 1997; the ketama layout): each device
 * puts points on a 32-bit ring, as many as its weight asks, and an input goes to the owner of
 * the first point clockwise from its hash; replicas walk on to the next distinct owners. Adding
 * a device only takes inputs (its points split arcs; nobody else's arc grows), removing one
 * only gives its inputs to the next points.
 */
import { hash32_2 } from "../../hash/rjenkins.js";
import { SpreadError } from "../errors.js";
import { checkNumRep, checkWeights, holds, type ReferencePlacer } from "./placer.js";

/** Points per device of mean weight when the caller gives no scale (ketama uses 160 per server). */
export const DEFAULT_RING_POINTS = 100;
/** Salt of the input's position on the ring, so it is not the hash of a point. */
const INPUT_SALT = 0x72696e67;
/** Most points a ring may hold (8 bytes each). */
const MAX_POINTS = 1 << 25;

/**
 * Options of a {@link RingPlacer}.
 *
 * @group Spread
 */
export interface RingOptions {
  /**
   * Points per unit of weight. Keep it fixed across the clusters being compared, so a change
   * to one device leaves everyone else's points alone. Default: DEFAULT_RING_POINTS ÷ the mean
   * positive weight.
   */
  readonly pointsPerWeight?: number;
}

/**
 * A consistent-hash ring: device d puts max(1, round(weight·pointsPerWeight)) points at
 * hash32(d, j) for j = 0, 1, …; points are sorted by position (then device, for ties).
 *
 * @group Spread
 */
export class RingPlacer implements ReferencePlacer {
  readonly algorithm = "consistent-hash ring (virtual nodes)";
  readonly lacks: readonly string[] = Object.freeze([
    "exact weights (shares vary with the arcs; more points, less variance)",
    "failure domains",
    "Ceph compatibility",
  ]);
  /** Point positions, ascending. */
  readonly points: Uint32Array;
  /** Device owning each point. */
  readonly owners: Int32Array;
  private readonly devices: number;

  constructor(weights: ArrayLike<number>, options: RingOptions = {}) {
    const w = checkWeights(weights);
    const perWeight = options.pointsPerWeight ?? defaultPointsPerWeight(w);
    if (!Number.isFinite(perWeight) || perWeight <= 0) {
      throw new SpreadError(`ring: pointsPerWeight ${String(perWeight)} is not a positive number`, "pointsPerWeight");
    }
    const counts = new Int32Array(w.length);
    let total = 0;
    for (let d = 0; d < w.length; d++) {
      if (w[d]! <= 0) continue;
      counts[d] = Math.max(1, Math.round(w[d]! * perWeight));
      total += counts[d]!;
      if (total > MAX_POINTS) throw new SpreadError(`ring: more than ${MAX_POINTS} points; lower pointsPerWeight`, "pointsPerWeight");
    }
    [this.points, this.owners] = buildRing(counts, total);
    let devices = 0;
    for (let d = 0; d < w.length; d++) if (counts[d]! > 0) devices++;
    this.devices = devices;
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    const points = this.points;
    const owners = this.owners;
    const want = Math.min(numRep, this.devices);
    let p = firstAtOrAfter(points, hash32_2(x | 0, INPUT_SALT));
    let n = 0;
    for (let step = 0; n < want && step < points.length; step++) {
      const d = owners[p]!;
      if (!holds(out, n, d)) out[n++] = d;
      p = p + 1 === points.length ? 0 : p + 1;
    }
    return n;
  }
}

function defaultPointsPerWeight(w: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (let d = 0; d < w.length; d++) if (w[d]! > 0) { sum += w[d]!; n++; }
  return DEFAULT_RING_POINTS / (sum / n);
}

/** Every device's points, sorted by (position, device): the ring. */
function buildRing(counts: Int32Array, total: number): [Uint32Array, Int32Array] {
  // position·2^20 + device fits a double exactly (2^52) and sorts as (position, device)
  const keys = new Float64Array(total);
  let k = 0;
  for (let d = 0; d < counts.length; d++) {
    for (let j = 0; j < counts[d]!; j++) keys[k++] = hash32_2(d, j) * 1048576 + d;
  }
  keys.sort();
  const points = new Uint32Array(total);
  const owners = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const d = keys[i]! % 1048576;
    points[i] = (keys[i]! - d) / 1048576;
    owners[i] = d;
  }
  return [points, owners];
}

/** Index of the first point at or after h, wrapping to 0 past the last. */
function firstAtOrAfter(points: Uint32Array, h: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === points.length ? 0 : lo;
}
