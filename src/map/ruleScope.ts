/**
 * What a rule allows: which devices it can reach (and with what crush weight), and the failure
 * domains it spreads replicas over. The balancer moves a replica only where the rule could have
 * put it; failure analysis counts the units a rule spreads over. Asked through the map's
 * hierarchy index (`hierarchy(map).ruleScope(rule)`), which computes it once per rule.
 */
import { resolveTake } from "./classes.js";
import { FrozenMap } from "./freeze.js";
import type { HierarchyIndex } from "./hierarchyIndex.js";
import type { Rule } from "./types.js";

export interface RuleScope {
  /** Crush weight (16.16) of each device the rule can reach, summed over the takes that reach it. */
  readonly weight: ReadonlyMap<number, number>;
  /** Index of the first take block whose subtree holds the device. */
  readonly take: ReadonlyMap<number, number>;
  /**
   * Per device, its ancestor at each type the rule chooses over, outermost first (the last is
   * the failure domain replicas must not share); the device itself for type 0 or when it has
   * no ancestor of that type.
   */
  readonly domains: ReadonlyMap<number, readonly number[]>;
  /** The type ids the rule chooses over, outermost first. */
  readonly types: readonly number[];
}

export function ruleScope(index: HierarchyIndex, rule: Rule): RuleScope {
  const weight = new Map<number, number>();
  const take = new Map<number, number>();
  const types: number[] = [];
  let takes = 0;
  for (const step of rule.steps) {
    if (step.op === "take") {
      const root = step.class === undefined ? step.item : resolveTake(index.map, step.item, step.class);
      reach(index, root, takes++, weight, take);
    } else if ((step.op === "choose" || step.op === "chooseleaf" || step.op === "choosemsr") && !types.includes(step.type)) {
      types.push(step.type);
    }
  }
  const domains = new Map<number, readonly number[]>();
  for (const d of weight.keys()) {
    domains.set(d, Object.freeze(types.map((t) => (t === 0 ? d : (index.ancestorOfType(d, t) ?? d)))));
  }
  return Object.freeze({ weight: new FrozenMap(weight), take: new FrozenMap(take), domains: new FrozenMap(domains), types: Object.freeze(types) });
}

/**
 * Adds what one take reaches: depth first in item order, each bucket once, every occurrence of a
 * device adding its item weight, and the take's number recorded for devices not reached before.
 */
function reach(index: HierarchyIndex, root: number, takeNo: number, weight: Map<number, number>, take: Map<number, number>): void {
  if (root >= 0) {
    if (!take.has(root)) take.set(root, takeNo);
    return;
  }
  if (index.bucket(root) === undefined) return;
  const seen = new Set<number>([root]);
  const ids = [root];
  const next = [0];
  while (ids.length > 0) {
    const top = ids.length - 1;
    const items = index.bucket(ids[top]!)!.items;
    const i = next[top]!;
    if (i === items.length) {
      ids.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const it = items[i]!;
    if (it.id >= 0) {
      weight.set(it.id, (weight.get(it.id) ?? 0) + it.weight);
      if (!take.has(it.id)) take.set(it.id, takeNo);
    } else if (!seen.has(it.id) && index.bucket(it.id) !== undefined) {
      seen.add(it.id);
      ids.push(it.id);
      next.push(0);
    }
  }
}
