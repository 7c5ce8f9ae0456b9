/**
 * The crush map and rule a placement maps through, shaped to move as little data as CRUSH can
 * when the topology changes (bench/topology-movement.ts measures every alternative):
 *
 * - Only the levels the guarantee needs are kept: root → failure domains → (the `within` level,
 *   for several copies per domain) → devices. A level in between adds a draw whose outcome shifts
 *   when any weight under it changes: adding one disk to a node makes the node heavier, the keys
 *   that move to the node are then spread over all its disks, not only the new one, and about
 *   1.6× the disk's share moves. With the domain's devices in one straw2 bucket, a new disk
 *   takes its share from every other disk of the domain and nothing else moves.
 * - Domains are chosen first, devices in each in a separate step (`choose firstn 0 type zone`,
 *   then `choose firstn 1 type disk`): a second step draws with a replica number of its own, so
 *   a domain's device depends only on the key and the domain. `chooseleaf firstn 0 type zone`
 *   descends with the replica's rank instead; when a heavier zone moves up a rank, its device is
 *   drawn again with another rank — over twice the minimum moves for one node added to a
 *   3-zone layout (the issue that asked for this measured 44,948 vs 19,898 of 300,000).
 * - Erasure-coded placements use indep steps, which keep every shard at its position; with one
 *   shard per domain, `chooseleaf indep 0 type <domain>` is used, since there the descent is tied
 *   to the position (not a rank that can shift) and a domain that yields nothing leaves a hole at
 *   its own position. With several per domain, a domain the first step cannot fill would shift
 *   later positions (Ceph's rule interpreter skips holes between steps); 100 tries make that
 *   vanishingly rare when enough domains have weight, which createPlacement checks.
 * - Where every weighted domain holds a copy of every key (3 copies over 3 zones), the domains
 *   get equal weights in the root: their weights then decide only the order in which they are
 *   drawn, and an order that shifts when a disk deep inside changes would move erasure shards
 *   between positions (2.4× the minimum for one disk, against 1.00× with equal weights).
 * - `set_choose_tries 100` (Ceph's default is 50 retries) makes short results of skewed
 *   weights rarer without changing any result the default finds.
 */
import type { Rule, RuleStep } from "../map/types.js";
import type { CrushMap } from "../map/types.js";
import { RULE_TYPE } from "../map/types.js";
import { devicesUnder, innerUnder, type PlacementShape } from "./placementShape.js";
import { assembleCrushMap, type BucketPart } from "./toCrushMap.js";
import type { Topology, TopologyNode } from "./types.js";

/** Alternatives, for measuring (bench/topology-movement.ts); placements use the defaults. */
export interface MapVariant {
  /** "needed": root, domains, within, devices (default); "all": the whole tree. */
  readonly levels?: "needed" | "all";
  /** "steps": one step per level (default); "chooseleaf": Ceph's `chooseleaf … type <domain>`. */
  readonly descent?: "steps" | "chooseleaf";
  /** "equal": domains weigh the same when every one is needed (default); "real": their devices' sum always. */
  readonly domainWeights?: "equal" | "real";
}

const CHOOSE_TRIES = 100;
/** The weight children get where only their order matters. */
const SAME_WEIGHT = 0x10000;

/** The placement's crush map (one rule, id 0, named `placement`). */
export function placementMap(topology: Topology, shape: PlacementShape, variant: MapVariant = {}): CrushMap {
  const buckets = variant.levels === "all" ? fullTree(topology) : neededLevels(topology, shape, variant.domainWeights !== "real" && allNeeded(shape));
  return assembleCrushMap(topology, buckets, [placementRule(topology, shape, variant)]);
}

function placementRule(topology: Topology, shape: PlacementShape, variant: MapVariant): Rule {
  const type = (t: string): number => topology.types.indexOf(t);
  const mode = shape.kind === "erasure" ? "indep" : "firstn";
  const device = type(topology.deviceType);
  const steps: RuleStep[] = [{ op: "set_choose_tries", value: CHOOSE_TRIES }, { op: "take", item: topology.root.id }];
  const domainsNeeded = shape.size / shape.perDomain;
  const leafStep = variant.descent === "chooseleaf" || (mode === "indep" && shape.perDomain === 1);
  if (shape.failureDomain === topology.deviceType) {
    steps.push({ op: "choose", mode, num: 0, type: device });
  } else if (shape.perDomain === 1 && leafStep) {
    steps.push({ op: "chooseleaf", mode, num: 0, type: type(shape.failureDomain) });
  } else if (shape.perDomain === 1) {
    steps.push({ op: "choose", mode, num: 0, type: type(shape.failureDomain) }, { op: "choose", mode, num: 1, type: device });
  } else {
    steps.push({ op: "choose", mode, num: domainsNeeded, type: type(shape.failureDomain) });
    if (shape.within === undefined) steps.push({ op: "choose", mode, num: shape.perDomain, type: device });
    else if (leafStep) steps.push({ op: "chooseleaf", mode, num: shape.perDomain, type: type(shape.within) });
    else steps.push({ op: "choose", mode, num: shape.perDomain, type: type(shape.within) }, { op: "choose", mode, num: 1, type: device });
  }
  steps.push({ op: "emit" });
  const erasure = shape.kind === "erasure";
  return { id: 0, name: "placement", type: erasure ? RULE_TYPE.erasure : RULE_TYPE.replicated, minSize: 1, maxSize: Math.max(10, shape.size), steps };
}

/**
 * root → domains → (within) → devices, each bucket's items in ascending id. Where every weighted
 * child of a bucket is chosen for every key (`equal`, or a domain with exactly perDomain
 * weighted `within` buckets), the children carry equal weights: there the weights decide only
 * the order of the children, and an order that shifts when a weight deep down changes would
 * move erasure shards between positions (and replicated primaries) for nothing.
 */
function neededLevels(topology: Topology, shape: PlacementShape, equal: boolean): BucketPart[] {
  const out: BucketPart[] = [];
  const items = (nodes: readonly TopologyNode[], same: boolean): { id: number; weight: number }[] =>
    nodes.map((n) => ({ id: n.id, weight: same && n.crushWeight > 0 ? SAME_WEIGHT : n.crushWeight }));
  if (shape.failureDomain !== topology.deviceType) {
    for (const d of shape.domains) {
      if (shape.within === undefined) {
        out.push({ id: d.id, name: d.name, type: d.type, items: items(devicesUnder(topology, d), false) });
        continue;
      }
      const inner = innerUnder(topology, d, shape.within);
      for (const w of inner) out.push({ id: w.id, name: w.name, type: w.type, items: items(devicesUnder(topology, w), false) });
      out.push({ id: d.id, name: d.name, type: d.type, items: items(inner, weightedCount(inner) === shape.perDomain) });
    }
  }
  const root = topology.root;
  out.push({ id: root.id, name: root.name, type: root.type, items: items(shape.domains, equal) });
  return out;
}

function weightedCount(nodes: readonly TopologyNode[]): number {
  let n = 0;
  for (const x of nodes) if (x.crushWeight > 0) n++;
  return n;
}

/** Every domain with weight holds a copy of every key. */
function allNeeded(shape: PlacementShape): boolean {
  return weightedCount(shape.domains) * shape.perDomain === shape.size;
}

function fullTree(topology: Topology): BucketPart[] {
  return topology.toCrushMap().buckets.map((b) => ({ id: b.id, name: b.name, type: topology.types[b.type]!, items: b.items }));
}
