/**
 * `crushmap map-pgs` as the CLI will run it once it prints the stream: load the cluster as the
 * CLI does, then write `mapPgsChunks` to stdout chunk by chunk. Bundled and run under plain
 * node by bench/commandMemory.sh to measure its memory against osdmaptool's.
 *
 *   node DIST/mapPgsStream.mjs OSDMAP.json CRUSH [--pool P] [--all|--summary] [--pg-num N]
 */
import { readFileSync, writeSync } from "node:fs";
import { clusterStateFromOsdmapJson, loadCrushMap, mapPgsChunks, type MapPgsOptions } from "../src/index.js";

const [osdmap, crush, ...rest] = process.argv.slice(2);
if (osdmap === undefined || crush === undefined) throw new Error("usage: mapPgsStream OSDMAP.json CRUSH [--pool P] [--all|--summary] [--pg-num N]");
let pool: string | number | undefined;
let dump: MapPgsOptions["dump"] = "dump";
let pgNum: number | undefined;
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  if (a === "--pool") pool = /^\d+$/.test(rest[++i]!) ? Number(rest[i]) : rest[i];
  else if (a === "--all") dump = "all";
  else if (a === "--summary") dump = "none";
  else if (a === "--pg-num") pgNum = Number(rest[++i]);
}
const state = clusterStateFromOsdmapJson(new TextDecoder().decode(readFileSync(osdmap)), loadCrushMap(readFileSync(crush)));
const options: MapPgsOptions = { dump, ...(pool === undefined ? {} : { pool }), ...(pgNum === undefined ? {} : { pgNum }) };
// fd 1 directly: synchronous whatever stdout is, as process.stdout is for files and pipes on Linux
for (const chunk of mapPgsChunks(state, options)) writeSync(1, chunk);
