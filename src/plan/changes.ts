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

/**
 * One edit; `weight` values are decimal as in Ceph's commands (crush weight 1.0 ≈ 1 TiB by convention).
 *
 * @group Plans
 */
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
 * @group Plans
 *
 * @throws {@link PlanError} naming the first change that does not apply (an unknown device or
 * bucket, a value out of range).
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
  const d: Draft = {
    state,
    builder: undefined,
    osds: new Map<number, OsdInput>(state.osds.filter((o) => o.exists).map((o) => [o.id, o])),
    pools: new Map<number, Pool>(state.pools.map((p) => [p.id, p])),
    maxOsd: state.maxOsd,
  };
  changes.forEach((c, i) => {
    const what = `change ${i} (${c.kind})`;
    try {
      applyChange(d, c, what);
    } catch (e) {
      if (e instanceof CrushMapError || e instanceof ClusterStateError) throw new PlanError(`${what}: ${e.message}`, e.item);
      throw e;
    }
  });
  return changedState(d);
}

/** The state being edited: the crush map through a builder made on the first crush edit, OSDs and pools by id. */
interface Draft {
  readonly state: ClusterState;
  builder: CrushMapBuilder | undefined;
  readonly osds: Map<number, OsdInput>;
  readonly pools: Map<number, Pool>;
  maxOsd: number;
}

type CrushChange = Extract<ClusterChange, { kind: "addDevice" | "removeDevice" | "addBucket" | "removeBucket" | "moveBucket" | "crushReweight" }>;
type OsdChange = Extract<ClusterChange, { kind: "reweight" | "markOut" | "markIn" | "markDown" | "markUp" }>;
type PoolChange = Extract<ClusterChange, { kind: "setRule" | "setPgNum" | "setSize" }>;

function applyChange(d: Draft, c: ClusterChange, what: string): void {
  switch (c.kind) {
    case "addDevice":
    case "removeDevice":
    case "addBucket":
    case "removeBucket":
    case "moveBucket":
    case "crushReweight":
      return applyCrushChange(d, c, what);
    case "reweight":
    case "markOut":
    case "markIn":
    case "markDown":
    case "markUp":
      return applyOsdChange(d, c, what);
    case "setRule":
    case "setPgNum":
    case "setSize":
      return applyPoolChange(d, c, what);
    default:
      throw new PlanError(`${what}: unknown change kind '${String((c as { kind: unknown }).kind)}'`);
  }
}

function applyCrushChange(d: Draft, c: CrushChange, what: string): void {
  const b = (d.builder ??= CrushMapBuilder.from(d.state.crush));
  switch (c.kind) {
    case "addDevice": {
      // the id is known before the edit, so the map is built once, after the last change
      const id = c.id ?? b.nextDeviceId();
      b.addDevice({ under: c.under, weight: c.weight, id, ...(c.class === undefined ? {} : { class: c.class }) });
      d.osds.set(id, { id });
      d.maxOsd = Math.max(d.maxOsd, id + 1);
      return;
    }
    case "removeDevice": {
      const id = typeof c.device === "number" ? c.device : b.idOf(c.device);
      if (id === undefined || id < 0) throw new PlanError(`${what}: no device ${String(c.device)}`, String(c.device));
      b.removeDevice(id);
      d.osds.delete(id);
      return;
    }
    case "addBucket":
      b.addBucket(c.name, c.type, c.under === undefined ? {} : { under: c.under });
      return;
    case "removeBucket":
      b.removeBucket(c.name);
      return;
    case "moveBucket":
      b.moveBucket(c.name, c.under);
      return;
    case "crushReweight":
      b.reweight(c.device, c.weight);
  }
}

function applyOsdChange(d: Draft, c: OsdChange, what: string): void {
  if (c.kind === "reweight" && !(Number.isFinite(c.weight) && c.weight >= 0 && c.weight <= 1)) throw new PlanError(`${what}: reweight ${c.weight} is outside 0..1`, c.osd);
  const o = d.osds.get(c.osd);
  if (o === undefined) throw new PlanError(`${what}: osd.${c.osd} does not exist`, c.osd);
  switch (c.kind) {
    case "reweight":
      d.osds.set(c.osd, { ...o, weight: Math.trunc(c.weight * 0x10000) });
      return;
    case "markOut":
      d.osds.set(c.osd, { ...o, weight: 0 });
      return;
    case "markIn":
      d.osds.set(c.osd, { ...o, weight: 0x10000 });
      return;
    case "markDown":
      d.osds.set(c.osd, { ...o, up: false });
      return;
    case "markUp":
      d.osds.set(c.osd, { ...o, up: true });
  }
}

function applyPoolChange(d: Draft, c: PoolChange, what: string): void {
  const p = d.pools.get(resolvePool(d.state, c.pool).id)!;
  switch (c.kind) {
    case "setRule": {
      const map = d.builder === undefined ? d.state.crush : d.builder.build();
      const rule = typeof c.rule === "number" ? map.rules.find((r) => r.id === c.rule) : map.rules.find((r) => r.name === c.rule);
      if (rule === undefined) throw new PlanError(`${what}: no crush rule ${String(c.rule)}`, String(c.rule));
      d.pools.set(p.id, { ...p, crushRule: rule.id });
      return;
    }
    case "setPgNum":
      if (!Number.isInteger(c.pgNum) || c.pgNum < 1) throw new PlanError(`${what}: pg_num ${c.pgNum} is not a positive integer`, p.id);
      d.pools.set(p.id, { ...p, pgNum: c.pgNum, pgpNum: c.pgpNum ?? c.pgNum });
      return;
    case "setSize":
      d.pools.set(p.id, { ...p, size: c.size, minSize: c.minSize ?? Math.min(p.minSize, c.size) });
  }
}

/** The edited state; exceptions for groups that no longer exist or OSDs that were removed go, as Ceph cleans them. */
function changedState(d: Draft): ClusterState {
  const input = clusterStateInput(d.state);
  const keep = (pgid: string): boolean => {
    const [poolId, ps] = pgid.split(".");
    const p = d.pools.get(Number(poolId));
    return p !== undefined && parseInt(ps!, 16) < p.pgNum;
  };
  const live = (ids: readonly number[]): boolean => ids.every((o) => o === 0x7fffffff || d.osds.has(o));
  try {
    return createClusterState({
      ...input,
      crush: d.builder === undefined ? d.state.crush : d.builder.build(),
      maxOsd: d.maxOsd,
      osds: [...d.osds.values()],
      pools: [...d.pools.values()],
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
