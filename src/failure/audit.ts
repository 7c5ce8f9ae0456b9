/**
 * A failure-domain audit of a crush map (and, given one, the pools of a cluster): what would
 * keep replicas from spreading, what would stop I/O when one domain fails, and what spreads
 * unevenly — each finding with the change an operator would make.
 */
import { isMsrRuleType, ITEM_NONE, type Bucket, type CrushMap, type Rule } from "../map/types.js";
import { mapPool, type PoolMapping } from "../placement/mapPool.js";
import { findPoolRule } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { hierarchy } from "../map/hierarchyIndex.js";
import type { RuleScope } from "../map/ruleScope.js";

/**
 * One finding of {@link auditCluster}: how serious, what kind, about what, and the fix an operator would make.
 *
 * @group Failure analysis
 */
export interface AuditFinding {
  readonly severity: "critical" | "warning" | "info";
  readonly kind: "too-few-domains" | "min-size-domain-loss" | "dominant-bucket" | "empty-bucket";
  /** The rule, pool or bucket concerned. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
}

/** Replicas assumed for a rule when no pool says (Ceph's default pool size). */
const DEFAULT_SIZE = 3;

/**
 * A failure-domain audit of a crush map, and of a cluster's pools when `state` is given: rules
 * with too few weighted failure domains or a domain too heavy to fill, pools that one domain's
 * loss takes below min_size, empty buckets. Most severe first, each with its fix.
 *
 * @group Failure analysis
 *
 * @example
 * ```ts
 * for (const f of auditCluster(map, state)) console.log(f.severity, f.message, "→", f.fix);
 * ```
 */
export function auditCluster(crush: CrushMap, state?: ClusterState): AuditFinding[] {
  const typeName = new Map(crush.types.map((t) => [t.id, t.name]));
  const findings = [...ruleFindings(crush, ruleUses(crush, state), typeName), ...(state === undefined ? [] : minSizeFindings(crush, state, typeName)), ...emptyBucketFindings(crush, typeName)];
  const rank = { critical: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.subject.localeCompare(b.subject));
}

interface RuleUse {
  readonly size: number;
  readonly what: string;
}

/** Which sizes each rule must serve: its pools' sizes, or Ceph's default for a replicated rule. */
function ruleUses(crush: CrushMap, state: ClusterState | undefined): Map<number, RuleUse[]> {
  const uses = new Map<number, RuleUse[]>();
  if (state !== undefined) {
    for (const p of state.pools) {
      const r = findPoolRule(crush, p.crushRule, p.type, p.size, state.release);
      if (r !== undefined) uses.set(r.id, [...(uses.get(r.id) ?? []), { size: p.size, what: `pool ${p.id} (${p.name})` }]);
    }
  } else {
    for (const r of crush.rules) if (r.type === 1) uses.set(r.id, [{ size: DEFAULT_SIZE, what: `a ${DEFAULT_SIZE}-replica pool` }]);
  }
  return uses;
}

/** Per rule and use: too few failure domains with weight, or a domain too heavy to fill. */
function ruleFindings(crush: CrushMap, uses: ReadonlyMap<number, readonly RuleUse[]>, typeName: ReadonlyMap<number, string>): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const byId = new Map<number, Bucket>(crush.buckets.map((b) => [b.id, b]));
  for (const rule of crush.rules) {
    const domain = failureDomain(rule);
    if (domain === undefined || domain === 0) continue;
    const domains = domainWeights(crush, rule, domain);
    const name = typeName.get(domain) ?? `type ${domain}`;
    const total = [...domains.values()].reduce((a, b) => a + b, 0);
    for (const use of uses.get(rule.id) ?? []) {
      const live = [...domains.values()].filter((w) => w > 0).length;
      // an MSR rule puts up to `per` copies in each domain (choosemsr N domains, M devices each)
      const per = copiesPerDomain(rule, use.size);
      const needed = Math.ceil(use.size / per);
      if (live < needed) {
        findings.push({
          severity: "critical",
          kind: "too-few-domains",
          subject: `rule ${rule.name}`,
          message: `rule ${rule.name} spreads over ${name}s but only ${live} ${name}${live === 1 ? "" : "s"} with weight can take ${use.what}'s ${use.size} copies: some copies are never placed`,
          fix: `add ${needed - live} ${name}${needed - live === 1 ? "" : "s"} under the rule's root, or choose a smaller failure domain or pool size`,
        });
        continue;
      }
      // one copy per domain (per, for MSR): a domain heavier than per/size of the total cannot get its share
      for (const [id, w] of domains) {
        // a little over the share is noise; flag buckets clearly too heavy to fill
        if (total > 0 && w / total > (1.02 * per) / use.size) {
          const b = byId.get(id);
          findings.push({
            severity: "warning",
            kind: "dominant-bucket",
            subject: `${name} ${b?.name ?? id}`,
            message: `${name} ${b?.name ?? id} holds ${((100 * w) / total).toFixed(1)}% of rule ${rule.name}'s weight but can hold at most ${((100 * per) / use.size).toFixed(1)}% of ${use.what}'s copies (${per === 1 ? "one" : per} per group): its devices stay underused and the others fill up sooner`,
            fix: `move devices from ${b?.name ?? id} to other ${name}s, or add ${name}s, until none holds more than ${per}/${use.size} of the weight`,
          });
        }
      }
    }
  }
  return findings;
}

