/**
 * osdmaptool's command line, read as Ceph reads it (src/common/ceph_argparse.cc and
 * src/tools/osdmaptool.cc): one table of options, each of one of Ceph's parsing kinds, matched in
 * any order with `-` and `_` alike after the leading dashes and `--opt=value` or `--opt value`;
 * what no row takes stays a positional (the map file; a second one is "too many arguments").
 * Ceph's config options (`--osd_calc_pg_upmaps_aggressively=false`, `--debug-crush 0`, `-c FILE`)
 * are taken and ignored, as global_init takes them before osdmaptool looks. Mistakes end the
 * command with osdmaptool's words and status, returned as an {@link OsdmaptoolExit}.
 */

/**
 * How Ceph reads an option's value:
 * - `flag`: no value (ceph_argparse_flag);
 * - `str`: a value that must be there ("Option --x requires an argument.", exit 1);
 * - `strLoose`: a value, "" when it is missing (--tree, --dump: the plain form);
 * - `int`: an int whose error osdmaptool reports (--pool): the error, a newline, exit 1;
 * - `intLoose`: an int whose error osdmaptool ignores (--upmap-max): 0 when it does not parse;
 * - `longlong`: --pg_num's own check ("error parsing integer value …");
 * - `stoi`: std::stoi of the text (--mark-out), which aborts the program on text with no number;
 * - `stod`: std::stod of the text, kept as an int (--mark-up, --mark-in), aborting likewise.
 */
export type OptionKind = "flag" | "str" | "strLoose" | "int" | "intLoose" | "longlong" | "stoi" | "stod";

interface OptionRow {
  readonly names: readonly string[];
  readonly kind: OptionKind;
  /**
   * osdmaptool reads the value into the one string all these options share (`val`): a value left
   * out at the end of the line is then the previous such option's (`--adjust-crush-weight 0:1
   * --tree` prints JSON: `--tree=0:1` is a format osdmaptool does not know).
   */
  readonly shared?: boolean;
}

function opt(kind: OptionKind, ...names: string[]): OptionRow {
  return { names, kind };
}

function shared(kind: OptionKind, ...names: string[]): OptionRow {
  return { names, kind, shared: true };
}

/** Every option osdmaptool 16.2–20.2 takes, by the key its value is stored under. */
export const OSDMAPTOOL_OPTIONS = {
  print: opt("flag", "-p", "--print"),
  dump: shared("strLoose", "--dump"),
  tree: shared("strLoose", "--tree"),
  osdPgBits: opt("intLoose", "--osd-pg-bits"),
  osdPgpBits: opt("intLoose", "--osd-pgp-bits"),
  upmapCleanup: opt("str", "--upmap-cleanup"),
  upmap: opt("str", "--upmap"),
  read: opt("str", "--read"),
  upmapMax: opt("intLoose", "--upmap-max"),
  upmapDeviation: opt("intLoose", "--upmap-deviation"),
  upmapSeed: opt("intLoose", "--upmap-seed"),
  upmapPool: shared("str", "--upmap-pool"),
  readPool: shared("str", "--read-pool"),
  createsimple: opt("int", "--createsimple"),
  upmapActive: opt("flag", "--upmap-active"),
  health: opt("flag", "--health"),
  withDefaultPool: opt("flag", "--with-default-pool"),
  createFromConf: opt("flag", "--create-from-conf"),
  markUpIn: opt("flag", "--mark-up-in"),
  markOut: shared("stoi", "--mark-out"),
  markUp: shared("stod", "--mark-up"),
  markIn: shared("stod", "--mark-in"),
  clearTemp: opt("flag", "--clear-temp"),
  cleanTemps: opt("flag", "--clean-temps"),
  testMapPgs: opt("flag", "--test-map-pgs"),
  testMapPgsDump: opt("flag", "--test-map-pgs-dump"),
  testMapPgsDumpAll: opt("flag", "--test-map-pgs-dump-all"),
  testRandom: opt("flag", "--test-random"),
  clobber: opt("flag", "--clobber"),
  pgBits: opt("int", "--pg_bits"),
  pgpBits: opt("int", "--pgp_bits"),
  exportCrush: shared("str", "--export_crush"),
  importCrush: shared("str", "--import_crush"),
  testMapPg: shared("str", "--test_map_pg"),
  testMapObject: shared("str", "--test_map_object"),
  testCrush: opt("flag", "--test_crush"),
  pgNum: shared("longlong", "--pg_num"),
  rangeFirst: opt("intLoose", "--range_first"),
  rangeLast: opt("intLoose", "--range_last"),
  pool: opt("int", "--pool"),
  adjustCrushWeight: shared("strLoose", "--adjust-crush-weight"),
  save: opt("flag", "--save"),
  vstart: opt("flag", "--vstart"),
  osdSizeAware: opt("flag", "--osd-size-aware"),
  // crushmap's own: the crush map of an OSD map given as JSON, and the release to speak
  crush: opt("str", "--crush"),
  release: opt("str", "--release"),
} as const;

