/**
 * Weighted rendezvous hashing (highest random weight, Thaler & Ravishankar; the weighted form
 * of Schindelhauer & Schomaker): every device draws a score for the input, w / −ln(u) with u a
 * uniform hash of (input, device) in (0, 1), and the numRep highest scores hold the replicas.
 * P(device wins) is exactly w / Σw for the first replica, for any weights.
 *
 * Straw2 is the same rule (ln(u) / w, maximised) with u cut to 16 bits and ln taken from Ceph's
 * fixed-point table; this is the textbook version with a 32-bit u and the float logarithm
 * (V8's Math.log is fdlibm's, the same bits on every platform it runs on).
 */
import { hash32_2 } from "../../hash/rjenkins.js";
import { checkNumRep, checkWeights, type ReferencePlacer } from "./placer.js";

/** 2^32: u = (h + 0.5) / 2^32 lies strictly inside (0, 1) for every 32-bit hash h. */
const TWO_32 = 4294967296;

/**
 * Weighted rendezvous hashing over the devices of a weight vector; replicas are the top numRep
 * scores, so a change to one device moves replicas only to or from that device.
 *
 * @group Spread
 *
 * @example
 * ```ts
 * const hrw = new RendezvousPlacer([1, 1, 2]);
 * const out = new Int32Array(2);
 * hrw.place(1234, 2, out); // 2: out holds two distinct device indices
 * ```
 */
export class RendezvousPlacer implements ReferencePlacer {
  readonly algorithm = "weighted rendezvous (HRW)";
  readonly lacks: readonly string[] = Object.freeze(["failure domains", "Ceph compatibility"]);
  private readonly weights: Float64Array;
  private scores = new Float64Array(16);

  constructor(weights: ArrayLike<number>) {
    this.weights = checkWeights(weights);
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    if (this.scores.length < numRep) this.scores = new Float64Array(numRep);
    const w = this.weights;
    const scores = this.scores;
    let n = 0;
    for (let d = 0; d < w.length; d++) {
      const wd = w[d]!;
      if (wd <= 0) continue;
      const u = (hash32_2(x | 0, d) + 0.5) / TWO_32;
      const s = wd / -Math.log(u);
      // keep out[0..n) sorted by score, highest first; ties keep the lower index first
      if (n === numRep && !(s > scores[n - 1]!)) continue;
      let k = n < numRep ? n++ : n - 1;
      while (k > 0 && s > scores[k - 1]!) {
        scores[k] = scores[k - 1]!;
        out[k] = out[k - 1]!;
        k--;
      }
      scores[k] = s;
      out[k] = d;
    }
    return n;
  }
}
