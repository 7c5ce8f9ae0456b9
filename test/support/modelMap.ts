/**
 * Random cluster maps built directly as CrushMap values (no parser), for property tests:
 * root → racks → hosts → devices, with a chooseleaf rule over hosts or racks.
 */
import type { Bucket, BucketAlg, CrushMap, Rule } from "../../src/map/types.js";
import { tunablesProfile } from "../../src/map/tunables.js";
import { prng } from "./randomMap.js";

export interface ModelMap {
  readonly map: CrushMap;
  /** host id (bucket) of each device id */
  readonly hostOf: ReadonlyMap<number, number>;
  /** rack id (bucket) of each device id */
  readonly rackOf: ReadonlyMap<number, number>;
  readonly deviceIds: readonly number[];
  readonly hostIds: readonly number[];
  readonly rackIds: readonly number[];
}

export interface ModelMapOptions {
  readonly algs?: readonly BucketAlg[];
  readonly mode?: "firstn" | "indep";
  readonly domain?: "host" | "rack";
  /** probability that a device weight is zero */
  readonly zeroWeight?: number;
  readonly minHosts?: number;
}

export const OPTIMAL = tunablesProfile("optimal");

export function modelMap(seed: number, options: ModelMapOptions = {}): ModelMap {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const algs = options.algs ?? ["straw2"];
  const pickAlg = (): BucketAlg => algs[Math.floor(rnd() * algs.length)]!;

  const buckets: Bucket[] = [];
  const hostOf = new Map<number, number>();
  const rackOf = new Map<number, number>();
  const deviceIds: number[] = [];
  const hostIds: number[] = [];
  const rackIds: number[] = [];
  let nextId = -1;
  let nextDevice = 0;
  const racks = int(2, 5);
  const rackItems: { id: number; weight: number }[] = [];
  for (let r = 0; r < racks; r++) {
    const rackId = nextId--;
    rackIds.push(rackId);
    const hosts = int(options.minHosts ?? 1, 4);
    const hostItems: { id: number; weight: number }[] = [];
    for (let h = 0; h < hosts; h++) {
      const hostId = nextId--;
      hostIds.push(hostId);
      const alg = pickAlg();
      const n = int(1, 6);
      const same = int(1, 4) * 0x8000;
      const items: { id: number; weight: number }[] = [];
      for (let i = 0; i < n; i++) {
        const id = nextDevice++;
        deviceIds.push(id);
        hostOf.set(id, hostId);
        rackOf.set(id, rackId);
        const zero = rnd() < (options.zeroWeight ?? 0);
        items.push({ id, weight: alg === "uniform" ? same : zero ? 0 : int(0x4000, 0x40000) });
      }
      buckets.push({ id: hostId, name: `host${hostId}`, type: 1, alg, hash: 0, items });
      hostItems.push({ id: hostId, weight: items.reduce((s, it) => s + it.weight, 0) });
    }
    const alg = pickAlg();
    const same = hostItems[0]!.weight;
    buckets.push({
      id: rackId,
      name: `rack${rackId}`,
      type: 2,
      alg,
      hash: 0,
      items: alg === "uniform" ? hostItems.map((h) => ({ id: h.id, weight: same })) : hostItems,
    });
    rackItems.push({ id: rackId, weight: hostItems.reduce((s, it) => s + it.weight, 0) });
  }
  const rootId = nextId--;
  const rootAlg = pickAlg();
  buckets.push({
    id: rootId,
    name: "default",
    type: 3,
    alg: rootAlg,
    hash: 0,
    items: rootAlg === "uniform" ? rackItems.map((r) => ({ id: r.id, weight: rackItems[0]!.weight })) : rackItems,
  });
  const rule: Rule = {
    id: 0,
    name: "rule",
    type: options.mode === "indep" ? 3 : 1,
    minSize: 1,
    maxSize: 10,
    steps: [
      { op: "take", item: rootId },
      { op: "chooseleaf", mode: options.mode ?? "firstn", num: 0, type: options.domain === "rack" ? 2 : 1 },
      { op: "emit" },
    ],
  };
  const map: CrushMap = {
    tunables: OPTIMAL,
    devices: deviceIds.map((id) => ({ id, name: `osd.${id}` })),
    types: [
      { id: 0, name: "osd" },
      { id: 1, name: "host" },
      { id: 2, name: "rack" },
      { id: 3, name: "root" },
    ],
    buckets,
    rules: [rule],
    classes: [],
    chooseArgs: [],
  };
  return { map, hostOf, rackOf, deviceIds, hostIds, rackIds };
}

/** The same map with one device's weight in its host set to `weight` (ancestors keep theirs). */
export function withDeviceWeight(map: CrushMap, device: number, weight: number): CrushMap {
  return {
    ...map,
    buckets: map.buckets.map((b) => ({
      ...b,
      items: b.items.map((it) => (it.id === device ? { id: it.id, weight } : it)),
    })),
  };
}
