/**
 * Which primaries each group of a pool can have, and the pg_upmap_primaries entry each takes:
 * the group is placed once through CRUSH and its upmaps, then finished once per member of its
 * up set named as the new primary. What comes out is what Ceph would serve from, down OSDs and
 * primary affinity included (an OSD whose affinity declines the group is not a choice, however
 * it is named), so a read balancer choosing among these never proposes a move that does not
 * happen.
 */
import { ITEM_NONE } from "../map/types.js";
import { checkMappable } from "../placement/mapPool.js";
import { poolPlacer } from "../placement/place.js";
import type { ClusterState } from "../placement/types.js";

export interface PrimaryChoices {
  readonly pgNum: number;
  /** Slots per group in `primary` / `entry` / `members`. */
  readonly width: number;
  /** Per group, how many choices it has (at least 1 when its up set is not empty). */
  readonly count: Uint8Array;
  /** Choice k of group ps at ps × width + k: the up primary it gives. Choice 0 is no entry. */
  readonly primary: Int32Array;
  /** The pg_upmap_primaries entry that gives it (-1: none). */
  readonly entry: Int32Array;
  /** The group's up set (ITEM_NONE past its length): the OSDs whose groups it counts for. */
  readonly members: Int32Array;
  readonly memberCount: Uint8Array;
  /** The group's entry in the state (-1: none) and the up primary it has now. */
  readonly initialEntry: Int32Array;
  readonly initialPrimary: Int32Array;
}

export function primaryChoices(state: ClusterState, pool: number): PrimaryChoices {
  const placer = poolPlacer(state, pool);
  const pgNum = placer.pool.pgNum;
  const width = Math.max(1, placer.width);
  checkMappable(placer.pool, width);
  const count = new Uint8Array(pgNum);
  const primary = new Int32Array(pgNum * width).fill(-1);
  const entry = new Int32Array(pgNum * width).fill(-1);
  const members = new Int32Array(pgNum * width).fill(ITEM_NONE);
  const memberCount = new Uint8Array(pgNum);
  const initialEntry = new Int32Array(pgNum);
  const initialPrimary = new Int32Array(pgNum);
  for (let ps = 0; ps < pgNum; ps++) {
    const base = ps * width;
    placer.placeUpmapped(ps);
    placer.finishPlacement(ps, -1);
    const n = placer.upLength;
    for (let i = 0; i < n; i++) members[base + i] = placer.up[i]!;
    memberCount[ps] = n;
    let k = 0;
    if (placer.upPrimary >= 0) {
      primary[base] = placer.upPrimary;
      k = 1;
    }
    for (let i = 0; i < n; i++) {
      const candidate = members[base + i]!;
      if (candidate === ITEM_NONE) continue;
      placer.finishPlacement(ps, candidate);
      const got = placer.upPrimary;
      if (got >= 0 && indexOf(primary, base, k, got) < 0) {
        primary[base + k] = got;
        entry[base + k] = candidate;
        k++;
      }
    }
    count[ps] = k;
    const current = placer.upmapPrimaryOf(ps);
    initialEntry[ps] = current;
    placer.finishPlacement(ps, current);
    initialPrimary[ps] = placer.upPrimary;
  }
  return { pgNum, width, count, primary, entry, members, memberCount, initialEntry, initialPrimary };
}

function indexOf(a: Int32Array, from: number, n: number, v: number): number {
  for (let i = 0; i < n; i++) if (a[from + i] === v) return i;
  return -1;
}
