/**
 * Ceph's OSDMap::calc_pg_upmaps, step for step, for Ceph 16.2 (Pacific) and 18.2 / 20.2 (Reef,
 * Tentacle; their code is the same): up to `max` changes to pg_upmap_items that even out how
 * many groups of the selected pools each OSD holds, relative to the share its weight gives it.
 *
 * Each step sorts OSDs into overfull (deviation above maxDeviation), slightly overfull, underfull
 * and slightly underfull, tries one change (upmapSearches.ts) and keeps it if the sum of squared
 * deviations falls; Ceph's floats (32-bit) are kept throughout. Non-aggressive (Ceph's
 * `osd_calc_pg_upmaps_aggressively=false`) stops at the first change that does not help; the
 * aggressive default shuffles each OSD's groups, retries with the failed groups skipped (up to
 * osd_calc_pg_upmaps_local_fallback_retries), then alternates between the overfull and underfull
 * searches; Reef's fast mode (`osd_calc_pg_upmaps_aggressively_fast`, default on) passes over OSDs
 * that yielded nothing on those retries. The shuffles replay Ceph's seeded engines exactly
 * (`seed`, `enginesMade`); Ceph without --upmap-seed (and every Pacific) draws them from
 * std::random_device, so there crushmap's result is one of the results Ceph may give.
 */
import type { ClusterState, UpmapItem } from "../../placement/types.js";
import { BalanceError } from "../errors.js";
import { CephRandom } from "./cephRandom.js";
import { calcDeviations, fillOverfullUnderfull, type Deviations } from "./deviations.js";
import { pgKeyText, type PgsByOsd } from "./pgsByOsd.js";
import { overfullSearch, underfullSearch, type Attempt, type StepState } from "./upmapSearches.js";
import { poolPgsInfo, reweightsOf, startCalc, type PendingUpmaps, type UpmapCalc } from "./upmapCalc.js";

/**
 * Options of {@link calcPgUpmaps}: Ceph's arguments and the config options it reads.
 *
 * @group Balancing
 */
export interface CalcPgUpmapsOptions {
  /** Stop when every OSD is within this many groups of its target (Ceph's max_deviation, at least 1). */
  readonly maxDeviation: number;
  /** At most this many changes (Ceph's `max`). */
  readonly max: number;
  /** The pools to balance together (Ceph's only_pools; empty: every pool). */
  readonly pools: readonly number[];
  /** osd_calc_pg_upmaps_aggressively. Default true. */
  readonly aggressive?: boolean;
  /** osd_calc_pg_upmaps_aggressively_fast (Reef and later). Default true. */
  readonly fast?: boolean;
  /** osd_calc_pg_upmaps_local_fallback_retries. Default 100. */
  readonly localFallbackRetries?: number;
  /** The seed of the shuffles (osdmaptool's --upmap-seed). Default 0. */
  readonly seed?: number;
  /** Random engines Ceph's process made before this call (its static seed counter). Default 0. */
  readonly enginesMade?: number;
}

/**
 * What {@link calcPgUpmaps} found, as Ceph's Incremental holds it.
 *
 * @group Balancing
 */
export interface CalcPgUpmapsResult {
  /** Changes made (Ceph's return value; each is one group's items set or removed). */
  readonly changes: number;
  /** Groups whose pg_upmap_items are removed (`ceph osd rm-pg-upmap-items`), in pg order. */
  readonly removed: readonly string[];
  /** Groups' new pg_upmap_items (`ceph osd pg-upmap-items`), in pg order. */
  readonly items: ReadonlyMap<string, readonly UpmapItem[]>;
  /** Random engines made by the end of the call, to pass on as `enginesMade`. */
  readonly enginesMade: number;
}

/**
 * Ceph's calc_pg_upmaps on `state` (whose release decides Pacific's or Reef's variant).
 *
 * @group Balancing
 *
 * @throws {@link BalanceError} for bad options, and where Ceph would abort (an OSD holding groups
 * of the pools that their rules do not reach).
 *
 * @example
 * ```ts
 * const r = calcPgUpmaps(state, { maxDeviation: 5, max: 10, pools: [1], aggressive: false });
 * for (const [pg, items] of r.items) console.log(pg, items);
 * ```
 */
export function calcPgUpmaps(state: ClusterState, options: CalcPgUpmapsOptions): CalcPgUpmapsResult {
  checkOptions(options);
  const random = new CephRandom(options.seed ?? 0, options.enginesMade ?? 0);
  const pending: PendingUpmaps = { old: new Set(), items: new Map() };
  const changes = runCalc(state, options, random, pending);
  const removed = [...pending.old].sort((a, b) => a - b).map(pgKeyText);
  const items = new Map<string, readonly UpmapItem[]>();
  for (const key of [...pending.items.keys()].sort((a, b) => a - b)) items.set(pgKeyText(key), Object.freeze(pending.items.get(key)!.map((p) => Object.freeze({ ...p }))));
  return Object.freeze({ changes, removed: Object.freeze(removed), items, enginesMade: random.made });
}

