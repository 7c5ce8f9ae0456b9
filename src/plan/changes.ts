/**
 * Describing tomorrow's cluster as edits to today's: hardware added, removed, moved or
 * reweighted, OSDs marked out, in, down or up, a pool's rule or pg_num changed. The crush edits
 * go through CrushMapBuilder, so ids, weights and ancestor sums come out as Ceph's commands
 * would leave them.
 */
import { CrushMapBuilder } from "../map/builder.js";
import { CrushMapError } from "../map/errors.js";
import { ClusterStateError } from "../placement/errors.js";
import { resolvePool } from "../placement/place.js";
import { clusterStateInput, createClusterState, type OsdInput } from "../placement/state.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { PlanError } from "./errors.js";

/** One edit; `weight` values are decimal as in Ceph's commands (crush weight 1.0 ≈ 1 TiB by convention). */
export type ClusterChange =
  /** `ceph osd crush add osd.N W host=H`: a new OSD, up and in. */
  | { readonly kind: "addDevice"; readonly under: string; readonly weight: number; readonly id?: number; readonly class?: string }
  /** `ceph osd purge N`: the OSD leaves the crush map and the OSD map. */
  | { readonly kind: "removeDevice"; readonly device: string | number }
  | { readonly kind: "addBucket"; readonly name: string; readonly type: string; readonly under?: string }
  | { readonly kind: "removeBucket"; readonly name: string }
  | { readonly kind: "moveBucket"; readonly name: string; readonly under: string }
  /** `ceph osd crush reweight`: a device's crush weight (its ancestors follow). */
  | { readonly kind: "crushReweight"; readonly device: string | number; readonly weight: number }
  /** `ceph osd reweight N W`: the override weight in 0..1 (0 is out). */
  | { readonly kind: "reweight"; readonly osd: number; readonly weight: number }
  | { readonly kind: "markOut"; readonly osd: number }
  | { readonly kind: "markIn"; readonly osd: number }
  /** A failure: the OSD stops (its copies are gone) but stays in until marked out. */
  | { readonly kind: "markDown"; readonly osd: number }
  | { readonly kind: "markUp"; readonly osd: number }
  | { readonly kind: "setRule"; readonly pool: number | string; readonly rule: number | string }
  | { readonly kind: "setPgNum"; readonly pool: number | string; readonly pgNum: number; readonly pgpNum?: number }
  | { readonly kind: "setSize"; readonly pool: number | string; readonly size: number; readonly minSize?: number };

/**
 * The state after applying `changes` in order.
 *
 * @example
 * ```ts
 * const after = applyChanges(before, [
 *   { kind: "addBucket", name: "node9", type: "host", under: "rack2" },
 *   { kind: "addDevice", under: "node9", weight: 3.64 },
 *   { kind: "markOut", osd: 12 },
 * ]);
 * ```
 */
