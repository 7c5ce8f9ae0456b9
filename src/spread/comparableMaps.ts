/**
 * Two maps a movement can be measured between: the same devices (ids and names) and the same
 * rule. Movement compares where the same replicas of the same inputs land; with other devices
 * or another rule there is no "same" to compare, and the answer would mislead.
 */
import type { CrushMap, Rule, RuleStep } from "../map/types.js";
import { SpreadError } from "./errors.js";
import { findRule } from "./ruleReach.js";

function deviceDifference(a: CrushMap, b: CrushMap): string | undefined {
  const inB = new Map(b.devices.map((d) => [d.id, d.name]));
  for (const d of a.devices) {
    const other = inB.get(d.id);
    if (other === undefined) return `device ${d.id} (${d.name}) is in the first map but not in the second`;
    if (other !== d.name) return `device ${d.id} is ${d.name} in the first map but ${other} in the second`;
  }
  const inA = new Set(a.devices.map((d) => d.id));
  for (const d of b.devices) if (!inA.has(d.id)) return `device ${d.id} (${d.name}) is in the second map but not in the first`;
  return undefined;
}

/** A step as text, with bucket and type names rather than ids (ids may be renumbered). */
function stepText(map: CrushMap, s: RuleStep): string {
  const typeName = (t: number): string => map.types.find((x) => x.id === t)?.name ?? `type${t}`;
  switch (s.op) {
    case "take":
      return `take ${map.buckets.find((b) => b.id === s.item)?.name ?? String(s.item)}${s.class === undefined ? "" : ` class ${s.class}`}`;
    case "choose":
    case "chooseleaf":
      return `${s.op} ${s.mode} ${s.num} type ${typeName(s.type)}`;
    case "choosemsr":
      return `choosemsr ${s.num} type ${typeName(s.type)}`;
    case "emit":
    case "noop":
      return s.op;
    default:
      return `${s.op} ${s.value}`;
  }
}

function ruleDifference(a: CrushMap, ra: Rule, b: CrushMap, rb: Rule): string | undefined {
  if (ra.type !== rb.type) return `rule ${ra.id} is of type ${ra.type} in the first map but ${rb.type} in the second`;
  const n = Math.max(ra.steps.length, rb.steps.length);
  for (let i = 0; i < n; i++) {
    const sa = ra.steps[i] === undefined ? "(none)" : stepText(a, ra.steps[i]!);
    const sb = rb.steps[i] === undefined ? "(none)" : stepText(b, rb.steps[i]!);
    if (sa !== sb) return `rule ${ra.id} differs: step ${i + 1} is '${sa}' in the first map but '${sb}' in the second`;
  }
  return undefined;
}

/**
 * Throws a SpreadError naming the first difference when `before` and `after` do not hold the
 * same devices (ids and names) or their rule `ruleId` differs (type, or any step, buckets and
 * types compared by name). Weights, buckets and the hierarchy may differ: that is the change.
 *
 * @group Spread
 */
export function checkComparableMaps(before: CrushMap, after: CrushMap, ruleId: number): void {
  const devices = deviceDifference(before, after);
  if (devices !== undefined) throw new SpreadError(`the maps hold other devices: ${devices}`, "devices");
  const ra = findRule(before, ruleId);
  const rb = after.rules.find((r) => r.id === ruleId);
  if (rb === undefined) throw new SpreadError(`rule ${ruleId} is in the first map but not in the second`, ruleId);
  const rule = ruleDifference(before, ra, after, rb);
  if (rule !== undefined) throw new SpreadError(rule, ruleId);
}
