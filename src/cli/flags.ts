/**
 * The CLI's flags as data. Every command declares one table of rows — spellings, what value
 * follows, a help line, a default — and parsing (parseArgs.ts), `--help` (help.ts) and the usage
 * errors are derived from it, so adding a flag is adding a row.
 *
 * The value types cover what crushtool and osdmaptool take: a switch, one int / float / string /
 * comma list / custom value, several values in a row (`--weight DEV W`, `--add-item ID W NAME`),
 * a repeatable row (`--fail A --fail B`, `--loc TYPE NAME …`) and a row that sets other rows
 * (`--rule R` sets `--min-rule` and `--max-rule`, in argument order, as crushtool does).
 */
import { UsageError } from "./errors.js";

/** How one value of a flag is read; `parse` throws (a UsageError or any CrushmapError) on bad text. */
export interface ValueParser<T> {
  /** The placeholder shown in help when the row gives none. */
  readonly metavar: string;
  parse(text: string, flag: string): T;
}

/** One value's type: the built-in ones, or a parser of its own. */
export type ValueKind = "int" | "float" | "string" | "list" | ValueParser<unknown>;

/** One row of a command's flag table. */
export interface FlagRow {
  /**
   * Spellings, the canonical one first: `["-i", "--infn"]`. `--a_b` is always read as `--a-b`, as
   * Ceph's argument parser does. Empty for a positional-only row (see `CommandSpec.positionals`).
   */
  readonly names: readonly string[];
  /** Spellings that turn a switch off: `["--no-strict"]`. */
  readonly negations?: readonly string[];
  /** What follows the flag: nothing (a switch), one value, or several in a row. */
  readonly value?: ValueKind | readonly ValueKind[];
  /** The value's placeholder in help and messages: `N`, `DEV W`. */
  readonly metavar?: string;
  /** One line (or a few, joined by newlines) for `--help`. */
  readonly help: string;
  /** The value when the flag is not given (switches default to false). */
  readonly default?: unknown;
  /** How help shows the default when it is not the value itself: `1GiB`, `the machine's cores`. */
  readonly defaultText?: string;
  /**
   * The value may be left out (crushtool's `--check [max_id]`): this is the value then. A
   * following argument is taken as the value unless it starts with '-' and is not a number.
   */
  readonly optional?: unknown;
  /** Every occurrence is kept, in order (the value is an array). */
  readonly repeatable?: boolean;
  /** The command cannot run without it: `true` ("needs --pool P") or what it needs ("a map: -i MAP"). */
  readonly required?: true | string;
  /** A further check of the parsed value: the usage error's text, or undefined when it is fine. */
  readonly check?: (value: never, flag: string) => string | undefined;
  /** Instead of a value of its own, the row sets these rows (in argument order with them). */
  readonly into?: readonly string[];
  /** Accepted but left out of --help (spellings kept for compatibility). */
  readonly hidden?: boolean;
  /**
   * How crushtool reads the option's words, for crushtool's spelling (crushtoolArgs.ts): its
   * words and statuses for a missing or bad value. Every crushtool option that takes a value has
   * one; a value-taking row without one is crushmap's own (--release, --threads).
   */
  readonly crushtool?: CrushtoolRule;
  /**
   * How osdmaptool reads the option's words, for osdmaptool's spelling (osdmaptoolArgs.ts reads
   * a command line from the rows of osdmaptoolFlags.ts, every one of which has one).
   */
  readonly osdmaptool?: OsdmaptoolRule;
}

/**
 * How osdmaptool 16.2–20.2 read one option's value (Ceph's ceph_argparse.cc and the option loop
 * of osdmaptool.cc; every release reads them alike):
 * - `flag`: no value (ceph_argparse_flag);
 * - `str`: a value that must be there ("Option --x requires an argument.", exit 1);
 * - `strLoose`: a value, "" when it is missing (--tree, --dump: the plain form);
 * - `int`: an int whose error osdmaptool reports (--pool): the error, a newline, exit 1;
 * - `intLoose`: an int whose error osdmaptool ignores (--upmap-max): 0 when it does not parse;
 * - `longlong`: --pg_num's own check ("error parsing integer value …");
 * - `stoi`: std::stoi of the text (--mark-out), which aborts the program on text with no number;
 * - `stod`: std::stod of the text, kept as an int (--mark-up, --mark-in), aborting likewise.
 */
export type OsdmaptoolRead = "flag" | "str" | "strLoose" | "int" | "intLoose" | "longlong" | "stoi" | "stod";