/** Per pool and bucket type its rule spreads over: groups that one bucket's loss takes below min_size. */
function minSizeFindings(crush: CrushMap, state: ClusterState, typeName: ReadonlyMap<number, string>): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const p of state.pools) {
    const rule = findPoolRule(crush, p.crushRule, p.type, p.size, state.release);
    if (rule === undefined) continue;
    const scope = hierarchy(crush).ruleScope(rule);
    const m = mapPool(state, p.id);
    scope.types.forEach((type, level) => {
      if (type === 0) return;
      const { blocked, worst } = domainLoss(m, scope, level, p.minSize);
      if (blocked === 0) return;
      const tname = typeName.get(type) ?? `type ${type}`;
      findings.push({
        severity: "critical",
        kind: "min-size-domain-loss",
        subject: `pool ${p.id} (${p.name})`,
        message: `losing one ${tname} takes ${blocked} of pool ${p.name}'s ${m.pgNum} groups below min_size ${p.minSize} (up to ${worst} copies in one ${tname}): I/O on them stops until recovery`,
        fix:
          p.type === "erasure"
            ? `use a profile with m ≥ ${worst} shards spread one per ${tname}, or lower min_size toward k`
            : `raise size to ${p.minSize + worst} or lower min_size to ${Math.max(1, p.size - worst)}, or spread copies one per ${tname}`,
      });
    });
  }
  return findings;
}

/** Groups that lose more than size − min_size copies with one bucket at `level`, and the most copies one bucket holds among them. */
function domainLoss(m: PoolMapping, scope: RuleScope, level: number, minSize: number): { blocked: number; worst: number } {
  let blocked = 0;
  let worst = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const count = new Map<number, number>();
    let copies = 0;
    // CRUSH's placement, as if every OSD were up: a property of the pool, not of today's outages
    for (let i = 0; i < m.rawLength[ps]!; i++) {
      const o = m.raw[ps * m.width + i]!;
      if (o === ITEM_NONE) continue;
      copies++;
      const d = scope.domains.get(o)?.[level];
      if (d !== undefined) count.set(d, (count.get(d) ?? 0) + 1);
    }
    let most = 0;
    for (const c of count.values()) most = Math.max(most, c);
    if (copies - most < minSize) {
      blocked++;
      worst = Math.max(worst, most);
    }
  }
  return { blocked, worst };
}

function emptyBucketFindings(crush: CrushMap, typeName: ReadonlyMap<number, string>): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const b of crush.buckets) {
    const weight = b.items.reduce((s, it) => s + it.weight, 0);
    if (b.items.length === 0 || weight === 0) {
      findings.push({
        severity: "info",
        kind: "empty-bucket",
        subject: `${typeName.get(b.type) ?? "bucket"} ${b.name}`,
        message: `${typeName.get(b.type) ?? "bucket"} ${b.name} ${b.items.length === 0 ? "is empty" : "has no weight"}: rules pass over it`,
        fix: `add devices to ${b.name} or remove it`,
      });
    }
  }
  return findings;
}

/**
 * The type a rule's last choose or chooseleaf step spreads over; for an MSR rule, its last
 * choosemsr step above the devices (the devices under it are chosen by the steps after).
 */
function failureDomain(rule: Rule): number | undefined {
  let t: number | undefined;
  for (const s of rule.steps) {
    if (s.op === "choose" || s.op === "chooseleaf") t = s.type;
    else if (s.op === "choosemsr" && s.type !== 0) t = s.type;
  }
  return t;
}

/** How many of a group's `size` copies one failure domain may hold: 1, or for an MSR rule the product of the choosemsr counts below its domain step (0 counting as size). */
function copiesPerDomain(rule: Rule, size: number): number {
  if (!isMsrRuleType(rule.type)) return 1;
  const domain = failureDomain(rule);
  let most = 1;
  let per = 1;
  let below = false;
  for (const s of rule.steps) {
    if (s.op === "take") {
      per = 1;
      below = false;
    }
    if (s.op !== "choosemsr") continue;
    if (below) most = Math.max(most, (per *= s.num === 0 ? size : s.num));
    else if (s.type === domain) below = true;
  }
  return most;
}

/** Weight under each bucket of `type` among the devices the rule reaches. */
function domainWeights(crush: CrushMap, rule: Rule, type: number): Map<number, number> {
  const scope = hierarchy(crush).ruleScope(rule);
  const level = scope.types.indexOf(type);
  const out = new Map<number, number>();
  for (const [d, w] of scope.weight) {
    const dom = scope.domains.get(d)?.[level];
    if (dom !== undefined) out.set(dom, (out.get(dom) ?? 0) + w);
  }
  return out;
}
