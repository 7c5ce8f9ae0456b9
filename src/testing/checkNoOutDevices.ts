/**
 * No copy on a device that cannot serve it: for a placement, a device of weight 0 (drained);
 * for a cluster state, an OSD that is out (reweight 0), down, or does not exist — CRUSH and
 * Ceph's up-set rules never choose those, whatever the map.
 */
import { ITEM_NONE, mapPool, formatPgId, type ClusterState, type Key, type Placement } from "../index.js";
import { fail, OK, type CheckResult } from "./check.js";
import { isPlacement } from "./checkFailureDomains.js";
import { keysOf, keyText } from "./keysOf.js";

/**
 * Checks `keys` of a placement (a list or a count), or every group's up set of a state (or the
 * groups listed, as ids like "1.1f").
 *
 * @example
 * ```ts
 * checkNoOutDevices(applyChanges(state, [{ kind: "markOut", osd: 3 }])); // { ok: true }
 * ```
 */
export function checkNoOutDevices(target: Placement | ClusterState, keys?: readonly Key[] | number): CheckResult {
  if (isPlacement(target)) {
    for (const key of keysOf(keys ?? 1000)) {
      for (const d of target.place(key)) {
        if (d !== null && target.topology.node(d)!.crushWeight === 0) return fail(`key ${keyText(key)}: a copy is on ${d}, whose weight is 0`);
      }
    }
    return OK;
  }
  const wanted = Array.isArray(keys) ? new Set(keys.map(String)) : undefined;
  for (const pool of target.pools) {
    const m = mapPool(target, pool.id);
    for (let ps = 0; ps < m.pgNum; ps++) {
      const pgid = formatPgId(pool.id, ps);
      if (wanted !== undefined && !wanted.has(pgid)) continue;
      for (let i = 0; i < m.upLength[ps]!; i++) {
        const o = m.up[ps * m.width + i]!;
        if (o === ITEM_NONE) continue;
        const info = target.osds[o];
        if (info === undefined || !info.exists) return fail(`pg ${pgid}: osd.${o} is in the up set but does not exist`);
        if (!info.up) return fail(`pg ${pgid}: osd.${o} is in the up set but down`);
        if (info.weight === 0) return fail(`pg ${pgid}: osd.${o} is in the up set but out`);
      }
    }
  }
  return OK;
}
