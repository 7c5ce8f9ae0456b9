/**
 * The upmap balancer's search: one replica move at a time, always for the device furthest from
 * its share, to (or from) the device furthest the other way that the rule allows. Devices are
 * kept in two heaps by deviation (most overfull first, most underfull first, ties to the lower
 * id), so finding the next pair costs O(log n) rather than a scan of every device, and the
 * moves are those a full scan in that order would pick. Every move lowers the sum of squared
 * deviations, so the search ends.
 */
import { ITEM_NONE } from "../map/types.js";
import type { PoolMapping } from "../placement/mapPool.js";
import { formatPgId } from "../placement/pgId.js";
import type { ClusterState, UpmapItem } from "../placement/types.js";
import type { Deviation } from "./deviation.js";
import { DeviationHeap, HeapWalk } from "./deviationHeap.js";
import type { RuleScope } from "../map/ruleScope.js";

export class UpmapSearch {
  private readonly width: number;
  private readonly erasure: boolean;
  /** Current sets (up sets, then as moved), width slots per group. */
  private readonly cur: Int32Array;
  private readonly len: Uint16Array;
  /** CRUSH's result minus down OSDs per group: the base the exceptions are written against. */
  private readonly base: Int32Array;
  private readonly baseLen: Uint16Array;
  /** Groups each device holds, ascending (the order moves are tried in). */
  private readonly pgsOf: number[][];
  private readonly eligible: Uint8Array;
  private readonly fixed: Uint8Array;
  private readonly target: Float64Array;
  private readonly count: Float64Array;
  /** count − target per device: the key of both heaps. */
  private readonly dev: Float64Array;
  private readonly over: DeviationHeap;
  private readonly under: DeviationHeap;
  /** Walks for the worst devices (outer) and for a device's partners (inner). */
  private readonly overWalk: HeapWalk;
  private readonly underWalk: HeapWalk;
  private readonly partnerOver: HeapWalk;
  private readonly partnerUnder: HeapWalk;
  private readonly rules: DomainTable;
  /** What one replica of each group counts (bytes balancing), or null: 1 each. */
  private readonly weights: Float64Array | null;
  /** The lightest move possible: a partner must be at least this far the other way. */
  private readonly step: number;
  /** Exceptions of each group touched so far, composed with its moves. */
  readonly items = new Map<number, UpmapItem[]>();
  moves = 0;

  constructor(
    private readonly state: ClusterState,
    private readonly poolId: number,
    scope: RuleScope,
    private readonly m: PoolMapping,
    deviation: Deviation,
    weights?: Float64Array,
  ) {
    const n = state.maxOsd;
    this.weights = weights ?? null;
    this.step = weights === undefined ? 1 : lightest(weights);
    this.width = m.width;
    this.erasure = m.pool.type === "erasure";
    this.cur = Int32Array.from(m.up);
    this.len = Uint16Array.from(m.upLength);
    this.target = deviation.target;
    this.count = Float64Array.from(deviation.count);
    this.dev = new Float64Array(n);
    for (let o = 0; o < n; o++) this.dev[o] = this.count[o]! - this.target[o]!;
    this.eligible = new Uint8Array(n);
    for (const d of deviation.devices) this.eligible[d] = 1;
    this.pgsOf = groupsOf(this.cur, this.len, m.pgNum, this.width, n);
    this.fixed = fixedGroups(state, poolId, m.pgNum);
    ({ base: this.base, baseLen: this.baseLen } = baseSets(state, m, this.erasure));
    this.rules = domainTable(scope, n);
    this.over = new DeviationHeap(deviation.devices, n, this.dev, true);
    this.under = new DeviationHeap(deviation.devices, n, this.dev, false);
    this.overWalk = new HeapWalk(this.over);
    this.underWalk = new HeapWalk(this.under);
    this.partnerOver = new HeapWalk(this.over);
    this.partnerUnder = new HeapWalk(this.under);
  }

  run(limit: number, maxMoves: number, progress?: (done: number, total: number) => void): void {
    const total = Number.isFinite(maxMoves) ? maxMoves : 0;
    while (this.moves < maxMoves && this.helpWorst(limit)) {
      // one move per turn; the caller hears of every 256th
      if (progress !== undefined && (this.moves & 255) === 0) progress(this.moves, total);
    }
  }

