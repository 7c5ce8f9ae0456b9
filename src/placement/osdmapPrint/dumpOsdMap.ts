/**
 * OSDMap::dump through Ceph's formatters: what `osdmaptool MAP --dump json` (`json-pretty`,
 * `xml`, `xml-pretty`) writes, byte for byte, as the osdmaptool of 16.2, 18.2 or 20.2 writes it.
 * 18.2 adds allow_crimson, pg_upmap_primaries and each replicated pool's read_balance; 20.2 the
 * pool fields of its encoding. The crush map is not part of the dump.
 */
import { formatCephJson, list, section, type CephJson } from "../../map/dump/cephJson.js";
import { formatCephXml } from "../../map/dump/cephXml.js";
import { cephRelease, type CephRelease } from "../../map/release.js";
import type { OsdMapOsdRecord, OsdMapRecord } from "../osdmapBinary/record.js";
import { formatAddr, formatLegacyAddr, formatUtime, releaseNameAs } from "./cephText.js";
import { dumpAddrvec, dumpSnapSets, float17, int64 } from "./dumpValues.js";
import { dumpPool } from "./dumpPool.js";
import { osdmapFlagSet, osdmapFlagString, osdStateSet } from "./flagNames.js";
import { minCompatClient } from "./minCompatClient.js";
import { readBalanceOf, type OsdMapPrintOptions } from "./printOsdMap.js";

type Members = (readonly [string, CephJson])[];

/**
 * How {@link dumpOsdMap} writes the dump: Ceph's formatter names (`json`, `json-pretty`, `xml`,
 * `xml-pretty`).
 *
 * @group Placement
 */
export type OsdMapDumpFormat = "json" | "json-pretty" | "xml" | "xml-pretty";

/** OSDMap::dump_osd. */
function dumpOsd(o: OsdMapOsdRecord): CephJson {
  const a = o.addrs;
  return section([
    ["osd", o.id], ["uuid", o.uuid], ["up", o.up ? 1 : 0], ["in", o.in ? 1 : 0],
    ["weight", float17(Math.fround(o.weight / 0x10000))], ["primary_affinity", float17(Math.fround(o.primaryAffinity / 0x10000))],
    ["last_clean_begin", o.lastCleanBegin], ["last_clean_end", o.lastCleanEnd], ["up_from", o.upFrom], ["up_thru", o.upThru], ["down_at", o.downAt], ["lost_at", o.lostAt],
    ["public_addrs", dumpAddrvec(a.public)], ["cluster_addrs", dumpAddrvec(a.cluster)],
    ["heartbeat_back_addrs", dumpAddrvec(a.heartbeatBack)], ["heartbeat_front_addrs", dumpAddrvec(a.heartbeatFront)],
    ["public_addr", formatLegacyAddr(a.public)], ["cluster_addr", formatLegacyAddr(a.cluster)],
    ["heartbeat_back_addr", formatLegacyAddr(a.heartbeatBack)], ["heartbeat_front_addr", formatLegacyAddr(a.heartbeatFront)],
    ["state", list(osdStateSet(o.state), "state")],
  ]);
}

/** osd_xinfo_t::dump, after the OSD's id. */
function dumpXinfo(o: OsdMapOsdRecord): CephJson {
  const x = o.xinfo;
  return section([
    ["osd", o.id], ["down_stamp", formatUtime(x.downStamp)], ["laggy_probability", float17(Math.fround(Math.fround(x.laggyProbability) / Math.fround(0xffffffff)))],
    ["laggy_interval", x.laggyInterval], ["features", int64(x.features)], ["old_weight", x.oldWeight],
    ["last_purged_snaps_scrub", formatUtime(x.lastPurgedSnapsScrub)], ["dead_epoch", x.deadEpoch],
  ]);
}

/** The header members, epoch to require_osd_release (and allow_crimson from 18 on). */
function dumpHeader(m: OsdMapRecord, release: CephRelease): Members {
  const out: Members = [
    ["epoch", m.epoch], ["fsid", m.fsid], ["created", formatUtime(m.createdStamp)], ["modified", formatUtime(m.modifiedStamp)],
    ["last_up_change", formatUtime(m.lastUpChange)], ["last_in_change", formatUtime(m.lastInChange)],
    ["flags", osdmapFlagString(m.flags)], ["flags_num", m.flags], ["flags_set", list(osdmapFlagSet(m.flags), "flag")], ["crush_version", m.crushVersion],
    ["full_ratio", float17(m.fullRatio)], ["backfillfull_ratio", float17(m.backfillfullRatio)], ["nearfull_ratio", float17(m.nearfullRatio)],
    ["cluster_snapshot", m.clusterSnapshot], ["pool_max", m.poolMax], ["max_osd", m.maxOsd],
    ["require_min_compat_client", releaseNameAs(m.requireMinCompatClientId, release)], ["min_compat_client", releaseNameAs(minCompatClient(m, release), release)],
    ["require_osd_release", releaseNameAs(m.requireOsdReleaseId, release)],
  ];
  if (release >= 18) out.push(["allow_crimson", m.allowCrimson]);
  return out;
}

