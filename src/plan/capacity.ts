/**
 * How full every device is and may get: capacities from crush weights (or given), the bytes on
 * each device before the plan starts, and the devices already past the full ratio then — those
 * can receive nothing, so a plan whose targets they are is blocked from its first wave.
 */
import { ITEM_NONE } from "../map/types.js";
import { deviceCrushWeights } from "../map/hierarchy.js";
import { formatPgId } from "../placement/pgId.js";
import type { PoolMapping } from "../placement/mapPool.js";
import type { ClusterState } from "../placement/types.js";
import { aliveAfter, groupBytes } from "./diff.js";
import { DEFAULT_BYTES_PER_WEIGHT, type PlanOptions } from "./planOptions.js";

/** Capacity in bytes per device id below `ids`; Infinity for a device with no crush weight and no given capacity. */
export function deviceCapacity(before: ClusterState, after: ClusterState, o: PlanOptions, ids: number): Float64Array {
  const per = o.bytesPerWeight ?? DEFAULT_BYTES_PER_WEIGHT;
  const wa = deviceCrushWeights(after.crush);
  const wb = deviceCrushWeights(before.crush);
  const cap = new Float64Array(ids);
  for (let d = 0; d < ids; d++) {
    const given = o.capacity?.get(d);
    const w = wa.get(d) ?? wb.get(d);
    cap[d] = given ?? (w === undefined ? Infinity : (w / 0x10000) * per);
  }
  return cap;
}

/**
 * Bytes on each device at the start: readable copies of every group of the planned pools (read
 * from their mappings before, all groups, not only those that change), plus other data.
 */
export function startUsage(before: ClusterState, after: ClusterState, mappings: readonly PoolMapping[], o: PlanOptions, ids: number): Float64Array {
  const usage = new Float64Array(ids);
  o.usedBytes?.forEach((b, d) => {
    if (d >= 0 && d < ids) usage[d]! += b;
  });
  const alive = aliveAfter(before, after);
  for (const m of mappings) {
    for (let ps = 0; ps < m.pgNum; ps++) {
      const bytes = groupBytes(o.pgBytes, formatPgId(m.pool.id, ps));
      if (bytes === 0) continue;
      for (let i = 0; i < m.actingLength[ps]!; i++) {
        const d = m.acting[ps * m.width + i]!;
        if (d !== ITEM_NONE && alive(d)) usage[d]! += bytes;
      }
    }
  }
  // what the cluster measured beats what the group sizes add up to
  o.measuredUsage?.forEach((b, d) => {
    if (d >= 0 && d < ids) usage[d] = b;
  });
  return usage;
}

/** Devices holding more than `fullRatio` of their capacity before anything moves, ascending. */
export function overFull(usage: Float64Array, capacity: Float64Array, fullRatio: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < usage.length; d++) if (usage[d]! > fullRatio * capacity[d]!) out.push(d);
  return out;
}

/** Ids of the pools planned. */
export function plannedPools(before: ClusterState, after: ClusterState, o: PlanOptions): number[] {
  return o.pools === undefined ? before.pools.map((p) => p.id) : after.pools.filter((p) => o.pools!.some((q) => q === p.id || q === p.name)).map((p) => p.id);
}
