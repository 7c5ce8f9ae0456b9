/**
 * The pg_upmap_items that turn a group's CRUSH result (`raw`, before exceptions) into a chosen
 * set, under Ceph's rules for items (OSDMap::_apply_upmap): pairs apply in order, each replaces
 * the first `from`, a pair whose `to` is already in the set is skipped (so two pairs cannot
 * swap), and a `to` that is out is ignored. Callers check the result with the placement code.
 */
import { ITEM_NONE } from "../map/types.js";
import type { UpmapItem } from "../placement/types.js";

/**
 * Items for a replicated group: raw members outside `target` are replaced by the target's
 * members outside raw, in ascending order. Null when the target is not reachable by items
 * (more new members than raw slots to give up, or an unwanted raw member would stay).
 */
export function replicatedItems(raw: readonly number[], target: readonly number[], isUp: (o: number) => boolean): UpmapItem[] | null {
  const want = new Set(target);
  const have = new Set(raw);
  const additions = target.filter((o) => !have.has(o)).sort((a, b) => a - b);
  const items: UpmapItem[] = [];
  let next = 0;
  for (const r of raw) {
    if (r === ITEM_NONE || want.has(r)) continue;
    // a raw member we do not want: replace it, or it must be one that drops out of the up set
    if (next < additions.length) items.push({ from: r, to: additions[next++]! });
    else if (isUp(r)) return null;
  }
  return next === additions.length ? items : null;
}

/**
 * Items for an erasure group, shard by shard: position i goes from raw[i] to target[i]. A pair
 * whose `to` still sits elsewhere in the set must wait until that position moved on, so pairs are
 * ordered by that dependency; a cycle (a swap) has no items. Holes cannot be filled or made.
 */
export function erasureItems(raw: readonly number[], target: readonly number[], isUp: (o: number) => boolean): UpmapItem[] | null {
  if (raw.length !== target.length) return null;
  const set = [...raw];
  const pending: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === target[i]) continue;
    // a down raw member already leaves the hole the target wants
    if (target[i] === ITEM_NONE && raw[i] !== ITEM_NONE && !isUp(raw[i]!)) continue;
    if (raw[i] === ITEM_NONE || target[i] === ITEM_NONE) return null;
    pending.push(i);
  }
  const items: UpmapItem[] = [];
  while (pending.length > 0) {
    let picked = -1;
    for (let k = 0; k < pending.length && picked < 0; k++) if (!set.includes(target[pending[k]!]!)) picked = k;
    if (picked < 0) return null;
    const i = pending.splice(picked, 1)[0]!;
    items.push({ from: set[i]!, to: target[i]! });
    set[i] = target[i]!;
  }
  return items;
}

/** Two item lists are the same pairs in the same order (an absent list is empty). */
export function sameItems(a: readonly UpmapItem[] | undefined, b: readonly UpmapItem[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.from !== y[i]!.from || x[i]!.to !== y[i]!.to) return false;
  return true;
}
