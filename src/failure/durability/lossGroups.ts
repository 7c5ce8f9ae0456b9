/**
 * A pool's groups as failure events: for each distinct way a group's copies sit on the failure
 * units, which units hold how many copies and how many of those copies must fail to lose it.
 * Groups whose copies sit on the same units with the same need fail together, so one stands for
 * them all.
 */
import { ITEM_NONE } from "../../map/types.js";
import type { PoolMapping } from "../../placement/mapPool.js";

export interface LossGroup {
  /** Unit indexes holding copies, ascending, with how many copies each. */
  readonly units: Int32Array;
  readonly mult: Int32Array;
  /** Copies the failed units must hold to lose the group. */
  readonly need: number;
  /** Fewest units whose failure loses it. */
  readonly fewest: number;
}

export interface PoolLossGroups {
  readonly groups: readonly LossGroup[];
  /** Distinct sets of devices holding a group. */
  readonly copysets: number;
  /** Groups already below k live shards: unreadable whatever else fails. */
  readonly unreadable: number;
  /** Fewest simultaneous unit failures that lose some group; Infinity when none can. */
  readonly tolerance: number;
}

/** `readable` is k for an erasure pool, 1 for a replicated one. */
export function lossGroups(m: PoolMapping, unitOf: ReadonlyMap<number, number>, readable: number): PoolLossGroups {
  const copysets = new Set<string>();
  const seen = new Set<string>();
  const groups: LossGroup[] = [];
  let unreadable = 0;
  let tolerance = Infinity;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const members: number[] = [];
    for (let i = 0; i < m.actingLength[ps]!; i++) {
      const o = m.acting[ps * m.width + i]!;
      if (o !== ITEM_NONE) members.push(o);
    }
    if (members.length === 0) continue;
    copysets.add([...members].sort((a, b) => a - b).join(","));
    // already unreadable (down OSDs took more than m shards): no further failure changes it
    if (members.length < readable) {
      unreadable++;
      continue;
    }
    const g = lossGroup(members, unitOf, members.length - readable + 1);
    if (g === undefined) continue; // copies outside the failing units keep it safe
    const key = `${g.need}|${Array.from(g.units).join(",")}|${Array.from(g.mult).join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(g);
    tolerance = Math.min(tolerance, g.fewest);
  }
  return { groups, copysets: copysets.size, unreadable, tolerance };
}

function lossGroup(members: readonly number[], unitOf: ReadonlyMap<number, number>, need: number): LossGroup | undefined {
  const count = new Map<number, number>();
  for (const o of members) {
    const u = unitOf.get(o);
    if (u !== undefined) count.set(u, (count.get(u) ?? 0) + 1);
  }
  const entries = [...count].sort((a, b) => a[0] - b[0]);
  // the fewest units that hold `need` copies: the fullest ones first
  const fullest = entries.map((e) => e[1]).sort((a, b) => b - a);
  let fewest = 0;
  let acc = 0;
  for (const c of fullest) {
    if (acc >= need) break;
    acc += c;
    fewest++;
  }
  if (acc < need) return undefined;
  return { units: Int32Array.from(entries, (e) => e[0]), mult: Int32Array.from(entries, (e) => e[1]), need, fewest };
}
