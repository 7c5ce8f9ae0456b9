/**
 * What osdmaptool's `--upmap` does around calc_pg_upmaps (src/tools/osdmaptool.cc): one call per
 * pool, each with the changes still allowed (`--upmap-max` minus those made so far), stopping when
 * none are left; with a seed, the seed grows by 13 from one pool to the next while Ceph's engine
 * counter carries on. All changes land in one Incremental, printed in pg order.
 *
 * Two things osdmaptool leaves to chance are fixed here: it shuffles the pools with a
 * std::mt19937 seeded from std::random_device (even with --upmap-seed), so crushmap takes them in
 * the order given (osdmaptool's own order before its shuffle: pool id, or --upmap-pool names
 * sorted); and without --upmap-seed its shuffles are unseeded, so crushmap runs as if
 * `--upmap-seed 0` were given.
 */
import type { ClusterState, UpmapItem } from "../../placement/types.js";
import { calcPgUpmaps } from "./calcPgUpmaps.js";
import { parsePgId } from "../../placement/pgId.js";

/**
 * Options of {@link osdmaptoolUpmap}: osdmaptool's flags and the config options it passes on.
 *
 * @group Balancing
 */
export interface OsdmaptoolUpmapOptions {
  /** --upmap-max (default 10). */
  readonly max?: number;
  /** --upmap-deviation (default 5). */
  readonly deviation?: number;
  /** Pool ids in the order to balance them. */
  readonly pools: readonly number[];
  /** --upmap-seed; undefined: crushmap uses 0 where Ceph draws from std::random_device. */
  readonly seed?: number;
  /** osd_calc_pg_upmaps_aggressively (default true). */
  readonly aggressive?: boolean;
  /** osd_calc_pg_upmaps_aggressively_fast (default true; Reef and later). */
  readonly fast?: boolean;
  /** osd_calc_pg_upmaps_local_fallback_retries (default 100). */
  readonly localFallbackRetries?: number;
}

/**
 * The changes of one `osdmaptool --upmap` round.
 *
 * @group Balancing
 */
export interface OsdmaptoolUpmapResult {
  /** Changes made in all (osdmaptool's `prepared N/M changes`). */
  readonly changes: number;
  /** Groups whose pg_upmap_items go, in pg order. */
  readonly removed: readonly string[];
  /** New pg_upmap_items by group, in pg order. */
  readonly items: ReadonlyMap<string, readonly UpmapItem[]>;
}

/**
 * One round of osdmaptool's upmap balancing over `options.pools`.
 *
 * @group Balancing
 *
 * @example
 * ```ts
 * const r = osdmaptoolUpmap(state, { pools: [1], max: 11, aggressive: false });
 * process.stdout.write(formatUpmapCommands(r).join(""));
 * ```
 */
export function osdmaptoolUpmap(state: ClusterState, options: OsdmaptoolUpmapOptions): OsdmaptoolUpmapResult {
  const max = options.max ?? 10;
  let left = max;
  let seed = options.seed ?? 0;
  let engines = 0;
  let changes = 0;
  const removed: string[] = [];
  const items = new Map<string, readonly UpmapItem[]>();
  for (const pool of options.pools) {
    const r = calcPgUpmaps(state, {
      maxDeviation: options.deviation ?? 5,
      max: left,
      pools: [pool],
      seed,
      enginesMade: engines,
      ...(options.aggressive === undefined ? {} : { aggressive: options.aggressive }),
      ...(options.fast === undefined ? {} : { fast: options.fast }),
      ...(options.localFallbackRetries === undefined ? {} : { localFallbackRetries: options.localFallbackRetries }),
    });
    engines = r.enginesMade;
    removed.push(...r.removed);
    for (const [pg, v] of r.items) items.set(pg, v);
    changes += r.changes;
    left -= r.changes;
    if (left <= 0) break;
    seed = (seed + 13) >>> 0;
  }
  return Object.freeze({ changes, removed: Object.freeze(byPg(removed)), items: new Map(byPg([...items.keys()]).map((pg) => [pg, items.get(pg)!])) });
}

function byPg(pgs: readonly string[]): string[] {
  const key = (t: string): [number, number] => {
    const id = parsePgId(t);
    return [id.pool, id.ps];
  };
  return [...pgs].sort((a, b) => {
    const [pa, sa] = key(a);
    const [pb, sb] = key(b);
    return pa - pb || sa - sb;
  });
}

/**
 * The `ceph osd …` commands osdmaptool writes for a round (print_inc_upmaps): removals first,
 * then the new items, one line each, `prefix` before each (`./bin/` for --vstart).
 *
 * @group Balancing
 */
export function formatUpmapCommands(r: OsdmaptoolUpmapResult, prefix = ""): string[] {
  const lines: string[] = [];
  for (const pg of r.removed) lines.push(`${prefix}ceph osd rm-pg-upmap-items ${pg}\n`);
  for (const [pg, items] of r.items) lines.push(`${prefix}ceph osd pg-upmap-items ${pg}${items.map((p) => ` ${p.from} ${p.to}`).join("")}\n`);
  return lines;
}
