/**
 * Wave scheduling: copies run in waves; in each, every pending copy (in priority order) takes a
 * free slot on its target and on the least busy source that holds the data, unless the target
 * would pass the full ratio. Copies complete at the end of their wave and become sources; a group
 * whose last copy completed drops its old copies then (make before break), never below min_size.
 */
import { fullestOf, type FullestOsd } from "./upmapFill.js";
import type { CopyTask, DropTask, GroupTasks } from "./copyTasks.js";
import type { GroupChange } from "./diff.js";
import { domainAllows, domainBump, domainCounts, type DomainLimit } from "./domainLimits.js";
import { copiesHeld, type Holder } from "./holders.js";
import type { ResolvedPlanOptions } from "./planOptions.js";

/** Bytes through each device over the whole plan, by device id. */
export interface Traffic {
  readonly bytesIn: Float64Array;
  readonly bytesOut: Float64Array;
  readonly bytesDropped: Float64Array;
  /** Most bytes above its starting usage the device held at any point. */
  readonly peak: Float64Array;
}

export interface WaveSchedule {
  /** Per wave, the fullest device while it runs (its copies in, its drops not yet made). */
  readonly fullest: readonly (FullestOsd | null)[];
  readonly waves: number;
  /** Group indexes the full ratio kept from finishing. */
  readonly blocked: readonly number[];
  readonly withheld: { pg: string; osd: number; shard: number | null }[];
  readonly traffic: Traffic;
  /** Sum over waves of the busiest device's transfer time. */
  readonly estimatedSeconds: number;
}

/** What the scheduler reads and updates as waves pass. */
interface Schedule {
  readonly groups: readonly GroupChange[];
  readonly tasks: GroupTasks;
  /** Every complete copy of each group, by group index; an erasure shard that moves is held twice until its drop. */
  readonly holders: Holder[][];
  /** Bytes on each device now. */
  readonly usage: Float64Array;
  readonly start: Float64Array;
  readonly capacity: Float64Array;
  readonly options: ResolvedPlanOptions;
  readonly domains: readonly DomainLimit[];
  readonly traffic: Traffic;
  readonly withheld: { pg: string; osd: number; shard: number | null }[];
  readonly outCount: Int32Array;
  readonly inCount: Int32Array;
}

/**
 * Schedules every copy of `tasks` (source and wave filled in on each task) and every drop that
 * keeps min_size, updating `holders` and `usage` as it goes.
 */
export function scheduleWaves(
  groups: readonly GroupChange[],
  order: readonly number[],
  tasks: GroupTasks,
  holders: Holder[][],
  usage: Float64Array,
  capacity: Float64Array,
  options: ResolvedPlanOptions,
  domains: readonly DomainLimit[],
  progress?: (done: number, total: number) => void,
): WaveSchedule {
  const ids = usage.length;
  const traffic: Traffic = { bytesIn: new Float64Array(ids), bytesOut: new Float64Array(ids), bytesDropped: new Float64Array(ids), peak: new Float64Array(ids) };
  const start = Float64Array.from(usage);
  const s: Schedule = { groups, tasks, holders, usage, start, capacity, options, domains, traffic, withheld: [], outCount: new Int32Array(ids), inCount: new Int32Array(ids) };
  // groups with nothing to copy drop their extra copies at once
  for (const gi of order) if (groups[gi]!.status !== "lost" && tasks.copiesLeft[gi] === 0) finishGroup(s, gi, 0);

  const blocked: number[] = [];
  let pending = tasks.copies.slice();
  let wave = 0;
  const fullest: (FullestOsd | null)[] = [];
  let estimatedSeconds = 0;
  const total = pending.length;
  while (pending.length > 0) {
    progress?.(total - pending.length, total);
    const { scheduled, busiest } = runWave(s, pending, wave);
    // the wave's copies are in, its drops not yet made: the most the devices hold during it
    fullest.push(fullestOf(usage, capacity));
    if (scheduled.length === 0) {
      // only the full ratio can stall a wave: every copy has a readable source and a free slot
      const seen = new Set<number>();
      for (const c of pending) {
        if (seen.has(c.group)) continue;
        seen.add(c.group);
        blocked.push(c.group);
      }
      break;
    }
    estimatedSeconds += busiest / options.bandwidth;
    // copies complete at the end of the wave: they become sources, then finished groups drop
    for (const c of scheduled) holders[c.group]!.push({ shard: c.shard ?? -1, osd: c.to });
    for (const c of scheduled) {
      tasks.copiesLeft[c.group]!--;
      if (tasks.copiesLeft[c.group] === 0) finishGroup(s, c.group, wave);
    }
    pending = pending.filter((c) => c.wave < 0);
    wave++;
  }
  return { waves: wave, blocked, withheld: s.withheld, traffic, estimatedSeconds, fullest: fullest.slice(0, wave) };
}