/** One option of osdmaptool's argument loop: how it reads its value and what it is to the run. */
export interface OsdmaptoolRule {
  readonly read: OsdmaptoolRead;
  /**
   * osdmaptool reads the value into the one string all these options share (`val`): a value left
   * out at the end of the line is then the previous such option's (`--adjust-crush-weight 0:1
   * --tree` prints JSON: `--tree=0:1` is a format osdmaptool does not know).
   */
  readonly shared?: true;
  /** Something to do: without one of these osdmaptool says "no action specified?". */
  readonly action?: true;
  /** What crushmap leaves to Ceph's osdmaptool (it writes map files, …): refused with exit 2. */
  readonly leftToCeph?: true;
}

/**
 * One option of crushtool's argument loop, as Ceph's argument parser reads it. Ceph 16.2, 18.2 and
 * 20.2 read every option alike; only which options exist differs (`since`, `until`).
 */
export interface CrushtoolRule {
  /**
   * The first word: a strict 32-bit or 64-bit integer, a strict float (digits and one '.'), or
   * any word. Numbers (and `stream` strings) report a missing value and their problems into
   * crushtool's one error stream; other strings end the run at once when the value is missing.
   */
  readonly read: "int" | "int64" | "float" | "string";
  /** A string whose missing value goes into the error stream too. */
  readonly stream?: true;
  /**
   * Whether the option ends the run when the error stream holds anything, its own problem or an
   * earlier option's (default: yes for numbers and `stream` strings, no for other strings).
   */
  readonly checked?: boolean;
  /** The words after the first, read without checks: as C's atof, or as they are. */
  readonly more?: readonly ("atof" | "string")[];
  /** The name in 'expecting additional argument to NAME' ("" says no name). */
  readonly moreName?: string;
  /** A missing first word is also 'expecting additional argument' (crushtool's two-word options). */
  readonly expecting?: true;
  /** crushtool wants one more argument after the value, which it leaves alone (--output-name). */
  readonly peek?: true;
  /** The first release that has it / the last one that has it. */
  readonly since?: number;
  readonly until?: number;
}

export type FlagTable = Readonly<Record<string, FlagRow>>;

type KindValue<K> = K extends "int" | "float"
  ? number
  : K extends "string"
    ? string
    : K extends "list"
      ? string[]
      : K extends ValueParser<infer T>
        ? T
        : never;

/** The value one occurrence of a row gives. */
export type RowValue<R> = R extends { readonly value: infer V }
  ? V extends readonly ValueKind[]
    ? { -readonly [I in keyof V]: KindValue<V[I]> }
    : KindValue<V>
  : boolean;

/** What the parsed arguments hold for a row. */
type Parsed<R> = R extends { readonly repeatable: true }
  ? RowValue<R>[]
  : R extends { readonly value: unknown }
    ? R extends { readonly default: unknown } | { readonly required: unknown }
      ? RowValue<R>
      : RowValue<R> | undefined
    : boolean;

/** The parsed arguments of a table: one property per row (rows that only set others have none). */
export type ParsedArgs<T extends FlagTable> = {
  -readonly [K in keyof T as T[K] extends { readonly into: readonly string[] } ? never : K]: Parsed<T[K]>;
};

/** Declares a row, keeping its literal types (so that the parsed value is typed from it). */
export function row<const R extends FlagRow>(r: R): R {
  return r;
}

// ---- value parsers ----

/** An integer, as Ceph's tools read one. */
export function readInt(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw usage(`${flag} expects an integer, got '${text}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw usage(`${flag} value '${text}' is out of range`);
  return n;
}

/** A decimal number. */
export function readFloat(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw usage(`${flag} expects a number, got '${text}'`);
  return n;
}

/** `a,b,c`: the items, none empty. */
export function readList(text: string, flag: string): string[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw usage(`${flag} expects a comma-separated list, got '${text}'`);
  return items;
}

/** One of a few words. */
export function choice<const W extends string>(words: readonly W[]): ValueParser<W> {
  return {
    metavar: words.join("|"),
    parse(text, flag) {
      if (!(words as readonly string[]).includes(text)) {
        const options = words.length === 2 ? `${words[0]} or ${words[1]}` : words.join(", ");
        throw usage(`${flag} is ${options}, got '${text}'`);
      }
      return text as W;
    },
  };
}

// ---- checks ----

export function atLeast(min: number): (value: number, flag: string) => string | undefined {
  return (v, flag) => (v >= min ? undefined : `${flag} must be at least ${min}, got ${v}`);
}

export function above(min: number): (value: number, flag: string) => string | undefined {
  return (v, flag) => (v > min ? undefined : `${flag} must be above ${min}, got ${v}`);
}

/** In (lo, hi]. */
export function inHalfOpen(lo: number, hi: number): (value: number, flag: string) => string | undefined {
  return (v, flag) => (v > lo && v <= hi ? undefined : `${flag} must be in (${lo}, ${hi}], got ${v}`);
}

function usage(message: string): UsageError {
  return new UsageError(message);
}
