/**
 * crushtool's own spelling: `crushmap -i MAP [--tree] [--test …] [--compare MAP2 …]`,
 * `crushmap -c MAP -o OUT`, `crushmap -d MAP [-o OUT]`, flags in any order. One table holds every
 * flag crushtool takes that crushmap knows; crushtool's other options become rows here.
 */
import { BUCKET_NAME_EMPTY, formatBucketTree } from "../analysis/bucketTree.js";
import { formatTree, treeRows } from "../analysis/tree.js";
import { defineCommand, runCommand, wantsHelp } from "./command.js";
import { crushtoolArgv } from "./crushtoolArgs.js";
import { OPTIONAL_MAP_INPUT, OUTPUT, RELEASE } from "./commonFlags.js";
import { encodeCrushMap } from "../map/binary/encode.js";
import { cephRelease } from "../map/release.js";
import type { CrushMap } from "../map/types.js";
import { decompile } from "./compileCommand.js";
import { cephParseErrorWords } from "../map/text/cephParseError.js";
import { utf8Decode } from "../hash/utf8.js";
import type { CrushmapError } from "../hash/crushmapError.js";
import { buildLayers, countRoots, type BuildLayer } from "../map/buildLayers.js";
import { BUCKET_ALG_ID } from "../map/types.js";
import { applyEdits, atof, EDIT_FLAGS, hasEdits, programName, runCheck, showLocation } from "./crushtoolEdits.js";
import { applyReclassify, hasReclassify, RECLASSIFY_FLAGS } from "./crushtoolReclassify.js";
import type { CliIO } from "./io.js";
import { CrushMapError, CrushParseError } from "../map/errors.js";
import { inCrushtoolWords, UsageError } from "./errors.js";
import { CRUSHTOOL_HELP_OUTPUT, crushtoolHelp } from "./crushtoolHelp.js";
import { row, type ParsedArgs } from "./flags.js";
import { crushtoolDump, dumpFormat } from "../map/dump/crushtoolDump.js";
import { mapFromBytes, readMapFile } from "./loadMap.js";
import { runTestFlags, TEST_FLAGS, unknownToRelease } from "./testCommand.js";

const FLAGS = {
  ...TEST_FLAGS,
  input: row({ ...OPTIONAL_MAP_INPUT, crushtool: { read: "string" } }),
  tree: row({ names: ["--tree"], help: "print the hierarchy first (see crushmap tree --help)" }),
  bucketTree: row({ names: ["--bucket-tree"], help: "print the names of the devices under --bucket-name NAME, one a line, by id" }),
  bucketName: row({ names: ["--bucket-name"], value: "string", crushtool: { read: "string" }, metavar: "NAME", help: "the bucket (or device) --bucket-tree lists" }),
  enableUnsafeTunables: row({
    names: ["--enable-unsafe-tunables"],
    help: "accepted as crushtool accepts it: crushtool 16.2 to 20.2 refuse no tunable\nwithout it (its check is disabled), so it changes nothing",
  }),
  verbose: row({ names: ["-v", "--verbose"], help: "with -c: print the compiler's trace on stderr; with -o: say where the map went" }),
  compile: row({ names: ["-c", "--compile"], value: "string", crushtool: { read: "string" }, metavar: "MAP", help: "compile MAP (see crushmap compile --help)" }),
  decompile: row({ names: ["-d", "--decompile"], value: "string", crushtool: { read: "string" }, metavar: "MAP", help: "decompile MAP (see crushmap decompile --help)" }),
  output: row({ ...OUTPUT, crushtool: { read: "string" } }),
  ...EDIT_FLAGS,
  ...RECLASSIFY_FLAGS,
  release: RELEASE,
  build: row({ names: ["--build"], help: "build a map from layers: --build --num_osds N LAYER ALG SIZE ..." }),
  numOsds: row({ names: ["--num_osds"], value: "int", crushtool: { read: "int" }, metavar: "N", help: "with --build: the number of devices" }),
  layers: row({ names: [], value: "string", metavar: "LAYER ALG SIZE", repeatable: true, help: "with --build: (type name, bucket alg, items per bucket; 0 for all) per layer" }),
  helpOutput: row({ names: ["--help-output"], help: "describe the CSV files --output-csv writes" }),
  dump: row({ names: ["--dump"], help: "print the map as crushtool --dump prints it (Ceph's JSON, XML or HTML)" }),
  format: row({ names: ["-f", "--format"], value: "string", crushtool: { read: "string" }, metavar: "FMT", default: "json-pretty", help: "the format of --dump: json-pretty, json, xml, xml-pretty, html, html-pretty, table or table-kv (any other: json-pretty, as crushtool)" }),
};

