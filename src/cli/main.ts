/**
 * The `crushmap` command line. Commands are crushtool-compatible where crushtool has them, and
 * crushtool's own spelling (`crushmap -i MAP --test …`, `-c`, `-d`, in any order) works too.
 * Errors print one line on stderr (errors.ts): exit 2 for usage, 1 for bad data; `--debug` adds
 * the stack.
 */
import packageJson from "../../package.json" with { type: "json" };
import { analyzeCommand } from "./analyzeCommand.js";
import { balanceCommand } from "./balanceCommand.js";
import { runCommand, type CommandSpec } from "./command.js";
import { compileCommand, decompileCommand } from "./compileCommand.js";
import { runCrushtool } from "./crushtoolCommand.js";
import { programName } from "./crushtoolEdits.js";
import { demoCommand } from "./demo.js";
import { reportError, UsageError } from "./errors.js";
import { auditCommand, durabilityCommand, failureCommand } from "./failureCommands.js";
import { processIO, type CliIO } from "./io.js";
import { mapObjectCommand, mapPgCommand, mapPgsCommand } from "./placementCommands.js";
import { osdmaptoolMain, runsAsOsdmaptool } from "./osdmaptoolCommand.js";
import { planCommand } from "./planCommand.js";
import { spreadCommand } from "./spreadCommand.js";
import { compareCommand, testCommand } from "./testCommand.js";
import { treeCommand } from "./treeCommand.js";

/** Every command, in the order `crushmap --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  testCommand,
  compareCommand,
  treeCommand,
  analyzeCommand,
  spreadCommand,
  compileCommand,
  decompileCommand,
  mapPgsCommand,
  mapPgCommand,
  mapObjectCommand,
  planCommand,
  balanceCommand,
  failureCommand,
  durabilityCommand,
  auditCommand,
  demoCommand,
] as readonly CommandSpec[];

export const VERSION: string = packageJson.version;

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return `usage: crushmap <command> [options]

commands:
${lines.join("\n")}
  ${"help".padEnd(width)}show this help

crushtool's spelling is accepted too, flags in any order: 'crushmap -i MAP --test …',
'crushmap -i A --compare B', 'crushmap -i MAP --tree', 'crushmap -c MAP -o OUT',
'crushmap -d MAP [-o OUT]'. crushtool's map edits too: --build, --add-item, --update-item,
--remove-item, --add-bucket, --move, --reweight-item, --reweight, --create-simple-rule,
--create-replicated-rule, --remove-rule, --set-choose-*/--set-chooseleaf-*/--set-straw-calc-version,
--check, --show-location, --reclassify, and --dump [-f json] (see 'crushmap -i MAP --help').
osdmaptool's spelling too, run as 'osdmaptool' or as 'crushmap osdmaptool MAP …': --test-map-pgs,
--test-map-pgs-dump[-all], --test-map-pg PGID, --test-map-object NAME, --pool, --pg_num,
--mark-up-in, --mark-out, --adjust-crush-weight, --clear-temp, --upmap, --read, --tree (see
'crushmap osdmaptool --help'); MAP is a
binary OSD map, or JSON: 'ceph report', or 'ceph osd dump -f json' with --crush CRUSH.
Every command takes --help; --version (-V) prints the version.
`;
}

export function main(argv: readonly string[], io: CliIO = processIO): number {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  try {
    const [first, ...rest] = args;
    if (runsAsOsdmaptool() || first === "osdmaptool") return runsAsOsdmaptool() ? osdmaptoolMain(args, io) : osdmaptoolMain(rest, io);
    // installed as crushtool, `crushtool --help` is crushtool's help (crushtoolCommand prints it)
    const crushtoolHelp = (first === "-h" || first === "--help") && programName() === "crushtool";
    if (first === undefined || first === "help" || ((first === "-h" || first === "--help") && !crushtoolHelp)) {
      io.stdout(help());
      return first === undefined ? 2 : 0;
    }
    if (first === "--version" || first === "-V") {
      io.stdout(VERSION + "\n");
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === first);
    if (command !== undefined) return runCommand(command, rest, io);
    if (first.startsWith("-")) return runCrushtool(args, io);
    throw new UsageError(`unknown command '${first}' (see crushmap --help)`);
  } catch (e) {
    return reportError(e, io.stderr, debug);
  }
}

// Run when executed directly (not when imported by tests).
const entry = typeof process !== "undefined" ? (process.argv[1] ?? "") : "";
if (/(?:^|[\\/])(?:cli|main)\.(?:[cm]?js|ts)$/.test(entry) || /[\\/]crushmap$/.test(entry)) {
  process.exitCode = main(process.argv.slice(2));
}
