/**
 * Per-bucket throttles (`{ host: 2 }`: at most two transfers into, and out of, each host per
 * wave): which bucket of each limited type holds a device, and the counts of one wave.
 */
import { ancestorOfType } from "../map/hierarchy.js";
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "./errors.js";

export interface DomainLimit {
  readonly type: string;
  readonly limit: number;
  /** Device → its bucket of `type`, from the state after, else the state before. */
  readonly of: ReadonlyMap<number, number>;
}

/** @throws {PlanError} when a limited type is a type of neither map (a typo like `hsot=1`). */
export function domainLimitsOf(before: ClusterState, after: ClusterState, limits: Readonly<Record<string, number>>): DomainLimit[] {
  return Object.entries(limits).map(([type, limit]) => {
    const known = new Set([...after.crush.types, ...before.crush.types].map((t) => t.name));
    if (!known.has(type)) throw new PlanError(`no bucket type '${type}' to limit (the map's types: ${[...known].join(", ")})`, type);
    return { type, limit, of: ancestorOfType([after.crush, before.crush], type) };
  });
}

/** One wave's transfer count per bucket, one map per limited type. */
export function domainCounts(domains: readonly DomainLimit[]): Map<number, number>[] {
  return domains.map(() => new Map<number, number>());
}

/** Whether one more transfer through `osd` keeps every bucket above it within its limit. */
export function domainAllows(domains: readonly DomainLimit[], counts: readonly Map<number, number>[], osd: number): boolean {
  for (let i = 0; i < domains.length; i++) {
    const b = domains[i]!.of.get(osd);
    if (b !== undefined && (counts[i]!.get(b) ?? 0) >= domains[i]!.limit) return false;
  }
  return true;
}

/** Counts one transfer through `osd` in every bucket above it. */
export function domainBump(domains: readonly DomainLimit[], counts: readonly Map<number, number>[], osd: number): void {
  for (let i = 0; i < domains.length; i++) {
    const b = domains[i]!.of.get(osd);
    if (b !== undefined) counts[i]!.set(b, (counts[i]!.get(b) ?? 0) + 1);
  }
}
