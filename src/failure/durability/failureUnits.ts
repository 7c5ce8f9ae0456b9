/**
 * The units that fail in a durability question: the devices a pool's rule reaches that are up,
 * in and weighted, or the buckets of a type (host, rack, …) above them.
 */
import type { Rule } from "../../map/types.js";
import { ancestorOfType } from "../../map/hierarchy.js";
import { hierarchy } from "../../map/hierarchyIndex.js";
import type { ClusterState } from "../../placement/types.js";
import { FailureError } from "../errors.js";

export interface FailureUnits {
  /** Device id → unit index (0 … N − 1). */
  readonly unitOf: ReadonlyMap<number, number>;
  /** Per unit index: the device id, or the bucket id for a bucket type. */
  readonly units: readonly number[];
}

export function failureUnits(state: ClusterState, rule: Rule, domain: string | undefined): FailureUnits {
  const scope = hierarchy(state.crush).ruleScope(rule);
  const live = [...scope.weight.keys()].filter((d) => {
    const o = state.osds[d];
    return o !== undefined && o.exists && o.up && o.weight > 0 && scope.weight.get(d)! > 0;
  });
  const unitOf = new Map<number, number>();
  if (domain === undefined || domain === "device" || domain === "osd") {
    live.sort((a, b) => a - b).forEach((d, i) => unitOf.set(d, i));
    return { unitOf, units: live };
  }
  if (!state.crush.types.some((t) => t.name === domain)) throw new FailureError(`the crush map has no bucket type '${domain}'`, domain);
  const ancestor = ancestorOfType([state.crush], domain);
  const units: number[] = [];
  const index = new Map<number, number>();
  for (const d of live.sort((a, b) => a - b)) {
    const bucket = ancestor.get(d);
    if (bucket === undefined) continue;
    if (!index.has(bucket)) {
      index.set(bucket, units.length);
      units.push(bucket);
    }
    unitOf.set(d, index.get(bucket)!);
  }
  if (units.length === 0) throw new FailureError(`no ${domain} holds a device of this pool`, domain);
  return { unitOf, units };
}
