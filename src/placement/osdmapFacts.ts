/**
 * What the OSD map readers share, whatever form the map came in (`ceph osd dump -f json` text
 * or the binary map): how a pool as Ceph stores it (type, object hash and flags as Ceph's
 * numbers, the erasure-code profile by name) becomes a PoolInput, and which releases
 * crushmap knows by the name require_osd_release gives.
 */
import { ClusterStateError } from "./errors.js";
import type { ObjectHash } from "./objectHash.js";
import type { PoolInput } from "./state.js";
import type { ClusterStateWarning, PoolType } from "./types.js";

/** Ceph's pg_pool_t::FLAG_HASHPSPOOL. */
const FLAG_HASHPSPOOL = 1;
/** pg_pool_t::FLAG_EC_OPTIMIZATIONS (Ceph 20's `allow_ec_optimizations`). */
export const FLAG_EC_OPTIMIZATIONS = 1 << 19;
const POOL_TYPES: Readonly<Record<number, PoolType>> = { 1: "replicated", 3: "erasure" };
const OBJECT_HASHES: Readonly<Record<number, ObjectHash>> = { 1: "linux", 2: "rjenkins" };

/** A pool with Ceph's numbers, as both forms of the OSD map hold it. */
export interface StoredPool {
  readonly id: number;
  readonly name: string;
  readonly type: number;
  readonly size: number;
  readonly minSize: number;
  readonly crushRule: number;
  readonly pgNum: number;
  readonly pgpNum: number;
  readonly flags: number;
  readonly objectHash: number;
  readonly erasureCodeProfile: string;
  readonly readRatio?: number;
  /** Read only when the pool has the ec_optimizations flag. */
  readonly nonprimaryShards?: readonly number[];
}

/**
 * The PoolInput of a stored pool; an erasure pool takes k from its profile in `profiles`
 * (`source` names the map in messages).
 *
 * @throws ClusterStateError for a type or object hash Ceph does not define, or an erasure pool
 * whose profile is missing or has no integer k.
 */
export function poolInputOf(p: StoredPool, profiles: Readonly<Record<string, unknown>>, source = "the dump"): PoolInput {
  const what = `pool ${p.id}`;
  const type = POOL_TYPES[p.type];
  if (type === undefined) throw new ClusterStateError(`${what} has type ${p.type}, neither replicated (1) nor erasure (3)`, p.id);
  const objectHash = OBJECT_HASHES[p.objectHash];
  if (objectHash === undefined) throw new ClusterStateError(`${what} has object_hash ${p.objectHash}, neither linux (1) nor rjenkins (2)`, p.id);
  let erasureK: number | undefined;
  if (type === "erasure") {
    const profile = Object.hasOwn(profiles, p.erasureCodeProfile) ? profiles[p.erasureCodeProfile] : undefined;
    if (profile === undefined) throw new ClusterStateError(`erasure ${what} uses profile '${p.erasureCodeProfile}', which ${source} does not list`, p.id);
    if (typeof profile !== "object" || profile === null || Array.isArray(profile)) {
      throw new ClusterStateError(`erasure_code_profiles.${p.erasureCodeProfile} is not a JSON object`, p.erasureCodeProfile);
    }
    erasureK = Number((profile as Record<string, unknown>)["k"]);
    if (!Number.isInteger(erasureK)) throw new ClusterStateError(`erasure-code profile '${p.erasureCodeProfile}' has no integer k`, p.erasureCodeProfile);
  }
  const shards = (p.flags & FLAG_EC_OPTIMIZATIONS) === 0 ? undefined : p.nonprimaryShards;
  return {
    id: p.id,
    name: p.name,
    type,
    size: p.size,
    minSize: p.minSize,
    crushRule: p.crushRule,
    pgNum: p.pgNum,
    pgpNum: p.pgpNum,
    hashPsPool: (p.flags & FLAG_HASHPSPOOL) !== 0,
    objectHash,
    ...(erasureK === undefined ? {} : { erasureK, erasureCodeProfile: p.erasureCodeProfile }),
    ...(p.readRatio === undefined ? {} : { readRatio: p.readRatio }),
    ...(shards === undefined || shards.length === 0 ? {} : { nonprimaryShards: shards }),
  };
}

/**
 * Releases whose placement crushmap reproduces, by the name `require_osd_release` dumps. A newer
 * one loads with a warning: placement has not changed since Luminous, but crushmap cannot know.
 */
const KNOWN_RELEASES: ReadonlySet<string> = new Set([
  // ceph_release_name() of 0: the map sets no release (what osdmaptool --createsimple writes)
  "unknown",
  "argonaut", "bobtail", "cuttlefish", "dumpling", "emperor", "firefly", "giant", "hammer", "infernalis", "jewel", "kraken",
  "luminous", "mimic", "nautilus", "octopus", "pacific", "quincy", "reef", "squid", "tentacle",
]);

/** Tells `onWarning` when the map requires a release newer than crushmap knows. */
export function warnNewerRelease(release: unknown, onWarning: ((w: ClusterStateWarning) => void) | undefined): void {
  if (typeof release === "string" && !KNOWN_RELEASES.has(release) && onWarning !== undefined) {
    onWarning({ message: `the OSD map requires release '${release}', newer than Tentacle (20.2): placement is computed as Tentacle computes it`, item: "require_osd_release" });
  }
}
