/**
 * osdmaptool's command line, read as Ceph reads it (src/common/ceph_argparse.cc and
 * src/tools/osdmaptool.cc): the rows of osdmaptool's flag table (osdmaptoolFlags.ts), each read
 * as its `osdmaptool` rule says, matched in any order with `-` and `_` alike after the leading
 * dashes and `--opt=value` or `--opt value`; what no row takes stays a positional (the map file;
 * a second one is "too many arguments").
 * Ceph's config options (`--osd_calc_pg_upmaps_aggressively=false`, `--debug-crush 0`, `-c FILE`)
 * are taken and ignored, as global_init takes them before osdmaptool looks. Mistakes end the
 * command with osdmaptool's words and status, returned as an {@link OsdmaptoolExit}.
 */
import type { OsdmaptoolRead } from "./flags.js";
import { OSDMAPTOOL_FLAGS, type OsdmaptoolFlagTable, type OsdmaptoolOption } from "./osdmaptoolFlags.js";

export type { OsdmaptoolOption };

/** What each option left, by key: true for a flag, the text or number of a value. */
export type OsdmaptoolValues = Partial<Record<OsdmaptoolOption, string | number | boolean>>;

/** The parsed command line. */
export interface OsdmaptoolArgs {
  /** The one positional: the OSD map file. */
  readonly file: string;
  readonly values: OsdmaptoolValues;
  /** Every --upmap-pool, sorted and without repeats (osdmaptool keeps them in a std::set). */
  readonly upmapPools: readonly string[];
}

/** The command ends here: what osdmaptool prints, and its exit status. */
export interface OsdmaptoolExit {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** osdmaptool's usage text follows on stdout. */
  readonly usage: boolean;
}

/** Ceph config options the osdmaptool spelling takes (and ignores); booleans take no separate value. */
const CONFIG_BOOLEANS: ReadonlySet<string> = new Set(["osd_calc_pg_upmaps_aggressively", "osd_calc_pg_upmaps_aggressively_fast", "osd_pool_default_flag_hashpspool", "log_to_stderr", "err_to_stderr", "log_to_file", "no_mon_config"]);
const CONFIG_VALUES: ReadonlySet<string> = new Set([
  "osd_calc_pg_upmaps_local_fallback_retries",
  "osd_calc_pg_upmaps_max_stddev",
  "osd_pool_default_size",
  "osd_pool_default_min_size",
  "osd_pool_default_pg_num",
  "osd_pool_default_pgp_num",
  "osd_pool_default_crush_rule",
  "osd_crush_chooseleaf_type",
  "osd_crush_initial_weight",
  "mon_max_pg_per_osd",
  "log_file",
  "keyring",
  "admin_socket",
  "run_dir",
  "fsid",
  "mon_host",
  "conf",
  "cluster",
  "id",
  "name",
]);
const CONFIG_SHORT: ReadonlySet<string> = new Set(["-c", "-n"]);

/** Ceph's dashes_to_underscores: past the first two characters, `-` is `_` up to an `=`. */
export function cephArgName(arg: string): string {
  const eq = arg.indexOf("=", 2);
  const name = eq < 0 ? arg : arg.slice(0, eq);
  return name.slice(0, 2) + name.slice(2).replace(/-/g, "_") + (eq < 0 ? "" : arg.slice(eq));
}

/** Whether -h or --help is anywhere: osdmaptool then prints its usage and nothing else. */
export function wantsOsdmaptoolHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === "-h" || a === "--help");
}

