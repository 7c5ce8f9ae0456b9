/**
 * Reads a cluster for the placement commands: an OSD map, as JSON (`ceph osd dump -f json`, a
 * `ceph report`) with its crush map, or binary (`ceph osd getmap`), whose embedded crush map
 * is used unless one is given. Every problem is one line.
 */
import type { CrushMap } from "../map/types.js";
import { markAllUpIn } from "../placement/markUpIn.js";
import { clusterStateFromOsdmapBinary } from "../placement/osdmapBinary/clusterState.js";
import { decodeOsdMap } from "../placement/osdmapBinary/decodeOsdMap.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import { leanOsdmapDocument } from "../placement/osdmapJsonLean.js";
import type { ClusterState } from "../placement/types.js";
import { inFile, UsageError } from "./errors.js";
import type { CliIO } from "./io.js";
import { inputName, jsonText, loadMap } from "./loadMap.js";

/** What the cluster rows (commonFlags.clusterFlags) give. */
export interface ClusterArgs {
  readonly osdmap: string;
  /** Needed with a JSON OSD map; replaces a binary map's embedded one. */
  readonly crush?: string | undefined;
  readonly strict: boolean;
  /** --mark-up-in: every OSD up and in (see {@link markAllUpIn}). */
  readonly markUpIn?: boolean;
  /** With --json nothing but the document goes to stdout. */
  readonly json?: boolean;
}

export function loadState(io: CliIO, a: ClusterArgs): ClusterState {
  return stateWithMap(io, a.osdmap, a.crush === undefined ? undefined : loadMap(io, a.crush), a.strict, a);
}

/**
 * JSON text (an OSD map dump, a `ceph report`) starts with `{` after white space; a binary OSD
 * map never does, and holds NUL bytes within its first ones (its section lengths). Other text
 * goes to the JSON reader too, which says it is not JSON.
 */
function isJsonText(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x7b || (bytes.length > 0 && !bytes.subarray(0, 64).includes(0));
}

/**
 * Refuses early (an endless device, a file of another kind) what is neither text for the JSON
 * reader nor the start of a binary OSD map: its wrapper's struct_v 7 or 8, a struct_compat of 8
 * at most.
 */
function osdmapHead(head: Uint8Array): string | undefined {
  if (isJsonText(head) || (head.length >= 2 && (head[0] === 7 || head[0] === 8) && head[1]! <= 8)) return undefined;
  return "not JSON text (it holds NUL bytes) nor a binary OSD map (no OSD map header)";
}

/**
 * The OSD map file: a JSON one as its text, a binary one as its bytes (so that the bytes of a
 * JSON map are not held while its text is read).
 */
function readOsdmap(io: CliIO, path: string): string | Uint8Array {
  const bytes = io.readFile(path, osdmapHead);
  return isJsonText(bytes) ? jsonText(bytes) : bytes;
}

/**
 * The OSD map at `osdmap` with crush map `crush` (for a binary map: instead of its own), marked
 * up and in when asked.
 */
export function stateWithMap(io: CliIO, osdmap: string, crush: CrushMap | undefined, strict: boolean, how: { readonly markUpIn?: boolean; readonly json?: boolean } = {}): ClusterState {
  // what Ceph tolerates with a warning (a pg_upmap_primaries entry naming no OSD, a newer
  // release, devices the two maps disagree on) is tolerated here too: one line on stderr each
  const onWarning = (w: { readonly message: string }) => io.stderr(`crushmap: warning: ${w.message}\n`);
  const input = readOsdmap(io, osdmap);
  let state: ClusterState;
  if (typeof input === "string") {
    if (crush === undefined) throw new UsageError(`${inputName(osdmap)} is a JSON OSD map: give its crush map with --crush CRUSH`);
    // `ceph report` carries the OSD map dump under "osdmap". Read lean either way: JSON.parse of
    // the whole text (osdmapOfReport) held ~30 MiB of objects for a 7 MB dump of 10,000 OSDs.
    state = inFile(inputName(osdmap), () => clusterStateFromOsdmapJson(leanOsdmapDocument(input, { report: true }), crush, { strict, onWarning }));
  } else {
    state = inFile(inputName(osdmap), () => clusterStateFromOsdmapBinary(input, { strict, onWarning, ...(crush === undefined ? {} : { crush }) }));
  }
  if (how.markUpIn !== true) return state;
  // osdmaptool says so on stdout, before its report
  if (how.json !== true) io.stdout("marking all OSDs up and in\n");
  return markAllUpIn(state);
}

const RATIO_FIELDS: ReadonlySet<string> = new Set(["full_ratio", "backfillfull_ratio"]);

/**
 * What osdmapFullRatios reads from the OSD map at `osdmap`: the JSON text, or of a binary map
 * its ratios under the names the dump gives them.
 */
export function osdmapRatioSource(io: CliIO, osdmap: string): unknown {
  const bytes = io.readFile(osdmap, osdmapHead);
  // lean: JSON.parse of a dump of 10,000 OSDs made ~30 MiB of objects for two numbers
  if (isJsonText(bytes)) return inFile(inputName(osdmap), () => leanOsdmapDocument(jsonText(bytes), { report: true, fields: RATIO_FIELDS }));
  const m = inFile(inputName(osdmap), () => decodeOsdMap(bytes));
  return { full_ratio: m.fullRatio, backfillfull_ratio: m.backfillfullRatio };
}
