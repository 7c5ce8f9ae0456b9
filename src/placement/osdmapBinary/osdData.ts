/**
 * The OSD-only section of an OSD map (what OSDs and monitors decode beyond the client-usable
 * part): per-OSD info and uuids, the ratios, require_min_compat_client and require_osd_release.
 * Addresses, the blocklist and osd_xinfo are skipped by their encodings; everything after
 * require_osd_release (removed_snaps_queue, crush_node_flags, stretch mode, …) by the section's
 * length. Ceph 16.2 writes struct_v 9, 18.2 and 20.2 write 9 to 12 depending on stretch mode,
 * range blocklists and crimson.
 */
import { skipAddr, skipAddrvecs } from "./addrs.js";
import { readUuid } from "./clientData.js";
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
}

export function readOsdData(r: OsdmapReader, maxOsd: number): OsdData {
  const s = r.open("OSD-only data", OSD_VERSION, 1);
  const v = s.version;
  skipAddrvecs(r, "hb_back_addrs");
  const info = readInfo(r, maxOsd);
  for (let n = r.count("blocklist", 1 + 8); n > 0; n--) {
    skipAddr(r, "blocklist address");
    r.skip(8, "blocklist expiry");
  }
  skipAddrvecs(r, "cluster_addrs");
  r.skip(4, "cluster_snapshot_epoch");
  const clusterSnapshot = r.string("cluster_snapshot");
  const uuidsAt = r.offset;
  const nUuids = r.count("osd_uuid", 16);
  if (nUuids !== maxOsd) throw r.error(`osd_uuid has ${nUuids} entries, max_osd is ${maxOsd}`, uuidsAt, "osd_uuid");
  const uuids: string[] = [];
  for (let i = 0; i < nUuids; i++) uuids.push(readUuid(r, "osd_uuid"));
  for (let n = r.count("osd_xinfo", 6); n > 0; n--) r.close(r.open("osd_xinfo", 4));
  skipAddrvecs(r, "hb_front_addrs");
  const nearfullRatio = v >= 2 ? r.f32("nearfull_ratio") : 0;
  const fullRatio = v >= 2 ? r.f32("full_ratio") : 0;
  const backfillfullRatio = v >= 3 ? r.f32("backfillfull_ratio") : 0;
  let requireMinCompatClient = "unknown";
  let requireOsdReleaseId = 0;
  if (v === 4) requireMinCompatClient = r.string("require_min_compat_client") || "unknown";
  if (v >= 5) {
    requireMinCompatClient = releaseName(r.u8("require_min_compat_client"));
    requireOsdReleaseId = r.u8("require_osd_release");
  }
  r.close(s);
  const requireOsdRelease = releaseName(requireOsdReleaseId);
  return { version: v, info, uuids: Object.freeze(uuids), clusterSnapshot, nearfullRatio, fullRatio, backfillfullRatio, requireMinCompatClient, requireOsdRelease, requireOsdReleaseId };
}

function readInfo(r: OsdmapReader, maxOsd: number): OsdInfoColumns {
  const at = r.offset;
  const n = r.count("osd_info", OSD_INFO_BYTES);
  if (n !== maxOsd) throw r.error(`osd_info has ${n} entries, max_osd is ${maxOsd}`, at, "osd_info");
  const info = { upFrom: new Uint32Array(n), upThru: new Uint32Array(n), downAt: new Uint32Array(n), lostAt: new Uint32Array(n) };
  // the count was checked against the bytes left: the entries are all there
  for (let i = 0; i < n; i++) {
    r.skip(1 + 8, "osd_info struct_v, last_clean_begin, last_clean_end");
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
