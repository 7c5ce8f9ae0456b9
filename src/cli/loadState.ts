/** Reads a cluster (OSD map dump + crush map) for the placement commands; every problem is one line. */
import type { CrushMap } from "../map/types.js";
import { markAllUpIn } from "../placement/markUpIn.js";
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
  /** --mark-up-in: every OSD up and in (see {@link markAllUpIn}). */
  readonly markUpIn?: boolean;
  /** With --json nothing but the document goes to stdout. */
  readonly json?: boolean;
}

export function loadState(io: CliIO, a: ClusterArgs): ClusterState {
  return stateWithMap(io, a.osdmap, loadMap(io, a.crush), a.strict, a);
}

/** The OSD map at `osdmap` with crush map `crush`, marked up and in when asked. */
export function stateWithMap(io: CliIO, osdmap: string, crush: CrushMap, strict: boolean, how: { readonly markUpIn?: boolean; readonly json?: boolean } = {}): ClusterState {
  const text = readJsonText(io, osdmap);
  // what Ceph tolerates with a warning (a pg_upmap_primaries entry naming no OSD, a newer
  // release, devices the two maps disagree on) is tolerated here too: one line on stderr each
  const onWarning = (w: { readonly message: string }) => io.stderr(`crushmap: warning: ${w.message}\n`);
  // `ceph report` carries the OSD map dump under "osdmap"
  const state = inFile(inputName(osdmap), () => clusterStateFromOsdmapJson(osdmapOfReport(text), crush, { strict, onWarning }));
  if (how.markUpIn !== true) return state;
  // osdmaptool says so on stdout, before its report
  if (how.json !== true) io.stdout("marking all OSDs up and in\n");
  return markAllUpIn(state);
}
