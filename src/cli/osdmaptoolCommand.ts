/**
 * osdmaptool's spelling: crushmap run as `osdmaptool` (argv[0]) or as `crushmap osdmaptool ARGS…`
 * answers osdmaptool's placement questions — --test-map-pgs[-dump[-all]], --test-map-pg,
 * --test-map-object, --mark-up-in, --mark-out, --adjust-crush-weight, --clear-temp, --upmap, --read,
 * --tree — and prints the map (--print, --dump FORMAT, --export-crush FILE) in osdmaptool's order
 * (src/tools/osdmaptool.cc: read the map, mark, balance, test, show) and with its words, streams
 * and exit statuses. What changes a map file (--createsimple, --import-crush, --save, …) is
 * osdmaptool's alone: crushmap says so and exits 2.
 */
import { mapPgsChunks } from "../analysis/osdmaptoolReport.js";
import { formatMapObject, formatMapPg } from "../analysis/osdmaptoolReport.js";
import { cephRelease } from "../map/release.js";
import { markAllUpIn } from "../placement/markUpIn.js";
import { markOsdIn, markOsdOut, markOsdUp } from "../placement/markOsd.js";
import { adjustCrushWeight } from "../placement/adjustCrushWeight.js";
import { clearTemp } from "../placement/clearTemp.js";
import { formatG } from "../analysis/formatFloat.js";
import type { ClusterState } from "../placement/types.js";
import { UsageError } from "./errors.js";
import type { CliIO } from "./io.js";
import { cephArgName, num, parseOsdmaptoolArgs, wantsOsdmaptoolHelp, type OsdmaptoolArgs, type OsdmaptoolValues } from "./osdmaptoolArgs.js";
import { OSDMAPTOOL_FLAGS, type OsdmaptoolFlagTable, type OsdmaptoolOption } from "./osdmaptoolFlags.js";
import { osdmaptoolBalance } from "./osdmaptoolBalance.js";
import { upmapConfig } from "./osdmaptoolConfig.js";
import { osdmaptoolHelp } from "./osdmaptoolHelp.js";
import { loadOsdmaptoolMap } from "./osdmaptoolInput.js";
import { osdmaptoolExportCrush, osdmaptoolShow } from "./osdmaptoolPrint.js";
import { osdmaptoolTree } from "./osdmaptoolTree.js";

const ROWS = Object.entries(OSDMAPTOOL_FLAGS) as [OsdmaptoolOption, OsdmaptoolFlagTable[string]][];

/** What osdmaptool does that crushmap leaves to it (the `leftToCeph` rows): creating and rewriting OSD map files, and a few reports. */
const NOT_HERE = ROWS.filter(([, row]) => row.osdmaptool.leftToCeph === true);

/** The options that are something to do (osdmaptool's "no action specified?" without one). */
const ACTIONS: readonly OsdmaptoolOption[] = ROWS.filter(([, row]) => row.osdmaptool.action === true).map(([key]) => key);

/**
 * The options of osdmaptool that crushmap leaves to Ceph's osdmaptool, as Ceph spells them after
 * its dashes-to-underscores rule (`--export_crush`): a cram shim sends these command lines there.
 */
export const OSDMAPTOOL_LEFT_TO_CEPH: readonly string[] = NOT_HERE.flatMap(([, row]) => row.names.map(cephArgName));

/** How the program names itself: as invoked when that is osdmaptool (Ceph prints argv[0]), else `osdmaptool`. */
export function osdmaptoolName(): string {
  const argv0 = typeof process !== "undefined" ? (process.argv0 ?? "") : "";
  return (argv0.split("/").pop() ?? "") === "osdmaptool" ? argv0 : "osdmaptool";
}

/** Whether crushmap was started under the name `osdmaptool`. */
export function runsAsOsdmaptool(): boolean {
  const argv0 = typeof process !== "undefined" ? (process.argv0 ?? "") : "";
  return (argv0.split("/").pop() ?? "") === "osdmaptool";
}

