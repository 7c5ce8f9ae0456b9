/**
 * The map `crushtool --build --num_osds N LAYER ALG SIZE …` makes: N devices `osd.0…` of weight
 * 1.0; each layer groups the items of the layer below, SIZE at a time (0: all of them), into
 * buckets of type LAYER named LAYER0, LAYER1, … (just LAYER when SIZE is 0), bucket ids -1, -2, …
 * in the order they are made; one rule `replicated_rule` that takes the first bucket of the last
 * layer and picks leaves of type 1 (Ceph's osd_crush_chooseleaf_type default), as
 * OSDMap::build_simple_crush_rules writes it.
 */
import { CrushMapError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import { tunablesProfile } from "./tunables.js";
import { BUCKET_ALG_ID, RULE_TYPE, type Bucket, type BucketAlg, type CrushMap, type Tunables } from "./types.js";
import { validateMap } from "./validate.js";

export interface BuildLayer {
  /** The type name of this layer's buckets (and their name stem). */
  readonly name: string;
  /** The bucket algorithm, as the text format spells it. */
  readonly alg: string;
  /** Items per bucket; 0 puts every item of the layer below into one bucket. */
  readonly size: number;
}

/** The map crushtool --build makes; the first bucket of the last layer is the rule's root. */
export function buildLayers(numOsds: number, layers: readonly BuildLayer[], tunables: Tunables = tunablesProfile("default")): CrushMap {
  if (!Number.isInteger(numOsds) || numOsds < 0) throw new CrushMapError(`--num_osds ${numOsds} is not a device count`);
  if (layers.length === 0) throw new CrushMapError("must specify at least one layer");
  const buckets: Bucket[] = [];
  let lower = Array.from({ length: numOsds }, (_, i) => ({ id: i, weight: 0x10000 }));
  layers.forEach((layer, l) => {
    if (!Object.prototype.hasOwnProperty.call(BUCKET_ALG_ID, layer.alg)) throw new CrushMapError(`unknown bucket type '${layer.alg}'`, layer.alg);
    const current: { id: number; weight: number }[] = [];
    for (let at = 0, i = 0; at < lower.length; i++) {
      const items = layer.size > 0 ? lower.slice(at, at + layer.size) : lower.slice(at);
      at += items.length;
      const id = -(buckets.length + 1);
      const name = layer.size > 0 ? `${layer.name}${i}` : layer.name;
      // A uniform bucket holds one weight for all its items: Ceph takes the first item's, while the
      // parent still gets the sum of the real weights (crushtool's --build does exactly this).
      const stored = layer.alg === "uniform" && items.length > 0 ? items.map((it) => ({ id: it.id, weight: items[0]!.weight })) : items;
      buckets.push({ id, name, type: l + 1, alg: layer.alg as BucketAlg, hash: 0, items: stored });
      current.push({ id, weight: items.reduce((s, it) => s + it.weight, 0) });
    }
    lower = current;
  });
  const last = layers[layers.length - 1]!;
  const rootName = last.size === 0 ? last.name : `${last.name}0`;
  const root = buckets.find((b) => b.name === rootName);
  const rules =
    root === undefined
      ? []
      : [{ id: 0, name: "replicated_rule", type: RULE_TYPE.replicated, minSize: 1, maxSize: 10, steps: [{ op: "take" as const, item: root.id }, { op: "chooseleaf" as const, mode: "firstn" as const, num: 0, type: 1 }, { op: "emit" as const }] }];
  const map: CrushMap = {
    tunables,
    devices: Array.from({ length: numOsds }, (_, i) => ({ id: i, name: `osd.${i}` })),
    types: [{ id: 0, name: "osd" }, ...layers.map((l, i) => ({ id: i + 1, name: l.name }))],
    buckets,
    rules,
    classes: [],
    chooseArgs: [],
  };
  return validateMap(deepFreeze(map));
}

/** How many buckets have no parent: crushtool warns when --build leaves more than one root. */
export function countRoots(map: CrushMap): number {
  const held = new Set<number>();
  for (const b of map.buckets) for (const it of b.items) held.add(it.id);
  return map.buckets.filter((b) => !held.has(b.id)).length;
}
