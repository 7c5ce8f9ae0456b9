/**
 * A decoded binary OSD map beside what `osdmaptool MAP --dump json` printed of the same map:
 * the fields both hold, as pairs of equal shape, so that one toEqual shows every difference.
 */
import type { OsdMapRecord } from "../../src/placement/osdmapBinary/record.js";

export function recordBesideDump(m: OsdMapRecord, dump: Record<string, any>): { record: unknown; dump: unknown } {
  const exists = m.osds.filter((o) => o.exists);
  return {
    record: {
      head: [m.epoch, m.fsid, m.maxOsd, m.poolMax, m.crushVersion, m.flags],
      releases: [m.requireOsdRelease, m.requireMinCompatClient, m.clusterSnapshot],
      ratios: [m.fullRatio, m.nearfullRatio, m.backfillfullRatio],
      profiles: m.erasureCodeProfiles,
      pools: m.pools.map((p) => [p.id, p.name, p.type, p.size, p.minSize, p.crushRule, p.objectHash, p.pgNum, p.pgpNum, p.pgNumTarget, p.pgpNumTarget, p.flags, p.erasureCodeProfile, p.stripeWidth, p.lastChange, p.applications, p.readRatio]),
      osds: exists.map((o) => [o.id, o.uuid, o.up ? 1 : 0, o.in ? 1 : 0, o.weight / 0x10000, o.primaryAffinity / 0x10000, o.upFrom, o.upThru, o.downAt, o.lostAt]),
      pgUpmap: m.pgUpmap.map((e) => [e.pgid, e.osds]),
      pgUpmapItems: m.pgUpmapItems.map((e) => [e.pgid, e.mappings]),
      pgUpmapPrimaries: m.pgUpmapPrimaries.map((e) => [e.pgid, e.osd]),
      pgTemp: m.pgTemp.map((e) => [e.pgid, e.osds]),
      primaryTemp: m.primaryTemp.flatMap((e) => [e.pgid, e.osd]),
    },
    dump: {
      head: [dump.epoch, dump.fsid, dump.max_osd, dump.pool_max, dump.crush_version, dump.flags_num],
      releases: [dump.require_osd_release, dump.require_min_compat_client, dump.cluster_snapshot],
      ratios: [dump.full_ratio, dump.nearfull_ratio, dump.backfillfull_ratio],
      profiles: dump.erasure_code_profiles,
      pools: dump.pools.map((p: any) => [
        p.pool, p.pool_name, p.type, p.size, p.min_size, p.crush_rule, p.object_hash, p.pg_num, p.pg_placement_num, p.pg_num_target,
        p.pg_placement_num_target, p.flags, p.erasure_code_profile, p.stripe_width, Number(p.last_change), Object.keys(p.application_metadata), p.options.read_ratio,
      ]),
      osds: dump.osds.map((o: any) => [o.osd, o.uuid, o.up, o.in, o.weight, o.primary_affinity, o.up_from, o.up_thru, o.down_at, o.lost_at]),
      pgUpmap: dump.pg_upmap.map((e: any) => [e.pgid, e.osds]),
      pgUpmapItems: dump.pg_upmap_items.map((e: any) => [e.pgid, e.mappings]),
      // 16.2 dumps no pg_upmap_primaries; every release dumps primary_temp as a flat array
      pgUpmapPrimaries: (dump.pg_upmap_primaries ?? []).map((e: any) => [e.pgid, e.primary_osd]),
      pgTemp: dump.pg_temp.map((e: any) => [e.pgid, e.osds]),
      primaryTemp: dump.primary_temp,
    },
  };
}