  /**
   * Helps the device furthest outside the band (the larger |deviation|, then the lower id); when
   * it cannot move, the next furthest, and so on. False when no device outside the band can move.
   */
  private helpWorst(limit: number): boolean {
    const dev = this.dev;
    this.overWalk.reset();
    this.underWalk.reset();
    let a = this.overWalk.next();
    let b = this.underWalk.next();
    for (;;) {
      if (a >= 0 && !(dev[a]! > limit)) a = -1;
      if (b >= 0 && !(-dev[b]! > limit)) b = -1;
      if (a < 0 && b < 0) return false;
      const takeOver = b < 0 || (a >= 0 && (dev[a]! > -dev[b]! || (dev[a]! === -dev[b]! && a < b)));
      if (takeOver) {
        if (this.shed(a)) return true;
        a = this.overWalk.next();
      } else {
        if (this.gain(b)) return true;
        b = this.underWalk.next();
      }
    }
  }

  /** Moves one replica off overfull `from` to the most underfull device that may take it. */
  private shed(from: number): boolean {
    const bound = this.dev[from]! - this.step;
    const walk = this.partnerUnder;
    walk.reset();
    for (let to = walk.next(); to >= 0 && this.dev[to]! < bound; to = walk.next()) {
      if (this.moveOne(from, to)) return true;
    }
    return false;
  }

  /** Moves one replica onto underfull `to` from the most overfull device that may give it. */
  private gain(to: number): boolean {
    const bound = this.dev[to]! + this.step;
    const walk = this.partnerOver;
    walk.reset();
    for (let from = walk.next(); from >= 0 && this.dev[from]! > bound; from = walk.next()) {
      if (this.moveOne(from, to)) return true;
    }
    return false;
  }

  /**
   * Moves a group of `from` that may hold `to` instead; false if none may. Counting replicas,
   * the lowest-numbered. Weighing groups, one lighter than the gap between the two (so the sum
   * of squared deviations still falls and the search ends), nearest half the gap (which evens
   * the pair best), ties to the lower-numbered group.
   */
  private moveOne(from: number, to: number): boolean {
    if (this.eligible[to] !== 1 || !this.rules.sameBranch(from, to)) return false;
    const pgs = this.pgsOf[from]!;
    const weights = this.weights;
    const gap = this.dev[from]! - this.dev[to]!;
    let best = -1;
    let bestScore = Infinity;
    for (let i = 0; i < pgs.length; i++) {
      const ps = pgs[i]!;
      const w = weights === null ? 1 : weights[ps]!;
      if (!(w > 0 && w < gap)) continue;
      const score = Math.abs(w - gap / 2);
      if (score < bestScore && this.allowed(ps, from, to)) {
        best = ps;
        bestScore = score;
        if (weights === null) break;
      }
    }
    if (best < 0) return false;
    this.apply(best, from, to);
    return true;
  }

  /** Whether group ps may hold `to` in place of `from` under the rule's failure domains. */
  private allowed(ps: number, from: number, to: number): boolean {
    if (this.fixed[ps] === 1) return false;
    const base = ps * this.width;
    const n = this.len[ps]!;
    const cur = this.cur;
    for (let i = 0; i < n; i++) if (cur[base + i] === to) return false;
    if (this.erasure) {
      // an erasure exception must not name a device CRUSH placed elsewhere in the group
      for (let i = 0; i < this.baseLen[ps]!; i++) if (this.base[base + i] === to) return false;
    }
    const rules = this.rules;
    if (rules.types === 0) return true;
    const domain = rules.domainOf(to, rules.types - 1);
    for (let i = 0; i < n; i++) {
      const o = cur[base + i]!;
      if (o === ITEM_NONE || o === from) continue;
      if (rules.has(o) && rules.domainOf(o, rules.types - 1) === domain) return false;
    }
    return true;
  }

  private apply(ps: number, from: number, to: number): void {
    const base = ps * this.width;
    for (let i = 0; i < this.len[ps]!; i++) {
      if (this.cur[base + i] === from) {
        this.cur[base + i] = to;
        break;
      }
    }
    removeSorted(this.pgsOf[from]!, ps);
    insertSorted(this.pgsOf[to]!, ps);
    const w = this.weights === null ? 1 : this.weights[ps]!;
    this.count[from]! -= w;
    this.count[to]! += w;
    this.rekey(from);
    this.rekey(to);
    this.moves++;
    // compose with the group's exceptions: moving an exception's target on rewrites the
    // exception, moving it back to where CRUSH put it removes the exception
    let items = this.items.get(ps);
    if (items === undefined) {
      items = this.effectiveItems(ps);
      this.items.set(ps, items);
    }
    const k = items.findIndex((it) => it.to === from);
    if (k < 0) items.push({ from, to });
    else if (items[k]!.from === to) items.splice(k, 1);
    else items[k] = { from: items[k]!.from, to };
  }

  /** Recomputes o's deviation as count − target (not by ±1: the same float as a fresh scan) and reorders. */
  private rekey(o: number): void {
    this.dev[o] = this.count[o]! - this.target[o]!;
    this.over.update(o);
    this.under.update(o);
  }

