/**
 * The share of a rule's weight each OSD holds, as Ceph's CrushWrapper::get_rule_weight_osd_map
 * computes it: per `take`, the item weights of every OSD under the taken bucket (breadth first,
 * a device met twice keeping its last weight but counting twice in the sum), divided by their
 * sum, and the takes added up. Ceph does this in 32-bit floats, and the read balance score
 * divides by these sums, so every step here is rounded to a float as Ceph rounds it.
 */
import { resolveTake } from "../map/classes.js";
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap, Rule } from "../map/types.js";

const f32 = Math.fround;

/** OSD ids (ascending, as Ceph's std::map iterates them) and their normalized weights. */
export interface RuleWeights {
  readonly osds: Int32Array;
  /** Float32 values, as Ceph's map<int,float>. */
  readonly weights: Float32Array;
}

export function ruleWeightOsdMap(map: CrushMap, rule: Rule): RuleWeights {
  const total = new Map<number, number>();
  for (const step of rule.steps) {
    if (step.op !== "take") continue;
    const root = step.class === undefined ? step.item : resolveTake(map, step.item, step.class);
    const one = new Map<number, number>();
    const sum = root >= 0 ? oneDevice(root, one) : takeWeights(map, root, one);
    // _normalize_weight_map, in ascending OSD order
    for (const osd of [...one.keys()].sort((a, b) => a - b)) {
      const share = f32(one.get(osd)! / sum);
      const before = total.get(osd);
      total.set(osd, before === undefined ? share : f32(before + share));
    }
  }
  const osds = Int32Array.from([...total.keys()].sort((a, b) => a - b));
  const weights = new Float32Array(osds.length);
  for (let i = 0; i < osds.length; i++) weights[i] = total.get(osds[i]!)!;
  return { osds, weights };
}

function oneDevice(osd: number, out: Map<number, number>): number {
  out.set(osd, 1);
  return 1;
}

/** _get_take_weight_osd_map: breadth first from `root`, item weights as raw 16.16 integers. */
function takeWeights(map: CrushMap, root: number, out: Map<number, number>): number {
  const index = hierarchy(map);
  let sum = 0;
  const queue = [root];
  // Ceph walks a tree, so a bucket held twice is walked twice; a cycle (which validation
  // refuses) is cut after as many visits as a tree of these buckets could need
  const limit = map.buckets.length * (map.buckets.length + 1) + 16;
  for (let head = 0; head < queue.length; head++) {
    const bucket = index.bucket(queue[head]!);
    if (bucket === undefined) continue;
    for (const item of bucket.items) {
      if (item.id >= 0) {
        out.set(item.id, item.weight);
        sum = f32(sum + item.weight);
      } else if (queue.length < limit) {
        queue.push(item.id);
      }
    }
  }
  return sum;
}
