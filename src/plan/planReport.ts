/**
 * The plan as a result: scheduled copies paired with their drops into moves, per-device traffic,
 * the lower bound on copies, and the totals of the report.
 */
import { ITEM_NONE } from "../map/types.js";
import type { CopyTask, DropTask } from "./copyTasks.js";
import type { GroupChange } from "./diff.js";
import type { DeviceTraffic, PlannedMove, PlanReport } from "./rebalancePlan.js";
import type { Traffic, WaveSchedule } from "./scheduleWaves.js";
import type { FullestOsd } from "./upmapFill.js";

/** Totals of a scheduled plan. */
export function planReport(groups: readonly GroupChange[], copies: readonly CopyTask[], lost: number, schedule: WaveSchedule, devicesOverFull: number, startFullest: FullestOsd | null): PlanReport {
  const minimum = minimumCopies(groups);
  let movedReplicas = 0;
  let movedBytes = 0;
  let groupsDegraded = 0;
  for (const c of copies) {
    if (c.wave < 0) continue;
    movedReplicas++;
    movedBytes += groups[c.group]!.bytes;
  }
  for (const g of groups) if (g.status === "degraded") groupsDegraded++;
  return {
    groupsChanged: groups.length,
    groupsDegraded,
    groupsLost: lost,
    groupsBlocked: schedule.blocked.length,
    devicesOverFull,
    movedReplicas,
    movedBytes,
    minimumReplicas: minimum.replicas,
    minimumBytes: minimum.bytes,
    waves: schedule.waves,
    estimatedSeconds: schedule.estimatedSeconds,
    devices: deviceTraffic(schedule.traffic),
    startFullest,
    fullestByWave: schedule.fullest,
  };
}

/** Every device that sends, receives or drops something, by id. */
function deviceTraffic(t: Traffic): DeviceTraffic[] {
  const devices: DeviceTraffic[] = [];
  for (let d = 0; d < t.bytesIn.length; d++) {
    if (t.bytesIn[d] === 0 && t.bytesOut[d] === 0 && t.bytesDropped[d] === 0) continue;
    devices.push({ osd: d, bytesIn: t.bytesIn[d]!, bytesOut: t.bytesOut[d]!, bytesDropped: t.bytesDropped[d]!, peakExtraBytes: t.peak[d]! });
  }
  return devices;
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

/** Pairs each group's scheduled copies with its drops (by shard for erasure groups) into moves, in wave order, then priority. */
export function pairMoves(groups: readonly GroupChange[], copies: readonly CopyTask[], drops: readonly DropTask[]): PlannedMove[] {
  const moves: PlannedMove[] = [];
  const dropsByGroup = byGroup(drops);
  const copiesByGroup = byGroup(copies);
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

/** Tasks that were scheduled (wave ≥ 0), by group index. */
function byGroup<T extends { readonly group: number; readonly wave: number }>(tasks: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const t of tasks) {
    if (t.wave < 0) continue;
    const l = out.get(t.group);
    if (l === undefined) out.set(t.group, [t]);
    else l.push(t);
  }
  return out;
}
