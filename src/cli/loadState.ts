/** Reads a cluster (OSD map dump + crush map) for the placement commands; every problem is one line. */
import type { CrushMap } from "../map/types.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import { osdmapOfReport } from "../plan/cephReport.js";
import type { ClusterState } from "../placement/types.js";
import { inFile } from "./errors.js";
import type { CliIO } from "./io.js";
import { inputName, loadMap, readJsonText } from "./loadMap.js";

/** What the cluster rows (commonFlags.clusterFlags) give. */
export interface ClusterArgs {
  readonly osdmap: string;
  readonly crush: string;
  readonly strict: boolean;
}

export function loadState(io: CliIO, a: ClusterArgs): ClusterState {
  return stateWithMap(io, a.osdmap, loadMap(io, a.crush), a.strict);
}

/** The OSD map at `osdmap` with crush map `crush`. */
export function stateWithMap(io: CliIO, osdmap: string, crush: CrushMap, strict: boolean): ClusterState {
  const text = readJsonText(io, osdmap);
  // what Ceph tolerates with a warning (a pg_upmap_primaries entry naming no OSD, a newer
  // release) is tolerated here too: one line on stderr each
  const onWarning = (w: { readonly message: string }) => io.stderr(`crushmap: warning: ${w.message}\n`);
  // `ceph report` carries the OSD map dump under "osdmap"
  return inFile(inputName(osdmap), () => clusterStateFromOsdmapJson(osdmapOfReport(text), crush, { strict, onWarning }));
}
