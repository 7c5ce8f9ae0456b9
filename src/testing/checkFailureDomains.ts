/**
 * The guarantee a storage system buys CRUSH for: no two copies of a key (or of a placement
 * group) in one failure domain — at most `perDomain` per domain, on distinct `within` buckets,
 * never two on one device.
 */
import { ITEM_NONE, mapPool, formatPgId, type ClusterState, type Key, type Placement } from "../index.js";
import { fail, OK, type CheckResult } from "./check.js";
import { keysOf, keyText } from "./keysOf.js";
import { ancestorsOfType, ruleFailureDomain } from "./stateHierarchy.js";

/** What {@link checkFailureDomains} checks; by default what the placement or the pool's rule promises. */
export interface FailureDomainOptions {
  /** The level to check. Default: the placement's failure domain, or for a state the type of the last choose step of each pool's rule. */
  readonly failureDomain?: string;
  /** Copies allowed per domain. Default: the placement's perDomain, else 1. */
  readonly perDomain?: number;
  /** States: the pool to check (id or name); default every pool. */
  readonly pool?: number | string;
  /** States: skip groups with pg_upmap or pg_upmap_items exceptions (an operator's exception may break domains on purpose). */
  readonly skipExceptions?: boolean;
}

/**
 * Checks the copies of `keys` (a list, or a count of keys "0", "1", …) placed by `placement`,
 * or the up set of every placement group of a cluster state (or of the groups listed in `keys`,
 * as ids like "1.1f").
 *
 * @example
 * ```ts
 * checkFailureDomains(placement, 10_000); // { ok: true }
 * checkFailureDomains(state, undefined, { pool: "rbd" });
 * // { ok: false, reason: "pg 1.2a: osd.3 and osd.5 are both in host node2 (at most 1 per host)" }
 * ```
 */
export function checkFailureDomains(target: Placement | ClusterState, keys?: readonly Key[] | number, options: FailureDomainOptions = {}): CheckResult {
  return isPlacement(target) ? checkPlacement(target, keys ?? 1000, options) : checkState(target, keys, options);
}

/** Whether `t` is a placement (from createPlacement) rather than a cluster state. */
export function isPlacement(t: unknown): t is Placement {
  return typeof t === "object" && t !== null && typeof (t as Placement).place === "function" && typeof (t as Placement).domainOf === "function";
}

function checkPlacement(p: Placement, keys: readonly Key[] | number, o: FailureDomainOptions): CheckResult {
  const fd = o.failureDomain ?? p.failureDomain;
  const limit = o.perDomain ?? (o.failureDomain === undefined ? p.perDomain : 1);
  const within = o.failureDomain === undefined ? p.within : undefined;
  for (const key of keysOf(keys)) {
    const copies = p.place(key).filter((d): d is string => d !== null);
    const what = `key ${keyText(key)}`;
    const domain = (d: string): string | undefined => (fd === p.failureDomain ? p.domainOf(d) : p.topology.ancestorOfType(d, fd)?.name);
    const r = spread(copies, what, domain, fd, limit);
    if (!r.ok) return r;
    if (within !== undefined) {
      const w = spread(copies, what, (d) => p.topology.ancestorOfType(d, within)?.name, within, 1);
      if (!w.ok) return w;
    }
  }
  return OK;
}

function checkState(state: ClusterState, groups: readonly Key[] | number | undefined, o: FailureDomainOptions): CheckResult {
  const wanted = Array.isArray(groups) ? new Set(groups.map(String)) : undefined;
  const names = new Map<number, string>(state.crush.devices.map((d) => [d.id, d.name] as const));
  for (const b of state.crush.buckets) names.set(b.id, b.name);
  const name = (id: number): string => names.get(id) ?? `osd.${id}`;
  for (const pool of state.pools) {
    if (o.pool !== undefined && o.pool !== pool.id && o.pool !== pool.name) continue;
    const fd = o.failureDomain ?? ruleFailureDomain(state, pool);
    const of = ancestorsOfType(state.crush, fd);
    const bucket = (osd: number): string | undefined => {
      const b = of.get(osd);
      return b === undefined ? undefined : name(b);
    };
    const m = mapPool(state, pool.id);
    for (let ps = 0; ps < m.pgNum; ps++) {
      const pgid = formatPgId(pool.id, ps);
      if (wanted !== undefined && !wanted.has(pgid)) continue;
      if (o.skipExceptions === true && (state.pgUpmap.has(pgid) || state.pgUpmapItems.has(pgid))) continue;
      const osds: string[] = [];
      const byName = new Map<string, number>();
      for (let i = 0; i < m.upLength[ps]!; i++) {
        const d = m.up[ps * m.width + i]!;
        if (d === ITEM_NONE) continue;
        osds.push(name(d));
        byName.set(name(d), d);
      }
      const r = spread(osds, `pg ${pgid}`, (d) => bucket(byName.get(d)!), fd, o.perDomain ?? 1);
      if (!r.ok) return r;
    }
  }
  return OK;
}

/** No device twice, at most `limit` copies per domain; a copy outside every domain is a failure too. */
function spread(copies: readonly string[], what: string, domainOf: (device: string) => string | undefined, type: string, limit: number): CheckResult {
  const first = new Map<string, string>();
  const count = new Map<string, number>();
  for (const d of copies) {
    if (copies.indexOf(d) !== copies.lastIndexOf(d)) return fail(`${what}: ${d} holds two copies`);
    const dom = domainOf(d);
    if (dom === undefined) return fail(`${what}: ${d} is in no ${type}`);
    const n = (count.get(dom) ?? 0) + 1;
    count.set(dom, n);
    if (n === 1) first.set(dom, d);
    if (n > limit) return fail(`${what}: ${first.get(dom)} and ${d} are both in ${type} ${dom} (at most ${limit} per ${type})`);
  }
  return OK;
}
