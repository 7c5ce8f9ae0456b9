/**
 * What a pool's rule allows: which devices it can reach (and with what crush weight), and the
 * failure domains it spreads replicas over. The balancer moves a replica only where the rule
 * could have put it.
 */
import { classTrees, resolveTake } from "../map/classes.js";
import type { Bucket, CrushMap, Rule } from "../map/types.js";

export interface RuleScope {
  /** Crush weight (16.16) of each device the rule can reach, summed over the takes that reach it. */
  readonly weight: Map<number, number>;
  /** Index of the first take block whose subtree holds the device. */
  readonly take: Map<number, number>;
  /**
   * Per device, its ancestor at each type the rule chooses over, outermost first (the last is
   * the failure domain replicas must not share); the device itself for type 0.
   */
  readonly domains: Map<number, number[]>;
  /** The type ids the rule chooses over, outermost first. */
  readonly types: readonly number[];
}

export function ruleScope(map: CrushMap, rule: Rule): RuleScope {
  const byId = new Map<number, Bucket>(map.buckets.map((b) => [b.id, b]));
  const parent = new Map<number, number>();
  for (const b of map.buckets) for (const it of b.items) if (!parent.has(it.id)) parent.set(it.id, b.id);
  const weight = new Map<number, number>();
  const take = new Map<number, number>();
  const types: number[] = [];
  let takes = 0;
  let shadows: Map<number, Bucket> | undefined;
  for (const step of rule.steps) {
    if (step.op === "take") {
      let root = step.item;
      if (step.class !== undefined) {
        root = resolveTake(map, step.item, step.class);
        if (shadows === undefined) {
          shadows = new Map();
          for (const s of classTrees(map)) shadows.set(s.id, s);
        }
      }
      const index = takes++;
      const walk = (id: number, seen: Set<number>): void => {
        if (id >= 0) {
          if (!take.has(id)) take.set(id, index);
          return;
        }
        if (seen.has(id)) return;
        seen.add(id);
        const b = byId.get(id) ?? shadows?.get(id);
        if (b === undefined) return;
        for (const it of b.items) {
          if (it.id >= 0) weight.set(it.id, (weight.get(it.id) ?? 0) + it.weight);
          walk(it.id, seen);
        }
      };
      walk(root, new Set());
    } else if ((step.op === "choose" || step.op === "chooseleaf") && !types.includes(step.type)) {
      types.push(step.type);
    }
  }
  const typeOf = new Map<number, number>(map.buckets.map((b) => [b.id, b.type]));
  const domains = new Map<number, number[]>();
  for (const d of weight.keys()) {
    domains.set(
      d,
      types.map((t) => {
        if (t === 0) return d;
        let cur = parent.get(d);
        while (cur !== undefined && typeOf.get(cur) !== t) cur = parent.get(cur);
        return cur ?? d;
      }),
    );
  }
  return { weight, take, domains, types };
}
