/**
 * OSDMap::print: the text `osdmaptool MAP --print` writes, byte for byte, as the osdmaptool of
 * Ceph 16.2, 18.2 or 20.2 writes it for the same map. The releases differ in what they know:
 * 18.2 and later print each replicated pool's read_balance_score (and its caveat) and the
 * pg_upmap_primary table; a release prints the name of a release newer than itself as
 * `unknown`.
 */
import { cephRelease, type CephRelease, type CephReleaseName } from "../../map/release.js";
import { PlacementError } from "../errors.js";
import type { OsdMapOsdRecord, OsdMapPoolRecord, OsdMapRecord } from "../osdmapBinary/record.js";
import type { ReadBalanceScore } from "../readBalanceTypes.js";
import { formatAddr, formatAddrvec, formatList, formatStream, formatUtime, releaseNameAs } from "./cephText.js";
import { osdmapFlagString, osdStateSet } from "./flagNames.js";
import { formatPool } from "./formatPool.js";
import { minCompatClient } from "./minCompatClient.js";

/**
 * A pool's read balance score as OSDMap::calc_read_balance_score gives it: `ok` false where it
 * fails (Ceph's negative return), `acting` the adjusted acting score, `message` its caveat or
 * reason. {@link readBalanceScore} returns one.
 *
 * @group Placement
 */
export type PoolReadBalance = ReadBalanceScore;

/**
 * Options of {@link printOsdMap} and {@link dumpOsdMap}.
 *
 * @group Placement
 */
export interface OsdMapPrintOptions {
  /** The release whose osdmaptool to imitate: 16, 18 or 20 (or a code name); 20 by default. */
  readonly release?: CephReleaseName;
  /**
   * The read balance score of a replicated pool, which 18.2 and later print beside it (the
   * placement layer does not compute it: pass `(id) => readBalanceScore(state, id)` with the
   * map's cluster state). Required for 18 and later when the map has a replicated pool.
   */
  readonly readBalance?: (pool: number) => PoolReadBalance;
}

/** The header: epoch, times, flags, ratios, releases, stretch mode. */
function printHeader(m: OsdMapRecord, release: CephRelease): string {
  let out = `epoch ${m.epoch}\nfsid ${m.fsid}\ncreated ${formatUtime(m.createdStamp)}\nmodified ${formatUtime(m.modifiedStamp)}\n`;
  out += `flags ${osdmapFlagString(m.flags)}\ncrush_version ${m.crushVersion}\n`;
  out += `full_ratio ${formatStream(m.fullRatio)}\nbackfillfull_ratio ${formatStream(m.backfillfullRatio)}\nnearfull_ratio ${formatStream(m.nearfullRatio)}\n`;
  if (m.requireMinCompatClientId !== 0) out += `require_min_compat_client ${releaseNameAs(m.requireMinCompatClientId, release)}\n`;
  out += `min_compat_client ${releaseNameAs(minCompatClient(m, release), release)}\n`;
  if (m.requireOsdReleaseId !== 0) out += `require_osd_release ${releaseNameAs(m.requireOsdReleaseId, release)}\n`;
  const s = m.stretchMode;
  out += `stretch_mode_enabled ${s.enabled ? "true" : "false"}\n`;
  if (s.enabled) out += `stretch_bucket_count ${s.bucketCount}\ndegraded_stretch_mode ${s.degraded}\nrecovering_stretch_mode ${s.recovering}\nstretch_mode_bucket ${s.bucket}\n`;
  if (m.clusterSnapshot.length > 0) out += `cluster_snapshot ${m.clusterSnapshot}\n`;
  if (release >= 18 && m.allowCrimson) out += "allow_crimson=true\n";
  return out + "\n";
}

/** One pool's lines: the pool, its score (18 and later), its snapshots and removed snapshots. */
function printPool(m: OsdMapRecord, p: OsdMapPoolRecord, release: CephRelease, options: OsdMapPrintOptions): string {
  let score = "";
  let caveat = "";
  if (release >= 18 && p.type === 1) {
    const rb = readBalanceOf(p, release, options);
    // Ceph prints the score with %.2f
    if (rb.ok) score = ` read_balance_score ${rb.acting.toFixed(2)}`;
    if (rb.message !== undefined && rb.message.length > 0) caveat = `${rb.ok ? " Warning: " : " ERROR: "}${rb.message}\n`;
  }
  let out = `pool ${p.id} '${p.name}' ${formatPool(p)}${score}\n${caveat}`;
  for (const s of p.detail.snaps) out += `\tsnap ${s.snapid} '${s.name}' ${formatUtime(s.stamp)}\n`;
  if (p.detail.removedSnaps.length > 0) out += `\tremoved_snaps ${formatIntervals(p.detail.removedSnaps)}\n`;
  const queued = m.removedSnapsQueue.find((q) => q.pool === p.id);
  if (queued !== undefined) out += `\tremoved_snaps_queue ${formatIntervals(queued.snaps)}\n`;
  return out;
}

