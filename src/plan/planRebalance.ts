/**
 * From the cluster as it is to the cluster as it will be: every replica move, grouped into
 * waves a storage system runs one after another.
 *
 * Rules every plan keeps (verifyPlan replays a plan and checks each):
 * - make before break: a group's old copies are dropped only at the end of the wave in which
 *   its last new copy completes, and never below min_size copies;
 * - per wave, at most `maxBackfills` transfers into and out of each device (Ceph's
 *   osd_max_backfills), and optionally per host, rack or any bucket type;
 * - copies are read from the group's healthy copies, the least busy first;
 * - groups that lost copies (degraded) are served before groups that only move, the fewest
 *   copies left first; groups with nothing readable left are reported lost, never planned;
 * - no device is filled past `fullRatio` of its capacity at any point, temporary copies included.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool } from "../placement/mapPool.js";
import { formatPgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import { aliveAfter, diffStates, groupBytes, type DiffOptions, type GroupChange } from "./diff.js";
import { PlanError } from "./errors.js";
import { ancestorOfType, deviceCrushWeights } from "../map/hierarchy.js";

export interface PlanOptions extends DiffOptions {
  /** Concurrent transfers into, and out of, one device per wave. Default 1, as Ceph's osd_max_backfills. */
  readonly maxBackfills?: number;
  /** Concurrent transfers into, and out of, one bucket of a type per wave, e.g. `{ host: 2 }`. */
  readonly domainLimits?: Readonly<Record<string, number>>;
  /** No device may hold more than this share of its capacity. Default 0.95 (Ceph's full_ratio). */
  readonly fullRatio?: number;
  /** Device capacity in bytes; default from crush weight: weight 1.0 = `bytesPerWeight`. */
  readonly capacity?: ReadonlyMap<number, number>;
  /** Bytes per crush weight 1.0. Default 2^40 (Ceph's convention: weight is TiB). */
  readonly bytesPerWeight?: number;
  /** Bytes already used on devices by data outside the planned pools. */
  readonly usedBytes?: ReadonlyMap<number, number>;
  /** Transfer bandwidth of one device in bytes per second (reads and writes each). Default 100 MiB/s. */
  readonly bandwidth?: number;
}

/** One replica (or erasure shard) moving: copied from `source` to `to`, then dropped from `from`. */
export interface PlannedMove {
  readonly pg: string;
  readonly pool: number;
  readonly ps: number;
  /** Shard position of an erasure group; null for replicated groups. */
  readonly shard: number | null;
  /** The OSD that gives up the copy; null for a pure copy (a new or lost replica). */
  readonly from: number | null;
  /** The OSD that receives the copy; null for a pure drop. */
  readonly to: number | null;
  /** The OSD read for the copy; null for a pure drop. */
  readonly source: number | null;
  /** The shard is rebuilt from the group's other shards (its old holder is gone). */
  readonly reconstruct: boolean;
  /** The wave the copy runs in (for a pure drop, the wave at whose end it happens). */
  readonly wave: number;
  /** The wave at whose end `from` is dropped; null when nothing is dropped. */
  readonly dropWave: number | null;
  readonly bytes: number;
  /** Restores redundancy of a degraded group (served first). */
  readonly recovery: boolean;
}

export interface DeviceTraffic {
  readonly osd: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly bytesDropped: number;
  /** Most bytes above its starting usage the device holds at any point of the plan. */
  readonly peakExtraBytes: number;
}

export interface PlanReport {
  readonly groupsChanged: number;
  readonly groupsDegraded: number;
  readonly groupsLost: number;
  readonly groupsBlocked: number;
  /** Replica (or shard) copies made. */
  readonly movedReplicas: number;
  readonly movedBytes: number;
  /**
   * A lower bound no plan can beat: per device, the copies it must gain to reach the new layout
   * (new-layout copies minus readable copies it holds), summed.
   */
  readonly minimumReplicas: number;
  readonly minimumBytes: number;
  readonly waves: number;
  /** Sum over waves of the busiest device's transfer time. */
  readonly estimatedSeconds: number;
  readonly devices: readonly DeviceTraffic[];
}

export interface ResolvedPlanOptions {
  readonly maxBackfills: number;
  readonly domainLimits: Readonly<Record<string, number>>;
  readonly fullRatio: number;
  readonly bandwidth: number;
}

