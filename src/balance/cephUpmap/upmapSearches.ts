/**
 * The two searches of one calc_pg_upmaps step. From the fullest OSD down: undo an exception that
 * put one of its groups there (try_drop_remap_overfull), else move one of its groups to an
 * underfull OSD (try_pg_upmap, find_best_remap, add_remap_pair). Failing that, from the emptiest
 * OSD up: undo an exception that took a group off it (try_drop_remap_underfull). Each returns the
 * first candidate change; the caller keeps it only if the spread shrinks.
 */
import { stdShuffle } from "./stdShuffle.js";
import type { Deviations } from "./deviations.js";
import type { UpmapItem } from "../../placement/types.js";
import { BalanceError } from "../errors.js";
import { tryRemapRule, type RemapTargets } from "./tryRemapRule.js";
import { origOf, type UpmapCalc } from "./upmapCalc.js";
import type { PgsByOsd } from "./pgsByOsd.js";
import type { RuleQueries } from "./ruleQueries.js";

const f32 = Math.fround;

/** One candidate change: the distribution it leads to, a group whose items go, or a group's new items. */
export interface Attempt {
  readonly temp: PgsByOsd;
  readonly unmap?: number;
  readonly upmap?: readonly [number, readonly UpmapItem[]];
}

/** Where the step stands: the sets, which groups and OSDs to pass over, which search to skip. */
export interface StepState {
  readonly pgs: PgsByOsd;
  readonly dev: Deviations;
  readonly targets: RemapTargets;
  readonly usingMoreOverfull: boolean;
  readonly skipOverfull: boolean;
  readonly toSkip: ReadonlySet<number>;
  /** OSDs the fast aggressive mode passes over on retries. */
  readonly osdToSkip: Set<number>;
}

function checkTarget(c: UpmapCalc, osd: number): void {
  const target = f32((c.osdWeight.get(osd) ?? 0) * c.pgsPerWeight);
  if (!(target > 0)) throw new BalanceError(`osd.${osd} has no target share (Ceph's calc_pg_upmaps asserts)`, osd);
}

/** The overfull search; undefined when no OSD yields a change. */
export function overfullSearch(c: UpmapCalc, s: StepState): Attempt | undefined {
  const sorted = s.dev.sorted;
  for (let k = sorted.length - 1; k >= 0; k--) {
    if (s.skipOverfull && s.targets.underfull.length > 0) break;
    const [deviation, osd] = sorted[k]!;
    const fast = c.fast && c.release >= 18;
    if (fast && s.osdToSkip.has(osd)) continue;
    if (deviation < 0) break;
    checkTarget(c, osd);
    if (!s.usingMoreOverfull && deviation <= c.maxDeviation) break;
    const pgs = s.pgs.of(osd).filter((pg) => !s.toSkip.has(pg));
    if (c.aggressive) stdShuffle(pgs, c.random.engine());
    const attempt = dropRemapOverfull(c, s.pgs, pgs, osd) ?? moveOneGroup(c, s, pgs);
    if (attempt !== undefined) return attempt;
    // Ceph compares change counts that stay 0 within a step: every OSD that yields nothing is skipped on retries
    if (fast) s.osdToSkip.add(osd);
  }
  return undefined;
}

/** try_drop_remap_overfull: the first of `pgs` with an exception into `osd` loses it. */
function dropRemapOverfull(c: UpmapCalc, base: PgsByOsd, pgs: readonly number[], osd: number): Attempt | undefined {
  for (const pg of pgs) {
    const items = c.items.get(pg);
    if (items === undefined) continue;
    const kept = items.filter((p) => p.to !== osd);
    if (kept.length === items.length) continue;
    const temp = base.copy();
    for (const p of items) {
      if (p.to !== osd) continue;
      temp.erase(p.to, pg);
      temp.insert(p.from, pg);
    }
    return kept.length === 0 ? { temp, unmap: pg } : { temp, upmap: [pg, kept] };
  }
  return undefined;
}

