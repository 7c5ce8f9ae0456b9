/**
 * crushtool's argument loop, as far as values go: each option's words are read the way Ceph's
 * argument parser reads them for crushtool (the row's `crushtool` rule), so that a missing or bad
 * value gets crushtool's words and status 1, and a value crushtool takes anyway (`--show-location
 * x`, `--set-choose-total-tries 3x`, `--weight 0 1x`) becomes the number crushtool makes of it.
 *
 * crushtool keeps one error stream for the whole loop: the options that do not check it (the
 * --set-* tunables, --check, --show-location) leave their problem there, and the next option that
 * checks it reports everything it holds. The output is the argument list rewritten for the flag
 * table (`--flag=value`), with every word crushtool leaves in its list (unknown options, layers,
 * options the release does not have) after `--`, in crushtool's order.
 */
import { atof } from "./crushtoolEdits.js";
import { CrushtoolWordsError } from "./errors.js";
import type { CrushtoolRule, FlagRow, FlagTable } from "./flags.js";
import { canonicalName, spellings } from "./parseArgs.js";

/** crushtool's words for its arguments, all in one place. */
export const CRUSHTOOL_ARG_WORDS = {
  requiresArgument: (name: string) => `Option ${name} requires an argument.\n`,
  missingValue: "Missing option value",
  invalid: (text: string) => `The option value '${text}' is invalid`,
  notInteger: (text: string) => `Expected option value to be integer, got '${text}'`,
  outOfRange: (text: string) => `The option value '${text}' seems to be invalid`,
  notFloat: (text: string) => `strict_strtof: expected float, got: '${text}'`,
  floatRange: (text: string) => `strict_strtof: floating point overflow or underflow parsing '${text}'`,
  expecting: (name: string) => (name === "" ? "expecting additional argument" : `expecting additional argument to ${name}`),
} as const;

const W = CRUSHTOOL_ARG_WORDS;

/** A number as crushtool reads it: the value it keeps and, when the text is bad, the problem. */
interface NumberRead {
  readonly value: string;
  readonly problem?: string;
}

/**
 * Ceph's check before converting: an option-looking word is a missing value, anything but digits
 * (a leading '-', one '.') is invalid; crushtool then keeps 1 (EXIT_FAILURE) as the value.
 */
function valueType(text: string): "option" | "invalid" | "numeric" {
  let numeric = true;
  let dot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c >= "0" && c <= "9") continue;
    if (i === 0 && c === "-" && text.length >= 2) continue;
    if (c === "." && !dot) {
      dot = true;
      continue;
    }
    numeric = false;
    break;
  }
  if (!numeric && text.startsWith("-")) return "option";
  if (text.length >= 2 && text.startsWith("--")) return "option";
  return numeric ? "numeric" : "invalid";
}

const INT_RANGE: Record<"int" | "int64", readonly [bigint, bigint]> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** FLT_MIN: strtof reports a nonzero value below it as an underflow. */
const FLOAT_MIN = 1.1754943508222875e-38;

/** strict_strtol / strict_strtoll / strict_strtof of a word that passed `valueType`; 0 on failure. */
function convert(read: "int" | "int64" | "float", text: string): NumberRead {
  if (read === "float") {
    if (!/\d/.test(text)) return { value: "0", problem: W.notFloat(text) };
    const f = Math.fround(Number(text));
    if (!Number.isFinite(f) || (f !== 0 && Math.abs(f) < FLOAT_MIN) || (f === 0 && /[1-9]/.test(text))) return { value: "0", problem: W.floatRange(text) };
    return { value: text };
  }
  const m = /^(-?\d+)$/.exec(text);
  if (m === null) return { value: "0", problem: W.notInteger(text) };
  const n = BigInt(m[1]!);
  const [lo, hi] = INT_RANGE[read];
  // strtoll's own overflow and strict_strtol's int range say the same words
  if (n < lo || n > hi) return { value: "0", problem: W.outOfRange(text) };
  return { value: String(n) };
}

/** A numeric option's word as crushtool reads it. */
export function readCrushtoolNumber(read: "int" | "int64" | "float", text: string): NumberRead {
  const type = valueType(text);
  if (type === "option") return { value: "1", problem: W.missingValue };
  if (type === "invalid") return { value: "1", problem: W.invalid(text) };
  return convert(read, text);
}

/** Whether the release has the option. */
function hasOption(rule: CrushtoolRule, release: number): boolean {
  return (rule.since === undefined || release >= rule.since) && (rule.until === undefined || release <= rule.until);
}

/** The spelling the flag table is given (a long one takes `=value`). */
function longName(row: FlagRow): string {
  return row.names.find((n) => n.startsWith("--")) ?? row.names[0]!;
}

