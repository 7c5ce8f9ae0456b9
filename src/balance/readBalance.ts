/**
 * The read balancer: moves the primaries of a replicated pool with pg_upmap_primaries (Ceph
 * Reef's `ceph osd pg-upmap-primary`) so that no OSD serves far more reads than its share
 * (readTargets.ts), with as few changes as it can.
 *
 * It works on the busiest OSD first (the one furthest above its share): a primary moves from it
 * to the least busy OSD of one of its groups when that lowers the pair's maximum; when none of
 * its groups offers such a partner it looks for the shortest chain (move a group from the busy
 * OSD to a second, one of that OSD's to a third, …), each link one change, the ends the only
 * OSDs whose counts change. It stops when every OSD is within `tolerance` primaries of its
 * share or nothing shorter than `maxChain` helps. Candidates come from placing each group with
 * each member named as primary (primaryChoices.ts), so affinity and down OSDs are respected.
 * A group moved back to where it started keeps its original entry: no change.
 */
import { ITEM_NONE } from "../map/types.js";
import { resolvePool } from "../placement/place.js";
import { formatPgId } from "../placement/pgId.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState, Pool } from "../placement/types.js";
import { BalanceError } from "./errors.js";
import { DeviationHeap } from "./deviationHeap.js";
import { primaryChoices, type PrimaryChoices } from "./primaryChoices.js";
import { readBalanceScore, type ReadBalanceScore } from "./readBalanceScore.js";
import { fairTargets, sizeAwareTargets } from "./readTargets.js";

/**
 * How {@link balanceReads} balances: by primaries or by OSD load, and how many changes it may make.
 *
 * @group Balancing
 */
export interface ReadBalanceOptions {
  /** Level OSD load (reads on primaries, writes on every copy) instead of primaries. */
  readonly sizeAware?: boolean;
  /** Read share of the pool's I/O in percent for `sizeAware`; default the pool's read_ratio. */
  readonly readRatio?: number;
  /** Most groups whose pg_upmap_primaries entry changes (default: no limit). */
  readonly maxChanges?: number;
  /** Stop when every OSD is within this many primaries of its share (default 1). */
  readonly tolerance?: number;
  /** Longest chain of moves tried for one primary (default 3; 1 = direct moves only). */
  readonly maxChain?: number;
}

/**
 * A group whose primary changes; `entry` is its new pg_upmap_primaries value, -1 to remove it.
 *
 * @group Balancing
 */
export interface PrimaryChange {
  readonly pgid: string;
  readonly from: number;
  readonly to: number;
  readonly entry: number;
}

/**
 * One OSD of a read balance: its affinity, groups, share of the primaries and its primaries before and after.
 *
 * @group Balancing
 */
export interface ReadBalanceOsd {
  readonly osd: number;
  /** Primary affinity, 0..1. */
  readonly affinity: number;
  /** Groups of the pool it holds. */
  readonly pgs: number;
  /** Its share of the primaries (may be fractional; below 0 in size-aware mode). */
  readonly target: number;
  readonly before: number;
  readonly after: number;
}

/**
 * What {@link balanceReads} did to a pool: the pg_upmap_primaries changes, the state that has
 * them, and Ceph's read_balance_score with the busiest OSD's primaries before and after.
 *
 * @group Balancing
 */
export interface ReadBalanceResult {
  readonly pool: Pool;
  readonly sizeAware: boolean;
  readonly readRatio?: number;
  /** Sorted by group. */
  readonly changes: readonly PrimaryChange[];
  /** The state with the new pg_upmap_primaries. */
  readonly state: ClusterState;
  readonly scoreBefore: ReadBalanceScore;
  readonly scoreAfter: ReadBalanceScore;
  /** Every OSD that holds groups of the pool, by id. */
  readonly osds: readonly ReadBalanceOsd[];
  readonly maxPrimariesBefore: number;
  readonly maxPrimariesAfter: number;
}

