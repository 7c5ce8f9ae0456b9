/**
 * A placement: which devices hold a key's copies, for a topology and a replication scheme.
 * Keys are hashed with XXH32 (xxhash-wasm), the input goes through a crush rule shaped to move
 * the least data when the topology changes (placementMap.ts), and device ids come back as names.
 */
import { createNameHasher } from "../hash/xxhash.js";
import { ITEM_NONE, type CrushMap, type Rule } from "../map/types.js";
import { Mapper } from "../mapper/mapper.js";
import { TopologyError } from "./errors.js";
import { keyInput, type Key } from "./keyInput.js";
import { placementMap } from "./placementMap.js";
import { placementShape, type ErasurePlacementOptions, type PlacementOptions, type ReplicatedPlacementOptions } from "./placementShape.js";
import type { Topology } from "./types.js";

/**
 * What both kinds of placement offer.
 *
 * @group Topology
 */
export interface PlacementBase {
  readonly topology: Topology;
  /** The map placements go through: the levels the guarantee needs, and one rule (id 0). Frozen. */
  readonly crushMap: CrushMap;
  /** The rule, as Ceph would run it (`crushtool --test --rule 0 --num-rep size`, inputs = `inputOf(key)`). */
  readonly rule: Rule;
  /** Copies per key: replicas, or k + m shards. */
  readonly size: number;
  readonly failureDomain: string;
  readonly perDomain: number;
  /** The inner level for several copies per domain; undefined when they need only distinct devices. */
  readonly within: string | undefined;
  /** The CRUSH input of a key: XXH32 (seed 0) of its UTF-8 bytes, or of the bytes given. */
  inputOf(key: Key): number;
  /**
   * The devices' ids for `key` into `out` (at least `size` entries), returning how many were
   * written. The mapping allocates nothing; the key's hash may come back from xxhash-wasm as a
   * heap number (about 8 bytes a call, bench/topology-place.ts). For none at all, hash once with
   * `inputOf` and call `placeInputInto`.
   */
  placeInto(key: Key, out: Int32Array): number;
  /** `placeInto` for an input already hashed (`inputOf`). */
  placeInputInto(input: number, out: Int32Array): number;
  /** The failure domain (a bucket name, or the device itself when the domain is the device type) of a device. */
  domainOf(device: string): string;
}

/**
 * Replicated copies: `place` returns device names, primary first, one per failure domain (or
 * `perDomain` per domain on distinct `within` buckets). It can return fewer than `replicas`
 * names when weights are very skewed and CRUSH gives up retrying (see the README's testing notes).
 *
 * @group Topology
 */
export interface ReplicatedPlacement extends PlacementBase {
  readonly kind: "replicated";
  readonly replicas: number;
  place(key: Key): string[];
}

/**
 * Erasure-coded shards: `place` returns k + m entries, shard i at position i (data shards first),
 * `null` where no device could be found (a hole; `placeInto` writes ITEM_NONE, 2147483647).
 *
 * @group Topology
 */
export interface ErasurePlacement extends PlacementBase {
  readonly kind: "erasure";
  readonly k: number;
  readonly m: number;
  place(key: Key): (string | null)[];
}

/**
 * Keys placed on a topology, from {@link createPlacement}: replicated, or erasure-coded k + m.
 *
 * @group Topology
 */
export type Placement = ReplicatedPlacement | ErasurePlacement;

/**
 * Places keys on a topology. Asynchronous only because xxhash-wasm instantiates its WebAssembly
 * module asynchronously; once the promise resolves, every call is synchronous. Pass `hasher`
 * (from `createNameHasher()`) to share one module between placements.
 *
 * Throws (rejects with) {@link TopologyError} naming the option or node at fault: a failure
 * domain the topology lacks, fewer weighted domains than copies, a perDomain that does not
 * divide the copies, a domain with fewer `within` buckets than perDomain, a device in no domain.
 *
 * @group Topology
 *
 * @example
 * ```ts
 * const topology = defineTopology(JSON.parse(readFileSync("cluster.json", "utf8")));
 * const placement = await createPlacement(topology, { replicas: 3, failureDomain: "zone" });
 * placement.place("photos/2026/cat.jpg"); // e.g. ["disk-b2-4", "disk-a1-0", "disk-c4-3"], primary first
 *
 * const ec = await createPlacement(topology, { k: 4, m: 2, failureDomain: "zone", perDomain: 2 });
 * ec.place("video.mp4"); // 6 names, shard i at position i, null for a hole
 * ```
 */
export async function createPlacement(topology: Topology, options: ReplicatedPlacementOptions): Promise<ReplicatedPlacement>;
export async function createPlacement(topology: Topology, options: ErasurePlacementOptions): Promise<ErasurePlacement>;
export async function createPlacement(topology: Topology, options: PlacementOptions): Promise<Placement>;
export async function createPlacement(topology: Topology, options: PlacementOptions): Promise<Placement> {
  if (typeof topology !== "object" || topology === null || typeof topology.toCrushMap !== "function") {
    throw new TopologyError("topology is not a Topology (make one with defineTopology)", "topology");
  }
  const shape = placementShape(topology, options);
  const crushMap = placementMap(topology, shape);
  const hasher = options.hasher ?? (await createNameHasher());
  const mapper = new Mapper(crushMap);
  const size = shape.size;
  const scratch = new Int32Array(size);
  const names = deviceNames(topology);
  const domainOf = domainIndex(topology, shape.failureDomain);

  const placeInputInto = (input: number, out: Int32Array): number => {
    if (!(out instanceof Int32Array) || out.length < size) throw new TopologyError(`out must be an Int32Array of at least ${size} entries`, "out");
    if (!Number.isInteger(input) || input < -0x80000000 || input > 0xffffffff) throw new TopologyError(`input ${String(input)} is not a 32-bit integer`, "input");
    return mapper.mapInto(0, input, size, out);
  };
  const base = {
    topology,
    crushMap,
    rule: crushMap.rules[0]!,
    size,
    failureDomain: shape.failureDomain,
    perDomain: shape.perDomain,
    within: shape.within,
    inputOf: (key: Key) => keyInput(hasher, key),
    placeInto: (key: Key, out: Int32Array) => placeInputInto(keyInput(hasher, key), out),
    placeInputInto,
    domainOf(device: string): string {
      const d = domainOf.get(device);
      if (d === undefined) throw new TopologyError(`${String(device)} is not a device of this topology`, String(device));
      return d;
    },
  };
  const placeNames = (key: Key): (string | null)[] => {
    const n = mapper.mapInto(0, keyInput(hasher, key), size, scratch);
    const out = new Array<string | null>(n);
    for (let i = 0; i < n; i++) out[i] = scratch[i] === ITEM_NONE ? null : names.get(scratch[i]!)!;
    return out;
  };
  if (shape.kind === "erasure") return Object.freeze({ ...base, kind: "erasure", k: shape.k, m: shape.m, place: placeNames });
  return Object.freeze({ ...base, kind: "replicated", replicas: size, place: placeNames as (key: Key) => string[] });
}

function deviceNames(topology: Topology): Map<number, string> {
  return new Map(topology.devices.map((d) => [d.id, d.name] as const));
}

/** Device name → its failure domain's name. */
function domainIndex(topology: Topology, fd: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of topology.devices) out.set(d.name, topology.ancestorOfType(d.name, fd)!.name);
  return out;
}
