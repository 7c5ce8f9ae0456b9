/**
 * One changing group as the upmap planner sees it: its CRUSH result under the new map, the set
 * it is pinned to now, the set it must end at, and the single-replica moves between them.
 */
import { ITEM_NONE } from "../map/types.js";
import type { UpmapItem } from "../placement/types.js";
import type { GroupChange } from "./diff.js";
import { erasureItems, replicatedItems } from "./upmapPins.js";

/** A move between two sets of one group (shard null for replicated groups). */
export interface SetMove {
  readonly shard: number | null;
  readonly from: number | null;
  readonly to: number | null;
}

export interface UpmapGroup {
  readonly g: GroupChange;
  /** CRUSH's result under the new map, before any exception. */
  readonly raw: readonly number[];
  /** The cluster's own items for the group in the new state: what the last step restores. */
  readonly original: readonly UpmapItem[] | undefined;
  /** The set the group is held on now. */
  set: number[];
  /** Moves still to release, in order. */
  pending: SetMove[];
}

/** What the planner knows of an OSD in the new state. */
export interface OsdFacts {
  readonly isUp: (o: number) => boolean;
  /** Exists, up and in: a pin to it is honoured. */
  readonly pinnable: (o: number) => boolean;
  /** The failure-domain bucket of an OSD for a pool's rule, undefined when not placed. */
  readonly domainOf: (pool: number, o: number) => number | undefined;
}

/**
 * The set step 0 holds a group on: every readable copy that can be pinned stays; a copy that
 * cannot (its OSD out or gone) or was lost is replaced by a member of the new set, which is
 * the one move step 0 cannot avoid.
 */
export function startSet(g: GroupChange, f: OsdFacts): number[] {
  if (g.erasure) {
    const width = Math.max(g.live.length, g.after.length);
    const out: number[] = [];
    for (let i = 0; i < width; i++) {
      const l = g.live[i] ?? ITEM_NONE;
      out.push(l !== ITEM_NONE && f.pinnable(l) ? l : g.after[i] ?? ITEM_NONE);
    }
    return out;
  }
  const out = g.live.filter((o) => f.pinnable(o));
  for (const o of g.after) if (out.length < g.after.length && !out.includes(o)) out.push(o);
  return out;
}

/** Whether two sets of a group are the same placement (positions matter for erasure groups). */
export function sameSet(a: readonly number[], b: readonly number[], erasure: boolean): boolean {
  if (a.length !== b.length) return false;
  if (erasure) return a.every((o, i) => o === b[i]);
  return a.every((o) => b.includes(o));
}

/** Items that hold the group on `set`: the cluster's own at the end, fresh ones before; null if none can. */
export function itemsFor(u: UpmapGroup, set: readonly number[], f: OsdFacts): readonly UpmapItem[] | null {
  if (sameSet(set, u.g.after, u.g.erasure)) return u.original ?? [];
  return u.g.erasure ? erasureItems(u.raw, set, f.isUp) : replicatedItems(u.raw, set, f.isUp);
}

/**
 * The moves from set `a` to set `b`. Replicated copies pair leaving and arriving members of the
 * same failure domain first, so releasing one move at a time never puts two copies in a domain.
 */
export function movesBetween(a: readonly number[], b: readonly number[], erasure: boolean, domain: (o: number) => number | undefined): SetMove[] {
  const moves: SetMove[] = [];
  if (erasure) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i] ?? ITEM_NONE;
      const y = b[i] ?? ITEM_NONE;
      if (x !== y) moves.push({ shard: i, from: x === ITEM_NONE ? null : x, to: y === ITEM_NONE ? null : y });
    }
    return moves;
  }
  const leaving = a.filter((o) => !b.includes(o)).sort((p, q) => p - q);
  const arriving = b.filter((o) => !a.includes(o)).sort((p, q) => p - q);
  const paired = new Set<number>();
  for (const to of arriving) {
    const d = domain(to);
    let k = leaving.findIndex((o) => !paired.has(o) && d !== undefined && domain(o) === d);
    if (k < 0) k = leaving.findIndex((o) => !paired.has(o));
    if (k >= 0) paired.add(leaving[k]!);
    moves.push({ shard: null, from: k >= 0 ? leaving[k]! : null, to });
  }
  for (const o of leaving) if (!paired.has(o)) moves.push({ shard: null, from: o, to: null });
  return moves;
}

/** `set` after one move. */
export function applyMove(set: readonly number[], m: SetMove): number[] {
  const out = [...set];
  if (m.shard !== null) {
    out[m.shard] = m.to ?? ITEM_NONE;
    return out;
  }
  const k = m.from === null ? -1 : out.indexOf(m.from);
  if (k >= 0 && m.to !== null) out[k] = m.to;
  else if (k >= 0) out.splice(k, 1);
  else if (m.to !== null) out.push(m.to);
  return out;
}

/** Pairs of members that share a failure domain (0 when every copy has its own). */
export function domainClashes(set: readonly number[], domain: (o: number) => number | undefined): number {
  let n = 0;
  for (let i = 0; i < set.length; i++) {
    const di = set[i] === ITEM_NONE ? undefined : domain(set[i]!);
    if (di === undefined) continue;
    for (let j = i + 1; j < set.length; j++) if (set[j] !== ITEM_NONE && domain(set[j]!) === di) n++;
  }
  return n;
}