/**
 * Balances the primaries of a replicated pool.
 *
 * @group Balancing
 *
 * @throws {@link BalanceError} for an erasure pool, bad options, or size-aware without a read ratio
 * @example
 * ```ts
 * const r = balanceReads(state, "rbd");
 * readBalanceCommands(r); // ["ceph osd pg-upmap-primary 1.7 4", …]
 * ```
 */
export function balanceReads(state: ClusterState, pool: number | string, options: ReadBalanceOptions = {}): ReadBalanceResult {
  const p = resolvePool(state, pool);
  if (p.type !== "replicated") throw new BalanceError(`pool ${p.name} is an erasure coded pool; read balancing applies to replicated pools`, p.name);
  const o = checkOptions(p, options);
  const choices = primaryChoices(state, p.id);
  const plan = new Planner(state, choices, o);
  plan.run();
  const changes = plan.changes(p.id);
  const balanced = withPrimaries(state, changes);
  return Object.freeze({
    pool: p,
    sizeAware: o.sizeAware,
    ...(o.sizeAware ? { readRatio: o.readRatio } : {}),
    changes: Object.freeze(changes),
    state: balanced,
    scoreBefore: readBalanceScore(state, p.id),
    scoreAfter: readBalanceScore(balanced, p.id),
    osds: Object.freeze(plan.osdReport()),
    maxPrimariesBefore: plan.maxBefore,
    maxPrimariesAfter: plan.maxAfter(),
  });
}

interface Resolved {
  readonly sizeAware: boolean;
  readonly readRatio: number;
  readonly maxChanges: number;
  readonly tolerance: number;
  readonly maxChain: number;
}

function checkOptions(pool: Pool, options: ReadBalanceOptions): Resolved {
  const sizeAware = options.sizeAware ?? false;
  const readRatio = options.readRatio ?? pool.readRatio;
  if (sizeAware && readRatio === undefined) {
    throw new BalanceError(`pool ${pool.name} has no read_ratio: give the read ratio for a size-aware balance (Ceph: ceph osd pool set ${pool.name} read_ratio <1-100>)`, pool.name);
  }
  if (readRatio !== undefined && !(Number.isInteger(readRatio) && readRatio >= 1 && readRatio <= 100)) {
    throw new BalanceError(`read ratio ${String(readRatio)} is not an integer in 1..100`, "readRatio");
  }
  const maxChanges = options.maxChanges ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(maxChanges) || maxChanges < 0) throw new BalanceError(`maxChanges ${String(maxChanges)} is not a count`, "maxChanges");
  const tolerance = options.tolerance ?? 1;
  if (!(Number.isFinite(tolerance) && tolerance > 0)) throw new BalanceError(`tolerance ${String(tolerance)} is not a positive number`, "tolerance");
  const maxChain = options.maxChain ?? 3;
  if (!Number.isInteger(maxChain) || maxChain < 1 || maxChain > 8) throw new BalanceError(`maxChain ${String(maxChain)} is not in 1..8`, "maxChain");
  return { sizeAware, readRatio: readRatio ?? 0, maxChanges, tolerance, maxChain };
}

/** The state with the changes' entries written (and removed). */
function withPrimaries(state: ClusterState, changes: readonly PrimaryChange[]): ClusterState {
  if (changes.length === 0) return state;
  const byPg = new Map(changes.map((c) => [c.pgid, c.entry]));
  const input = clusterStateInput(state);
  const kept = [...state.pgUpmapPrimaries].filter(([pgid]) => !byPg.has(pgid)).map(([pgid, osd]) => ({ pgid, osd }));
  const added = changes.filter((c) => c.entry !== -1).map((c) => ({ pgid: c.pgid, osd: c.entry }));
  return createClusterState({ ...input, pgUpmapPrimaries: [...kept, ...added] });
}

const EPS = 1e-9;
/** OSDs a chain search expands past the first (bounds a search that finds nothing). */
const MAX_EXPANDED = 64;