/** The walk's state: crushtool's error stream, what is kept, and the words left over. */
interface Walk {
  readonly argv: readonly string[];
  readonly names: ReturnType<typeof spellings>;
  i: number;
  stream: string;
  readonly out: string[];
  readonly bare: string[];
  /** The value each unchecked option was last given, which a later missing value keeps. */
  readonly last: Map<string, string>;
}

/**
 * Rewrites crushtool's spelling for the flag table, or throws crushtool's words (status 1) for
 * the first missing or bad value, as crushtool stops at it.
 */
export function crushtoolArgv(argv: readonly string[], table: FlagTable, release: number): string[] {
  const names = spellings(table);
  const w: Walk = { argv, names, i: 0, stream: "", out: [], bare: [], last: new Map() };
  for (; w.i < argv.length; w.i++) {
    const arg = argv[w.i]!;
    if (arg === "--") {
      // crushtool stops reading options there and leaves the rest in its list
      w.bare.push(...argv.slice(w.i + 1));
      break;
    }
    const eq = arg.startsWith("-") ? arg.indexOf("=") : -1;
    const spelled = eq < 0 ? arg : arg.slice(0, eq);
    const s = arg === "-" || !arg.startsWith("-") ? undefined : names.get(canonicalName(spelled));
    if (s === undefined || (s.row.crushtool !== undefined && !hasOption(s.row.crushtool, release))) {
      w.bare.push(arg);
      continue;
    }
    if (s.row.crushtool === undefined) {
      copyOwn(w, s.row, arg, eq >= 0);
      continue;
    }
    readOption(w, s.key, s.row, s.row.crushtool, spelled, eq < 0 ? undefined : arg.slice(eq + 1));
  }
  return w.bare.length === 0 ? w.out : [...w.out, "--", ...w.bare];
}

/**
 * Whether `arg` spells an option of crushmap's own that takes a value (--release, --threads):
 * every crushtool option that takes one has a crushtool rule, so these are the rows without.
 */
function isOwn(names: Walk["names"], arg: string): boolean {
  const eq = arg.indexOf("=");
  const s = names.get(canonicalName(eq < 0 ? arg : arg.slice(0, eq)));
  return s !== undefined && s.row.crushtool === undefined && s.row.value !== undefined;
}

/** A row of crushmap's own (no crushtool rule): kept with its values for the flag table. */
function copyOwn(w: Walk, row: FlagRow, arg: string, inline: boolean): void {
  w.out.push(arg);
  if (row.value === undefined) return;
  const count = (Array.isArray(row.value) ? row.value.length : 1) - (inline ? 1 : 0);
  for (let k = 0; k < count && w.i + 1 < w.argv.length; k++) w.out.push(w.argv[++w.i]!);
}

function fail(message: string): never {
  // reportError adds the line's end
  throw new CrushtoolWordsError(message, 1);
}

/** One option with a crushtool rule, from w.argv[w.i]. */
function readOption(w: Walk, key: string, row: FlagRow, rule: CrushtoolRule, spelled: string, inline: string | undefined): void {
  // crushtool takes whatever word follows as the value, except crushmap's own options that take
  // one (--release, --threads), which crushtool never sees
  const next = w.argv[w.i + 1];
  const own = next !== undefined && next.startsWith("-") && isOwn(w.names, next);
  const text = inline ?? (next !== undefined && !own ? w.argv[++w.i] : undefined);
  const more = rule.moreName ?? longName(row);
  let value: string | undefined = text;
  if (text === undefined) {
    if (rule.expecting) fail(w.stream + W.expecting(more));
    if (rule.read === "string" && rule.stream !== true) fail(W.requiresArgument(spelled).slice(0, -1));
    w.stream += W.requiresArgument(spelled);
    value = undefined;
  } else if (rule.read !== "string") {
    const read = readCrushtoolNumber(rule.read, text);
    if (read.problem !== undefined) w.stream += read.problem;
    value = read.value;
  }
  const checked = rule.checked ?? (rule.read !== "string" || rule.stream === true || rule.expecting === true);
  // a two-word option reads both words before it checks the stream; the others check first
  if (checked && rule.expecting !== true && w.stream !== "") fail(w.stream);
  const words: string[] = [];
  for (const kind of rule.more ?? []) {
    if (w.i + 1 >= w.argv.length) fail((rule.expecting ? w.stream : "") + W.expecting(more));
    const word = w.argv[++w.i]!;
    words.push(kind === "atof" ? String(atof(word)) : word);
  }
  if (checked && w.stream !== "") fail(w.stream);
  if (rule.peek && w.i + 1 >= w.argv.length) fail(W.expecting(more));
  // a missing value leaves the option as it was (given or not: -1, crushtool's "unset")
  if (value === undefined) value = w.last.get(key) ?? "-1";
  else w.last.set(key, value);
  w.out.push(`${longName(row)}=${value}`, ...words);
}
