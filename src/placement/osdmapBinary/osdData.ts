/**
 * The OSD-only section of an OSD map (what OSDs and monitors decode beyond the client-usable
 * part): per-OSD info, addresses, osd_xinfo and uuids, the blocklists, the ratios,
 * require_min_compat_client and require_osd_release, removed_snaps_queue, crush_node_flags,
 * device_class_flags, stretch mode and allow_crimson; anything newer is skipped by the
 * section's length. Ceph 16.2 writes struct_v 9, 18.2 and 20.2 write 9 to 12 depending on stretch mode,
 * range blocklists and crimson.
 */
import { readAddr, readAddrvecs } from "./addrs.js";
import { readSnapSets, readUuid } from "./clientData.js";
import { readTime } from "./poolDetail.js";
import type { OsdMapAddr, OsdMapRecord, OsdMapTime } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/** The newest OSD-only encoding this decoder knows. */
const OSD_VERSION = 12;
/** osd_info_t: u8 struct_v and six u32 epochs. */
const OSD_INFO_BYTES = 25;

/** Release names by ceph_release_t, as `ceph osd dump` prints them. */
const RELEASE_NAMES: readonly string[] = [
  "unknown", "argonaut", "bobtail", "cuttlefish", "dumpling", "emperor", "firefly", "giant", "hammer", "infernalis", "jewel",
  "kraken", "luminous", "mimic", "nautilus", "octopus", "pacific", "quincy", "reef", "squid", "tentacle",
];

/** osd_info_t's epochs, one entry per OSD id (typed arrays: no object per OSD while decoding). */
export interface OsdInfoColumns {
  readonly lastCleanBegin: Uint32Array;
  readonly lastCleanEnd: Uint32Array;
  readonly upFrom: Uint32Array;
  readonly upThru: Uint32Array;
  readonly downAt: Uint32Array;
  readonly lostAt: Uint32Array;
}

export interface OsdData {
  readonly version: number;
  readonly info: OsdInfoColumns;
  readonly uuids: readonly string[];
  readonly clusterSnapshot: string;
  readonly nearfullRatio: number;
  readonly fullRatio: number;
  readonly backfillfullRatio: number;
  readonly requireMinCompatClient: string;
  readonly requireOsdRelease: string;
  /** ceph_release_t of require_osd_release (0 when unset). */
  readonly requireOsdReleaseId: number;
  readonly requireMinCompatClientId: number;
  readonly hbBackAddrs: readonly (readonly OsdMapAddr[])[];
  readonly clusterAddrs: readonly (readonly OsdMapAddr[])[];
  readonly hbFrontAddrs: readonly (readonly OsdMapAddr[])[];
  readonly xinfo: readonly OsdMapOsdXinfo[];
  readonly clusterSnapshotEpoch: number;
  readonly blocklist: OsdMapRecord["blocklist"];
  readonly rangeBlocklist: OsdMapRecord["rangeBlocklist"];
  readonly removedSnapsQueue: OsdMapRecord["removedSnapsQueue"];
  readonly crushNodeFlags: OsdMapRecord["crushNodeFlags"];
  readonly deviceClassFlags: OsdMapRecord["deviceClassFlags"];
  readonly stretchMode: OsdMapRecord["stretchMode"];
  readonly allowCrimson: boolean;
}

type OsdMapOsdXinfo = OsdMapRecord["osds"][number]["xinfo"];

const ZERO_TIME: OsdMapTime = Object.freeze({ seconds: 0, nanoseconds: 0 });
const NO_XINFO: OsdMapOsdXinfo = Object.freeze({ downStamp: ZERO_TIME, laggyProbability: 0, laggyInterval: 0, features: 0n, oldWeight: 0, lastPurgedSnapsScrub: ZERO_TIME, deadEpoch: 0 });
const NO_STRETCH: OsdMapRecord["stretchMode"] = Object.freeze({ enabled: false, bucketCount: 0, degraded: 0, recovering: 0, bucket: 0 });

export function readOsdData(r: OsdmapReader, maxOsd: number): OsdData {
  const s = r.open("OSD-only data", OSD_VERSION, 1);
  const v = s.version;
  const hbBackAddrs = readAddrvecs(r, "hb_back_addrs");
  const info = readInfo(r, maxOsd);
  const blocklist = readBlocklist(r, "blocklist");
  const clusterAddrs = readAddrvecs(r, "cluster_addrs");
  const clusterSnapshotEpoch = r.u32("cluster_snapshot_epoch");
  const clusterSnapshot = r.string("cluster_snapshot");
  const uuidsAt = r.offset;
  const nUuids = r.count("osd_uuid", 16);
  if (nUuids !== maxOsd) throw r.error(`osd_uuid has ${nUuids} entries, max_osd is ${maxOsd}`, uuidsAt, "osd_uuid");
  const uuids: string[] = [];
  for (let i = 0; i < nUuids; i++) uuids.push(readUuid(r, "osd_uuid"));
  const xinfo: OsdMapOsdXinfo[] = [];
  for (let n = r.count("osd_xinfo", 6); n > 0; n--) xinfo.push(readXinfo(r));
  const hbFrontAddrs = readAddrvecs(r, "hb_front_addrs");
  const nearfullRatio = v >= 2 ? r.f32("nearfull_ratio") : 0;
  const fullRatio = v >= 2 ? r.f32("full_ratio") : 0;
  const backfillfullRatio = v >= 3 ? r.f32("backfillfull_ratio") : 0;
  let requireMinCompatClient = "unknown";
  let requireMinCompatClientId = 0;
  let requireOsdReleaseId = 0;
  if (v === 4) requireMinCompatClient = r.string("require_min_compat_client") || "unknown";
  if (v >= 5) {
    requireMinCompatClientId = r.u8("require_min_compat_client");
    requireMinCompatClient = releaseName(requireMinCompatClientId);
    requireOsdReleaseId = r.u8("require_osd_release");
  }
  const rest = readOsdTail(r, v);
  r.close(s);
  const requireOsdRelease = releaseName(requireOsdReleaseId);
  return {
    version: v, info, uuids: Object.freeze(uuids), clusterSnapshot, nearfullRatio, fullRatio, backfillfullRatio, requireMinCompatClient, requireOsdRelease, requireOsdReleaseId,
    requireMinCompatClientId, hbBackAddrs, clusterAddrs, hbFrontAddrs, xinfo, clusterSnapshotEpoch, blocklist, ...rest,
  };
}