export interface RebalancePlan {
  readonly options: ResolvedPlanOptions;
  /** Ids of the pools planned. */
  readonly pools: readonly number[];
  /** Every group that changes, lost or not. */
  readonly groups: readonly GroupChange[];
  /** In wave order, then priority. */
  readonly moves: readonly PlannedMove[];
  readonly waves: number;
  /** Groups with no readable copy left (fewer than k shards for erasure): data loss. */
  readonly lost: readonly string[];
  /** Groups the full ratio keeps from finishing: their remaining moves are not in the plan. */
  readonly blocked: readonly string[];
  /** Drops not made because they would leave a group below min_size (its new set is too small). */
  readonly withheld: readonly { readonly pg: string; readonly osd: number; readonly shard: number | null }[];
  /** Capacity in bytes of every device involved, as the plan assumed it. */
  readonly capacity: ReadonlyMap<number, number>;
  /** Bytes on every device before the plan starts, as the plan assumed it. */
  readonly startUsage: ReadonlyMap<number, number>;
  readonly report: PlanReport;
}

/** A complete copy: the OSD and, for erasure groups, the shard it holds (-1 for a replica). */
export interface Holder {
  readonly shard: number;
  readonly osd: number;
}

/** Copies a group holds: replicas, or distinct erasure shards. */
export function copiesHeld(holders: readonly Holder[]): number {
  if (holders.length === 0 || holders[0]!.shard < 0) return holders.length;
  return new Set(holders.map((h) => h.shard)).size;
}

interface CopyTask {
  readonly group: number;
  readonly shard: number | null;
  readonly to: number;
  /** The shard's readable holder, for erasure moves; -1 to rebuild it. */
  readonly holder: number;
  source: number;
  wave: number;
}

interface DropTask {
  readonly group: number;
  readonly shard: number | null;
  readonly from: number;
  wave: number;
}

const DEFAULT_BANDWIDTH = 100 * 1024 * 1024;

/**
 * Plans the migration from `before` to `after`.
 *
 * @example
 * ```ts
 * const after = applyChanges(before, [{ kind: "markOut", osd: 7 }]);
 * const plan = planRebalance(before, after, { pgBytes: 4 << 30, maxBackfills: 2 });
 * plan.report.movedBytes; plan.waves; verifyPlan(before, after, plan).ok; // true
 * ```
 */