export type OsdmaptoolOption = keyof typeof OSDMAPTOOL_OPTIONS;

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
const CONFIG_BOOLEANS: ReadonlySet<string> = new Set(["osd_calc_pg_upmaps_aggressively", "osd_pool_default_flag_hashpspool", "log_to_stderr", "err_to_stderr", "log_to_file", "no_mon_config"]);
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
  const rest = [...argv];
  const values: OsdmaptoolValues = {};
  const upmapPools = new Set<string>();
  const err = { text: "", val: "" };
  const rows = Object.entries(OSDMAPTOOL_OPTIONS) as [OsdmaptoolOption, OptionRow][];
  for (let i = 0; i < rest.length; ) {
    if (rest[i] === "--") {
      rest.splice(i, 1);
      break;
    }
    const taken = takeConfig(rest, i) ?? takeOption(rows, rest, i, values, upmapPools, err);
    if (typeof taken === "object") return taken;
    if (!taken) i++;
  }
  if (rest.length === 0) return usageExit(`${me}: must specify osdmap filename\n`);
  if (rest.length > 1) return usageExit(`${me}: too many arguments\n`);
  if (num(values.upmapDeviation, 5) < 1) return usageExit(`${me}: upmap-deviation must be >= 1\n`);
  if (values.read === undefined && values.osdSizeAware === true) return usageExit(`${me}: osd-size-aware is only applicable to read mode\n`);
  return { file: rest[0]!, values, upmapPools: [...upmapPools].sort(byteOrder) };
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

/** The option at rest[i], stored and removed; false when no row takes it. */
function takeOption(rows: readonly [OsdmaptoolOption, OptionRow][], rest: string[], i: number, values: OsdmaptoolValues, pools: Set<string>, err: { text: string; val: string }): boolean | OsdmaptoolExit {
  const arg = rest[i]!;
  const canonical = cephArgName(arg);
  for (const [key, row] of rows) {
    for (const name of row.names) {
      const n = cephArgName(name);
      if (row.kind === "flag") {
        if (canonical !== n) continue;
        rest.splice(i, 1);
        values[key] = true;
        return true;
      }
      if (!canonical.startsWith(n) || (canonical.length > n.length && canonical[n.length] !== "=")) continue;
      let text: string | undefined;
      if (canonical.length > n.length) {
        text = canonical.slice(n.length + 1);
        rest.splice(i, 1);
      } else if (i + 1 < rest.length) {
        text = rest[i + 1]!;
        rest.splice(i, 2);
      } else {
        if (row.kind === "str" || row.kind === "stoi" || row.kind === "stod") return exit(`Option ${arg} requires an argument.\n`);
        rest.splice(i, 1);
        if (row.shared === true) text = err.val;
      }
      if (row.shared === true) err.val = text!;
      // --upmap-pool repeats: every name is kept (in a set, as osdmaptool keeps them)
      if (key === "upmapPool") pools.add(text!);
      else {
        const stored = storeValue(key, row.kind, arg, text, values, err);
        if (stored !== undefined) return stored;
      }
      return true;
    }
  }
  return false;
}

/** Stores one option's value as its kind reads it; an exit where osdmaptool stops. */
function storeValue(key: OsdmaptoolOption, kind: OptionKind, arg: string, text: string | undefined, values: OsdmaptoolValues, err: { text: string }): OsdmaptoolExit | undefined {
  switch (kind) {
    case "str":
      values[key] = text!;
      return undefined;
    case "strLoose":
      values[key] = text ?? "";
      return undefined;
    case "stoi":
    case "stod": {
      const n = kind === "stoi" ? stoi(text!) : stod(text!);
      if (n === undefined) return exit(`terminate called after throwing an instance of 'std::invalid_argument'\n  what():  ${kind}\n`, 134);
      values[key] = n;
      return undefined;
    }
    case "longlong": {
      const r = strictInt(text ?? "", Number.MAX_SAFE_INTEGER);
      if (typeof r === "string") return exit(`error parsing integer value ${r}\n`);
      values[key] = r;
      return undefined;
    }
    default: {
      if (text === undefined) err.text += `Option ${arg} requires an argument.\n`;
      else {
        const r = strictInt(text, 2 ** 31 - 1);
        if (typeof r === "string") err.text += r;
        values[key] = typeof r === "string" ? 0 : r;
      }
      // osdmaptool reports what went wrong so far when one of these options is read
      if (kind === "int" && err.text !== "") return exit(err.text + "\n");
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
