/**
 * What each changing group needs, as tasks: a copy per replica (or shard) its new set lacks and a
 * drop per copy its new set no longer wants, in the order the planner serves groups.
 */
import { ITEM_NONE } from "../map/types.js";
import type { GroupChange } from "./diff.js";

/** A copy to make onto `to`; `source` and `wave` are filled in when it is scheduled. */
export interface CopyTask {
  readonly group: number;
  readonly shard: number | null;
  readonly to: number;
  /** The shard's readable holder, for erasure moves; -1 to rebuild it. */
  readonly holder: number;
  source: number;
  wave: number;
}

/** A copy to drop from `from`; `wave` is the wave at whose end it goes (-1 while it waits). */
export interface DropTask {
  readonly group: number;
  readonly shard: number | null;
  readonly from: number;
  wave: number;
}

export interface GroupTasks {
  /** In priority order. */
  readonly copies: CopyTask[];
  /** Each group's drops, by group index. */
  readonly dropsOf: ReadonlyMap<number, DropTask[]>;
  readonly drops: DropTask[];
  /** Copies each group still waits for, by group index. */
  readonly copiesLeft: Int32Array;
  /** Ids of the groups with nothing readable left, in priority order: never planned. */
  readonly lost: string[];
}

/** Degraded groups first, the fewest readable copies first; then groups that only move. */
export function priorityOrder(groups: readonly GroupChange[]): number[] {
  const rank = (g: GroupChange): number => (g.status === "degraded" ? 0 : g.status === "remapped" ? 1 : 2);
  return groups
    .map((_, i) => i)
    .sort((a, b) => {
      const ga = groups[a]!;
      const gb = groups[b]!;
      return rank(ga) - rank(gb) || (rank(ga) === 0 ? ga.liveCount - gb.liveCount : 0) || ga.pool - gb.pool || ga.ps - gb.ps;
    });
}

/** The copies and drops of every group in `order`; an erasure shard moves position by position. */
export function groupTasks(groups: readonly GroupChange[], order: readonly number[]): GroupTasks {
  const copies: CopyTask[] = [];
  const drops: DropTask[] = [];
  const lost: string[] = [];
  for (const gi of order) {
    const g = groups[gi]!;
    if (g.status === "lost") {
      lost.push(g.pgid);
      continue;
    }
    if (g.erasure) {
      const width = Math.max(g.live.length, g.after.length);
      for (let i = 0; i < width; i++) {
        const l = g.live[i] ?? ITEM_NONE;
        const t = g.after[i] ?? ITEM_NONE;
        if (l === t) continue;
        if (t !== ITEM_NONE) copies.push({ group: gi, shard: i, to: t, holder: l === ITEM_NONE ? -1 : l, source: -1, wave: -1 });
        if (l !== ITEM_NONE) drops.push({ group: gi, shard: i, from: l, wave: -1 });
      }
    } else {
      const live = new Set(g.live);
      const target = new Set(g.after);
      for (const t of g.after) if (!live.has(t)) copies.push({ group: gi, shard: null, to: t, holder: -1, source: -1, wave: -1 });
      for (const l of g.live) if (!target.has(l)) drops.push({ group: gi, shard: null, from: l, wave: -1 });
    }
  }
  const copiesLeft = new Int32Array(groups.length);
  for (const c of copies) copiesLeft[c.group]!++;
  const dropsOf = new Map<number, DropTask[]>();
  for (const d of drops) {
    const list = dropsOf.get(d.group);
    if (list === undefined) dropsOf.set(d.group, [d]);
    else list.push(d);
  }
  return { copies, drops, dropsOf, copiesLeft, lost };
}