/** The greedy search over one pool's choices; all state in typed arrays. */
class Planner {
  readonly maxBefore: number;
  private readonly n: number;
  private readonly count: Uint32Array;
  private readonly pgs: Uint32Array;
  private readonly affinity: Float64Array;
  private readonly target: Float64Array;
  private readonly over: Float64Array;
  private readonly current: Int32Array;
  private readonly memberStart: Uint32Array;
  private readonly memberPgs: Uint32Array;
  private readonly heap: DeviationHeap;
  private changed = 0;
  // chain search scratch
  private readonly stamp: Uint32Array;
  private epoch = 0;
  private readonly viaPg: Int32Array;
  private readonly viaOsd: Int32Array;

  constructor(
    state: ClusterState,
    private readonly c: PrimaryChoices,
    private readonly o: Resolved,
  ) {
    const n = state.maxOsd;
    this.n = n;
    this.count = new Uint32Array(n);
    this.pgs = new Uint32Array(n);
    const available = new Uint32Array(n);
    this.affinity = new Float64Array(n);
    for (let i = 0; i < n; i++) this.affinity[i] = state.osds[i]!.primaryAffinity / 0x10000;
    this.current = Int32Array.from(c.initialPrimary);
    for (let ps = 0; ps < c.pgNum; ps++) {
      if (c.initialPrimary[ps]! >= 0) this.count[c.initialPrimary[ps]!]!++;
      for (let i = 0; i < c.memberCount[ps]!; i++) {
        const m = c.members[ps * c.width + i]!;
        if (m !== ITEM_NONE) this.pgs[m]!++;
      }
      for (let k = 0; k < c.count[ps]!; k++) available[c.primary[ps * c.width + k]!]!++;
    }
    const input = { available, pgs: this.pgs, affinity: this.affinity, pgNum: c.pgNum };
    this.target = o.sizeAware ? sizeAwareTargets(input, o.readRatio) : fairTargets(input);
    this.over = new Float64Array(n);
    this.heap = new DeviationHeap([], n, this.over, true);
    for (let i = 0; i < n; i++) {
      this.over[i] = this.count[i]! - this.target[i]!;
      if (this.count[i]! > 0) this.heap.push(i);
    }
    [this.memberStart, this.memberPgs] = this.membership();
    this.stamp = new Uint32Array(n);
    this.viaPg = new Int32Array(n);
    this.viaOsd = new Int32Array(n);
    this.maxBefore = this.maxCount();
  }

  /** Groups per OSD (compressed rows): where to look for the primaries an OSD holds. */
  private membership(): [Uint32Array, Uint32Array] {
    const c = this.c;
    const start = new Uint32Array(this.n + 1);
    for (let o = 0; o < this.n; o++) start[o + 1] = start[o]! + this.pgs[o]!;
    const fill = start.slice(0, this.n);
    const rows = new Uint32Array(start[this.n]!);
    for (let ps = 0; ps < c.pgNum; ps++) {
      for (let i = 0; i < c.memberCount[ps]!; i++) {
        const m = c.members[ps * c.width + i]!;
        if (m !== ITEM_NONE) rows[fill[m]!++] = ps;
      }
    }
    return [start, rows];
  }

  run(): void {
    for (;;) {
      const busy = this.heap.top();
      if (busy < 0 || this.over[busy]! < this.o.tolerance - EPS || this.changed >= this.o.maxChanges) return;
      const end = this.findChain(busy);
      if (end < 0 || !this.apply(busy, end)) this.heap.remove(busy);
    }
  }

