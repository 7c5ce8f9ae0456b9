/**
 * Each of Ceph's bucket algorithms as a reference: every device with positive weight goes into
 * one flat root bucket of that algorithm (device id = index in the weight vector), a rule
 * `take root; choose firstn 0 type osd; emit` places the replicas, and crushmap's own Mapper
 * answers, so the result is exactly what Ceph computes for that flat map (crushtool --test
 * gives the same devices). Flat means no failure domains: the hierarchical row is
 * {@link CephChooseleafPlacer}.
 */
import { CrushMapBuilder } from "../../map/builder.js";
import type { BucketAlg, CrushMap } from "../../map/types.js";
import { Mapper } from "../../mapper/mapper.js";
import { SpreadError } from "../errors.js";
import { checkNumRep, checkWeights, type ReferencePlacer } from "./placer.js";

/** Largest decimal weight Ceph's commands take (0x7fffffff in 16.16). */
const CEPH_WEIGHT_MAX = 32767;

/** What each bucket algorithm does not guarantee, on a flat map. */
const LACKS: Readonly<Record<BucketAlg, readonly string[]>> = Object.freeze({
  uniform: Object.freeze([
    "weights (one item weight for the whole bucket)",
    "minimal movement (the permutation depends on the item count: a change moves most inputs)",
    "failure domains (flat bucket)",
  ]),
  list: Object.freeze([
    "minimal movement when an item other than the newest is removed or reweighted",
    "failure domains (flat bucket)",
  ]),
  tree: Object.freeze(["minimal movement (a change moves data along the item's path in the tree)", "failure domains (flat bucket)"]),
  straw: Object.freeze([
    "exact weights (straw lengths only approximate mixed weights)",
    "minimal movement (a weight change also moves data between other items)",
    "failure domains (flat bucket)",
  ]),
  straw2: Object.freeze(["failure domains (flat bucket; the hierarchy gives them, see chooseleaf)"]),
});

/**
 * Options of a {@link CephBucketPlacer} and {@link CephChooseleafPlacer}.
 *
 * @group Spread
 */
export interface CephPlacerOptions {
  /**
   * Factor applied to every weight before it becomes a 16.16 crush weight. Keep it fixed across
   * the clusters being compared. Default: 1, or less when a weight exceeds Ceph's 32767.
   */
  readonly weightScale?: number;
}

/** Checks or derives the weight scale: every scaled weight must fit Ceph's 32767. */
export function cephWeightScale(weights: Float64Array, scale: number | undefined): number {
  let max = 0;
  for (let d = 0; d < weights.length; d++) max = Math.max(max, weights[d]!);
  const s = scale ?? (max > CEPH_WEIGHT_MAX ? CEPH_WEIGHT_MAX / max : 1);
  if (!Number.isFinite(s) || s <= 0 || max * s > CEPH_WEIGHT_MAX) {
    throw new SpreadError(`ceph: weight scale ${String(s)} puts a weight above ${CEPH_WEIGHT_MAX}`, "weightScale");
  }
  return s;
}

function lastPositive(w: Float64Array): number {
  let last = w.length - 1;
  while (last > 0 && w[last]! <= 0) last--;
  return last;
}

/**
 * One flat Ceph bucket of algorithm `alg` holding every device, mapped by crushmap's Mapper.
 * A uniform bucket has one weight for all its items, so it ignores the weights. A weightless
 * device is left out, except in a tree, which keeps it as a weightless leaf where it was.
 *
 * @group Spread
 */
export class CephBucketPlacer implements ReferencePlacer {
  readonly algorithm: string;
  readonly lacks: readonly string[];
  /** The flat map (one root bucket, one rule with id 0). */
  readonly map: CrushMap;
  private readonly mapper: Mapper;

  constructor(weights: ArrayLike<number>, alg: BucketAlg, options: CephPlacerOptions = {}) {
    const w = checkWeights(weights);
    if (!Object.prototype.hasOwnProperty.call(LACKS, alg)) throw new SpreadError(`ceph: unknown bucket alg ${String(alg)}`, String(alg));
    const scale = cephWeightScale(w, options.weightScale);
    const b = new CrushMapBuilder().addBucket("flat", "root", { alg, id: -1 });
    const last = lastPositive(w);
    for (let d = 0; d <= last; d++) {
      // a tree keeps a removed item as a weightless leaf in its place (crush_remove_tree_bucket_item
      // only trims trailing ones): dropping it would renumber every later leaf
      if (w[d]! > 0 || alg === "tree") b.addDevice({ id: d, weight: alg === "uniform" ? 1 : w[d]! * scale, under: "flat" });
    }
    b.addRule("flat", [{ op: "take", item: "flat" }, { op: "choose", mode: "firstn", num: 0, type: "osd" }, { op: "emit" }]);
    this.map = b.build();
    this.mapper = new Mapper(this.map);
    this.algorithm = `${alg} (Ceph bucket, flat)`;
    this.lacks = LACKS[alg];
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    return this.mapper.mapInto(0, x | 0, numRep, out);
  }
}
