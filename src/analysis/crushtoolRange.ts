/**
 * The ranges crushtool's --test and --compare walk, with crushtool's defaults: a rule range or
 * an input range counts only when both ends are given and non-negative (else every rule, and
 * inputs 0..1023), and a replica range with a negative end means each rule's min_size..max_size.
 */
import type { Rule } from "../map/types.js";

export interface CrushtoolRange {
  readonly minRule?: number;
  readonly maxRule?: number;
  readonly minRep: number;
  readonly maxRep: number;
  readonly minX?: number;
  readonly maxX?: number;
  /** Reweights by device id, 16.16 (crushtool's --weight DEV W). */
  readonly deviceWeights?: ReadonlyMap<number, number>;
}

export interface ResolvedRange {
  readonly firstRule: number;
  readonly lastRule: number;
  readonly minX: number;
  readonly maxX: number;
}

export function resolveRange(range: CrushtoolRange, ruleCount: number): ResolvedRange {
  const explicitX = range.minX !== undefined && range.maxX !== undefined && range.minX >= 0 && range.maxX >= 0;
  const explicitRules =
    range.minRule !== undefined && range.maxRule !== undefined && range.minRule >= 0 && range.maxRule >= 0;
  return {
    firstRule: explicitRules ? range.minRule! : 0,
    lastRule: explicitRules ? range.maxRule! : ruleCount - 1,
    minX: explicitX ? range.minX! : 0,
    maxX: explicitX ? range.maxX! : 1023,
  };
}

/** The replica counts to run for `rule`. */
export function replicaRange(range: CrushtoolRange, rule: Rule): [number, number] {
  return range.minRep < 0 || range.maxRep < 0 ? [rule.minSize, rule.maxSize] : [range.minRep, range.maxRep];
}