  /**
   * Breadth first from `busy` over "a group it is primary of could have this OSD as primary",
   * level by level up to maxChain: the first level holding an OSD far enough below the busy one
   * gives the chain, ending at its least busy such OSD (lowest id on ties). Returns that OSD, the
   * links being in viaPg / viaOsd, or -1.
   */
  private findChain(busy: number): number {
    const c = this.c;
    const mark = ++this.epoch;
    this.stamp[busy] = mark;
    let frontier = [busy];
    let expanded = 0;
    for (let depth = 1; depth <= this.o.maxChain && frontier.length > 0; depth++) {
      const next: number[] = [];
      let best = -1;
      for (const u of frontier) {
        if (depth > 1 && ++expanded > MAX_EXPANDED) break;
        for (let j = this.memberStart[u]!; j < this.memberStart[u + 1]!; j++) {
          const ps = this.memberPgs[j]!;
          if (this.current[ps] !== u) continue;
          for (let k = 0; k < c.count[ps]!; k++) {
            const r = c.primary[ps * c.width + k]!;
            // an OSD of affinity 0 primary only because every member declined: never a target
            if (this.stamp[r] === mark || this.affinity[r] === 0) continue;
            this.stamp[r] = mark;
            this.viaPg[r] = ps;
            this.viaOsd[r] = u;
            next.push(r);
            if (this.over[r]! + 1 < this.over[busy]! - EPS && (best < 0 || this.over[r]! < this.over[best]! || (this.over[r] === this.over[best] && r < best))) best = r;
          }
        }
      }
      if (best >= 0) return best;
      frontier = next;
    }
    return -1;
  }

  /** Moves the chain ending at `end`, unless it would pass maxChanges. */
  private apply(busy: number, end: number): boolean {
    const links: number[] = [];
    for (let v = end; v !== busy; v = this.viaOsd[v]!) links.push(v);
    let delta = 0;
    for (const v of links) {
      const ps = this.viaPg[v]!;
      const wasChanged = this.current[ps] !== this.c.initialPrimary[ps];
      const willChange = v !== this.c.initialPrimary[ps];
      delta += (willChange ? 1 : 0) - (wasChanged ? 1 : 0);
    }
    if (this.changed + delta > this.o.maxChanges) return false;
    for (const v of links) this.current[this.viaPg[v]!] = v;
    this.changed += delta;
    this.count[busy]!--;
    this.count[end]!++;
    this.over[busy] = this.count[busy]! - this.target[busy]!;
    this.over[end] = this.count[end]! - this.target[end]!;
    this.heap.update(busy);
    this.heap.push(end);
    this.heap.update(end);
    return true;
  }

  changes(pool: number): PrimaryChange[] {
    const c = this.c;
    const out: PrimaryChange[] = [];
    for (let ps = 0; ps < c.pgNum; ps++) {
      const to = this.current[ps]!;
      const from = c.initialPrimary[ps]!;
      if (to === from) continue;
      let entry = -1;
      for (let k = 1; k < c.count[ps]!; k++) if (c.primary[ps * c.width + k] === to) entry = c.entry[ps * c.width + k]!;
      // choice 0 is the group's primary without an entry
      if (c.primary[ps * c.width] === to) entry = -1;
      if (entry === c.initialEntry[ps]) continue;
      out.push(Object.freeze({ pgid: formatPgId(pool, ps), from, to, entry }));
    }
    return out;
  }

  osdReport(): ReadBalanceOsd[] {
    const out: ReadBalanceOsd[] = [];
    const before = new Uint32Array(this.n);
    for (let ps = 0; ps < this.c.pgNum; ps++) if (this.c.initialPrimary[ps]! >= 0) before[this.c.initialPrimary[ps]!]!++;
    for (let o = 0; o < this.n; o++) {
      if (this.pgs[o] === 0) continue;
      out.push(Object.freeze({ osd: o, affinity: this.affinity[o]!, pgs: this.pgs[o]!, target: this.target[o]!, before: before[o]!, after: this.count[o]! }));
    }
    return out;
  }

  maxAfter(): number {
    return this.maxCount();
  }

  private maxCount(): number {
    let m = 0;
    for (let o = 0; o < this.n; o++) m = Math.max(m, this.count[o]!);
    return m;
  }
}
