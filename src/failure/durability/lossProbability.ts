/**
 * pLoss for K failures, by the best method that applies:
 * - closed: 0 below the tolerance, 1 when every unit fails;
 * - counted: at the tolerance, the distinct fatal K-sets streamed by lowest unit (fatalSets.ts);
 * - enumerated: when the safe K-sets are few enough to walk, every K-set (enumerateAll.ts);
 * - otherwise an estimate with an interval it can back, inside bounds that hold for certain
 *   (below: the likeliest group's own loss, and pLoss at the tolerance when it was counted;
 *   above: Σ_g P(A_g)): the union estimator while Σ_g P(A_g) ≤ 1/2, where losses are rare and
 *   overlap little, else the direct sampler.
 * `method: "simulate"` always runs the direct sampler; `method: "exact"` refuses to estimate.
 */
import { FailureError } from "../errors.js";
import { binomial } from "./combinatorics.js";
import { countAllFatal } from "./enumerateAll.js";
import { groupLoss, type GroupLoss } from "./groupLoss.js";
import type { LossGroup } from "./lossGroups.js";
import { simulate } from "./simulate.js";
import { unionEstimate } from "./unionEstimate.js";
import type { UnitIndex } from "./unitIndex.js";

/** K-subsets of groups' units the exact count at the tolerance may enumerate (a few seconds). */
export const COUNT_BUDGET = 2 ** 25;
/** Steps (units added, groups touched) the walk over every K-set may take (about 0.1 s). */
export const WALK_BUDGET = 2 ** 22;
/** Relative slack on bounds and intervals, far above the rounding of their sums. */
const SLACK = 1e-9;

/**
 * How a durability result's pLoss was found (see DurabilityResult.method).
 *
 * @group Failure analysis
 */
export type LossMethod = "closed" | "counted" | "enumerated" | "union" | "sampled";

export interface LossProbability {
  readonly pLoss: number;
  readonly exact: boolean;
  readonly method: LossMethod;
  readonly interval?: readonly [number, number];
  readonly confidence?: number;
  readonly bounds?: readonly [number, number];
  readonly samples?: number;
  readonly losses?: number;
}

export interface LossQuestion {
  readonly groups: readonly LossGroup[];
  readonly index: UnitIndex;
  readonly N: number;
  readonly K: number;
  readonly tolerance: number;
  /** The distinct fatal sets at the tolerance (undefined past the budget), counted once for pLoss and the yearly estimate. */
  readonly fatalAtTolerance: () => number | undefined;
}

export interface EstimateOptions {
  readonly method: "auto" | "exact" | "simulate";
  readonly samples: number;
  readonly seed: number;
  readonly confidence: number;
}

export function lossProbability(q: LossQuestion, o: EstimateOptions): LossProbability {
  const { groups, index, N, K, tolerance } = q;
  if (groups.length === 0 || K < tolerance) return { pLoss: 0, exact: true, method: "closed" };
  if (K >= N) return { pLoss: 1, exact: true, method: "closed" };
  const loss = groupLoss(groups, N, K);
  if (o.method !== "simulate") {
    const counted = K === tolerance ? q.fatalAtTolerance() : undefined;
    if (counted !== undefined) return { pLoss: counted / binomial(N, K), exact: true, method: "counted" };
    // the walk visits every safe K-set: at least C(N, K) · (1 − Σ_g P(A_g)) of them
    const safe = binomial(N, K) * Math.max(0, 1 - loss.sum);
    const walked = safe <= WALK_BUDGET ? countAllFatal(groups, index, N, K, WALK_BUDGET) : undefined;
    if (walked !== undefined) return { pLoss: walked / binomial(N, K), exact: true, method: "enumerated" };
    if (o.method === "exact") {
      throw new FailureError(
        `no exact count for ${K} failures of ${N} units: it exists below the tolerance (${tolerance}), at the tolerance while the fatal sets are few enough to tell apart, at K = N and when the K-sets are few enough to walk; use method "auto" or "simulate"`,
        "method",
      );
    }
  }
  return estimate(q, loss, o);
}

function estimate(q: LossQuestion, loss: GroupLoss, o: EstimateOptions): LossProbability {
  if (!Number.isInteger(o.samples) || o.samples < 1) throw new FailureError(`samples must be a positive integer, got ${String(o.samples)}`, "samples");
  if (!(o.confidence > 0 && o.confidence < 1)) throw new FailureError(`confidence must be between 0 and 1, got ${String(o.confidence)}`, "confidence");
  // pLoss never falls as K grows, so the exact value at the tolerance bounds it from below too
  const atTolerance = q.fatalAtTolerance();
  const floor = Math.max(loss.max, atTolerance === undefined ? 0 : atTolerance / binomial(q.N, q.tolerance));
  const bounds: [number, number] = [floor * (1 - SLACK), Math.min(1, loss.sum * (1 + SLACK))];
  const common = { exact: false, confidence: o.confidence, bounds, samples: o.samples };
  if (o.method !== "simulate" && loss.sum <= 0.5) {
    const u = unionEstimate(q.groups, q.index, loss, q.N, q.K, o.samples, o.seed, o.confidence);
    const interval = within(u.interval, bounds);
    return { ...common, method: "union", pLoss: clamp(u.p, interval), interval };
  }
  const s = simulate(q.groups, q.index, q.N, q.K, o.samples, o.seed, o.confidence);
  const interval = within(s.interval, bounds);
  return { ...common, method: "sampled", pLoss: clamp(s.losses / s.samples, interval), interval, losses: s.losses };
}

/** The interval (widened past the rounding of its sums) cut to the certain bounds; the bounds alone if it missed them. */
function within(interval: readonly [number, number], bounds: readonly [number, number]): [number, number] {
  const lo = Math.max(interval[0] * (1 - SLACK), bounds[0]);
  const hi = Math.min(interval[1] * (1 + SLACK), bounds[1]);
  return lo <= hi ? [lo, hi] : [bounds[0], bounds[1]];
}

function clamp(p: number, interval: readonly [number, number]): number {
  return Math.min(interval[1], Math.max(interval[0], p));
}