/** Runs osdmaptool's command line `argv` (without the program name); returns the exit status. */
export function osdmaptoolMain(argv: readonly string[], io: CliIO, me = osdmaptoolName()): number {
  // crushmap's own options (--release R, --crush F) do not count as arguments here
  if (argv.length === 0 || (argv.length === 2 && argv[0] === "--release")) {
    io.stderr(`${me}: -h or --help for usage\n`);
    return 1;
  }
  const help = osdmaptoolHelp(cephRelease(releaseIn(argv)));
  // osdmaptool prints its usage on stdout and exits 1, for --help and after each usage error
  if (wantsOsdmaptoolHelp(argv)) {
    io.stdout(help);
    return 1;
  }
  const parsed = parseOsdmaptoolArgs(argv, me);
  if ("status" in parsed) {
    io.stderr(parsed.stderr);
    if (parsed.usage) io.stdout(help);
    return parsed.status;
  }
  const v = parsed.values;
  for (const [key, row] of NOT_HERE) {
    if (v[key] !== undefined) throw new UsageError(`osdmaptool's ${longName(row.names)} is not answered by crushmap: run Ceph's osdmaptool for it`);
  }
  io.stderr(`${me}: osdmap file '${parsed.file}'\n`);
  const shows = v.print === true || v.dump !== undefined;
  const loaded = loadOsdmaptoolMap(io, me, parsed.file, str(v.crush));
  let state = loaded.state;
  state = markStage(state, v, io);
  const adjusted = adjustStage(state, v, io, me);
  if (typeof adjusted === "number") return adjusted;
  state = adjusted;
  if (v.clearTemp === true) {
    io.stdout("clearing pg/primary temp\n");
    state = clearTemp(state);
  }
  // what --print shows: the map with the marks (the balancers' changes are not applied without --save)
  const marked = state;
  const balanced = osdmaptoolBalance(state, parsed, io, me, upmapConfig(argv));
  if (typeof balanced === "number") return balanced;
  const release = cephRelease(str(v.release));
  if (typeof v.exportCrush === "string") osdmaptoolExportCrush(state, v.exportCrush, release, io, me);
  const tested = testStage(state, v, io, me);
  if (tested !== 0) return tested;
  if (!acts(v)) {
    io.stderr(`${me}: no action specified?\n`);
    io.stdout(help);
    return 1;
  }
  if (shows) io.stdout(osdmaptoolShow(loaded.record, marked, str(v.dump), release));
  if (v.tree !== undefined) io.stdout(osdmaptoolTree(state, String(v.tree)));
  return 0;
}

/** --mark-up-in, then --mark-out N, --mark-up N and --mark-in N, each said on stdout. */
function markStage(state: ClusterState, v: OsdmaptoolValues, io: CliIO): ClusterState {
  let s = state;
  if (v.markUpIn === true) {
    io.stdout("marking all OSDs up and in\n");
    s = markAllUpIn(s);
  }
  const out = num(v.markOut, -1);
  if (out >= 0 && out < s.maxOsd) {
    io.stdout(`marking OSD@${out} as out\n`);
    s = markOsdOut(s, out);
  }
  const up = num(v.markUp, -1);
  if (up >= 0 && up < s.maxOsd) {
    io.stdout(`marking OSD@${up} as up\n`);
    s = markOsdUp(s, up);
  }
  // osdmaptool 16.2–20.2 say and do --mark-in with --mark-up's id (a slip in osdmaptool.cc)
  const inId = num(v.markIn, -1);
  if (inId >= 0 && inId < s.maxOsd) {
    io.stdout(`marking OSD@${up} as up\n`);
    s = markOsdIn(s, up);
  }
  return s;
}

/**
 * --adjust-crush-weight OSD:W[,OSD:W…]: each weight set in turn and said on stdout; an entry
 * without ':' ends the run with osdmaptool's message and usage.
 */
