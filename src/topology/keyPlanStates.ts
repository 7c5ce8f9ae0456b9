/**
 * Keys as placement groups, so that planRebalance's safety (make before break, per-device and
 * per-bucket limits, full ratio, degraded copies first) applies to systems that move keys
 * themselves. Two cluster states are built whose one pool has a group per moving key, each
 * pinned by pg_upmap to the key's devices before and after: planRebalance then plans exactly
 * these moves, and verifyPlan replays them.
 *
 * The states number devices and buckets by name over both topologies (dense ids, so the same
 * device is the same OSD before and after even if its crush id had to change, and a device
 * that left is never confused with one that arrived on its old id), and keep each topology's
 * whole tree, so limits can name any level (`{ node: 2 }`) whatever the placement's rule uses.
 */
import { deepFreeze } from "../map/freeze.js";
import { tunablesProfile } from "../map/tunables.js";
import { ITEM_NONE, RULE_TYPE, type CrushMap } from "../map/types.js";
import { validateMap } from "../map/validate.js";
import { formatPgId } from "../placement/pgId.js";
import { createClusterState } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { compareNames } from "./assignIds.js";
import type { Placement } from "./createPlacement.js";
import type { KeyMove } from "./diffPlacements.js";
import type { Topology } from "./types.js";

/** The pool id of the keys' pool. */
export const KEY_POOL = 1;

/** Dense ids by name over both topologies: devices 0…, buckets -1…. */
export interface NameIndex {
  readonly device: ReadonlyMap<string, number>;
  readonly bucket: ReadonlyMap<string, number>;
  /** Device names by dense id. */
  readonly deviceName: readonly string[];
}

export function nameIndex(a: Topology, b: Topology): NameIndex {
  const devices = [...new Set([...a.devices, ...b.devices].map((d) => d.name))].sort(compareNames);
  const buckets = [...new Set([...a.buckets, ...b.buckets].map((d) => d.name))].sort(compareNames);
  return {
    device: new Map(devices.map((n, i) => [n, i] as const)),
    bucket: new Map(buckets.map((n, i) => [n, -1 - i] as const)),
    deviceName: devices,
  };
}

/** The state of one side: its topology's tree in dense ids, and a group per moving key pinned to its devices. */
export function keyState(p: Placement, index: NameIndex, moves: readonly KeyMove[], side: "before" | "after", minSize: number | undefined): ClusterState {
  const crush = denseMap(p.topology, index, p.kind === "erasure", p.size);
  const pgUpmap = moves.map((m, ps) => ({
    pgid: formatPgId(KEY_POOL, ps),
    osds: m[side].map((d) => (d === null ? ITEM_NONE : index.device.get(d)!)),
  }));
  const erasure = p.kind === "erasure";
  return createClusterState({
    crush,
    maxOsd: index.deviceName.length,
    osds: p.topology.devices.map((d) => ({ id: index.device.get(d.name)! })),
    pools: [
      {
        id: KEY_POOL,
        name: "keys",
        type: erasure ? "erasure" : "replicated",
        size: p.size,
        ...(minSize === undefined ? {} : { minSize }),
        ...(p.kind === "erasure" ? { erasureK: p.k } : {}),
        crushRule: 0,
        pgNum: moves.length,
        objectHash: "xxhash",
      },
    ],
    pgUpmap,
  });
}

/** The topology's whole tree with dense ids and one rule the pool can name (pg_upmap decides every group). */
function denseMap(t: Topology, index: NameIndex, erasure: boolean, size: number): CrushMap {
  const id = (name: string): number => index.device.get(name) ?? index.bucket.get(name)!;
  const typeId = new Map(t.types.map((name, i) => [name, i] as const));
  const map: CrushMap = {
    tunables: tunablesProfile("optimal"),
    devices: t.devices.map((d) => ({ id: id(d.name), name: d.name })).sort((x, y) => x.id - y.id),
    types: t.types.map((name, i) => ({ id: i, name })),
    buckets: t.toCrushMap().buckets.map((b) => ({
      id: id(b.name),
      name: b.name,
      type: b.type,
      alg: b.alg,
      hash: b.hash,
      items: b.items.map((it) => ({ id: id(t.nodeById(it.id)!.name), weight: it.weight })),
    })),
    rules: [
      {
        id: 0,
        name: "keys",
        type: erasure ? RULE_TYPE.erasure : RULE_TYPE.replicated,
        minSize: 1,
        maxSize: Math.max(10, size),
        steps: [{ op: "take", item: id(t.root.name) }, { op: "choose", mode: erasure ? "indep" : "firstn", num: 0, type: typeId.get(t.deviceType)! }, { op: "emit" }],
      },
    ],
    classes: [],
    chooseArgs: [],
  };
  return validateMap(deepFreeze(map));
}
