/**
 * What a spread is measured against: the devices a rule reaches, each with its effective weight
 * (crush weight under the rule's takes × reweight), and the failure domain each belongs to.
 * Shared by the report (one map or one pool) and the movement between two of them.
 */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap, Rule } from "../map/types.js";
import { SpreadError } from "./errors.js";

/** The devices of one rule, in the order its takes reach them (depth first, item order). */
export interface RuleReach {
  readonly ids: readonly number[];
  /** Effective weight per device, in crush-weight units (1.0 = 0x10000). */
  readonly weights: readonly number[];
  /** Failure-domain bucket per device (the device itself when the domain is type 0). */
  readonly domains: readonly number[];
  readonly names: readonly string[];
  /** Name of each failure domain (a bucket's, or a device's when the domain is type 0). */
  readonly domainNames: ReadonlyMap<number, string>;
  /** Type name of the failure domain. */
  readonly domainType: string;
  /** Type id of the failure domain. */
  readonly domainTypeId: number;
}

/** The rule with id `ruleId`, or a SpreadError naming it. */
export function findRule(map: CrushMap, ruleId: number): Rule {
  const rule = map.rules.find((r) => r.id === ruleId);
  if (rule === undefined) throw new SpreadError(`rule ${ruleId} does not exist`, ruleId);
  return rule;
}

/**
 * The failure domain of a rule: its last choose type other than 0 (the type replicas must not
 * share; `choose … type host` then `choose … type osd` spreads over hosts), else type 0.
 */
export function domainTypeOf(types: readonly number[]): number {
  for (let i = types.length - 1; i >= 0; i--) if (types[i] !== 0) return types[i]!;
  return 0;
}

/**
 * The reach of `rule` under `reweight` (16.16 per device id; ids past its end count as out).
 * `extra` devices (placed there by an upmap, outside the rule) are appended with weight 0.
 */
export function ruleReach(map: CrushMap, rule: Rule, reweight: ArrayLike<number>, extra: readonly number[] = []): RuleReach {
  const index = hierarchy(map);
  const scope = index.ruleScope(rule);
  const typeId = domainTypeOf(scope.types);
  const typeName = map.types.find((t) => t.id === typeId)?.name ?? `type${typeId}`;
  const deviceNames = new Map(map.devices.map((d) => [d.id, d.name]));
  const ids: number[] = [];
  const weights: number[] = [];
  for (const [id, crushWeight] of scope.weight) {
    ids.push(id);
    weights.push((crushWeight / 0x10000) * ((reweight[id] ?? 0) / 0x10000));
  }
  const known = new Set(ids);
  for (const id of extra) {
    if (known.has(id)) continue;
    known.add(id);
    ids.push(id);
    weights.push(0);
  }
  const domains = ids.map((d) => (typeId === 0 ? d : (index.ancestorOfType(d, typeId) ?? d)));
  const names = ids.map((d) => deviceNames.get(d) ?? `osd.${d}`);
  const domainNames = new Map<number, string>();
  for (let i = 0; i < ids.length; i++) {
    const dom = domains[i]!;
    if (!domainNames.has(dom)) domainNames.set(dom, dom >= 0 ? (deviceNames.get(dom) ?? `osd.${dom}`) : (index.bucket(dom)?.name ?? String(dom)));
  }
  return { ids, weights, domains, names, domainNames, domainType: typeName, domainTypeId: typeId };
}
