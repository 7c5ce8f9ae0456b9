/**
 * Ceph's binary OSD map, full map encoding (what `ceph osd getmap -o FILE` returns and
 * `osdmaptool --createsimple` writes), of Ceph 16.2, 18.2 and 20.2 and the Luminous-era
 * releases before them:
 *
 *   ENCODE_START(8, 7) wrapper {
 *     ENCODE_START(9 or 10, 1) client-usable data   (clientData.ts)
 *     ENCODE_START(9 to 12, 1) OSD-only data        (osdData.ts)
 *     u32 crc32c(-1) of every wrapper byte before it, continued over any after it
 *   }
 *
 * Maps older than the wrapper's struct_v 7 (Ceph's "classic" encoding, before Firefly) are
 * refused. The crc is checked first, as a whole, so a damaged map fails on it (as Ceph refuses
 * it) rather than on whatever field the damage hit; then every field is read bounds-checked.
 */
import { crc32c } from "../../hash/crc32c.js";
import type { CephRelease } from "../../map/release.js";
import { readClientData, type ClientData } from "./clientData.js";
import { NO_XINFO, readOsdData, type OsdData } from "./osdData.js";
import type { OsdMapAddr } from "./record.js";
import type { OsdMapOsdRecord, OsdMapRecord } from "./record.js";
import { OsdmapReader } from "./reader.js";

const CEPH_OSD_EXISTS = 1;
const CEPH_OSD_UP = 2;
const AFFINITY_DEFAULT = 0x10000;
/** CEPH_OSDMAP_REQUIRE_JEWEL | _KRAKEN | _LUMINOUS, replaced by require_osd_release in Luminous. */
const LEGACY_REQUIRE_FLAGS = (1 << 16) | (1 << 17) | (1 << 18);
const FLAG_RECOVERY_DELETES = 1 << 19;
const FLAG_PGLOG_HARDLIMIT = 1 << 22;
const LUMINOUS = 12;
const NAUTILUS = 14;
/** The newest wrapper encoding (Luminous to Tentacle). */
const WRAPPER_VERSION = 8;

/**
 * Decodes a binary OSD map.
 *
 * @group Placement
 *
 * @throws {@link OsdmapBinaryError} (a ClusterStateError) naming the field and byte offset of a
 * truncated or corrupt map, a crc that does not match, an encoding newer than Tentacle's or
 * older than Luminous', max_osd above {@link MAX_OSD} or a pool's pg_num above
 * {@link MAX_PG_NUM}.
 * @example
 * ```ts
 * // ceph osd getmap -o osdmap.bin
 * const record = decodeOsdMap(readFileSync("osdmap.bin"));
 * record.epoch; record.pools.map((p) => p.name); record.crush.devices.length;
 * ```
 */
export function decodeOsdMap(bytes: Uint8Array): OsdMapRecord {
  const r = new OsdmapReader(bytes);
  const crc = checkCrc(r);
  r.offset = 0;
  const wrapper = r.open("OSD map", WRAPPER_VERSION, 7);
  const client = readClientData(r);
  const osd = readOsdData(r, client.maxOsd);
  r.close(wrapper);
  return record(client, osd, wrapper.version, crc);
}

/**
 * Walks the wrapper and its two sections by their lengths alone, then checks the crc (wrapper
 * v8 and later) over the bytes before it and after it, as OSDMap::decode does.
 */
function checkCrc(r: OsdmapReader): number {
  if (r.length === 0) throw r.error("empty input, not an OSD map", 0);
  const wrapper = r.open("OSD map", WRAPPER_VERSION, 7);
  r.close(r.open("client-usable data", 255));
  r.close(r.open("OSD-only data", 255));
  let crc = 0;
  if (wrapper.version >= 8) {
    const crcAt = r.offset;
    crc = r.u32("crc");
    const actual = crc32c(crc32c(0xffffffff, r.bytes, 0, crcAt), r.bytes, crcAt + 4, wrapper.end);
    if (actual !== crc) throw r.error(`crc mismatch: the map stores ${hex(crc)}, its bytes give ${hex(actual)} (a damaged map)`, crcAt, "crc");
  }
  r.close(wrapper);
  if (r.offset !== r.length) throw r.error(`${r.length - r.offset} bytes follow the end of the OSD map`, r.offset);
  return crc;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}