export function applyChanges(state: ClusterState, changes: readonly ClusterChange[]): ClusterState {
  let builder: CrushMapBuilder | undefined;
  const crush = (): CrushMapBuilder => (builder ??= CrushMapBuilder.from(state.crush));
  const osds = new Map<number, OsdInput>(state.osds.filter((o) => o.exists).map((o) => [o.id, o]));
  const pools = new Map<number, Pool>(state.pools.map((p) => [p.id, p]));
  let maxOsd = state.maxOsd;
  const osd = (id: number, what: string): OsdInput => {
    const o = osds.get(id);
    if (o === undefined) throw new PlanError(`${what}: osd.${id} does not exist`, id);
    return o;
  };
  const pool = (ref: number | string): Pool => pools.get(resolvePool(state, ref).id)!;

  changes.forEach((c, i) => {
    const what = `change ${i} (${c.kind})`;
    try {
      switch (c.kind) {
        case "addDevice": {
          const b = crush();
          const before = new Set(b.build().devices.map((d) => d.id));
          b.addDevice({ under: c.under, weight: c.weight, ...(c.id === undefined ? {} : { id: c.id }), ...(c.class === undefined ? {} : { class: c.class }) });
          const added = b.build().devices.find((d) => !before.has(d.id))!;
          osds.set(added.id, { id: added.id });
          maxOsd = Math.max(maxOsd, added.id + 1);
          break;
        }
        case "removeDevice": {
          const b = crush();
          const id = typeof c.device === "number" ? c.device : b.idOf(c.device);
          if (id === undefined || id < 0) throw new PlanError(`${what}: no device ${String(c.device)}`, String(c.device));
          b.removeDevice(id);
          osds.delete(id);
          break;
        }
        case "addBucket":
          crush().addBucket(c.name, c.type, c.under === undefined ? {} : { under: c.under });
          break;
        case "removeBucket":
          crush().removeBucket(c.name);
          break;
        case "moveBucket":
          crush().moveBucket(c.name, c.under);
          break;
        case "crushReweight":
          crush().reweight(c.device, c.weight);
          break;
        case "reweight": {
          if (!Number.isFinite(c.weight) || c.weight < 0 || c.weight > 1) throw new PlanError(`${what}: reweight ${c.weight} is outside 0..1`, c.osd);
          osds.set(c.osd, { ...osd(c.osd, what), weight: Math.trunc(c.weight * 0x10000) });
          break;
        }
        case "markOut":
          osds.set(c.osd, { ...osd(c.osd, what), weight: 0 });
          break;
        case "markIn":
          osds.set(c.osd, { ...osd(c.osd, what), weight: 0x10000 });
          break;
        case "markDown":
          osds.set(c.osd, { ...osd(c.osd, what), up: false });
          break;
        case "markUp":
          osds.set(c.osd, { ...osd(c.osd, what), up: true });
          break;
        case "setRule": {
          const p = pool(c.pool);
          const map = builder === undefined ? state.crush : builder.build();
          const rule = typeof c.rule === "number" ? map.rules.find((r) => r.id === c.rule) : map.rules.find((r) => r.name === c.rule);
          if (rule === undefined) throw new PlanError(`${what}: no crush rule ${String(c.rule)}`, String(c.rule));
          pools.set(p.id, { ...p, crushRule: rule.id });
          break;
        }
        case "setPgNum": {
          const p = pool(c.pool);
          if (!Number.isInteger(c.pgNum) || c.pgNum < 1) throw new PlanError(`${what}: pg_num ${c.pgNum} is not a positive integer`, p.id);
          pools.set(p.id, { ...p, pgNum: c.pgNum, pgpNum: c.pgpNum ?? c.pgNum });
          break;
        }
        case "setSize": {
          const p = pool(c.pool);
          const minSize = c.minSize ?? Math.min(p.minSize, c.size);
          pools.set(p.id, { ...p, size: c.size, minSize });
          break;
        }
        default:
          throw new PlanError(`${what}: unknown change kind '${String((c as { kind: unknown }).kind)}'`);
      }
    } catch (e) {
      if (e instanceof CrushMapError || e instanceof ClusterStateError) throw new PlanError(`${what}: ${e.message}`, e.item);
      throw e;
    }
  });

  const input = clusterStateInput(state);
  const newPools = [...pools.values()];
  const keep = (pgid: string): boolean => {
    const [poolId, ps] = pgid.split(".");
    const p = pools.get(Number(poolId));
    return p !== undefined && parseInt(ps!, 16) < p.pgNum;
  };
  const live = (ids: readonly number[]): boolean => ids.every((o) => o === 0x7fffffff || osds.has(o));
  try {
    return createClusterState({
      ...input,
      crush: builder === undefined ? state.crush : builder.build(),
      maxOsd,
      osds: [...osds.values()],
      pools: newPools,
      // exceptions for groups that no longer exist or OSDs that were removed go, as Ceph cleans them
      pgUpmap: input.pgUpmap!.filter((e) => keep(e.pgid) && live(e.osds)),
      pgUpmapItems: input.pgUpmapItems!.filter((e) => keep(e.pgid) && e.mappings.every((m) => live([m.from, m.to]))),
      pgTemp: input.pgTemp!.filter((e) => keep(e.pgid) && live(e.osds)),
      primaryTemp: input.primaryTemp!.filter((e) => keep(e.pgid) && live([e.osd])),
      strict: false,
    });
  } catch (e) {
    if (e instanceof ClusterStateError) throw new PlanError(`the changed cluster is not valid: ${e.message}`, e.item);
    throw e;
  }
}
