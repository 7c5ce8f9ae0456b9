/**
 * A cluster state's hierarchy as the checkers need it, read from the public model: each device's
 * bucket of a type (its first parent chain, as Ceph walks it), and the failure domain a pool's
 * rule spreads copies over.
 */
import type { ClusterState, CrushMap, Pool } from "../index.js";

/** Device id → the id of its bucket of type `type` (the device itself for the device type). */
export function ancestorsOfType(crush: CrushMap, type: string): Map<number, number> {
  const typeId = crush.types.find((t) => t.name === type)?.id;
  const out = new Map<number, number>();
  if (typeId === undefined) return out;
  // Ceph's first parent of an item: the bucket with the highest id (-1 before -2) that holds it
  const parent = new Map<number, number>();
  const byId = new Map(crush.buckets.map((b) => [b.id, b] as const));
  for (const b of [...crush.buckets].sort((x, y) => y.id - x.id)) for (const it of b.items) if (!parent.has(it.id)) parent.set(it.id, b.id);
  for (const d of crush.devices) {
    if (typeId === 0) {
      out.set(d.id, d.id);
      continue;
    }
    for (let p = parent.get(d.id); p !== undefined; p = parent.get(p)) {
      if (byId.get(p)!.type === typeId) {
        out.set(d.id, p);
        break;
      }
    }
  }
  return out;
}

/**
 * The level a rule keeps copies apart at: the type of its last choose or chooseleaf step above
 * the devices (`chooseleaf firstn 0 type host` → host; `choose firstn 0 type zone` then
 * `choose firstn 1 type disk` → zone); the device type when every step chooses devices.
 */
export function ruleFailureDomain(state: ClusterState, pool: Pool): string {
  const rule = state.crush.rules.find((r) => r.id === pool.crushRule);
  let type = 0;
  for (const s of rule?.steps ?? []) if ((s.op === "choose" || s.op === "chooseleaf") && s.type !== 0) type = s.type;
  return state.crush.types.find((t) => t.id === type)?.name ?? String(type);
}
