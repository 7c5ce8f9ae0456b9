/**
 * Evening out a pool with pg_upmap_items, one replica move at a time: always help the device
 * furthest from its share, moving one of its replicas to (or taking one from) the device
 * furthest the other way among those the rule allows. Every move lowers the sum of squared
 * deviations, so the search ends; each exception is derived from the group's CRUSH result, so
 * moving a replica back where CRUSH put it removes the exception instead of stacking a new one.
 */
import { ITEM_NONE } from "../map/types.js";
import { mapPool, replicaMoves } from "../placement/mapPool.js";
import { formatPgId } from "../placement/pgId.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState, UpmapItem } from "../placement/types.js";
import { BalanceError } from "./errors.js";
import { checkMaxDeviation, deviation, maxDeviation, poolSpread, type Deviation } from "./deviation.js";
import type { RuleScope } from "../map/ruleScope.js";

export interface BalanceOptions {
  /** Stop when every device is within this many replicas of its target. Default 1. */
  readonly maxDeviation?: number;
  /** At most this many replica moves. Default: no limit. */
  readonly maxMoves?: number;
}

export interface UpmapChange {
  readonly pgid: string;
  /** The group's exceptions before and after; an empty `after` removes them. */
  readonly before: readonly UpmapItem[];
  readonly after: readonly UpmapItem[];
}

export interface BalanceResult {
  /** The state with the new exceptions. */
  readonly state: ClusterState;
  /** Every pg_upmap_items entry of the pool after balancing, as in Ceph's OSD map dump. */
  readonly pgUpmapItems: readonly { readonly pgid: string; readonly mappings: readonly UpmapItem[] }[];
  /** Groups whose exceptions changed. */
  readonly changes: readonly UpmapChange[];
  /** Replicas that move from the current up sets to the balanced ones. */
  readonly moves: number;
  readonly maxDeviationBefore: number;
  readonly maxDeviationAfter: number;
  /** Per device that can take replicas: target and count before and after. */
  readonly devices: readonly { readonly osd: number; readonly target: number; readonly before: number; readonly after: number }[];
}

/**
 * Computes pg_upmap_items bringing every device of `pool` within `maxDeviation` replicas of its
 * weight share, with as few replica moves as the greedy search finds, never putting two
 * replicas in one failure domain, never using a device that is out, down or weightless.
 *
 * @example
 * ```ts
 * const r = balanceUpmap(state, "rbd", { maxDeviation: 1 });
 * r.maxDeviationBefore; r.maxDeviationAfter; r.moves;
 * planRebalance(state, r.state); // the safe migration to the balanced layout
 * ```
 */
export function balanceUpmap(state: ClusterState, pool: number | string, options: BalanceOptions = {}): BalanceResult {
  const limit = checkMaxDeviation(options.maxDeviation);
  const maxMoves = options.maxMoves ?? Infinity;
  if (!(maxMoves >= 0)) throw new BalanceError(`maxMoves must be at least 0, got ${String(maxMoves)}`, "maxMoves");
  const spread = poolSpread(state, pool);
  const search = new Search(state, spread.pool.id, spread.scope, spread.mapping, spread.deviation);
  search.run(limit, maxMoves);
  return search.result();
}

class Search {
  private readonly width: number;
  private readonly pgNum: number;
  private readonly erasure: boolean;
  /** Current sets (up sets, then as moved), width slots per group. */
  private readonly cur: Int32Array;
  private readonly len: Uint16Array;
  /** CRUSH's result minus down OSDs per group: the base the exceptions are written against. */
  private readonly base: Int32Array;
  private readonly baseLen: Uint16Array;
  private readonly pgsOf: Set<number>[];
  private readonly eligible: Uint8Array;
  private readonly count: Float64Array;
  private readonly fixed = new Set<number>();
  private readonly touched = new Set<number>();
  /** Exceptions of each group touched so far, composed with its moves. */
  private readonly items = new Map<number, UpmapItem[]>();
  moves = 0;

