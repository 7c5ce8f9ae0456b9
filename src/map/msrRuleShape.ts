/**
 * The shape an MSR rule must have (Ceph 19 and later, crush_msr_scan_rule in mapper.c):
 *
 *   set_msr_descents / set_msr_collision_tries   (any number, only at the start)
 *   ( take  choosemsr+  emit )*                   (one or more blocks)
 *
 * and `choosemsr` belongs to MSR rules only. crushtool compiles any order of steps, but its
 * mapper then returns nothing for a rule of the wrong shape, ignores a `choosemsr` in a classic
 * rule (emitting the bucket taken), aborts on a block without `choosemsr` and crashes on a
 * negative count. crushmap refuses all of these with an error naming the step instead of
 * placing silently wrong, or not at all.
 */
import { CrushMapError } from "./errors.js";
import type { Rule } from "./types.js";
import { isMsrRuleType } from "./types.js";

const MSR_CONFIG = new Set<string>(["set_msr_descents", "set_msr_collision_tries"]);

/** Throws a `CrushMapError` naming the rule and step when `rule` breaks the MSR rule shape. */
export function checkMsrRuleShape(rule: Rule, name: string): void {
  const steps = rule.steps;
  const at = (i: number, what: string): never => {
    throw new CrushMapError(`rule ${name} step ${i + 1} (${String(steps[i]?.op ?? "end")}): ${what}`, name);
  };
  if (!isMsrRuleType(rule.type)) {
    const i = steps.findIndex((s) => s.op === "choosemsr");
    if (i >= 0) at(i, "choosemsr is only meaningful in msr_firstn and msr_indep rules");
    return;
  }
  let i = 0;
  while (i < steps.length && MSR_CONFIG.has(steps[i]!.op)) i++;
  while (i < steps.length) {
    if (steps[i]!.op !== "take") at(i, "an MSR rule continues with set_msr_* steps or a block of take, choosemsr…, emit");
    const take = i++;
    while (i < steps.length && steps[i]!.op === "choosemsr") {
      const step = steps[i]!;
      if (step.op === "choosemsr" && step.num < 0) at(i, `choosemsr count ${step.num} is negative`);
      i++;
    }
    if (i === take + 1) at(i, "an MSR block needs at least one choosemsr after its take");
    if (i >= steps.length) at(take, "this MSR block has no emit");
    if (steps[i]!.op !== "emit") at(i, "only choosemsr steps may sit between take and emit in an MSR rule");
    i++;
  }
}