function record(c: ClientData, o: OsdData, wrapperVersion: number, crc: number): OsdMapRecord {
  const osds: OsdMapOsdRecord[] = [];
  for (let id = 0; id < c.maxOsd; id++) {
    const state = c.osdState[id]!;
    const exists = (state & CEPH_OSD_EXISTS) !== 0;
    osds.push(
      Object.freeze({
        id,
        state,
        exists,
        up: exists && (state & CEPH_OSD_UP) !== 0,
        in: exists && c.osdWeight[id]! !== 0,
        weight: c.osdWeight[id]!,
        primaryAffinity: c.primaryAffinity.length === 0 ? AFFINITY_DEFAULT : c.primaryAffinity[id]!,
        uuid: o.uuids[id]!,
        upFrom: o.info.upFrom[id]!,
        upThru: o.info.upThru[id]!,
        downAt: o.info.downAt[id]!,
        lostAt: o.info.lostAt[id]!,
        lastCleanBegin: o.info.lastCleanBegin[id]!,
        lastCleanEnd: o.info.lastCleanEnd[id]!,
        addrs: Object.freeze({
          public: addrsOf(c.clientAddrs, id),
          cluster: addrsOf(o.clusterAddrs, id),
          heartbeatBack: addrsOf(o.hbBackAddrs, id),
          heartbeatFront: addrsOf(o.hbFrontAddrs, id),
        }),
        xinfo: o.xinfo[id] ?? NO_XINFO,
      }),
    );
  }
  return Object.freeze({
    fsid: c.fsid,
    epoch: c.epoch,
    created: c.created,
    modified: c.modified,
    flags: decodedFlags(c.flags, o.requireOsdReleaseId),
    poolMax: c.poolMax,
    maxOsd: c.maxOsd,
    pools: c.pools,
    osds: Object.freeze(osds),
    pgTemp: Object.freeze(c.pgTemp),
    primaryTemp: Object.freeze(c.primaryTemp),
    pgUpmap: Object.freeze(c.pgUpmap),
    pgUpmapItems: Object.freeze(c.pgUpmapItems),
    pgUpmapPrimaries: Object.freeze(c.pgUpmapPrimaries),
    erasureCodeProfiles: c.erasureCodeProfiles,
    crushVersion: c.crushVersion,
    clusterSnapshot: o.clusterSnapshot,
    nearfullRatio: o.nearfullRatio,
    fullRatio: o.fullRatio,
    backfillfullRatio: o.backfillfullRatio,
    requireMinCompatClient: o.requireMinCompatClient,
    requireOsdRelease: o.requireOsdRelease,
    crush: c.crush,
    release: encodingRelease(c),
    encoding: Object.freeze({ wrapper: wrapperVersion, client: c.version, osd: o.version }),
    crc,
    createdStamp: c.createdStamp,
    modifiedStamp: c.modifiedStamp,
    lastUpChange: c.lastUpChange,
    lastInChange: c.lastInChange,
    requireMinCompatClientId: o.requireMinCompatClientId,
    requireOsdReleaseId: o.requireOsdReleaseId,
    clusterSnapshotEpoch: o.clusterSnapshotEpoch,
    blocklist: o.blocklist,
    rangeBlocklist: o.rangeBlocklist,
    removedSnapsQueue: o.removedSnapsQueue,
    newRemovedSnaps: c.newRemovedSnaps,
    newPurgedSnaps: c.newPurgedSnaps,
    crushNodeFlags: o.crushNodeFlags,
    deviceClassFlags: o.deviceClassFlags,
    stretchMode: o.stretchMode,
    allowCrimson: o.allowCrimson,
  });
}

const NO_ADDRS: readonly OsdMapAddr[] = Object.freeze([]);

/** An OSD's address vector: a map may store fewer vectors than max_osd (Ceph resizes them). */
function addrsOf(vectors: readonly (readonly OsdMapAddr[])[], id: number): readonly OsdMapAddr[] {
  return vectors[id] ?? NO_ADDRS;
}

/** As the JSON path tells a dump's release (osdmapJson.ts dumpRelease), from the encoding. */
function encodingRelease(c: ClientData): CephRelease {
  if (c.pools.some((p) => p.encodingVersion >= 32)) return 20;
  return c.version >= 10 ? 18 : 16;
}

/** The flags as OSDMap::decode leaves them, from what require_osd_release implies. */
function decodedFlags(stored: number, release: number): number {
  let flags = stored;
  if (release >= NAUTILUS) flags |= FLAG_PGLOG_HARDLIMIT;
  if (release >= LUMINOUS) flags = (flags & ~LEGACY_REQUIRE_FLAGS) | FLAG_RECOVERY_DELETES;
  return flags >>> 0;
}
