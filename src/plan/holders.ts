/**
 * A group's holders: the OSDs with a complete copy (or, for erasure groups, a complete shard).
 * The planner and verifyPlan both replay a plan over them, so both read this one definition.
 */
import { ITEM_NONE } from "../map/types.js";
import type { GroupChange } from "./diff.js";

/** A complete copy: the OSD and, for erasure groups, the shard it holds (-1 for a replica). */
export interface Holder {
  readonly shard: number;
  readonly osd: number;
}

/** The group's readable copies at the start. While an erasure shard moves, both its old and new holder hold it. */
export function startHolders(g: GroupChange): Holder[] {
  const out: Holder[] = [];
  for (let i = 0; i < g.live.length; i++) {
    const o = g.live[i]!;
    if (g.erasure) {
      if (o !== ITEM_NONE) out.push({ shard: i, osd: o });
    } else out.push({ shard: -1, osd: o });
  }
  return out;
}

/** Copies a group holds: replicas, or distinct erasure shards (a shard held twice counts once). */
export function copiesHeld(holders: readonly Holder[]): number {
  if (holders.length === 0 || holders[0]!.shard < 0) return holders.length;
  let distinct = 0;
  for (let i = 0; i < holders.length; i++) {
    let first = true;
    for (let j = 0; j < i && first; j++) if (holders[j]!.shard === holders[i]!.shard) first = false;
    if (first) distinct++;
  }
  return distinct;
}

/** Whether some holder is `osd` (any shard). */
export function holdsOn(holders: readonly Holder[], osd: number): boolean {
  for (const h of holders) if (h.osd === osd) return true;
  return false;
}

/** Whether `osd` holds `shard` (-1 for a replica). */
export function holdsShard(holders: readonly Holder[], shard: number, osd: number): boolean {
  for (const h of holders) if (h.osd === osd && h.shard === shard) return true;
  return false;
}
