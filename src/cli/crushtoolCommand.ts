/**
 * crushtool's own spelling: `crushmap -i MAP [--tree] [--test …] [--compare MAP2 …]`,
 * `crushmap -c MAP -o OUT`, `crushmap -d MAP [-o OUT]`, flags in any order. One table holds every
 * flag crushtool takes that crushmap knows; crushtool's other options become rows here.
 */
import { formatTree, treeRows } from "../analysis/tree.js";
import { defineCommand } from "./command.js";
import { OPTIONAL_MAP_INPUT, OUTPUT, RELEASE } from "./commonFlags.js";
import { compile, decompile } from "./compileCommand.js";
import { UsageError } from "./errors.js";
import { row } from "./flags.js";
import { loadMap } from "./loadMap.js";
import { runTestFlags, TEST_FLAGS } from "./testCommand.js";

export const crushtoolCommand = defineCommand({
  name: "",
  summary: "crushtool's spelling",
  about: "crushtool's spelling of test, compare, tree, compile and decompile.",
  flags: {
    ...TEST_FLAGS,
    input: OPTIONAL_MAP_INPUT,
    tree: row({ names: ["--tree"], help: "print the hierarchy first (see crushmap tree --help)" }),
    compile: row({ names: ["-c", "--compile"], value: "string", metavar: "MAP", help: "compile MAP (see crushmap compile --help)" }),
    decompile: row({ names: ["-d", "--decompile"], value: "string", metavar: "MAP", help: "decompile MAP (see crushmap decompile --help)" }),
    output: OUTPUT,
    release: RELEASE,
  },
  run(args, io) {
    if (args.compile !== undefined) return compile(loadMap(io, args.compile), args.output, io, args.release);
    if (args.decompile !== undefined) return decompile(loadMap(io, args.decompile), args.output, io, args.release);
    const test = args.test || args.compareWith !== undefined;
    if (!args.tree && !test) throw new UsageError("no action: add --test, --compare MAP2 or --tree (see crushmap --help)");
    if (args.input === undefined) throw new UsageError("needs a map: -i MAP");
    if (args.tree) {
      // crushtool prints the tree before running the test or the comparison
      const map = loadMap(io, args.input);
      io.stdout(args.json && !test ? JSON.stringify({ rows: treeRows(map) }) + "\n" : formatTree(map));
      if (!test) return 0;
    }
    return runTestFlags({ ...args, input: args.input }, io);
  },
});
