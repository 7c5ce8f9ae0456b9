/**
 * Read balancer results as people and programs read them: the `ceph osd pg-upmap-primary`
 * commands, a JSON document, a short summary, and osdmaptool's own `--read` report.
 */
import { formatG } from "../analysis/formatFloat.js";
import { resolvePool } from "../placement/place.js";
import type { ClusterState } from "../placement/types.js";
import type { PrimaryChange, ReadBalanceResult } from "./readBalance.js";
import { primaryCounts, type ReadBalanceScore, readBalanceScore } from "./readBalanceScore.js";

/**
 * The Ceph commands that install the result, in group order.
 *
 * @group Balancing
 */
export function readBalanceCommands(r: Pick<ReadBalanceResult, "changes">): string[] {
  const out: string[] = [];
  for (const c of r.changes) out.push(c.entry === -1 ? `ceph osd rm-pg-upmap-primary ${c.pgid}` : `ceph osd pg-upmap-primary ${c.pgid} ${c.entry}`);
  return out;
}

/** A score as Ceph prints it to people (`read_balance_score of 'rbd': 1.25`). */
export function formatScore(s: ReadBalanceScore): string {
  return formatG(s.stable);
}

/**
 * A score as `ceph osd dump -f json` dumps it under the pool's `read_balance`: Ceph 20 (the
 * default) names the score's type; 18, which has only the fair score, does not.
 *
 * @group Balancing
 */
export function scoreJson(s: ReadBalanceScore, options: { readonly release?: 18 | 20 } = {}): Record<string, unknown> {
  if (!s.ok) return s.message === undefined ? {} : { error_message: s.message, score_acting: s.acting, score_stable: s.stable };
  const type = options.release === 18 ? {} : { score_type: s.type === "fair" ? "Fair distribution" : "OSD size aware" };
  const common = { ...type, score_acting: s.acting, score_stable: s.stable };
  const rest =
    s.type === "fair"
      ? {
          optimal_score: s.optimal,
          raw_score_acting: s.rawActing,
          raw_score_stable: s.rawStable,
          primary_affinity_weighted: s.primaryAffinityWeighted,
          average_primary_affinity: s.averagePrimaryAffinity,
          average_primary_affinity_weighted: s.averagePrimaryAffinityWeighted,
        }
      : {
          average_osd_load: s.averageOsdLoad,
          most_loaded_osd: s.mostLoaded,
          ...(s.mostLoadedActing === undefined ? {} : { most_loaded_acting_osd: s.mostLoadedActing }),
        };
  return { ...common, ...rest, ...(s.message === undefined ? {} : { error_message: s.message }) };
}

/**
 * The result as JSON: the entries to set (`pg_upmap_primaries`, as Ceph dumps them) and to
 * remove, Ceph's read_balance_score before and after (as it prints it) and its full read_balance
 * record (as it dumps it), the most primaries on one OSD, and every OSD's share.
 *
 * @group Balancing
 */
export function readBalanceJson(r: ReadBalanceResult): Record<string, unknown> {
  const set = r.changes.filter((c) => c.entry !== -1).map((c) => ({ pgid: c.pgid, primary_osd: c.entry }));
  const removed = r.changes.filter((c) => c.entry === -1).map((c) => c.pgid);
  return {
    pool: r.pool.name,
    pool_id: r.pool.id,
    mode: r.sizeAware ? "size-aware" : "fair",
    ...(r.readRatio === undefined ? {} : { read_ratio: r.readRatio }),
    pg_upmap_primaries: set,
    rm_pg_upmap_primaries: removed,
    changes: r.changes.map((c: PrimaryChange) => ({ pgid: c.pgid, from: c.from, to: c.to })),
    read_balance_score: { before: Number(formatScore(r.scoreBefore)), after: Number(formatScore(r.scoreAfter)) },
    read_balance: { before: scoreJson(r.scoreBefore), after: scoreJson(r.scoreAfter) },
    max_primaries: { before: r.maxPrimariesBefore, after: r.maxPrimariesAfter },
    osds: r.osds.map((o) => ({ osd: o.osd, primary_affinity: o.affinity, pgs: o.pgs, target: o.target, primaries_before: o.before, primaries_after: o.after })),
  };
}

/**
 * A few lines for a terminal, then the commands.
 *
 * @group Balancing
 */
export function formatReadBalance(r: ReadBalanceResult): string {
  const out: string[] = [];
  const mode = r.sizeAware ? `size-aware, read ratio ${r.readRatio}` : "fair";
  out.push(`pool ${r.pool.name}: read balance (${mode}), ${r.osds.length} OSDs hold its ${r.pool.pgNum} groups`);
  out.push(`read_balance_score: ${formatScore(r.scoreBefore)} → ${formatScore(r.scoreAfter)}${r.scoreAfter.message === undefined ? "" : ` (${r.scoreAfter.message})`}`);
  out.push(`most primaries on one OSD: ${r.maxPrimariesBefore} → ${r.maxPrimariesAfter}`);
  out.push(`changes: ${r.changes.length} group${r.changes.length === 1 ? "" : "s"}`);
  const commands = readBalanceCommands(r);
  out.push("");
  out.push(commands.length === 0 ? "nothing to change" : "commands:");
  for (const c of commands) out.push(c);
  return out.join("\n") + "\n";
}

/**
 * What {@link formatOsdmaptoolRead} prints osdmaptool's `--read` report from: the two states, the pool and the change count.
 *
 * @group Balancing
 */
export interface OsdmaptoolReadReport {
  readonly before: ClusterState;
  readonly after: ClusterState;
  readonly pool: number | string;
  /** How many changes osdmaptool counted (0 prints its "Unable to find" line). */
  readonly changes: number;
  /** The --read file name, when not "-" (osdmaptool says where it writes). */
  readonly file?: string;
  /** The read ratio, for --osd-size-aware. */
  readonly sizeAwareReadRatio?: number;
}

/**
 * What `osdmaptool MAP --read FILE --read-pool P [--osd-size-aware]` prints on stdout (Ceph 20)
 * for a balance from `before` to `after`: primaries per OSD and the score, before and after.
 *
 * @group Balancing
 *
 * @throws {@link PlacementError} when the pool does not exist.
 */
export function formatOsdmaptoolRead(r: OsdmaptoolReadReport): string {
  const pool = resolvePool(r.before, r.pool);
  let out = r.file === undefined ? "" : `writing upmap command output to: ${r.file}\n`;
  if (r.sizeAwareReadRatio !== undefined) out += `Accounting for devices of different sizes on pool ${pool.name} with a read ratio of ${r.sizeAwareReadRatio}.\n`;
  if (r.changes <= 0) return out + " Unable to find further optimization, or distribution is already perfect\n";
  const block = (title: string, state: ClusterState): string => {
    const prims = primaryCounts(state, pool.id).primaries;
    let s = `---------- ${title} ------------ \n`;
    for (let o = 0; o < prims.length; o++) {
      if (prims[o]! > 0) s += ` osd.${o} | primary affinity: ${formatG(Math.fround(state.osds[o]!.primaryAffinity / 0x10000))} | number of prims: ${prims[o]}\n`;
    }
    return s + ` \nread_balance_score of '${pool.name}': ${formatScore(readBalanceScore(state, pool.id))}\n\n\n`;
  };
  return out + " \n" + block("BEFORE", r.before) + block("AFTER", r.after) + `num changes: ${r.changes}\n`;
}