  constructor(
    private readonly state: ClusterState,
    private readonly poolId: number,
    private readonly scope: RuleScope,
    private readonly m: ReturnType<typeof mapPool>,
    private readonly dev: Deviation,
  ) {
    this.width = m.width;
    this.pgNum = m.pgNum;
    this.erasure = m.pool.type === "erasure";
    this.cur = Int32Array.from(m.up);
    this.len = Uint16Array.from(m.upLength);
    const n = state.maxOsd;
    this.count = Float64Array.from(dev.count);
    this.eligible = new Uint8Array(n);
    for (const d of dev.devices) this.eligible[d] = 1;
    this.pgsOf = Array.from({ length: n }, () => new Set<number>());
    for (let ps = 0; ps < this.pgNum; ps++) {
      for (let i = 0; i < this.len[ps]!; i++) {
        const o = this.cur[ps * this.width + i]!;
        if (o !== ITEM_NONE) this.pgsOf[o]!.add(ps);
      }
    }
    // groups with a full pg_upmap, or a pg_temp in force, are left alone
    for (const key of [...state.pgUpmap.keys(), ...state.pgTemp.keys()]) {
      if (key.startsWith(`${poolId}.`)) this.fixed.add(parseInt(key.slice(key.indexOf(".") + 1), 16));
    }
    this.base = new Int32Array(this.pgNum * this.width).fill(ITEM_NONE);
    this.baseLen = new Uint16Array(this.pgNum);
    const up = (o: number): boolean => o >= 0 && o < state.maxOsd && state.osds[o]!.up;
    for (let ps = 0; ps < this.pgNum; ps++) {
      let k = 0;
      for (let i = 0; i < m.rawLength[ps]!; i++) {
        const o = m.raw[ps * m.width + i]!;
        if (up(o)) this.base[ps * this.width + k++] = o;
        else if (this.erasure) this.base[ps * this.width + k++] = ITEM_NONE;
      }
      this.baseLen[ps] = k;
    }
  }

  private d(o: number): number {
    return this.count[o]! - this.dev.target[o]!;
  }

  run(limit: number, maxMoves: number): void {
    const devices = this.dev.devices;
    const off = (o: number): number => Math.abs(this.d(o));
    while (this.moves < maxMoves) {
      // the device furthest off first; the sorted list only when it cannot move
      const first = extreme(devices, (o) => off(o) > limit, (a, b) => off(b) - off(a) || a - b);
      if (first < 0) return;
      if (this.help(first, devices)) continue;
      const worst = devices.filter((o) => o !== first && off(o) > limit).sort((a, b) => off(b) - off(a) || a - b);
      if (!worst.some((o) => this.help(o, devices))) return;
    }
  }

  private help(o: number, devices: readonly number[]): boolean {
    return this.d(o) > 0 ? this.shed(o, devices) : this.gain(o, devices);
  }

  /** Moves one replica off overfull `from` to the most underfull device that may take it. */
  private shed(from: number, devices: readonly number[]): boolean {
    const df = this.d(from);
    const pgs = [...this.pgsOf[from]!].sort((a, b) => a - b);
    const tryTo = (to: number): boolean => {
      for (const ps of pgs) {
        if (this.allowed(ps, from, to)) {
          this.apply(ps, from, to);
          return true;
        }
      }
      return false;
    };
    const order = (a: number, b: number): number => this.d(a) - this.d(b) || a - b;
    const best = extreme(devices, (o) => this.d(o) < df - 1, order);
    if (best < 0) return false;
    if (tryTo(best)) return true;
    return devices
      .filter((o) => o !== best && this.d(o) < df - 1)
      .sort(order)
      .some(tryTo);
  }

  /** Moves one replica onto underfull `to` from the most overfull device that may give it. */
  private gain(to: number, devices: readonly number[]): boolean {
    const dt = this.d(to);
    const tryFrom = (from: number): boolean => {
      const pgs = [...this.pgsOf[from]!].sort((a, b) => a - b);
      for (const ps of pgs) {
        if (this.allowed(ps, from, to)) {
          this.apply(ps, from, to);
          return true;
        }
      }
      return false;
    };
    const order = (a: number, b: number): number => this.d(b) - this.d(a) || a - b;
    const best = extreme(devices, (o) => this.d(o) > dt + 1, order);
    if (best < 0) return false;
    if (tryFrom(best)) return true;
    return devices
      .filter((o) => o !== best && this.d(o) > dt + 1)
      .sort(order)
      .some(tryFrom);
  }

