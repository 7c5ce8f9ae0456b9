/**
 * The OSD map osdmaptool's spelling reads: Ceph's binary OSD map (what `ceph osd getmap` and
 * `osdmaptool --createsimple` write, its crush map inside), or, as crushmap's extension, an OSD
 * map dump in JSON (`ceph osd dump -f json` with `--crush CRUSH`, or a whole `ceph report`, which
 * holds the crush map too). A file that cannot be read or decoded fails in osdmaptool's words.
 */
import { mapFromCephDump } from "../map/cephDump.js";
import type { CrushMap } from "../map/types.js";
import { clusterStateFromOsdmapBinary } from "../placement/osdmapBinary/clusterState.js";
import { decodeOsdMap } from "../placement/osdmapBinary/decodeOsdMap.js";
import type { OsdMapRecord } from "../placement/osdmapBinary/record.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import type { ClusterState } from "../placement/types.js";
import { osdmapOfReport } from "../plan/cephReport.js";
import { inCrushtoolWords, UsageError } from "./errors.js";
import type { CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

/** osdmaptool's status for a map it cannot open or decode (its main returns -1). */
const DECODE_FAILED = 255;

/** osdmaptool's reason for a file it cannot open, from the reason crushmap's reader gives. */
function openReason(path: string, message: string): string {
  if (message.endsWith(": no such file")) return `can't open ${path}: (2) No such file or directory`;
  if (message.endsWith(": permission denied")) return `can't open ${path}: (13) Permission denied`;
  if (message.endsWith(": is a directory")) return `bufferlist::read_file(${path}): read error:(21) Is a directory`;
  return message;
}

/** Whether the bytes are JSON text (an object), not a binary OSD map. */
function isJsonText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}

/**
 * A binary OSD map with its embedded crush map (or `crush`). Only bytes the decoder refuses are
 * "error decoding osdmap"; a map it reads but crushmap cannot place with says why.
 */
function stateFromBinary(me: string, path: string, bytes: Uint8Array, crush: CrushMap | undefined): OsdmaptoolMap {
  const record = inCrushtoolWords(() => decodeOsdMap(bytes), () => `${me}: error decoding osdmap '${path}'`, DECODE_FAILED);
  // osdmaptool maps an OSD map and a crush map that disagree on their devices without a word
  const state = clusterStateFromOsdmapBinary(record, { strict: false, onWarning: () => undefined, ...(crush === undefined ? {} : { crush }) });
  return { state, record };
}

/** The map osdmaptool's spelling read: its cluster state, and for a binary map the decoded record. */
export interface OsdmaptoolMap {
  readonly state: ClusterState;
  readonly record?: OsdMapRecord;
}

/** The cluster in the OSD map file `path` (`crushPath`: the crush map of a JSON dump). */
export function loadOsdmaptoolState(io: CliIO, me: string, path: string, crushPath: string | undefined): ClusterState {
  return loadOsdmaptoolMap(io, me, path, crushPath).state;
}

/** The OSD map file `path` as osdmaptool's spelling reads it: its state, and its record when binary. */
export function loadOsdmaptoolMap(io: CliIO, me: string, path: string, crushPath: string | undefined): OsdmaptoolMap {
  const bytes = inCrushtoolWords(
    () => io.readFile(path),
    (e) => `${me}: couldn't open ${path}: ${openReason(path, e.message)}`,
    DECODE_FAILED,
  );
  const crush = crushPath === undefined ? undefined : loadMap(io, crushPath);
  if (!isJsonText(bytes)) {
    return stateFromBinary(me, path, bytes, crush);
  }
  const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  return { state: stateFromJson(json, crush, path) };
}

/** An OSD map dump (or a `ceph report`) with its crush map: given, or the report's own. */
function stateFromJson(json: unknown, crush: CrushMap | undefined, path: string): ClusterState {
  let map = crush;
  if (map === undefined) {
    const report = json !== null && typeof json === "object" ? (json as Record<string, unknown>)["crushmap"] : undefined;
    if (report === undefined) throw new UsageError(`${path} is an OSD map dump in JSON, which holds no crush map: give it with --crush CRUSH (or give 'ceph report' output, which holds both)`);
    map = mapFromCephDump(json);
  }
  // osdmaptool maps an OSD map and a crush map that disagree on their devices without a word
  return clusterStateFromOsdmapJson(osdmapOfReport(json), map, { strict: false, onWarning: () => undefined });
}
