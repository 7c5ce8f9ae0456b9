/**
 * CrushWrapper::verify_upmap: whether a group's set (after its upmaps) still obeys its rule.
 * Per chooseleaf step of a bucket type, no two OSDs may share a bucket of that type; per choose
 * step, the OSDs may span at most the step's count of such buckets; at each emit, the OSDs the
 * stack asked for must sit under the take. OSDs without a bucket of the type (ITEM_NONE, strays)
 * are passed over, as Ceph passes them over ("unable to get parent").
 */
import type { RuleQueries } from "./ruleQueries.js";

/** Whether `up` passes verify_upmap for the rule of `q`, for a pool of `size`. */
export function verifyUpmap(q: RuleQueries, size: number, up: readonly number[]): boolean {
  let root = 0;
  let cursor = 0;
  // Ceph's std::map<type, count> with emplace: a type seen twice keeps its first count
  const stack = new Map<number, number>();
  const steps = q.rule.steps;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    if (step.op === "take") root = q.takeOfStep(k);
    else if (step.op === "choose" || step.op === "chooseleaf") {
      const numrep = step.num <= 0 ? step.num + size : step.num;
      if (!stack.has(step.type)) stack.set(step.type, numrep);
      if (step.type === 0) continue;
      // the distinct OSDs under each bucket of the step's type
      const byParent = new Map<number, Set<number>>();
      for (const osd of up) {
        const parent = q.parentOfType(osd, step.type);
        if (parent >= 0) continue;
        const set = byParent.get(parent) ?? new Set<number>();
        set.add(osd);
        byParent.set(parent, set);
      }
      if (step.op === "chooseleaf") {
        for (const osds of byParent.values()) if (osds.size > 1) return false;
      } else if (byParent.size > numrep) return false;
    } else if (step.op === "emit") {
      if (root < 0) {
        let want = 1;
        for (const n of stack.values()) want *= n;
        for (let c = 0; cursor < up.length && c < want; cursor++, c++) {
          if (!q.subtreeContains(root, up[cursor]!)) return false;
        }
      }
      stack.clear();
      root = 0;
    }
  }
  return true;
}