export const crushtoolCommand = defineCommand({
  name: "",
  summary: "crushtool's spelling",
  about: `crushtool's spelling of test, compare, tree, compile and decompile, and crushtool's own:
--dump, the map edits (--build, --add-item, --update-item, --remove-item, --add-bucket, --move,
--reweight-item, --reweight, --create-simple-rule, --create-replicated-rule, --remove-rule, the
--set-* tunables), --check and --show-location, in crushtool's stage order (build or read, edit,
show and test the edited map, write it) and with crushtool's words and exit statuses.`,
  flags: FLAGS,
  positionals: ["layers"],
  keepUnknownFlags: true,
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
    // crushtool checks for an action before it reads anything (`-i MAP` alone, or with only
    // --set-subtree-class, which acts inside --reclassify)
    if (!isAction(args)) {
      io.stderr("no action specified; -h for help\n");
      return 1;
    }
    // then refuses what it does not know (its own typos and Ceph config options alike)
    if (!args.build && args.layers.length > 0) {
      io.stderr(`unrecognized arguments: [${args.layers.join(",")}]\n`);
      return 1;
    }
    // -d of a map with edits decompiles the edited map, as crushtool does (the stages below)
    if (args.decompile !== undefined && !showsAnything(args) && !hasEdits(args) && !hasReclassify(args)) {
      return decompile(decodeInput(io, args.decompile), args.output, io, args.release);
    }
    // crushtool's stages, in its order: input or build, tunables and modifications, display and
    // test (of the modified map), output
    const input = inputStage(args, io);
    if (typeof input === "number") return input;
    let { map, modified } = input;
    if (hasEdits(args) || hasReclassify(args)) {
      if (map === undefined) throw new UsageError("needs a map: -i MAP or -c MAP");
      if (hasEdits(args)) {
        const outcome = applyEdits(map, args, io, programName());
        if ("status" in outcome) return outcome.status;
        map = outcome.map;
        modified ||= outcome.modified;
      }
      const classified = applyReclassify(map, args, io);
      if ("status" in classified) return classified.status;
      map = classified.map;
      modified ||= classified.modified;
    }
    const shown = displayStage(map, args, io);
    if (shown !== 0) return shown;
    // crushtool writes an edited map over the decompiled text, as binary: -o names both outputs
    if (args.decompile !== undefined && (!modified || args.output === undefined)) return 0;
    return modified ? outputStage(map!, args, io) : 0;
  },
});

type CrushtoolArgs = ParsedArgs<typeof FLAGS>;

/**
 * crushtool's spelling from the raw arguments: each option's value is read as crushtool reads it
 * first (crushtoolArgs.ts: crushtool's words and status 1 for a missing or bad one), then the
 * flag table takes the rewritten arguments.
 */
export function runCrushtool(argv: readonly string[], io: CliIO): number {
  if (wantsHelp(argv)) return runCommand(crushtoolCommand, argv, io);
  return runCommand(crushtoolCommand, crushtoolArgv(argv, FLAGS, argRelease(argv)), io);
}

/** The release whose options crushtool's spelling reads (an unknown one is the table's to refuse). */
function argRelease(argv: readonly string[]): number {
  const given = releaseIn(argv);
  return given !== undefined && (RELEASE.value.metavar.split("|") as string[]).includes(given) ? cephRelease(given) : cephRelease(undefined);
}

/** The map the command starts from: built, compiled, or read (-i, or -d with --dump). */
function inputStage(args: CrushtoolArgs, io: CliIO): { map: CrushMap | undefined; modified: boolean } | number {
  if (args.build) {
    const built = buildMap(args, io);
    return typeof built === "number" ? built : { map: built, modified: true };
  }
  if (args.compile !== undefined) return { map: compileSource(io, args.compile, args.release, args.verbose), modified: true };
  const path = args.input ?? args.decompile;
  return { map: path === undefined ? undefined : decodeInput(io, path), modified: false };
}

