/**
 * The `crushmap` command line. Commands are crushtool-compatible where crushtool has them.
 * Errors print one line on stderr: exit 2 for usage, 1 for bad data; `--debug` adds the stack.
 */
import { DataError, UsageError, processIO, type CliIO } from "./io.js";
import { DEMO_HELP, demo } from "./demo.js";
import { analyzeCommand } from "./analyzeCommand.js";
import { compareCommand } from "./compareCommand.js";
import { compileCommand } from "./compileCommand.js";
import { testCommand } from "./testCommand.js";
import { treeCommand } from "./treeCommand.js";
import { mapObjectCommand, mapPgCommand, mapPgsCommand } from "./placementCommands.js";
import { planCommand } from "./planCommand.js";
import { balanceCommand } from "./balanceCommand.js";
import { auditCommand, durabilityCommand, failureCommand } from "./failureCommands.js";

const HELP = `usage: crushmap <command> [options]

commands:
  test      map inputs through a rule, like 'crushtool -i MAP --test'
  compare   compare the mappings of two maps, like 'crushtool -i A --compare B'
  tree      print the hierarchy, like 'crushtool -i MAP --tree'
  analyze   utilization per device and failure domain against the ideal, with a histogram
  compile   write the binary map, like 'crushtool -c MAP -o OUT'
  decompile print the text map, like 'crushtool -d MAP [-o OUT]'
  map-pgs   every placement group of a pool, like 'osdmaptool MAP --test-map-pgs-dump --pool P'
  map-pg    one placement group's raw, up and acting sets, like 'osdmaptool MAP --test-map-pg PGID'
  map-object an object's group and OSDs, like 'osdmaptool MAP --test-map-object NAME --pool P'
  plan      the safe, throttled migration from one crush map to another: waves of moves, cost
  balance   even out a pool with pg_upmap_items (or a weight set), fewest moves first
  failure   what failing devices or buckets does to a pool: degraded, below min_size, lost
  durability copysets and the probability that K simultaneous failures lose data
  audit     failure-domain problems of a crush map and its pools, with fixes
  demo      place 100,000 objects on a built-in sample cluster, then add a host
  help      show this help

crushtool's spelling is accepted too: 'crushmap -i MAP --test …', 'crushmap -i A --compare B',
'crushmap -i MAP --tree', 'crushmap -c MAP -o OUT', 'crushmap -d MAP'. Every command takes --help.
`;

export function main(argv: readonly string[], io: CliIO = processIO): number {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
      case "help":
      case "-h":
      case "--help":
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      case "test":
        return testCommand(rest, io);
      case "compare":
        return compareCommand(rest, io);
      case "tree":
        return treeCommand(rest, io);
      case "analyze":
        return analyzeCommand(rest, io);
      case "compile":
        return compileCommand(rest, io, "compile");
      case "decompile":
        return compileCommand(rest, io, "decompile");
      case "map-pgs":
        return mapPgsCommand(rest, io);
      case "map-pg":
        return mapPgCommand(rest, io);
      case "map-object":
        return mapObjectCommand(rest, io);
      case "plan":
        return planCommand(rest, io);
      case "balance":
        return balanceCommand(rest, io);
      case "failure":
        return failureCommand(rest, io);
      case "durability":
        return durabilityCommand(rest, io);
      case "audit":
        return auditCommand(rest, io);
      case "demo":
        if (rest.includes("--help") || rest.includes("-h")) {
          io.stdout(DEMO_HELP);
          return 0;
        }
        if (rest.length > 0) throw new UsageError(`demo takes no arguments, got '${rest[0]}' (see crushmap demo --help)`);
        return demo(io);
      default:
        return crushtoolStyle(args, io, command);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`crushmap: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DataError) {
      io.stderr(`crushmap: ${e.message}\n`);
      return 1;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`crushmap: ${err.name === "Error" ? "" : err.name + ": "}${err.message}\n`);
    if (debug && err.stack !== undefined) io.stderr(err.stack + "\n");
    return 1;
  }
}

/** crushtool's spelling: crushmap -i MAP [--tree] [--test …] [--compare MAP2 …]. */
function crushtoolStyle(args: readonly string[], io: CliIO, command: string): number {
  if (command === "-c") return compileCommand(args, io, "compile");
  if (command === "-d") return compileCommand(args, io, "decompile");
  const test = args.includes("--test");
  const compare = args.includes("--compare");
  if (args.includes("--tree")) {
    if (!test && !compare) return treeCommand(args, io);
    // crushtool prints the tree before running the test or the comparison
    const rest = args.filter((a) => a !== "--tree");
    const status = treeCommand(["-i", inputOf(rest)], io);
    return status !== 0 ? status : crushtoolStyle(rest, io, command);
  }
  if (test) return testCommand(args, io);
  if (compare) return compareCommand(args, io);
  if (command.startsWith("-")) throw new UsageError("no action: add --test, --compare MAP2 or --tree (see crushmap --help)");
  throw new UsageError(`unknown command '${command}' (see crushmap --help)`);
}

function inputOf(args: readonly string[]): string {
  for (let i = 0; i + 1 < args.length; i++) if (args[i] === "-i" || args[i] === "--infn") return args[i + 1]!;
  throw new UsageError("needs a map: -i MAP");
}

// Run when executed directly (not when imported by tests).
const entry = typeof process !== "undefined" ? process.argv[1] ?? "" : "";
if (/(?:^|[\\/])(?:cli|main)\.(?:[cm]?js|ts)$/.test(entry) || /[\\/]crushmap$/.test(entry)) {
  process.exitCode = main(process.argv.slice(2));
}