export function planRebalance(before: ClusterState, after: ClusterState, options: PlanOptions = {}): RebalancePlan {
  const resolved = resolveOptions(options);
  const groups = diffStates(before, after, options);
  const order = priorityOrder(groups);

  const ids = Math.max(before.maxOsd, after.maxOsd);
  const capacity = capacities(before, after, options, ids);
  const usage = startUsage(before, after, options, ids);
  const startUsageMap = new Map<number, number>();
  usage.forEach((u, d) => {
    if (u > 0) startUsageMap.set(d, u);
  });
  const start = Float64Array.from(usage);
  const peak = new Float64Array(ids);
  const domains = Object.entries(resolved.domainLimits).map(([type, limit]) => ({ limit, of: ancestorOfType([after.crush, before.crush], type) }));

  // holders[g]: every complete copy of the group, as (shard, OSD); shard -1 for replicas. While an
  // erasure shard moves, both its old and new holder are listed.
  const holders: Holder[][] = groups.map((g) =>
    g.erasure ? g.live.flatMap((o, i) => (o === ITEM_NONE ? [] : [{ shard: i, osd: o }])) : g.live.map((o) => ({ shard: -1, osd: o })),
  );
  const copies: CopyTask[] = [];
  const drops: DropTask[] = [];
  const copiesLeft = new Int32Array(groups.length);
  const lost: string[] = [];
  for (const gi of order) {
    const g = groups[gi]!;
    if (g.status === "lost") {
      lost.push(g.pgid);
      continue;
    }
    if (g.erasure) {
      const width = Math.max(g.live.length, g.after.length);
      for (let i = 0; i < width; i++) {
        const l = g.live[i] ?? ITEM_NONE;
        const t = g.after[i] ?? ITEM_NONE;
        if (l === t) continue;
        if (t !== ITEM_NONE) copies.push({ group: gi, shard: i, to: t, holder: l === ITEM_NONE ? -1 : l, source: -1, wave: -1 });
        if (l !== ITEM_NONE) drops.push({ group: gi, shard: i, from: l, wave: -1 });
      }
    } else {
      const live = new Set(g.live);
      const target = new Set(g.after);
      for (const t of g.after) if (!live.has(t)) copies.push({ group: gi, shard: null, to: t, holder: -1, source: -1, wave: -1 });
      for (const l of g.live) if (!target.has(l)) drops.push({ group: gi, shard: null, from: l, wave: -1 });
    }
  }
  for (const c of copies) copiesLeft[c.group]!++;

  const dropsOf = new Map<number, DropTask[]>();
  for (const d of drops) {
    const list = dropsOf.get(d.group);
    if (list === undefined) dropsOf.set(d.group, [d]);
    else list.push(d);
  }

  const withheld: { pg: string; osd: number; shard: number | null }[] = [];
  const bytesIn = new Float64Array(ids);
  const bytesOut = new Float64Array(ids);
  const bytesDropped = new Float64Array(ids);
  const inCount = new Int32Array(ids);
  const outCount = new Int32Array(ids);
  const blockedGroups = new Set<number>();
  let estimatedSeconds = 0;

  /** Drops of a group whose copies are all in place, at the end of `wave`. */
  const finish = (gi: number, wave: number): void => {
    const g = groups[gi]!;
    for (const d of dropsOf.get(gi) ?? []) {
      const h = holders[gi]!;
      const shard = d.shard ?? -1;
      const without = h.filter((e) => !(e.osd === d.from && e.shard === shard));
      if (copiesHeld(without) < g.minSize) {
        withheld.push({ pg: g.pgid, osd: d.from, shard: d.shard });
        continue;
      }
      d.wave = wave;
      holders[gi] = without;
      usage[d.from]! -= g.bytes;
      bytesDropped[d.from]! += g.bytes;
    }
  };

  // groups with nothing to copy drop their extra copies at once
  for (const gi of order) if (groups[gi]!.status !== "lost" && copiesLeft[gi] === 0) finish(gi, 0);

  let pending = copies.slice();
  let wave = 0;
  const maxB = resolved.maxBackfills;
  while (pending.length > 0) {
    inCount.fill(0);
    outCount.fill(0);
    const domainIn = domains.map(() => new Map<number, number>());
    const domainOut = domains.map(() => new Map<number, number>());
    const waveIn = new Float64Array(ids);
    const waveOut = new Float64Array(ids);
    const scheduled: CopyTask[] = [];
    for (const c of pending) {
      const g = groups[c.group]!;
      if (inCount[c.to]! >= maxB) continue;
      if (!domainAllows(domains, domainIn, c.to)) continue;
      if (usage[c.to]! + g.bytes > resolved.fullRatio * capacity[c.to]!) continue;
      const source = pickSource(c, holders[c.group]!, outCount, bytesOut, maxB, domains, domainOut);
      if (source < 0) continue;
      c.source = source;
      c.wave = wave;
      scheduled.push(c);
      inCount[c.to]!++;
      outCount[source]!++;
      bump(domains, domainIn, c.to);
      bump(domains, domainOut, source);
      usage[c.to]! += g.bytes;
      bytesIn[c.to]! += g.bytes;
      bytesOut[source]! += g.bytes;
      waveIn[c.to]! += g.bytes;
      waveOut[source]! += g.bytes;
      peak[c.to] = Math.max(peak[c.to]!, usage[c.to]! - start[c.to]!);
    }
    if (scheduled.length === 0) {
      // only the full ratio can stall a wave: every copy has a readable source and a free slot
      for (const c of pending) blockedGroups.add(c.group);
      break;
    }
    let busiest = 0;
    for (let d = 0; d < ids; d++) busiest = Math.max(busiest, waveIn[d]!, waveOut[d]!);
    estimatedSeconds += busiest / resolved.bandwidth;
    // copies complete at the end of the wave: they become sources, then finished groups drop
    for (const c of scheduled) holders[c.group]!.push({ shard: c.shard ?? -1, osd: c.to });
    for (const c of scheduled) {
      copiesLeft[c.group]!--;
      if (copiesLeft[c.group] === 0) finish(c.group, wave);
    }
    pending = pending.filter((c) => c.wave < 0);
    wave++;
  }

  const moves = pairMoves(groups, copies, drops);
  const blocked = [...blockedGroups].map((gi) => groups[gi]!.pgid);
  const devices: DeviceTraffic[] = [];
  for (let d = 0; d < ids; d++) {
    if (bytesIn[d] === 0 && bytesOut[d] === 0 && bytesDropped[d] === 0) continue;
    devices.push({ osd: d, bytesIn: bytesIn[d]!, bytesOut: bytesOut[d]!, bytesDropped: bytesDropped[d]!, peakExtraBytes: peak[d]! });
  }
  const minimum = minimumCopies(groups);
  const made = copies.filter((c) => c.wave >= 0);
  const capacityMap = new Map<number, number>();
  capacity.forEach((c, d) => {
    if (Number.isFinite(c)) capacityMap.set(d, c);
  });
  return {
    options: resolved,
    pools: plannedPools(before, after, options),
    groups,
    moves,
    waves: wave,
    lost,
    blocked,
    withheld,
    capacity: capacityMap,
    startUsage: startUsageMap,
    report: {
      groupsChanged: groups.length,
      groupsDegraded: groups.filter((g) => g.status === "degraded").length,
      groupsLost: lost.length,
      groupsBlocked: blocked.length,
      movedReplicas: made.length,
      movedBytes: made.reduce((s, c) => s + groups[c.group]!.bytes, 0),
      minimumReplicas: minimum.replicas,
      minimumBytes: minimum.bytes,
      waves: wave,
      estimatedSeconds,
      devices,
    },
  };
}