/** The exception tables: pg_upmap, pg_upmap_items, pg_upmap_primaries (18 on), pg_temp, primary_temp. */
function dumpTables(m: OsdMapRecord, release: CephRelease): Members {
  const out: Members = [
    ["pg_upmap", list(m.pgUpmap.map((u) => section([["pgid", u.pgid], ["osds", list(u.osds, "osd")]])), "mapping")],
    ["pg_upmap_items", list(m.pgUpmapItems.map((u) => section([["pgid", u.pgid], ["mappings", list(u.mappings.map((x) => section([["from", x.from], ["to", x.to]])), "mapping")]])), "mapping")],
  ];
  if (release >= 18) out.push(["pg_upmap_primaries", list(m.pgUpmapPrimaries.map((u) => section([["pgid", u.pgid], ["primary_osd", u.osd]])), "primary_mapping")]);
  out.push(
    ["pg_temp", list(m.pgTemp.map((t) => section([["pgid", t.pgid], ["osds", list(t.osds, "osd")]])), "osds")],
    // primary_temp is dumped flat: each group id, then its OSD
    ["primary_temp", list(m.primaryTemp.flatMap((t): CephJson[] => [t.pgid, t.osd]), "pgid")],
  );
  return out;
}

/** Blocklists, profiles, snapshot queues, node and class flags, stretch mode. */
function dumpRest(m: OsdMapRecord): Members {
  const blocklist = (v: OsdMapRecord["blocklist"]): CephJson => section(v.map((b) => [formatAddr(b.addr), formatUtime(b.expires)] as const));
  const profiles = Object.keys(m.erasureCodeProfiles).sort().map((name) => [name, section(Object.entries(m.erasureCodeProfiles[name]!).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))] as const);
  const itemName = (id: number): string => m.crush.buckets.find((b) => b.id === id)?.name ?? m.crush.devices.find((d) => d.id === id)?.name ?? String(id);
  const className = (id: number): string => m.crush.classes.find((c) => c.id === id)?.name ?? String(id);
  const s = m.stretchMode;
  return [
    ["blocklist", blocklist(m.blocklist)], ["range_blocklist", blocklist(m.rangeBlocklist)], ["erasure_code_profiles", section(profiles)],
    ["removed_snaps_queue", dumpSnapSets(m.removedSnapsQueue)], ["new_removed_snaps", dumpSnapSets(m.newRemovedSnaps)], ["new_purged_snaps", dumpSnapSets(m.newPurgedSnaps)],
    ["crush_node_flags", section(m.crushNodeFlags.map(([id, flags]) => [itemName(id), list(osdStateSet(flags), "flag")] as const))],
    ["device_class_flags", section(m.deviceClassFlags.map(([id, flags]) => [className(id), list(osdStateSet(flags), "flag")] as const))],
    ["stretch_mode", section([
      ["stretch_mode_enabled", s.enabled], ["stretch_bucket_count", s.bucketCount], ["degraded_stretch_mode", s.degraded],
      ["recovering_stretch_mode", s.recovering], ["stretch_mode_bucket", s.bucket],
    ])],
  ];
}

/**
 * The dump as Ceph's formatter tree (the `osdmap` section's members), for callers that write
 * it in another format.
 *
 * @group Placement
 */
export function osdMapDumpTree(m: OsdMapRecord, options: OsdMapPrintOptions = {}): CephJson {
  const release = cephRelease(options.release);
  const pools = m.pools.map((p) => dumpPool(p, release, release >= 18 && p.type === 1 ? readBalanceOf(p, release, options) : undefined));
  return section([
    ...dumpHeader(m, release),
    ["pools", list(pools, "pool")],
    ["osds", list(m.osds.filter((o) => o.exists).map(dumpOsd), "osd_info")],
    ["osd_xinfo", list(m.osds.filter((o) => o.exists).map(dumpXinfo), "xinfo")],
    ...dumpTables(m, release),
    ...dumpRest(m),
  ]);
}

/**
 * What `osdmaptool MAP --dump FORMAT` writes for a decoded binary OSD map (no newline at the
 * end of JSON, as Ceph's formatter flushes it).
 *
 * @group Placement
 *
 * @example
 * ```ts
 * const record = decodeOsdMap(readFileSync("osdmap.bin"));
 * const state = clusterStateFromOsdmapBinary(record);
 * dumpOsdMap(record, "json-pretty", { release: 18, readBalance: (id) => readBalanceScore(state, id) });
 * ```
 */
export function dumpOsdMap(m: OsdMapRecord, format: OsdMapDumpFormat, options: OsdMapPrintOptions = {}): string {
  const tree = osdMapDumpTree(m, options);
  // the pretty formatters end their text with a newline (XML's with one more), the compact ones do not
  if (format === "xml" || format === "xml-pretty") return format === "xml-pretty" ? formatCephXml(tree, "osdmap", true) + "\n" : formatCephXml(tree, "osdmap", false);
  return format === "json-pretty" ? formatCephJson(tree, true) + "\n" : formatCephJson(tree, false);
}
