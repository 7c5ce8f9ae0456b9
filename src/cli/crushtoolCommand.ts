/**
 * crushtool's own spelling: `crushmap -i MAP [--tree] [--test …] [--compare MAP2 …]`,
 * `crushmap -c MAP -o OUT`, `crushmap -d MAP [-o OUT]`, flags in any order. One table holds every
 * flag crushtool takes that crushmap knows; crushtool's other options become rows here.
 */
import { formatTree, treeRows } from "../analysis/tree.js";
import { defineCommand } from "./command.js";
import { OPTIONAL_MAP_INPUT, OUTPUT, RELEASE } from "./commonFlags.js";
import { encodeCrushMap } from "../map/binary/encode.js";
import { cephRelease } from "../map/release.js";
import type { CrushMap } from "../map/types.js";
import { decompile } from "./compileCommand.js";
import { buildLayers, countRoots, type BuildLayer } from "../map/buildLayers.js";
import { BUCKET_ALG_ID } from "../map/types.js";
import { applyEdits, atof, EDIT_FLAGS, hasEdits, programName, runCheck, showLocation } from "./crushtoolEdits.js";
import { applyReclassify, hasReclassify, RECLASSIFY_FLAGS, type ReclassifyArgs } from "./crushtoolReclassify.js";
import type { CliIO } from "./io.js";
import { CrushParseError } from "../map/errors.js";
import { inCrushtoolWords, UsageError } from "./errors.js";
import { CRUSHTOOL_HELP_OUTPUT, crushtoolHelp } from "./crushtoolHelp.js";
import { choice, row } from "./flags.js";
import { crushtoolDump } from "../map/dump/crushtoolDump.js";
import { loadMap, mapFromBytes } from "./loadMap.js";
import { runTestFlags, TEST_FLAGS, unknownToRelease } from "./testCommand.js";

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
    ...EDIT_FLAGS,
    ...RECLASSIFY_FLAGS,
    release: RELEASE,
    build: row({ names: ["--build"], help: "build a map from layers: --build --num_osds N LAYER ALG SIZE ..." }),
    numOsds: row({ names: ["--num_osds"], value: "int", metavar: "N", help: "with --build: the number of devices" }),
    layers: row({ names: [], value: "string", metavar: "LAYER ALG SIZE", repeatable: true, help: "with --build: (type name, bucket alg, items per bucket; 0 for all) per layer" }),
    helpOutput: row({ names: ["--help-output"], help: "describe the CSV files --output-csv writes" }),
    dump: row({ names: ["--dump"], help: "print the map as crushtool --dump prints it (Ceph's JSON)" }),
    format: row({ names: ["-f", "--format"], value: choice(["json-pretty", "json"]), metavar: "FMT", default: "json-pretty", help: "the format of --dump: json-pretty or json" }),
  },
  positionals: ["layers"],
  helpText: (argv) => (programName() === "crushtool" ? crushtoolHelp(cephRelease(releaseIn(argv))) : undefined),
  run(args, outer) {
    // crushtool compiles a bucket that lists an item twice without a word
    const io: CliIO = { ...outer, quietWarnings: CRUSHTOOL_QUIET };
    if (args.helpOutput) {
      io.stdout(CRUSHTOOL_HELP_OUTPUT);
      return 0;
    }
    const unknown = unknownToRelease(args); // crushtool rejects these flags before doing anything
    if (unknown !== undefined) {
      io.stderr(unknown);
      return 1;
    }
    if (args.dump && !hasEdits(args)) {
      // crushtool dumps whichever map it was given, -d's too (and then decompiles it)
      const map = args.compile !== undefined ? compileSource(io, args.compile) : decodeInput(io, args.decompile ?? args.input ?? needMap());
      io.stdout(crushtoolDump(map, { release: cephRelease(args.release), compact: args.format === "json" }));
      if (!args.tree && !args.test && args.compareWith === undefined && args.decompile === undefined) return 0;
    }
    if (args.decompile !== undefined) return decompile(decodeInput(io, args.decompile), args.output, io, args.release);
    if (!args.build && args.layers.length > 0) {
      io.stderr(`unrecognized arguments: [${args.layers.join(",")}]\n`);
      return 1;
    }
    const edits = hasEdits(args) || hasReclassify(args);
    if (args.build) return buildMap(args, io);
    if (args.compile !== undefined || edits) {
      const status = compileAndEdit(args, edits, io);
      if (status !== 0) return status;
    }
    // crushtool takes a negative --show-location as not given
    const location = args.showLocation !== undefined && args.showLocation >= 0 ? args.showLocation : undefined;
    const check = args.check !== undefined || location !== undefined;
    if (check) {
      if (args.input === undefined) throw new UsageError("needs a map: -i MAP");
      const map = decodeInput(io, args.input);
      if (location !== undefined) showLocation(map, location, io);
      const status = runCheck(map, args.check ?? -1, io);
      if (status !== 0) return status;
    }
    const test = args.test || args.compareWith !== undefined;
    if (!args.tree && !test) {
      if (args.compile !== undefined || edits || check) return 0;
      throw new UsageError("no action: add --test, --compare MAP2 or --tree (see crushmap --help)");
    }
    if (args.input === undefined) throw new UsageError("needs a map: -i MAP");
    if (args.tree) {
      // crushtool prints the tree before running the test or the comparison
      const map = decodeInput(io, args.input);
      io.stdout(args.json && !test ? JSON.stringify({ rows: treeRows(map) }) + "\n" : formatTree(map));
      if (!test) return 0;
    }
    return runTestFlags({ ...args, input: args.input }, io);
  },
});

