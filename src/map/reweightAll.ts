/**
 * CrushWrapper::reweight (`crushtool --reweight`): every bucket's weight in its parent becomes the
 * sum of what it holds, recomputed from the devices up, and straw tables are recalculated. A
 * uniform bucket's total is its item weight times its size, as Ceph counts it.
 */
import { deepFreeze } from "./freeze.js";
import type { Bucket, CrushMap } from "./types.js";
import { validateMap } from "./validate.js";

export function reweightAll(map: CrushMap): CrushMap {
  const byId = new Map(map.buckets.map((b) => [b.id, b] as const));
  const total = new Map<number, number>();
  const done = new Map<number, Bucket>();
  // children before parents, with an explicit stack (depth follows the map)
  for (const start of map.buckets) {
    const stack: [Bucket, boolean][] = [[start, false]];
    while (stack.length > 0) {
      const [b, expanded] = stack.pop()!;
      if (done.has(b.id)) continue;
      if (!expanded) {
        stack.push([b, true]);
        for (const it of b.items) if (it.id < 0 && !done.has(it.id)) stack.push([byId.get(it.id)!, false]);
        continue;
      }
      let items = b.items.map((it) => (it.id < 0 ? { id: it.id, weight: total.get(it.id) ?? 0 } : it));
      if (b.alg === "uniform") {
        // crush_reweight_uniform_bucket: with more buckets than devices inside, the one item
        // weight becomes the buckets' mean (integer division); otherwise it stays
        const buckets = items.filter((it) => it.id < 0);
        const mean = Math.floor(buckets.reduce((s, it) => s + it.weight, 0) / Math.max(1, buckets.length));
        const w = buckets.length > items.length - buckets.length ? mean : (b.items[0]?.weight ?? 0);
        items = items.map((it) => ({ id: it.id, weight: w }));
      }
      const sum = items.reduce((s, it) => s + it.weight, 0);
      total.set(b.id, sum);
      const { straws: _straws, nodeWeights: _nodes, ...rest } = b;
      done.set(b.id, { ...rest, items });
    }
  }
  return validateMap(deepFreeze({ ...map, buckets: map.buckets.map((b) => done.get(b.id)!) }));
}
