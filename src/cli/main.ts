/**
 * The `crushmap` command line. Commands are crushtool-compatible where crushtool has them.
 * Errors print one line on stderr: exit 2 for usage, 1 for bad data; `--debug` adds the stack.
 */
import { DataError, UsageError, processIO, type CliIO } from "./io.js";
import { demo } from "./demo.js";
import { TEST_HELP, testCommand } from "./testCommand.js";

const HELP = `usage: crushmap <command> [options]

commands:
  test      map inputs through a rule, like 'crushtool -i MAP --test'
  demo      place 100,000 objects on a built-in sample cluster, then add a host
  help      show this help

'crushmap -i MAP --test …' is accepted as in crushtool. Every command takes --help.
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
      case "demo":
        return demo(io);
      default:
        // crushtool style: crushmap -i MAP --test …
        if (args.includes("--test")) return testCommand(args, io);
        throw new UsageError(`unknown command '${command}' (see crushmap --help)`);
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

void TEST_HELP;

// Run when executed directly (not when imported by tests).
const entry = typeof process !== "undefined" ? process.argv[1] ?? "" : "";
if (/(?:^|[\\/])(?:cli|main)\.(?:[cm]?js|ts)$/.test(entry) || /[\\/]crushmap$/.test(entry)) {
  process.exitCode = main(process.argv.slice(2));
}