/**
 * `-c MAP` and the edits: the map is modified, so like crushtool write it (binary) to -o, or say
 * how to. An edit that fails prints crushtool's words and writes nothing.
 */
function compileAndEdit(
  args: { compile?: string | undefined; input?: string | undefined; output?: string | undefined; release?: string | undefined } & Parameters<typeof applyEdits>[1] & ReclassifyArgs,
  edits: boolean,
  io: CliIO,
): number {
  if (args.compile !== undefined) return editAndWrite(compileSource(io, args.compile), true, args, edits, io);
  if (args.input === undefined) throw new UsageError("needs a map: -i MAP or -c MAP");
  return editAndWrite(decodeInput(io, args.input), false, args, edits, io);
}

const CRUSHTOOL_QUIET: ReadonlySet<string> = new Set(["item-listed-twice"]);

function needMap(): never {
  throw new UsageError("needs a map: -i MAP");
}

/** The value of `--release R` / `--release=R` in raw arguments (help is printed before parsing). */
function releaseIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--release") return argv[i + 1];
    if (argv[i]!.startsWith("--release=")) return argv[i]!.slice("--release=".length);
  }
  return undefined;
}

/**
 * A map given with -i or -d. crushtool reads only binary maps there and says `unable to decode`
 * of anything else; crushmap reads text too, and says the same of what is neither.
 */
function decodeInput(io: CliIO, path: string): CrushMap {
  const bytes = io.readFile(path);
  return inCrushtoolWords(
    () => mapFromBytes(io, path, bytes),
    () => `${programName()}: unable to decode ${path}`,
  );
}

/** A map given with -c, whose mistakes crushtool's compiler reports in its own words. */
function compileSource(io: CliIO, path: string): CrushMap {
  return inCrushtoolWords(
    () => loadMap(io, path),
    (e) => (e instanceof CrushParseError ? `${path}:${e.line} error: ${e.message.replace(/^\d+:\d+: /, "")}` : e.message),
  );
}

/** `--build`: crushtool's layered map, its warnings and words, then any edits. */
function buildMap(args: { numOsds?: number | undefined; layers: string[]; output?: string | undefined; release?: string | undefined } & Parameters<typeof applyEdits>[1] & ReclassifyArgs, io: CliIO): number {
  const me = programName();
  if (args.layers.length % 3 !== 0) {
    io.stderr(`remaining args: [${args.layers.join(",")}]\nlayers must be specified with 3-tuples of (name, buckettype, size)\n`);
    return 1;
  }
  const layers: BuildLayer[] = [];
  for (let i = 0; i < args.layers.length; i += 3) layers.push({ name: args.layers[i]!, alg: args.layers[i + 1]!, size: Math.trunc(atof(args.layers[i + 2]!)) });
  if (layers.length === 0) {
    io.stderr(`${me}: must specify at least one layer\n`);
    return 1;
  }
  const bad = layers.find((l) => !Object.prototype.hasOwnProperty.call(BUCKET_ALG_ID, l.alg));
  if (bad !== undefined) {
    io.stderr(`unknown bucket type '${bad.alg}'\n`);
    return 1;
  }
  const map = buildLayers(args.numOsds ?? 0, layers);
  const roots = countRoots(map);
  if (roots > 1) {
    const last = layers[layers.length - 1]!;
    const root = last.size === 0 ? last.name : `${last.name}0`;
    // Ceph 18 renamed rulesets to rules in this message
    const rules = cephRelease(args.release) >= 18 ? "rules" : "rulesets";
    io.stderr(`The crush ${rules} will use the root ${root}\nand ignore the others.\nThere are ${roots} roots, they can be\ngrouped into a single root by appending something like:\n  root straw 0\n\n`);
  }
  return editAndWrite(map, true, args, hasEdits(args), io);
}

function editAndWrite(input: CrushMap, modifiedAlready: boolean, args: { output?: string | undefined; release?: string | undefined } & Parameters<typeof applyEdits>[1] & ReclassifyArgs, edits: boolean, io: CliIO): number {
  let map = input;
  let modified = modifiedAlready;
  const me = programName();
  if (edits && hasEdits(args)) {
    const outcome = applyEdits(map, args, io, me);
    if ("status" in outcome) return outcome.status;
    map = outcome.map;
    modified ||= outcome.modified;
  }
  const classified = applyReclassify(map, args, io);
  if ("status" in classified) return classified.status;
  map = classified.map;
  modified ||= classified.modified;
  if (!modified) return 0;
  if (args.output === undefined) io.stdout(`${me} successfully built or modified map.  Use '-o <file>' to write it out.\n`);
  else io.writeFile(args.output, encodeCrushMap(map, { release: cephRelease(args.release) }));
  return 0;
}
