/**
 * A plan that is safe to run: replayed wave by wave, every copy reads a complete copy, no device
 * or bucket passes its transfer limit or its full ratio, old copies go only after the new ones
 * are complete and never below the minimum, and the end is the layout asked for.
 */
import { verifyKeyPlan, verifyPlan, type ClusterState, type KeyMovePlan, type RebalancePlan } from "../index.js";
import { fail, OK, type CheckResult } from "./check.js";

/** A planRebalance plan with the states it goes between. */
export interface StatePlan {
  readonly before: ClusterState;
  readonly after: ClusterState;
  readonly plan: RebalancePlan;
}

/**
 * Checks a key plan (planKeyMoves: its `moves` are replayed, as a caller runs them) or a
 * planRebalance plan with its two states.
 *
 * @example
 * ```ts
 * checkPlanSafe(planKeyMoves(diffPlacements(a, b, keys), { maxTransfers: 4 })); // { ok: true }
 * checkPlanSafe({ before, after, plan: planRebalance(before, after) });
 * ```
 */
export function checkPlanSafe(plan: KeyMovePlan | StatePlan): CheckResult {
  const v = isStatePlan(plan) ? verifyPlan(plan.before, plan.after, plan.plan) : verifyKeyPlan(plan);
  if (v.ok) return OK;
  const shown = v.violations.slice(0, 3).join("; ");
  return fail(`${v.violations.length} violation${v.violations.length === 1 ? "" : "s"}: ${shown}${v.violations.length > 3 ? "; …" : ""}`);
}

function isStatePlan(p: KeyMovePlan | StatePlan): p is StatePlan {
  return (p as StatePlan).before !== undefined && (p as StatePlan).plan !== undefined;
}
