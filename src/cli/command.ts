/**
 * A command of the CLI: its flag table, the bare arguments it takes, its help prose and what it
 * runs. `runCommand` is the one way a command is started: --help, parsing and the checks of the
 * table happen there, so a command's `run` only sees arguments that are well formed.
 */
import type { CliIO } from "./io.js";
import type { FlagTable, ParsedArgs } from "./flags.js";
import { formatHelp } from "./help.js";
import { parseArgs } from "./parseArgs.js";

/** What parsing and help need to know of a command. */
export interface CommandInfo {
  readonly name: string;
  readonly summary: string;
  readonly usage?: readonly string[];
  readonly about: string;
  readonly flags: FlagTable;
  readonly positionals?: readonly string[];
  /**
   * Unknown flags become bare arguments instead of a usage error: crushtool leaves every
   * argument it does not know (`--debug-crush 0` included: it reads Ceph config options only
   * from CEPH_ARGS) in its list, where `--build` takes them as layers and anything else refuses
   * them as `unrecognized arguments`.
   */
  readonly keepUnknownFlags?: boolean;
}

export interface CommandSpec<T extends FlagTable = FlagTable> extends CommandInfo {
  readonly name: string;
  /** One line for `crushmap --help`. */
  readonly summary: string;
  /** Extra usage lines (crushtool's spelling of the same command, …). */
  readonly usage?: readonly string[];
  /** What the command does, a paragraph or two, printed by `--help` before the flags. */
  readonly about: string;
  readonly flags: T;
  /**
   * The rows bare arguments fill, in order (`crushmap tree map.bin` fills `input`); a
   * repeatable row takes every bare argument left. `--` makes every later argument bare.
   */
  readonly positionals?: readonly (keyof T & string)[];
  /** Help of its own instead of the generated one, when it has one for these arguments. */
  readonly helpText?: (argv: readonly string[]) => string | undefined;
  run(args: ParsedArgs<T>, io: CliIO): number;
}

/** Declares a command, inferring its parsed arguments' types from its table. */
export function defineCommand<const T extends FlagTable>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}

/** Prints help when asked for, else parses `argv` against the command's table and runs it. */
export function runCommand<T extends FlagTable>(spec: CommandSpec<T>, argv: readonly string[], io: CliIO): number {
  if (wantsHelp(argv)) {
    io.stdout(spec.helpText?.(argv) ?? formatHelp(spec));
    return 0;
  }
  return spec.run(parseArgs(spec, argv), io);
}

/** -h or --help anywhere before `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "-h" || a === "--help") return true;
  }
  return false;
}