/** One wave: the copies it runs, and the most bytes any device moves in or out during it. */
function runWave(s: Schedule, pending: readonly CopyTask[], wave: number): { scheduled: CopyTask[]; busiest: number } {
  const { groups, usage, capacity, traffic, inCount, outCount, domains } = s;
  const maxB = s.options.maxBackfills;
  inCount.fill(0);
  outCount.fill(0);
  const domainIn = domainCounts(domains);
  const domainOut = domainCounts(domains);
  const waveIn = new Float64Array(usage.length);
  const waveOut = new Float64Array(usage.length);
  const scheduled: CopyTask[] = [];
  for (const c of pending) {
    const bytes = groups[c.group]!.bytes;
    if (inCount[c.to]! >= maxB) continue;
    if (!domainAllows(domains, domainIn, c.to)) continue;
    if (usage[c.to]! + bytes > s.options.fullRatio * capacity[c.to]!) continue;
    const source = pickSource(s, c, domainOut);
    if (source < 0) continue;
    c.source = source;
    c.wave = wave;
    scheduled.push(c);
    inCount[c.to]!++;
    outCount[source]!++;
    domainBump(domains, domainIn, c.to);
    domainBump(domains, domainOut, source);
    usage[c.to]! += bytes;
    traffic.bytesIn[c.to]! += bytes;
    traffic.bytesOut[source]! += bytes;
    waveIn[c.to]! += bytes;
    waveOut[source]! += bytes;
    traffic.peak[c.to] = Math.max(traffic.peak[c.to]!, usage[c.to]! - s.start[c.to]!);
  }
  let busiest = 0;
  for (let d = 0; d < usage.length; d++) busiest = Math.max(busiest, waveIn[d]!, waveOut[d]!);
  return { scheduled, busiest };
}

/** Where a copy is read from this wave, or -1 when every holder's slots are taken. */
function pickSource(s: Schedule, c: CopyTask, domainOut: readonly Map<number, number>[]): number {
  const { outCount, domains } = s;
  const bytesOut = s.traffic.bytesOut;
  const maxB = s.options.maxBackfills;
  if (c.shard !== null && c.holder >= 0) {
    // an erasure shard is read from its own holder
    return outCount[c.holder]! < maxB && domainAllows(domains, domainOut, c.holder) ? c.holder : -1;
  }
  // a replica, or a lost shard rebuilt from the others: the least busy readable copy
  let best = -1;
  for (const { osd: o } of s.holders[c.group]!) {
    if (outCount[o]! >= maxB || !domainAllows(domains, domainOut, o)) continue;
    if (best < 0 || outCount[o]! < outCount[best]! || (outCount[o] === outCount[best] && (bytesOut[o]! < bytesOut[best]! || (bytesOut[o] === bytesOut[best] && o < best)))) {
      best = o;
    }
  }
  return best;
}

/** Drops of a group whose copies are all in place, at the end of `wave`; a drop below min_size is withheld. */
function finishGroup(s: Schedule, gi: number, wave: number): void {
  const g = s.groups[gi]!;
  const drops: readonly DropTask[] = s.tasks.dropsOf.get(gi) ?? [];
  for (const d of drops) {
    const h = s.holders[gi]!;
    const shard = d.shard ?? -1;
    const without = h.filter((e) => !(e.osd === d.from && e.shard === shard));
    if (copiesHeld(without) < g.minSize) {
      s.withheld.push({ pg: g.pgid, osd: d.from, shard: d.shard });
      continue;
    }
    d.wave = wave;
    s.holders[gi] = without;
    s.usage[d.from]! -= g.bytes;
    s.traffic.bytesDropped[d.from]! += g.bytes;
  }
}
