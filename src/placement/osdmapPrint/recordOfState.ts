/**
 * The map osdmaptool prints after it changed its copy in memory: --mark-up-in, --mark-out N,
 * --mark-up N and --mark-in N set OSD up bits and reweights, --clear-temp empties pg_temp and
 * primary_temp, --adjust-crush-weight reweights crush devices. --print and --dump show that copy;
 * nothing else of the map changes (no epoch, no crush_version: osdmaptool writes none of it back
 * without --save).
 */
import type { OsdMapOsdRecord, OsdMapRecord } from "../osdmapBinary/record.js";
import type { ClusterState } from "../types.js";

const CEPH_OSD_UP = 2;

/** One OSD with the up bit and reweight `state` gives its id; its existence stays the map's. */
function osdOfState(o: OsdMapOsdRecord, state: ClusterState): OsdMapOsdRecord {
  const s = state.osds[o.id];
  if (s === undefined || (s.up === o.up && s.weight === o.weight)) return o;
  // osdmaptool sets the up bit of ids that do not exist too; they still print as nothing
  const bits = s.up ? o.state | CEPH_OSD_UP : o.state & ~CEPH_OSD_UP;
  return Object.freeze({ ...o, state: bits, up: o.exists && s.up, in: o.exists && s.weight !== 0, weight: s.weight });
}

/**
 * `m` as osdmaptool holds it once it has made the changes `state` (the cluster state of `m`
 * with them) records: what {@link printOsdMap} and {@link dumpOsdMap} should be given after
 * `--mark-up-in`, `--mark-out`, `--clear-temp` or `--adjust-crush-weight`.
 *
 * @group Placement
 *
 * @example
 * ```ts
 * const record = decodeOsdMap(bytes);
 * const marked = markAllUpIn(clusterStateFromOsdmapBinary(record));
 * printOsdMap(osdMapRecordOfState(record, marked), { release: 18, readBalance: (id) => readBalanceScore(marked, id) });
 * ```
 */
export function osdMapRecordOfState(m: OsdMapRecord, state: ClusterState): OsdMapRecord {
  let changed = false;
  const osds = m.osds.map((o) => {
    const n = osdOfState(o, state);
    if (n !== o) changed = true;
    return n;
  });
  // clear-temp only removes entries: keep the map's order for the ones left
  const pgTemp = m.pgTemp.filter((t) => state.pgTemp.has(t.pgid));
  const primaryTemp = m.primaryTemp.filter((t) => state.primaryTemp.has(t.pgid));
  if (!changed && pgTemp.length === m.pgTemp.length && primaryTemp.length === m.primaryTemp.length && state.crush === m.crush) return m;
  return Object.freeze({ ...m, osds: Object.freeze(osds), pgTemp: Object.freeze(pgTemp), primaryTemp: Object.freeze(primaryTemp), crush: state.crush });
}
