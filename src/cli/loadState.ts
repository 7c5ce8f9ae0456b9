/** Reads a cluster (OSD map dump + crush map) for the placement commands; every problem is one line. */
import { ClusterStateError } from "../placement/errors.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import type { ClusterState } from "../placement/types.js";
import type { ArgReader } from "./args.js";
import { DataError, UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

/** The options every placement command shares. */
export interface ClusterArgs {
  osdmap?: string;
  crush?: string;
  strict: boolean;
}

export const CLUSTER_HELP = `  --osdmap FILE   the OSD map as 'ceph osd dump -f json' (or 'osdmaptool MAP --dump json') prints it
  --crush FILE    the cluster's crush map, text or binary ('ceph osd getcrushmap -o FILE')
  --no-strict     accept OSDs missing from the crush map and crush devices missing from the OSD map
                  (Ceph tolerates both; by default they are taken as a sign of mismatched files)`;

/** Consumes one cluster option if `flag` is one; returns whether it did. */
export function readClusterArg(flag: string, args: ArgReader, into: ClusterArgs): boolean {
  switch (flag) {
    case "--osdmap":
      into.osdmap = args.value(flag);
      return true;
    case "--crush":
      into.crush = args.value(flag);
      return true;
    case "--no-strict":
      into.strict = false;
      return true;
    default:
      return false;
  }
}

export function loadState(io: CliIO, a: ClusterArgs, command: string): ClusterState {
  if (a.osdmap === undefined || a.crush === undefined) {
    throw new UsageError(`${command} needs --osdmap OSDMAP.json and --crush CRUSH (see crushmap ${command} --help)`);
  }
  const crush = loadMap(io, a.crush);
  const text = new TextDecoder().decode(io.readFile(a.osdmap));
  try {
    return clusterStateFromOsdmapJson(text, crush, { strict: a.strict });
  } catch (e) {
    if (e instanceof ClusterStateError) throw new DataError(`${a.osdmap}: ${e.message}`);
    throw e;
  }
}

/** A pool given on the command line: its id when the text is a number, else its name. */
export function poolRef(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}