/** The add path: the first group of `pgs` try_remap_rule can move, by its most overfull position. */
function moveOneGroup(c: UpmapCalc, s: StepState, pgs: readonly number[]): Attempt | undefined {
  for (const pg of pgs) {
    if (c.pgUpmap.has(pg)) continue;
    const pool = c.pools.get(Math.floor(pg / 4294967296))!;
    const items = c.items.get(pg) ?? [];
    if (items.length >= pool.pool.size) continue;
    const existing = new Set<number>();
    for (const p of items) {
      existing.add(p.from);
      existing.add(p.to);
    }
    const orig = origOf(c, pg);
    const out = tryPgUpmap(pool.queries, pool.pool.size, s.targets, orig);
    if (out === undefined || out.length !== orig.length) continue;
    const pos = findBestRemap(orig, out, existing, s.dev.byOsd);
    if (pos === -1) continue;
    const temp = s.pgs.copy();
    temp.erase(orig[pos]!, pg);
    temp.insert(out[pos]!, pg);
    return { temp, upmap: [pg, [...items, { from: orig[pos]!, to: out[pos]! }]] };
  }
  return undefined;
}

/** OSDMap::try_pg_upmap: the remapped set, or undefined when nothing in it is overfull or nothing changes. */
function tryPgUpmap(queries: RuleQueries | undefined, size: number, t: RemapTargets, orig: readonly number[]): number[] | undefined {
  if (queries === undefined) return undefined;
  if (!orig.some((o) => t.overfull.has(o))) return undefined;
  const out = tryRemapRule(queries, size, t, orig);
  if (out.length === orig.length && out.every((o, i) => o === orig[i])) return undefined;
  return out;
}

/** find_best_remap: the changed position whose original OSD deviates most (above 0), skipping OSDs the group's items name. */
function findBestRemap(orig: readonly number[], out: readonly number[], existing: ReadonlySet<number>, byOsd: ReadonlyMap<number, number>): number {
  let best = -1;
  let maxDev = 0;
  for (let i = 0; i < out.length; i++) {
    if (orig[i] === out[i]) continue;
    if (existing.has(orig[i]!) || existing.has(out[i]!)) continue;
    const dev = byOsd.get(orig[i]!) ?? 0;
    if (dev > maxDev) {
      maxDev = dev;
      best = i;
    }
  }
  return best;
}

/** The underfull search; undefined when no underfull OSD can take a group back. */
export function underfullSearch(c: UpmapCalc, s: StepState): Attempt | undefined {
  for (const [deviation, osd] of s.dev.sorted) {
    if (!s.targets.underfull.includes(osd)) break;
    checkTarget(c, osd);
    if (Math.abs(deviation) < c.maxDeviation) break;
    const candidates = buildCandidates(c, s.toSkip);
    const attempt = dropRemapUnderfull(s.pgs, candidates, osd);
    if (attempt !== undefined) return attempt;
  }
  return undefined;
}

/** build_candidates: the run's groups with exceptions (of the selected pools, not skipped), shuffled when aggressive. */
function buildCandidates(c: UpmapCalc, toSkip: ReadonlySet<number>): [number, readonly UpmapItem[]][] {
  const out: [number, readonly UpmapItem[]][] = [];
  for (const pg of [...c.items.keys()].sort((a, b) => a - b)) {
    if (toSkip.has(pg)) continue;
    if (c.only.size > 0 && !c.only.has(Math.floor(pg / 4294967296))) continue;
    out.push([pg, c.items.get(pg)!]);
  }
  if (c.aggressive) stdShuffle(out, c.random.engine());
  return out;
}

/** try_drop_remap_underfull: the first candidate with an exception out of `osd` loses it. */
function dropRemapUnderfull(base: PgsByOsd, candidates: readonly [number, readonly UpmapItem[]][], osd: number): Attempt | undefined {
  for (const [pg, items] of candidates) {
    const kept = items.filter((p) => p.from !== osd);
    if (kept.length === items.length) continue;
    const temp = base.copy();
    for (const p of items) {
      if (p.from !== osd) continue;
      temp.erase(p.to, pg);
      temp.insert(p.from, pg);
    }
    return kept.length === 0 ? { temp, unmap: pg } : { temp, upmap: [pg, kept] };
  }
  return undefined;
}