/** What follows require_osd_release (struct_v 6 to 12). */
function readOsdTail(r: OsdmapReader, v: number): Pick<OsdData, "removedSnapsQueue" | "crushNodeFlags" | "deviceClassFlags" | "stretchMode" | "rangeBlocklist" | "allowCrimson"> {
  const removedSnapsQueue = v >= 6 ? readSnapSets(r, "removed_snaps_queue") : Object.freeze([]);
  const crushNodeFlags = v >= 8 ? readFlagMap(r, "crush_node_flags") : Object.freeze([]);
  const deviceClassFlags = v >= 9 ? readFlagMap(r, "device_class_flags") : Object.freeze([]);
  let stretchMode = NO_STRETCH;
  if (v >= 10) {
    const enabled = r.u8("stretch_mode_enabled") !== 0;
    const bucketCount = r.u32("stretch_bucket_count");
    const degraded = r.u32("degraded_stretch_mode");
    const recovering = r.u32("recovering_stretch_mode");
    stretchMode = Object.freeze({ enabled, bucketCount, degraded, recovering, bucket: r.i32("stretch_mode_bucket") });
  }
  const rangeBlocklist = v >= 11 ? readBlocklist(r, "range_blocklist") : Object.freeze([]);
  const allowCrimson = v >= 12 ? r.u8("allow_crimson") !== 0 : false;
  return { removedSnapsQueue, crushNodeFlags, deviceClassFlags, stretchMode, rangeBlocklist, allowCrimson };
}

/** map<entity_addr_t, utime_t>: blocklist, range_blocklist. */
function readBlocklist(r: OsdmapReader, what: string): OsdMapRecord["blocklist"] {
  const out: OsdMapRecord["blocklist"][number][] = [];
  for (let n = r.count(what, 1 + 8); n > 0; n--) {
    const addr = readAddr(r, `${what} address`);
    out.push(Object.freeze({ addr, expires: readTime(r, `${what} expiry`) }));
  }
  return Object.freeze(out);
}

/** map<s32, u32>: crush_node_flags, device_class_flags. */
function readFlagMap(r: OsdmapReader, what: string): readonly (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (let n = r.count(what, 8); n > 0; n--) {
    const id = r.i32(`${what} id`);
    out.push(Object.freeze([id, r.u32(`${what} flags`)] as const));
  }
  return Object.freeze(out);
}

/** osd_xinfo_t (struct_v 1 to 4). */
function readXinfo(r: OsdmapReader): OsdMapOsdXinfo {
  const s = r.open("osd_xinfo", 4);
  const downStamp = readTime(r, "osd_xinfo down_stamp");
  const laggyProbability = r.u32("osd_xinfo laggy_probability");
  const laggyInterval = r.u32("osd_xinfo laggy_interval");
  const features = s.version >= 2 ? r.u64big("osd_xinfo features") : 0n;
  const oldWeight = s.version >= 3 ? r.u32("osd_xinfo old_weight") : 0;
  const lastPurgedSnapsScrub = s.version >= 4 ? readTime(r, "osd_xinfo last_purged_snaps_scrub") : ZERO_TIME;
  const deadEpoch = s.version >= 4 ? r.u32("osd_xinfo dead_epoch") : 0;
  r.close(s);
  return Object.freeze({ downStamp, laggyProbability, laggyInterval, features, oldWeight, lastPurgedSnapsScrub, deadEpoch });
}

/** osd_xinfo of an OSD id the map stores none for. */
export { NO_XINFO };

function readInfo(r: OsdmapReader, maxOsd: number): OsdInfoColumns {
  const at = r.offset;
  const n = r.count("osd_info", OSD_INFO_BYTES);
  if (n !== maxOsd) throw r.error(`osd_info has ${n} entries, max_osd is ${maxOsd}`, at, "osd_info");
  const info = { lastCleanBegin: new Uint32Array(n), lastCleanEnd: new Uint32Array(n), upFrom: new Uint32Array(n), upThru: new Uint32Array(n), downAt: new Uint32Array(n), lostAt: new Uint32Array(n) };
  // the count was checked against the bytes left: the entries are all there
  for (let i = 0; i < n; i++) {
    r.skip(1, "osd_info struct_v");
    info.lastCleanBegin[i] = r.u32("osd_info last_clean_begin");
    info.lastCleanEnd[i] = r.u32("osd_info last_clean_end");
    info.upFrom[i] = r.u32("osd_info up_from");
    info.upThru[i] = r.u32("osd_info up_thru");
    info.downAt[i] = r.u32("osd_info down_at");
    info.lostAt[i] = r.u32("osd_info lost_at");
  }
  return info;
}

/** ceph_release_name(): a release this table does not know keeps its number. */
function releaseName(n: number): string {
  return RELEASE_NAMES[n] ?? `release ${n}`;
}