function resolveOptions(o: PlanOptions): ResolvedPlanOptions {
  const maxBackfills = o.maxBackfills ?? 1;
  if (!Number.isInteger(maxBackfills) || maxBackfills < 1) throw new PlanError(`maxBackfills must be a positive integer, got ${String(maxBackfills)}`, "maxBackfills");
  const domainLimits = o.domainLimits ?? {};
  for (const [type, limit] of Object.entries(domainLimits)) {
    if (!Number.isInteger(limit) || limit < 1) throw new PlanError(`the ${type} limit must be a positive integer, got ${String(limit)}`, type);
  }
  const fullRatio = o.fullRatio ?? 0.95;
  if (!(fullRatio > 0 && fullRatio <= 1)) throw new PlanError(`fullRatio must be in (0, 1], got ${String(fullRatio)}`, "fullRatio");
  const bandwidth = o.bandwidth ?? DEFAULT_BANDWIDTH;
  if (!(bandwidth > 0 && Number.isFinite(bandwidth))) throw new PlanError(`bandwidth must be a positive number of bytes per second, got ${String(bandwidth)}`, "bandwidth");
  if (o.bytesPerWeight !== undefined && !(o.bytesPerWeight > 0)) throw new PlanError(`bytesPerWeight must be positive, got ${String(o.bytesPerWeight)}`, "bytesPerWeight");
  if (typeof o.pgBytes === "number" && !(o.pgBytes >= 0 && Number.isFinite(o.pgBytes))) throw new PlanError(`pgBytes must be a non-negative number, got ${String(o.pgBytes)}`, "pgBytes");
  return { maxBackfills, domainLimits, fullRatio, bandwidth };
}

/** Degraded groups first, the fewest readable copies first; then groups that only move. */
function priorityOrder(groups: readonly GroupChange[]): number[] {
  const rank = (g: GroupChange): number => (g.status === "degraded" ? 0 : g.status === "remapped" ? 1 : 2);
  return groups
    .map((_, i) => i)
    .sort((a, b) => {
      const ga = groups[a]!;
      const gb = groups[b]!;
      return rank(ga) - rank(gb) || (rank(ga) === 0 ? ga.liveCount - gb.liveCount : 0) || ga.pool - gb.pool || ga.ps - gb.ps;
    });
}

function pickSource(
  c: CopyTask,
  holders: readonly Holder[],
  outCount: Int32Array,
  bytesOut: Float64Array,
  maxB: number,
  domains: readonly { limit: number; of: Map<number, number> }[],
  domainOut: readonly Map<number, number>[],
): number {
  if (c.shard !== null && c.holder >= 0) {
    // an erasure shard is read from its own holder
    return outCount[c.holder]! < maxB && domainAllows(domains, domainOut, c.holder) ? c.holder : -1;
  }
  // a replica, or a lost shard rebuilt from the others: the least busy readable copy
  let best = -1;
  for (const { osd: o } of holders) {
    if (outCount[o]! >= maxB || !domainAllows(domains, domainOut, o)) continue;
    if (best < 0 || outCount[o]! < outCount[best]! || (outCount[o] === outCount[best] && (bytesOut[o]! < bytesOut[best]! || (bytesOut[o] === bytesOut[best] && o < best)))) {
      best = o;
    }
  }
  return best;
}

function domainAllows(domains: readonly { limit: number; of: Map<number, number> }[], counts: readonly Map<number, number>[], osd: number): boolean {
  for (let i = 0; i < domains.length; i++) {
    const b = domains[i]!.of.get(osd);
    if (b !== undefined && (counts[i]!.get(b) ?? 0) >= domains[i]!.limit) return false;
  }
  return true;
}

function bump(domains: readonly { limit: number; of: Map<number, number> }[], counts: Map<number, number>[], osd: number): void {
  for (let i = 0; i < domains.length; i++) {
    const b = domains[i]!.of.get(osd);
    if (b !== undefined) counts[i]!.set(b, (counts[i]!.get(b) ?? 0) + 1);
  }
}

