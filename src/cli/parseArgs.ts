/**
 * Reads a command line against a command's flag table: flags in any order, `--flag value` and
 * `--flag=value`, every spelling of a row, `--a_b` as `--a-b`, bare arguments into the command's
 * positional rows, `-` as a bare argument (standard input), `--` to end the flags. Every mistake
 * is a UsageError naming the flag.
 */
import { CrushmapError } from "../hash/crushmapError.js";
import type { CommandInfo } from "./command.js";
import { UsageError } from "./errors.js";
import { readFloat, readInt, readList, type FlagRow, type FlagTable, type ParsedArgs, type ValueKind } from "./flags.js";

interface Spelling {
  readonly key: string;
  readonly row: FlagRow;
  /** A negation (`--no-strict`): the switch is set to false. */
  readonly off: boolean;
}

/** Ceph's parser takes `--show_mappings` for `--show-mappings`; so does this one. */
export function canonicalName(arg: string): string {
  return arg.startsWith("--") ? "--" + arg.slice(2).replace(/_/g, "-") : arg;
}

/** Every spelling of every row of `table`. */
export function spellings(table: FlagTable): Map<string, Spelling> {
  const out = new Map<string, Spelling>();
  for (const [key, row] of Object.entries(table)) {
    for (const name of row.names) out.set(canonicalName(name), { key, row, off: false });
    for (const name of row.negations ?? []) out.set(canonicalName(name), { key, row, off: true });
  }
  return out;
}

export function parseArgs<T extends FlagTable>(spec: CommandInfo & { readonly flags: T }, argv: readonly string[]): ParsedArgs<T> {
  const table: FlagTable = spec.flags;
  const names = spellings(table);
  const values = initialValues(table);
  const bare: string[] = [];
  if (Object.keys(table).length === 0 && argv.length > 0) throw new UsageError(`${commandOf(spec)} takes no arguments, got '${argv[0]}' (see ${helpOf(spec)})`);
  let flagsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (flagsEnded || arg === "-" || !arg.startsWith("-")) {
      bare.push(arg);
      continue;
    }
    if (arg === "--") {
      flagsEnded = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = canonicalName(eq < 0 ? arg : arg.slice(0, eq));
    const spelling = names.get(name);
    if (spelling === undefined) {
      if (spec.keepUnknownFlags !== true) throw new UsageError(unknownFlag(spec, arg));
      bare.push(arg);
      continue;
    }
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    i = readOccurrence(spelling, name, inline, argv, i, values);
  }
  fillPositionals(spec, bare, values);
  checkRequired(spec, values);
  return values as ParsedArgs<T>;
}

function initialValues(table: FlagTable): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    if (row.into !== undefined) continue;
    if (row.repeatable === true) values[key] = [];
    else if (row.value === undefined) values[key] = row.default ?? false;
    else values[key] = row.default;
  }
  return values;
}

/** Reads one occurrence of a flag starting at argv[i]; returns the index of its last argument. */
function readOccurrence(s: Spelling, name: string, inline: string | undefined, argv: readonly string[], i: number, values: Record<string, unknown>): number {
  const { row } = s;
  if (row.value === undefined) {
    if (inline !== undefined) throw new UsageError(`${name} takes no value, got '${name}=${inline}'`);
    store(s, !s.off, values);
    return i;
  }
  const kinds: readonly ValueKind[] = Array.isArray(row.value) ? row.value : [row.value as ValueKind];
  if (row.optional !== undefined && inline === undefined && !startsValue(argv[i + 1])) {
    store(s, row.optional, values);
    return i;
  }
  const parsed: unknown[] = [];
  for (let k = 0; k < kinds.length; k++) {
    let text: string;
    if (k === 0 && inline !== undefined) text = inline;
    else if (i + 1 < argv.length) text = argv[++i]!;
    else throw new UsageError(kinds.length === 1 ? `${name} needs a value` : `${name} needs a value: ${name} ${metavarOf(row)}`);
    parsed.push(readValue(kinds[k]!, text, name));
  }
  const value = Array.isArray(row.value) ? parsed : parsed[0];
  const problem = row.check?.(value as never, name);
  if (problem !== undefined) throw new UsageError(problem);
  store(s, value, values);
  return i;
}

/** Whether `arg` can be the value of a flag whose value may be left out. */
function startsValue(arg: string | undefined): boolean {
  return arg !== undefined && (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg));
}

function store(s: Spelling, value: unknown, values: Record<string, unknown>): void {
  for (const key of s.row.into ?? [s.key]) {
    const current = values[key];
    if (Array.isArray(current) && s.row.repeatable === true) current.push(value);
    else values[key] = value;
  }
}

function readValue(kind: ValueKind, text: string, flag: string): unknown {
  switch (kind) {
    case "int":
      return readInt(text, flag);
    case "float":
      return readFloat(text, flag);
    case "string":
      return text;
    case "list":
      return readList(text, flag);
    default:
      try {
        return kind.parse(text, flag);
      } catch (e) {
        // a library parser (sizes, rates, …) says what is wrong with the text: a usage error here
        if (e instanceof CrushmapError) throw new UsageError(e.message);
        throw e;
      }
  }
}

function fillPositionals(spec: CommandInfo, bare: readonly string[], values: Record<string, unknown>): void {
  const slots = spec.positionals ?? [];
  let slot = 0;
  for (const arg of bare) {
    const key = slots[slot];
    if (key === undefined) {
      throw new UsageError(`unexpected argument '${arg}' (see ${helpOf(spec)})`);
    }
    const row = spec.flags[key]!;
    if (row.repeatable === true) {
      (values[key] as unknown[]).push(arg);
      continue;
    }
    if (values[key] !== undefined && values[key] !== row.default) {
      throw new UsageError(`${commandOf(spec)} takes one ${metavarOf(row)}, got '${String(values[key])}' and '${arg}'`);
    }
    values[key] = row.value === undefined || row.value === "string" ? arg : readValue(row.value as ValueKind, arg, metavarOf(row));
    slot++;
  }
}

function checkRequired(spec: CommandInfo, values: Record<string, unknown>): void {
  for (const [key, row] of Object.entries(spec.flags)) {
    if (row.required === undefined) continue;
    const v = values[key];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) continue;
    const what = row.required === true ? `${row.names[0] ?? ""} ${metavarOf(row)}`.trim() : row.required;
    throw new UsageError(`${commandOf(spec)} needs ${what}`);
  }
}

/** The placeholder of a row's value(s). */
export function metavarOf(row: FlagRow): string {
  if (row.metavar !== undefined) return row.metavar;
  const kinds: readonly ValueKind[] = row.value === undefined ? [] : Array.isArray(row.value) ? row.value : [row.value as ValueKind];
  return kinds.map((k) => (k === "int" ? "N" : k === "float" ? "X" : k === "string" ? "VALUE" : k === "list" ? "A,B,…" : k.metavar)).join(" ");
}

function unknownFlag(spec: CommandInfo, arg: string): string {
  // "-x" may be meant as a name: say how to pass one
  const hint = (spec.positionals ?? []).length > 0 && !arg.startsWith("--") ? "; put '--' before a bare argument starting with '-'" : "";
  return `unknown option '${arg}' (see ${helpOf(spec)}${hint})`;
}

/** How messages name the command: `tree`, or `crushmap` for crushtool's spelling. */
function commandOf(spec: CommandInfo): string {
  return spec.name === "" ? "crushmap" : spec.name;
}

function helpOf(spec: CommandInfo): string {
  return spec.name === "" ? "crushmap --help" : `crushmap ${spec.name} --help`;
}
