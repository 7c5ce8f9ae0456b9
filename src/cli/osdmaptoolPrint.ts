/**
 * osdmaptool's --print, --dump FORMAT and --export-crush FILE: the map's text, its dump through
 * Ceph's formatter, and its crush map as the release's osdmaptool encodes it. The text comes from
 * the library (printOsdMap, dumpOsdMap, encodeCrushMap); this only picks the format and writes.
 */
import { readBalanceScore } from "../balance/readBalanceScore.js";
import { encodeCrushMap } from "../map/binary/encode.js";
import type { CephRelease } from "../map/release.js";
import type { OsdMapRecord } from "../placement/osdmapBinary/record.js";
import { dumpOsdMap } from "../placement/osdmapPrint/dumpOsdMap.js";
import { printOsdMap } from "../placement/osdmapPrint/printOsdMap.js";
import { osdMapRecordOfState } from "../placement/osdmapPrint/recordOfState.js";
import type { ClusterState } from "../placement/types.js";
import { UsageError } from "./errors.js";
import type { CliIO } from "./io.js";

/** The formatter of `--dump NAME` as Ceph's Formatter::create picks it: plain text, or JSON for a name it does not know. */
function dumpFormat(name: string): "plain" | "json" | "json-pretty" | "xml" | "xml-pretty" {
  if (name === "" || name === "plain") return "plain";
  if (name === "json-pretty" || name === "xml" || name === "xml-pretty") return name;
  if (/^(table|table-kv|html|html-pretty)$/.test(name)) throw new UsageError(`osdmaptool's --dump ${name} is not answered by crushmap (plain, json, json-pretty, xml and xml-pretty are)`);
  return "json";
}

/**
 * What --print (`dump` undefined) or --dump NAME writes for the map: the binary map's record
 * (a JSON dump holds no more than it says) with the marks and cleared temps of `state`.
 */
export function osdmaptoolShow(record: OsdMapRecord | undefined, state: ClusterState, dump: string | undefined, release: CephRelease): string {
  if (record === undefined) throw new UsageError("--print and --dump read a binary OSD map (ceph osd getmap -o FILE), not a JSON dump");
  const format = dumpFormat(dump ?? "");
  const options = { release, readBalance: (id: number) => readBalanceScore(state, id) };
  const shown = osdMapRecordOfState(record, state);
  return format === "plain" ? printOsdMap(shown, options) : dumpOsdMap(shown, format, options);
}

/** --export-crush FILE: the crush map crushmap places with, in the release's encoding, and osdmaptool's line. */
export function osdmaptoolExportCrush(state: ClusterState, file: string, release: CephRelease, io: CliIO, me: string): void {
  io.writeFile(file, encodeCrushMap(state.crush, { release }));
  io.stdout(`${me}: exported crush map to ${file}\n`);
}