function capacities(before: ClusterState, after: ClusterState, o: PlanOptions, ids: number): Float64Array {
  const per = o.bytesPerWeight ?? 2 ** 40;
  const wa = deviceCrushWeights(after.crush);
  const wb = deviceCrushWeights(before.crush);
  const cap = new Float64Array(ids);
  for (let d = 0; d < ids; d++) {
    const given = o.capacity?.get(d);
    const w = wa.get(d) ?? wb.get(d);
    cap[d] = given ?? (w === undefined ? Infinity : (w / 0x10000) * per);
  }
  return cap;
}

/** Bytes on each device at the start: readable copies of every group of the planned pools, plus other data. */
function startUsage(before: ClusterState, after: ClusterState, o: PlanOptions, ids: number): Float64Array {
  const usage = new Float64Array(ids);
  o.usedBytes?.forEach((b, d) => {
    if (d >= 0 && d < ids) usage[d]! += b;
  });
  const alive = aliveAfter(before, after);
  for (const id of plannedPools(before, after, o)) {
    const m = mapPool(before, id);
    for (let ps = 0; ps < m.pgNum; ps++) {
      const bytes = groupBytes(o.pgBytes, formatPgId(id, ps));
      if (bytes === 0) continue;
      for (let i = 0; i < m.actingLength[ps]!; i++) {
        const d = m.acting[ps * m.width + i]!;
        if (d !== ITEM_NONE && alive(d)) usage[d]! += bytes;
      }
    }
  }
  return usage;
}

function plannedPools(before: ClusterState, after: ClusterState, o: PlanOptions): number[] {
  return o.pools === undefined ? before.pools.map((p) => p.id) : after.pools.filter((p) => o.pools!.some((q) => q === p.id || q === p.name)).map((p) => p.id);
}

/** Per device: copies the new layout puts there that it does not hold readable now. */
function minimumCopies(groups: readonly GroupChange[]): { replicas: number; bytes: number } {
  const gain = new Map<number, { n: number; bytes: number }>();
  const add = (d: number, n: number, bytes: number): void => {
    const v = gain.get(d) ?? { n: 0, bytes: 0 };
    v.n += n;
    v.bytes += n * bytes;
    gain.set(d, v);
  };
  for (const g of groups) {
    if (g.status === "lost") continue;
    for (const d of g.after) if (d !== ITEM_NONE) add(d, 1, g.bytes);
    for (const d of g.live) if (d !== ITEM_NONE) add(d, -1, g.bytes);
  }
  let replicas = 0;
  let bytes = 0;
  for (const v of gain.values()) {
    if (v.n > 0) replicas += v.n;
    if (v.bytes > 0) bytes += v.bytes;
  }
  return { replicas, bytes };
}

/** Pairs each group's copies with its drops (by shard for erasure groups) into moves. */
function pairMoves(groups: readonly GroupChange[], copies: readonly CopyTask[], drops: readonly DropTask[]): PlannedMove[] {
  const moves: PlannedMove[] = [];
  const dropsByGroup = new Map<number, DropTask[]>();
  for (const d of drops) {
    if (d.wave < 0) continue;
    const l = dropsByGroup.get(d.group) ?? [];
    l.push(d);
    dropsByGroup.set(d.group, l);
  }
  const copiesByGroup = new Map<number, CopyTask[]>();
  for (const c of copies) {
    if (c.wave < 0) continue;
    const l = copiesByGroup.get(c.group) ?? [];
    l.push(c);
    copiesByGroup.set(c.group, l);
  }
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const cs = copiesByGroup.get(gi) ?? [];
    const ds = (dropsByGroup.get(gi) ?? []).slice();
    const base = { pg: g.pgid, pool: g.pool, ps: g.ps, bytes: g.bytes, recovery: g.status === "degraded" };
    for (const c of cs) {
      const k = c.shard === null ? 0 : ds.findIndex((d) => d.shard === c.shard);
      const d = k >= 0 && k < ds.length ? ds.splice(k, 1)[0] : undefined;
      moves.push({
        ...base,
        shard: c.shard,
        from: d === undefined ? null : d.from,
        to: c.to,
        source: c.source,
        reconstruct: c.shard !== null && c.holder < 0,
        wave: c.wave,
        dropWave: d === undefined ? null : d.wave,
      });
    }
    for (const d of ds) {
      moves.push({ ...base, shard: d.shard, from: d.from, to: null, source: null, reconstruct: false, wave: d.wave, dropWave: d.wave });
    }
  }
  moves.sort((a, b) => a.wave - b.wave || Number(b.recovery) - Number(a.recovery) || a.pool - b.pool || a.ps - b.ps || (a.shard ?? 0) - (b.shard ?? 0));
  return moves;
}