/** The read balance score of replicated pool `p`, which 18.2 and later print and dump. */
export function readBalanceOf(p: OsdMapPoolRecord, release: CephRelease, options: OsdMapPrintOptions): PoolReadBalance {
  if (options.readBalance === undefined) throw new PlacementError(`release ${release} shows the read balance score of replicated pool ${p.id}: pass options.readBalance`, p.id);
  return options.readBalance(p.id);
}

/** interval_set's operator<<: `[1~3,7~1]`. */
export function formatIntervals(v: readonly (readonly [number, number])[]): string {
  return `[${v.map(([start, length]) => `${start}~${length}`).join(",")}]`;
}

/** OSDMap::print_osd: one line per OSD that exists. */
function printOsd(o: OsdMapOsdRecord): string {
  let out = `osd.${o.id}${o.up ? " up  " : " down"}${o.in ? " in " : " out"} weight ${formatStream(Math.fround(o.weight / 0x10000))}`;
  if (o.primaryAffinity !== 0x10000) out += ` primary_affinity ${formatStream(Math.fround(o.primaryAffinity / 0x10000))}`;
  out += ` up_from ${o.upFrom} up_thru ${o.upThru} down_at ${o.downAt} last_clean_interval [${o.lastCleanBegin},${o.lastCleanEnd})`;
  if (o.lostAt !== 0) out += ` lost_at ${o.lostAt}`;
  out += ` ${formatAddrvec(o.addrs.public)} ${formatAddrvec(o.addrs.cluster)} ${osdStateSet(o.state).join(",")}`;
  if (o.uuid !== "00000000-0000-0000-0000-000000000000") out += ` ${o.uuid}`;
  return out + "\n";
}

/** The exception tables and blocklists after the OSDs. */
function printTables(m: OsdMapRecord, release: CephRelease): string {
  let out = "";
  for (const u of m.pgUpmap) out += `pg_upmap ${u.pgid} ${formatList(u.osds)}\n`;
  for (const u of m.pgUpmapItems) out += `pg_upmap_items ${u.pgid} ${formatList(u.mappings.flatMap((x) => [x.from, x.to]))}\n`;
  if (release >= 18) for (const u of m.pgUpmapPrimaries) out += `pg_upmap_primary ${u.pgid} ${u.osd}\n`;
  for (const t of m.pgTemp) out += `pg_temp ${t.pgid} ${formatList(t.osds)}\n`;
  for (const t of m.primaryTemp) out += `primary_temp ${t.pgid} ${t.osd}\n`;
  for (const b of m.blocklist) out += `blocklist ${formatAddr(b.addr)} expires ${formatUtime(b.expires)}\n`;
  for (const b of m.rangeBlocklist) out += `range blocklist ${formatAddr(b.addr)} expires ${formatUtime(b.expires)}\n`;
  return out;
}

/**
 * The text `osdmaptool MAP --print` (or `--dump plain`) writes for a decoded binary OSD map.
 *
 * @group Placement
 *
 * @example
 * ```ts
 * const record = decodeOsdMap(readFileSync("osdmap.bin"));
 * const state = clusterStateFromOsdmapBinary(record);
 * process.stdout.write(printOsdMap(record, { release: 18, readBalance: (id) => readBalanceScore(state, id) }));
 * ```
 */
export function printOsdMap(m: OsdMapRecord, options: OsdMapPrintOptions = {}): string {
  const release = cephRelease(options.release);
  const parts: string[] = [printHeader(m, release)];
  for (const p of m.pools) parts.push(printPool(m, p, release, options));
  parts.push(`\nmax_osd ${m.maxOsd}\n`);
  for (const o of m.osds) if (o.exists) parts.push(printOsd(o));
  parts.push("\n", printTables(m, release));
  return parts.join("");
}