function checkOptions(o: CalcPgUpmapsOptions): void {
  const int = (v: number | undefined, what: string): void => {
    if (v !== undefined && !Number.isSafeInteger(v)) throw new BalanceError(`${what} must be an integer (got ${v})`, what);
  };
  int(o.maxDeviation, "maxDeviation");
  int(o.max, "max");
  int(o.localFallbackRetries, "localFallbackRetries");
  int(o.seed, "seed");
  int(o.enginesMade, "enginesMade");
  if (o.maxDeviation < 0 || o.maxDeviation > 0xffffffff) throw new BalanceError(`maxDeviation must be an unsigned 32-bit number (got ${o.maxDeviation})`, "maxDeviation");
}

/** The run: setup and the early exits of Ceph's function, then the steps; the number of changes. */
function runCalc(state: ClusterState, o: CalcPgUpmapsOptions, random: CephRandom, pending: PendingUpmaps): number {
  if (o.max <= 0) return 0;
  const only = new Set(o.pools);
  const weight = reweightsOf(state);
  const info = poolPgsInfo(state, only, weight);
  if (info.weightTotal === 0) return 0;
  const base = {
    only,
    aggressive: o.aggressive ?? true,
    fast: o.fast ?? true,
    localFallbackRetries: o.localFallbackRetries ?? 100,
    maxDeviation: Math.max(1, o.maxDeviation),
    random,
    pending,
  };
  const c = startCalc(state, base, info, weight);
  const dev = calcDeviations(info.pgs, c.osdWeight, c.pgsPerWeight);
  if (dev.max <= c.maxDeviation) return 0;
  return steps(c, info.pgs, dev, o.max);
}

/** The `while (max--)` loop: one kept change per step at most. */
function steps(c: UpmapCalc, startPgs: PgsByOsd, startDev: Deviations, max: number): number {
  let pgs = startPgs;
  let dev = startDev;
  let skipOverfull = false;
  let changed = 0;
  for (let left = max; left > 0; left--) {
    const full = fillOverfullUnderfull(dev, c.maxDeviation);
    if (full.underfull.length === 0 && full.overfull.size === 0) break;
    const usingMoreOverfull = full.overfull.size === 0 && full.underfull.length > 0;
    const targets = { overfull: usingMoreOverfull ? full.moreOverfull : full.overfull, underfull: full.underfull, moreUnderfull: full.moreUnderfull };
    const toSkip = new Set<number>();
    const osdToSkip = new Set<number>();
    let retried = 0;
    let outcome: "stop" | "next" | undefined;
    while (outcome === undefined) {
      const s: StepState = { pgs, dev, targets, usingMoreOverfull, skipOverfull, toSkip, osdToSkip };
      const attempt = overfullSearch(c, s) ?? underfullSearch(c, s);
      if (attempt === undefined) {
        // both searches came up empty: non-aggressive stops; aggressive stops unless it skipped the overfull one
        if (!c.aggressive || !skipOverfull) outcome = "stop";
        else {
          skipOverfull = false;
          outcome = "next";
        }
        continue;
      }
      const next = calcDeviations(attempt.temp, c.osdWeight, c.pgsPerWeight);
      if (next.stddev >= dev.stddev) {
        if (!c.aggressive) outcome = "stop";
        else if (++retried >= c.localFallbackRetries) {
          skipOverfull = !skipOverfull;
          outcome = "next";
        } else skipGroups(toSkip, attempt);
        continue;
      }
      changed += keep(c, attempt);
      pgs = attempt.temp;
      dev = next;
      outcome = next.max <= c.maxDeviation ? "stop" : "next";
    }
    if (outcome === "stop") break;
  }
  return changed;
}

function skipGroups(toSkip: Set<number>, a: Attempt): void {
  if (a.unmap !== undefined) toSkip.add(a.unmap);
  if (a.upmap !== undefined) toSkip.add(a.upmap[0]);
}

/** pack_upmap_results: the change goes into the working items and the pending Incremental. */
function keep(c: UpmapCalc, a: Attempt): number {
  let n = 0;
  if (a.unmap !== undefined) {
    c.items.delete(a.unmap);
    c.pending.old.add(a.unmap);
    n++;
  }
  if (a.upmap !== undefined) {
    c.items.set(a.upmap[0], a.upmap[1]);
    c.pending.items.set(a.upmap[0], a.upmap[1]);
    n++;
  }
  return n;
}
