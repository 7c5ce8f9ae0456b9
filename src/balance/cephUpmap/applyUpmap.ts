/**
 * OSDMap::pg_to_raw_upmap over a group's CRUSH result: the raw set with the group's pg_upmap,
 * pg_upmap_items and pg_upmap_primaries applied (what calc_pg_upmaps calls `orig`). The rules are
 * PoolPlacer's (Ceph's _apply_upmap); they are repeated here because calc_pg_upmaps applies its
 * own, changing copy of the items rather than a state's.
 */
import { ITEM_NONE } from "../../map/types.js";
import type { UpmapItem } from "../../placement/types.js";

/** Per-OSD reweights (16.16) as Ceph's osd_weight vector: an id at or past its length is no OSD. */
export type Reweights = Uint32Array;

function isOut(osd: number, weight: Reweights): boolean {
  return osd !== ITEM_NONE && osd >= 0 && osd < weight.length && weight[osd] === 0;
}

/** `raw` with the group's exceptions applied, as a new array. */
export function applyUpmap(raw: readonly number[], full: readonly number[] | undefined, items: readonly UpmapItem[] | undefined, primary: number | undefined, weight: Reweights): number[] {
  let set = [...raw];
  if (full !== undefined) {
    // a pg_upmap onto an OSD that is out is ignored, and so is all that follows it
    for (const o of full) if (isOut(o, weight)) return set;
    set = [...full];
  }
  if (items !== undefined) {
    for (const { from, to } of items) {
      let pos = -1;
      let present = false;
      for (let i = 0; i < set.length; i++) {
        if (set[i] === to) {
          present = true;
          break;
        }
        if (set[i] === from && pos < 0 && !isOut(to, weight)) pos = i;
      }
      if (!present && pos >= 0) set[pos] = to;
    }
  }
  if (primary !== undefined && primary >= 0 && primary < weight.length && weight[primary] !== 0) {
    const at = set.indexOf(primary, 1);
    if (at > 0) {
      set[at] = set[0]!;
      set[0] = primary;
    }
  }
  return set;
}
