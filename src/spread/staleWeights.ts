/**
 * Buckets whose listed weight for a child bucket is not the child's total: CRUSH descends by the
 * listed weight, while a spread's expected shares follow the devices' weights, so the two
 * disagree there (and `minimum` may come out above what really moved). Ceph keeps such weights
 * as they are written; only the buckets a rule takes without a class are checked, since the
 * class copies Ceph derives always carry the sums.
 */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap, Rule } from "../map/types.js";

/** Half of the last decimal crushtool 16.2 prints (0.001), in 16.16 units. */
const ROUNDING = 0.0005 * 0x10000;

/**
 * A child bucket listed with another weight than its items sum to (16.16 weights as decimals).
 *
 * @group Spread
 */
export interface StaleBucketWeight {
  readonly bucket: string;
  readonly item: string;
  /** The weight `bucket` lists for `item`. */
  readonly listed: number;
  /** What `item`'s own items sum to. */
  readonly sum: number;
}

/**
 * The stale child weights under the takes of `rule` (class takes excepted), parents first in the
 * order the buckets are reached.
 *
 * @group Spread
 */
export function staleBucketWeights(map: CrushMap, rule: Rule): StaleBucketWeight[] {
  const index = hierarchy(map);
  const out: StaleBucketWeight[] = [];
  const seen = new Set<number>();
  for (const step of rule.steps) {
    if (step.op !== "take" || step.class !== undefined) continue;
    for (const id of index.subtree(step.item)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const bucket = index.bucket(id)!;
      for (const item of bucket.items) {
        const child = item.id < 0 ? index.bucket(item.id) : undefined;
        if (child === undefined) continue;
        let sum = 0;
        for (const c of child.items) sum += c.weight;
        // text maps print weights to 3 decimals (16.2): each printed weight may be off by half
        // a thousandth, so a listed total within that of the sum is rounding, not staleness
        const slack = ROUNDING * (child.items.length + 1);
        if (Math.abs(sum - item.weight) > slack) out.push({ bucket: bucket.name, item: child.name, listed: item.weight / 0x10000, sum: sum / 0x10000 });
      }
    }
  }
  return out;
}
