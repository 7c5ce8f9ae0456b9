/**
 * A cluster state from a binary OSD map: the same state `clusterStateFromOsdmapJson` builds from
 * `osdmaptool MAP --dump json` and the map's crush map, through the same pool conversion
 * (osdmapFacts.ts) and the same checks (createClusterState).
 */
import { cephRelease } from "../../map/release.js";
import type { CrushMap } from "../../map/types.js";
import { poolInputOf, warnNewerRelease } from "../osdmapFacts.js";
import type { OsdmapJsonOptions } from "../osdmapJson.js";
import { createClusterState } from "../state.js";
import type { ClusterState } from "../types.js";
import { decodeOsdMap } from "./decodeOsdMap.js";
import type { OsdMapRecord } from "./record.js";

/**
 * How {@link clusterStateFromOsdmapBinary} reads a map: the JSON reader's options, and a crush
 * map to use instead of the embedded one.
 *
 * @group Placement
 */
export interface OsdmapBinaryOptions extends OsdmapJsonOptions {
  /**
   * Replaces the map's embedded crush map, as `osdmaptool --import-crush` would. Default: the
   * embedded one (what osdmaptool places with).
   */
  readonly crush?: CrushMap;
}

/**
 * A cluster state from Ceph's binary OSD map (`ceph osd getmap -o FILE`,
 * `osdmaptool --createsimple`), placing with the crush map it embeds. Equal to what
 * {@link clusterStateFromOsdmapJson} gives for the same map's JSON dump and crush map.
 *
 * @group Placement
 *
 * @param input the map's bytes, or a record {@link decodeOsdMap} returned
 * @throws {@link OsdmapBinaryError} for bytes that are no OSD map crushmap reads, and
 * {@link ClusterStateError} for a state {@link createClusterState} refuses.
 * @example
 * ```ts
 * const state = clusterStateFromOsdmapBinary(readFileSync("osdmap.bin"));
 * placePg(state, "1.7f").acting;
 * ```
 */
export function clusterStateFromOsdmapBinary(input: Uint8Array | OsdMapRecord, options: OsdmapBinaryOptions = {}): ClusterState {
  const map = input instanceof Uint8Array ? decodeOsdMap(input) : input;
  warnNewerRelease(map.requireOsdRelease, options.onWarning);
  return createClusterState({
    crush: options.crush ?? map.crush,
    epoch: map.epoch,
    maxOsd: map.maxOsd,
    pools: map.pools.map((p) => poolInputOf(p, map.erasureCodeProfiles, "the OSD map")),
    // as in the JSON dump, OSD ids that do not exist are left out; an out OSD has weight 0. Each
    // is the state's own record (createClusterState keeps it rather than copying it)
    osds: map.osds.filter((o) => o.exists).map((o) => Object.freeze({ id: o.id, exists: true, up: o.up, weight: o.weight, primaryAffinity: o.primaryAffinity })),
    pgUpmap: map.pgUpmap,
    pgUpmapItems: map.pgUpmapItems,
    pgUpmapPrimaries: map.pgUpmapPrimaries,
    pgTemp: map.pgTemp,
    primaryTemp: map.primaryTemp,
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    ...(options.onWarning === undefined ? {} : { onWarning: options.onWarning }),
    release: options.release === undefined ? map.release : cephRelease(options.release),
  });
}