  /** Whether group ps may hold `to` in place of `from` under the rule's failure domains. */
  private allowed(ps: number, from: number, to: number): boolean {
    if (this.fixed.has(ps) || this.eligible[to] !== 1) return false;
    const base = ps * this.width;
    const n = this.len[ps]!;
    for (let i = 0; i < n; i++) if (this.cur[base + i] === to) return false;
    if (this.erasure) {
      // an erasure exception must not name a device CRUSH placed elsewhere in the group
      for (let i = 0; i < this.baseLen[ps]!; i++) if (this.base[base + i] === to) return false;
    }
    const scope = this.scope;
    if (scope.take.get(to) !== scope.take.get(from)) return false;
    const dt = scope.domains.get(to);
    const df = scope.domains.get(from);
    if (dt === undefined || df === undefined) return false;
    const last = dt.length - 1;
    for (let k = 0; k < last; k++) if (dt[k] !== df[k]) return false;
    if (last >= 0) {
      for (let i = 0; i < n; i++) {
        const o = this.cur[base + i]!;
        if (o === ITEM_NONE || o === from) continue;
        const dom = scope.domains.get(o);
        if (dom !== undefined && dom[last] === dt[last]) return false;
      }
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
    this.pgsOf[from]!.delete(ps);
    this.pgsOf[to]!.add(ps);
    this.count[from]!--;
    this.count[to]!++;
    this.moves++;
    this.touched.add(ps);
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

  /** The exceptions of group ps after the search. */
  private itemsOf(ps: number): UpmapItem[] {
    return this.items.get(ps) ?? [];
  }

  result(): BalanceResult {
    const state = this.state;
    const poolPrefix = `${this.poolId}.`;
    const existing = new Map([...state.pgUpmapItems].filter(([k]) => k.startsWith(poolPrefix)));
    const changes: UpmapChange[] = [];
    const next = new Map(existing);
    for (const ps of [...this.touched].sort((a, b) => a - b)) {
      const pgid = formatPgId(this.poolId, ps);
      const items = this.itemsOf(ps);
      const before = existing.get(pgid) ?? [];
      if (items.length === 0) next.delete(pgid);
      else next.set(pgid, items);
      if (!sameItems(before, items)) changes.push({ pgid, before, after: items });
    }
    const input = clusterStateInput(state);
    const others = input.pgUpmapItems!.filter((e) => !e.pgid.startsWith(poolPrefix));
    const mine = [...next].sort((a, b) => parseInt(a[0].slice(poolPrefix.length), 16) - parseInt(b[0].slice(poolPrefix.length), 16)).map(([pgid, mappings]) => ({ pgid, mappings }));
    const balanced = createClusterState({ ...input, pgUpmapItems: [...others, ...mine] });
    // report what the new state really maps, not what the search believed
    const mapping = mapPool(balanced, this.poolId);
    const after = deviation(balanced, this.scope, mapping);
    return {
      state: balanced,
      pgUpmapItems: mine,
      changes,
      moves: replicaMoves(this.m, mapping),
      maxDeviationBefore: maxDeviation(this.dev),
      maxDeviationAfter: maxDeviation(after),
      devices: this.dev.devices.map((osd) => ({ osd, target: this.dev.target[osd]!, before: this.dev.count[osd]!, after: after.count[osd]! })),
    };
  }
}

/** The first device under `order` among those that pass `keep`, or -1: a sort's head in one pass. */
function extreme(devices: readonly number[], keep: (o: number) => boolean, order: (a: number, b: number) => number): number {
  let best = -1;
  for (const o of devices) if (keep(o) && (best < 0 || order(o, best) < 0)) best = o;
  return best;
}

function sameItems(a: readonly UpmapItem[], b: readonly UpmapItem[]): boolean {
  return a.length === b.length && a.every((x, i) => x.from === b[i]!.from && x.to === b[i]!.to);
}