/** What crushtool counts as something to do; anything else ends in 'no action specified'. */
function isAction(args: CrushtoolArgs): boolean {
  return showsAnything(args) || args.build || args.compile !== undefined || args.decompile !== undefined || hasEdits(args) || hasReclassify(args);
}

/** Whether the display/test stage has anything to do. */
function showsAnything(args: CrushtoolArgs): boolean {
  return args.tree || args.bucketTree || args.test || args.compareWith !== undefined || args.dump || args.check !== undefined || showsLocation(args);
}

/** crushtool takes a negative --show-location as not given. */
function showsLocation(args: CrushtoolArgs): boolean {
  return args.showLocation !== undefined && args.showLocation >= 0;
}

/**
 * The display/test stage of the map as modified, in crushtool's order: --show-location, --tree,
 * --bucket-tree, --dump, -d, --check (which ends the run when it fails), then --test and --compare.
 */
function displayStage(map: CrushMap | undefined, args: CrushtoolArgs, io: CliIO): number {
  const test = args.test || args.compareWith !== undefined;
  if (!showsAnything(args) && args.decompile === undefined) return 0;
  if (map === undefined) return needMap();
  if (showsLocation(args)) showLocation(map, args.showLocation!, io);
  if (args.tree) io.stdout(args.json && !test ? JSON.stringify({ rows: treeRows(map) }) + "\n" : formatTree(map));
  if (args.bucketTree) {
    if (args.bucketName === undefined || args.bucketName === "") io.stderr(BUCKET_NAME_EMPTY);
    else io.stdout(formatBucketTree(map, args.bucketName));
  }
  if (args.dump) io.stdout(crushtoolDump(map, { release: cephRelease(args.release), format: dumpFormat(args.format) }));
  if (args.decompile !== undefined) {
    const status = decompile(map, args.output, io, args.release);
    if (status !== 0) return status;
  }
  const status = runCheck(map, args.check ?? -1, io);
  if (status !== 0 || !test) return status;
  return runTestFlags({ ...args, input: args.input ?? args.compile ?? "-" }, io, map);
}

/** A modified map goes (binary) to -o, or crushtool says how to write it. */
function outputStage(map: CrushMap, args: CrushtoolArgs, io: CliIO): number {
  if (args.output === undefined) io.stdout(`${programName()} successfully built or modified map.  Use '-o <file>' to write it out.\n`);
  else io.writeFile(args.output, encodeCrushMap(map, { release: cephRelease(args.release) }));
  if (args.output !== undefined && args.verbose) io.stdout(`wrote crush map to ${args.output}\n`);
  return 0;
}

/** Warnings crushtool does not give (it reads such maps as crushmap does): its spelling keeps quiet. */
const CRUSHTOOL_QUIET: ReadonlySet<string> = new Set(["item-listed-twice", "invalid-name"]);

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

/**
 * A map given with -c, compiled as crushtool compiles it: the compiler's stderr up to its error
 * (the -v trace, and from 18.2 on the warning of each ignored min_size and max_size line), then
 * the error in crushtool's words (CrushMapError.cephMessage; parse errors as crushtool spells
 * them). Binary and JSON input, which crushtool does not take here, load as they would with -i.
 */
function compileSource(io: CliIO, path: string, release: string | undefined, verbose: boolean): CrushMap {
  const bytes = readMapFile(io, path);
  const r = cephRelease(release);
  // the trace and the warnings go to stderr as the text is compiled, so they stop where it fails
  const compile = {
    release: r,
    ...(verbose ? { onCompilerTrace: (piece: string) => io.stderr(piece) } : {}),
    ...(r >= 18 ? { onCompilerWarning: (message: string) => io.stderr(`${message}\n`) } : {}),
  };
  return inCrushtoolWords(() => mapFromBytes(io, path, bytes, compile), (e) => compileWords(e, path, bytes), 1, true);
}

/** crushtool's words for an error of its compiler. */
function compileWords(error: CrushmapError, path: string, bytes: Uint8Array): string {
  if (error instanceof CrushParseError) return cephParseErrorWords(utf8Decode(bytes) ?? "", error, path);
  if (error instanceof CrushMapError && error.cephMessage !== undefined) return error.cephMessage;
  return `${error.message}\n`;
}

/** `--build`: crushtool's layered map and its warnings, or the status it fails with. */
function buildMap(args: { numOsds?: number | undefined; layers: string[]; release?: string | undefined }, io: CliIO): CrushMap | number {
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
  return map;
}

