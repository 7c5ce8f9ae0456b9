/**
 * Random Ceph cluster states: root → racks → hosts → OSDs built with CrushMapBuilder (so ids
 * and weights are what Ceph's commands would give), one pool — replicated or erasure-coded —
 * whose rule spreads copies over hosts or racks, and OSD facts: some down, out or reweighted,
 * optionally primary affinities and pg_upmap_items. Everything is generated as plain values
 * (nested weight arrays, per-OSD fact lists), so shrinking drops racks, hosts and OSDs and
 * brings every OSD back up and in.
 */
import fc from "fast-check";
import { createClusterState, CrushMapBuilder, type ClusterState, type OsdInput, type PoolInput } from "../index.js";

/** The shape of the states {@link arbitraryClusterState} generates. */
export interface ClusterStateArbitraryOptions {
  /** Default "any". */
  readonly pool?: "replicated" | "erasure" | "any";
  /** The level the pool's rule keeps copies apart at. Default "host". */
  readonly failureDomain?: "host" | "rack";
  /** OSDs down, out or reweighted. Default true. */
  readonly osdStates?: boolean;
  /** Primary affinities below 1. Default false. */
  readonly primaryAffinity?: boolean;
  /** pg_upmap_items exceptions; they may put two copies in one domain, as an operator's can. Default false. */
  readonly upmaps?: boolean;
  /** Placement groups: 1…maxPgNum. Default 64. */
  readonly maxPgNum?: number;
  /** Racks: default 2…4. */
  readonly minRacks?: number;
  readonly maxRacks?: number;
}

type OsdFact = { readonly up: boolean; readonly weight: number };

/** The pool is id 1, named "pool". */
export const ARBITRARY_POOL = 1;

/**
 * An arbitrary frozen {@link ClusterState} with one pool (id 1).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(arbitraryClusterState(), (state) => {
 *   expectOk(checkFailureDomains(state));
 *   expectOk(checkNoOutDevices(state));
 * }));
 * ```
 */
export function arbitraryClusterState(options: ClusterStateArbitraryOptions = {}): fc.Arbitrary<ClusterState> {
  const weight = fc.integer({ min: 1, max: 16 }).map((n) => n / 4);
  const racks = fc.array(fc.array(fc.array(weight, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), {
    minLength: options.minRacks ?? 2,
    maxLength: Math.max(options.maxRacks ?? 4, options.minRacks ?? 2),
  });
  const fact: fc.Arbitrary<OsdFact> =
    options.osdStates === false
      ? fc.constant({ up: true, weight: 0x10000 })
      : fc.oneof(
          { arbitrary: fc.constant({ up: true, weight: 0x10000 }), weight: 6 },
          { arbitrary: fc.constant({ up: false, weight: 0x10000 }), weight: 1 },
          { arbitrary: fc.constant({ up: true, weight: 0 }), weight: 1 },
          { arbitrary: fc.integer({ min: 0x4000, max: 0xffff }).map((w) => ({ up: true, weight: w })), weight: 1 },
        );
  const kind = options.pool === "replicated" ? fc.constant(false) : options.pool === "erasure" ? fc.constant(true) : fc.boolean();
  return fc
    .record({
      racks,
      erasure: kind,
      size: fc.integer({ min: 1, max: 4 }),
      // Ceph's erasure rules take min_size 3: k + m ≥ 3
      k: fc.integer({ min: 2, max: 3 }),
      m: fc.integer({ min: 1, max: 2 }),
      pgNum: fc.integer({ min: 1, max: options.maxPgNum ?? 64 }),
      facts: fc.array(fact, { maxLength: 80 }),
      affinity: options.primaryAffinity === true ? fc.array(fc.integer({ min: 0, max: 0x10000 }), { maxLength: 80 }) : fc.constant([] as number[]),
      upmaps: options.upmaps === true ? fc.array(fc.record({ ps: fc.nat(), from: fc.nat(), to: fc.nat() }), { maxLength: 5 }) : fc.constant([] as { ps: number; from: number; to: number }[]),
    })
    .map((v) => buildState(v, options.failureDomain ?? "host"));
}

interface StateValues {
  readonly racks: readonly (readonly (readonly number[])[])[];
  readonly erasure: boolean;
  readonly size: number;
  readonly k: number;
  readonly m: number;
  readonly pgNum: number;
  readonly facts: readonly OsdFact[];
  readonly affinity: readonly number[];
  readonly upmaps: readonly { readonly ps: number; readonly from: number; readonly to: number }[];
}

function buildState(v: StateValues, domain: "host" | "rack"): ClusterState {
  const b = new CrushMapBuilder().addBucket("default", "root");
  let osdCount = 0;
  v.racks.forEach((hosts, r) => {
    b.addBucket(`rack${r}`, "rack", { under: "default" });
    hosts.forEach((disks, h) => {
      b.addBucket(`host${r}-${h}`, "host", { under: `rack${r}` });
      for (const w of disks) {
        b.addDevice({ weight: w, under: `host${r}-${h}` });
        osdCount++;
      }
    });
  });
  if (v.erasure) b.createErasureRule("rule", { k: v.k, m: v.m, failureDomain: domain });
  else b.createReplicatedRule("rule", "default", domain);
  const crush = b.build();
  const osds: OsdInput[] = [];
  for (let id = 0; id < osdCount; id++) {
    const f = v.facts[id] ?? { up: true, weight: 0x10000 };
    osds.push({ id, up: f.up, weight: f.weight, primaryAffinity: v.affinity[id] ?? 0x10000 });
  }
  const pool: PoolInput = v.erasure
    ? { id: ARBITRARY_POOL, name: "pool", type: "erasure", size: v.k + v.m, erasureK: v.k, pgNum: v.pgNum, objectHash: "rjenkins" }
    : { id: ARBITRARY_POOL, name: "pool", size: v.size, pgNum: v.pgNum, objectHash: "rjenkins" };
  const seen = new Set<number>();
  const pgUpmapItems = [];
  for (const u of v.upmaps) {
    const ps = u.ps % v.pgNum;
    if (seen.has(ps)) continue;
    seen.add(ps);
    pgUpmapItems.push({ pgid: `${ARBITRARY_POOL}.${ps.toString(16)}`, mappings: [{ from: u.from % osdCount, to: u.to % osdCount }] });
  }
  return createClusterState({ crush, osds, pools: [pool], pgUpmapItems });
}