  /**
   * The group's existing exceptions that take effect, found by applying them as Ceph does
   * (an exception whose target is out or already in the set does nothing and is dropped).
   */
  private effectiveItems(ps: number): UpmapItem[] {
    const existing = this.state.pgUpmapItems.get(formatPgId(this.poolId, ps)) ?? [];
    const set = Array.from(this.m.raw.subarray(ps * this.m.width, ps * this.m.width + this.m.rawLength[ps]!));
    const osds = this.state.osds;
    const kept: UpmapItem[] = [];
    for (const it of existing) {
      const toOut = it.to !== ITEM_NONE && it.to >= 0 && it.to < osds.length && osds[it.to]!.weight === 0;
      if (set.includes(it.to) || toOut) continue;
      const pos = set.indexOf(it.from);
      if (pos < 0) continue;
      set[pos] = it.to;
      kept.push({ from: it.from, to: it.to });
    }
    return kept;
  }
}

/** The smallest positive group weight (1 when none is positive). */
function lightest(weights: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0 && weights[i]! < min) min = weights[i]!;
  return min === Infinity ? 1 : min;
}

/**
 * Per device, the rule's take block and its ancestor at each type the rule chooses over, as
 * flat arrays (the search asks for them on every candidate move).
 */
interface DomainTable {
  readonly types: number;
  has(o: number): boolean;
  domainOf(o: number, k: number): number;
  /** Same take block and same ancestors above the failure domain: `to` may stand in for `from`. */
  sameBranch(from: number, to: number): boolean;
}

function domainTable(scope: RuleScope, n: number): DomainTable {
  const types = scope.types.length;
  const take = new Int32Array(n).fill(-1);
  const known = new Uint8Array(n);
  const domains = new Int32Array(n * types);
  for (const [d, t] of scope.take) if (d < n) take[d] = t;
  for (const [d, chain] of scope.domains) {
    if (d >= n) continue;
    known[d] = 1;
    for (let k = 0; k < types; k++) domains[d * types + k] = chain[k]!;
  }
  return {
    types,
    has: (o) => o >= 0 && o < n && known[o] === 1,
    domainOf: (o, k) => domains[o * types + k]!,
    sameBranch(from, to) {
      if (from >= n || take[to] !== take[from] || take[to]! < 0) return false;
      if (known[to] !== 1 || known[from] !== 1) return false;
      for (let k = 0; k < types - 1; k++) if (domains[to * types + k] !== domains[from * types + k]) return false;
      return true;
    },
  };
}

/** Groups per device, each list ascending. */
function groupsOf(cur: Int32Array, len: Uint16Array, pgNum: number, width: number, n: number): number[][] {
  const pgs: number[][] = Array.from({ length: n }, () => []);
  for (let ps = 0; ps < pgNum; ps++) {
    for (let i = 0; i < len[ps]!; i++) {
      const o = cur[ps * width + i]!;
      if (o === ITEM_NONE) continue;
      const list = pgs[o]!;
      if (list[list.length - 1] !== ps) list.push(ps);
    }
  }
  return pgs;
}

/** Groups with a full pg_upmap or a pg_temp in force: left alone. */
function fixedGroups(state: ClusterState, poolId: number, pgNum: number): Uint8Array {
  const fixed = new Uint8Array(pgNum);
  const prefix = `${poolId}.`;
  for (const keys of [state.pgUpmap.keys(), state.pgTemp.keys()]) {
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const ps = parseInt(key.slice(prefix.length), 16);
      if (ps < pgNum) fixed[ps] = 1;
    }
  }
  return fixed;
}

/** CRUSH's result minus down OSDs per group (erasure pools keep the holes). */
function baseSets(state: ClusterState, m: PoolMapping, erasure: boolean): { base: Int32Array; baseLen: Uint16Array } {
  const base = new Int32Array(m.pgNum * m.width).fill(ITEM_NONE);
  const baseLen = new Uint16Array(m.pgNum);
  for (let ps = 0; ps < m.pgNum; ps++) {
    let k = 0;
    for (let i = 0; i < m.rawLength[ps]!; i++) {
      const o = m.raw[ps * m.width + i]!;
      if (o >= 0 && o < state.maxOsd && state.osds[o]!.up) base[ps * m.width + k++] = o;
      else if (erasure) base[ps * m.width + k++] = ITEM_NONE;
    }
    baseLen[ps] = k;
  }
  return { base, baseLen };
}

function insertSorted(list: number[], v: number): void {
  const i = lowerBound(list, v);
  if (list[i] !== v) list.splice(i, 0, v);
}

function removeSorted(list: number[], v: number): void {
  const i = lowerBound(list, v);
  if (list[i] === v) list.splice(i, 1);
}

function lowerBound(list: readonly number[], v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