/** Reads osdmaptool's arguments (without the program name); `me` names the program in messages. */
export function parseOsdmaptoolArgs(argv: readonly string[], me: string): OsdmaptoolArgs | OsdmaptoolExit {
  const line = readOsdmaptoolLine(OSDMAPTOOL_FLAGS, argv);
  if ("status" in line) return line;
  const { positionals, values } = line;
  if (positionals.length === 0) return usageExit(`${me}: must specify osdmap filename\n`);
  if (positionals.length > 1) return usageExit(`${me}: too many arguments\n`);
  const v = values as OsdmaptoolValues;
  if (num(v.upmapDeviation, 5) < 1) return usageExit(`${me}: upmap-deviation must be >= 1\n`);
  if (v.read === undefined && v.osdSizeAware === true) return usageExit(`${me}: osd-size-aware is only applicable to read mode\n`);
  return { file: positionals[0]!, values: v, upmapPools: line.lists.get("upmapPool" satisfies OsdmaptoolOption) ?? [] };
}

/** A command line read against an osdmaptool flag table. */
export interface OsdmaptoolLine {
  /** What no row (and no Ceph config option) took, in order. */
  readonly positionals: readonly string[];
  /** Each row's value by its key: true for a flag, the text or number of a value; only rows given. */
  readonly values: Readonly<Record<string, string | number | boolean>>;
  /** Each repeatable row's values, sorted and without repeats (osdmaptool keeps them in a std::set). */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/** The walk's state: what is left of the line, what the rows took, osdmaptool's two shared strings. */
interface Walk {
  readonly table: OsdmaptoolFlagTable;
  /** Every spelling of every row, as cephArgName spells it, to its key. */
  readonly names: ReadonlyMap<string, string>;
  readonly rest: string[];
  readonly values: Record<string, string | number | boolean>;
  readonly lists: Map<string, Set<string>>;
  /** osdmaptool's error stream (`err`), reported by the next `int` option. */
  err: string;
  /** osdmaptool's one value string (`val`) the `shared` options read into. */
  val: string;
}

/**
 * Reads `argv` as osdmaptool's option loop does, each option by its row's `osdmaptool` rule; an
 * exit where osdmaptool stops (a missing or bad value).
 */
export function readOsdmaptoolLine(table: OsdmaptoolFlagTable, argv: readonly string[]): OsdmaptoolLine | OsdmaptoolExit {
  const names = new Map<string, string>();
  for (const [key, row] of Object.entries(table)) for (const name of row.names) names.set(cephArgName(name), key);
  const w: Walk = { table, names, rest: [...argv], values: {}, lists: new Map(), err: "", val: "" };
  for (let i = 0; i < w.rest.length; ) {
    if (w.rest[i] === "--") {
      w.rest.splice(i, 1);
      break;
    }
    const taken = takeConfig(w.rest, i) ?? takeOption(w, i);
    if (typeof taken === "object") return taken;
    if (!taken) i++;
  }
  const lists = new Map<string, readonly string[]>();
  for (const [key, set] of w.lists) lists.set(key, [...set].sort(byteOrder));
  return { positionals: w.rest, values: w.values, lists };
}

/** A number option's value, or its default. */
export function num(v: string | number | boolean | undefined, fallback: number): number {
  return typeof v === "number" ? v : fallback;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function usageExit(stderr: string): OsdmaptoolExit {
  return { status: 1, stdout: "", stderr, usage: true };
}

function exit(stderr: string, status = 1): OsdmaptoolExit {
  return { status, stdout: "", stderr, usage: false };
}

/** A Ceph config option at rest[i], removed (with its value); undefined when it is none. */
function takeConfig(rest: string[], i: number): true | OsdmaptoolExit | undefined {
  const arg = rest[i]!;
  const canonical = cephArgName(arg);
  const eq = canonical.indexOf("=");
  const name = (eq < 0 ? canonical : canonical.slice(0, eq)).replace(/^--/, "");
  if (!canonical.startsWith("--") && !CONFIG_SHORT.has(arg)) return undefined;
  const isShort = CONFIG_SHORT.has(arg);
  if (!isShort && CONFIG_BOOLEANS.has(name)) {
    rest.splice(i, 1);
    return true;
  }
  if (!isShort && !CONFIG_VALUES.has(name) && !name.startsWith("debug_")) return undefined;
  if (eq >= 0) {
    rest.splice(i, 1);
    return true;
  }
  if (i + 1 >= rest.length) return exit(`Option ${arg} requires an argument.\n`);
  rest.splice(i, 2);
  return true;
}

/** The option at w.rest[i], stored and removed; false when no row takes it. */
function takeOption(w: Walk, i: number): boolean | OsdmaptoolExit {
  const arg = w.rest[i]!;
  const canonical = cephArgName(arg);
  const eq = canonical.indexOf("=", 2);
  const key = w.names.get(eq < 0 ? canonical : canonical.slice(0, eq));
  if (key === undefined) return false;
  const row = w.table[key]!;
  const rule = row.osdmaptool;
  if (rule.read === "flag") {
    // a flag takes no `=value`: `--print=x` is no option of osdmaptool's
    if (eq >= 0) return false;
    w.rest.splice(i, 1);
    w.values[key] = true;
    return true;
  }
  let text: string | undefined;
  if (eq >= 0) {
    text = canonical.slice(eq + 1);
    w.rest.splice(i, 1);
  } else if (i + 1 < w.rest.length) {
    text = w.rest[i + 1]!;
    w.rest.splice(i, 2);
  } else {
    if (rule.read === "str" || rule.read === "stoi" || rule.read === "stod") return exit(`Option ${arg} requires an argument.\n`);
    w.rest.splice(i, 1);
    if (rule.shared === true) text = w.val;
  }
  if (rule.shared === true) w.val = text!;
  if (row.repeatable === true) {
    // every value is kept, in a set, as osdmaptool keeps its --upmap-pool names
    const set = w.lists.get(key) ?? new Set<string>();
    w.lists.set(key, set.add(text!));
    return true;
  }
  return storeValue(w, key, rule.read, arg, text) ?? true;
}

/** Stores one option's value as `read` reads it; an exit where osdmaptool stops. */
function storeValue(w: Walk, key: string, read: Exclude<OsdmaptoolRead, "flag">, arg: string, text: string | undefined): OsdmaptoolExit | undefined {
  switch (read) {
    case "str":
      w.values[key] = text!;
      return undefined;
    case "strLoose":
      w.values[key] = text ?? "";
      return undefined;
    case "stoi":
    case "stod": {
      const n = read === "stoi" ? stoi(text!) : stod(text!);
      if (n === undefined) return exit(`terminate called after throwing an instance of 'std::invalid_argument'\n  what():  ${read}\n`, 134);
      w.values[key] = n;
      return undefined;
    }
    case "longlong": {
      const r = strictInt(text ?? "", Number.MAX_SAFE_INTEGER);
      if (typeof r === "string") return exit(`error parsing integer value ${r}\n`);
      w.values[key] = r;
      return undefined;
    }
    case "int":
    case "intLoose": {
      if (text === undefined) w.err += `Option ${arg} requires an argument.\n`;
      else {
        const r = strictInt(text, 2 ** 31 - 1);
        if (typeof r === "string") w.err += r;
        w.values[key] = typeof r === "string" ? 0 : r;
      }
      // osdmaptool reports what went wrong so far when one of these options is read
      if (read === "int" && w.err !== "") return exit(w.err + "\n");
      return undefined;
    }
  }
}

/** Ceph's strict_strtol (base 10): the number, or its message. */
export function strictInt(text: string, max: number): number | string {
  if (text === "") return "Expected option value to be integer, got ''";
  if (!/^\s*[+-]?\d+$/.test(text)) return `The option value '${text}' is invalid`;
  const n = Number(text);
  if (n > max || n < -max - 1) return `The option value '${text}' seems to be invalid`;
  return n;
}

/** C++'s std::stoi: leading spaces, a sign and digits, the rest ignored; undefined when there are no digits. */
function stoi(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m === null ? undefined : Number(m[1]);
}

/** C++'s std::stod, then truncated to an int as osdmaptool stores it; undefined when there is no number. */
function stod(text: string): number | undefined {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
  return m === null ? undefined : Math.trunc(Number(m[0]));
}