function adjustStage(state: ClusterState, v: OsdmaptoolValues, io: CliIO, me: string): ClusterState | number {
  if (v.adjustCrushWeight === undefined) return state;
  let s = state;
  for (const entry of String(v.adjustCrushWeight).split(",")) {
    if (entry === "") continue;
    const colon = entry.indexOf(":");
    if (colon < 0) {
      io.stderr(`${me}: use ':' as separator of osd id and its weight\n`);
      io.stdout(osdmaptoolHelp(cephRelease(str(v.release))));
      return 1;
    }
    const id = /^\s*([+-]?\d+)/.exec(entry.slice(0, colon));
    const w = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(entry.slice(colon + 1));
    if (id === null || w === null) throw new UsageError(`--adjust-crush-weight: '${entry}' is not OSD:WEIGHT`);
    const weight = Math.fround(Number(w[0]));
    s = adjustCrushWeight(s, Number(id[1]), weight);
    io.stdout(`Adjusted osd.${Number(id[1])} CRUSH weight to ${formatG(weight)}\n`);
  }
  return s;
}

/** --test-map-object, --test-map-pg, --test-map-pgs[-dump[-all]], in osdmaptool's order. */
function testStage(state: ClusterState, v: OsdmaptoolValues, io: CliIO, me: string): number {
  let pool = num(v.pool, -1);
  if (v.testMapObject !== undefined) {
    if (pool === -1) {
      io.stdout(`${me}: assuming pool 1 (use --pool to override)\n`);
      pool = 1;
    }
    if (!hasPool(state, pool)) return noPool(io, pool);
    io.stdout(formatMapObject(state, pool, String(v.testMapObject)));
  }
  if (v.testMapPg !== undefined) {
    const text = String(v.testMapPg);
    const pgid = parseCephPgId(text);
    if (pgid === undefined) {
      io.stderr(`${me}: failed to parse pg '${text}\n`);
      io.stdout(osdmaptoolHelp(cephRelease(str(v.release))));
      return 1;
    }
    // the report is crushmap's; only the echo of the text is osdmaptool's own
    const report = formatMapPg(state, pgid);
    io.stdout(` parsed '${text}' -> ${pgid}\n${report.slice(report.indexOf("\n") + 1)}`);
  }
  if (v.testMapPgs === true || v.testMapPgsDump === true || v.testMapPgsDumpAll === true) {
    const dump = v.testMapPgsDump === true ? "dump" : v.testMapPgsDumpAll === true ? "all" : "none";
    if (pool !== -1 && !hasPool(state, pool)) return noPool(io, pool);
    const pgNum = num(v.pgNum, -1);
    const random = v.testRandom === true ? { random: true } : {};
    const options = { dump, ...(pool === -1 ? {} : { pool }), ...(pgNum > 0 ? { pgNum } : {}), ...random } as const;
    for (const chunk of mapPgsChunks(state, options)) io.stdout(chunk);
  }
  return 0;
}

function hasPool(state: ClusterState, pool: number): boolean {
  return state.pools.some((p) => p.id === pool);
}

function noPool(io: CliIO, pool: number): number {
  io.stderr(`There is no pool ${pool}\n`);
  return 1;
}

/**
 * A pgid as Ceph's pg_t::parse reads it (sscanf "%llu.%x": a decimal pool, a dot, a hex seed,
 * anything after ignored), printed as Ceph prints it (`1.1f`); undefined when it does not parse.
 */
export function parseCephPgId(text: string): string | undefined {
  const m = /^\s*(\d+)\.\s*(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(text);
  if (m === null) return undefined;
  const seed = Number.parseInt(m[2]!.slice(-8), 16) >>> 0;
  return `${BigInt(m[1]!) & 0xffffffffffffffffn}.${seed.toString(16)}`;
}

/** Whether osdmaptool would call this invocation one that does something. */
function acts(v: OsdmaptoolValues): boolean {
  return ACTIONS.some((k) => v[k] !== undefined && v[k] !== false);
}

/** The spelling messages name an option by: its long one. */
function longName(names: readonly string[]): string {
  return names.find((n) => n.startsWith("--")) ?? names[0]!;
}

function str(v: string | number | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The value of `--release R` / `--release=R` (help is printed before the arguments are read). */
function releaseIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--release") return argv[i + 1];
    if (argv[i]!.startsWith("--release=")) return argv[i]!.slice("--release=".length);
  }
  return undefined;
}

export type { OsdmaptoolArgs };
