/**
 * `crushmap test`: crushtool --test with the same flags and the same output. The flag table is
 * shared with `crushmap compare` and crushtool's own spelling, as crushtool shares its flags
 * between --test and --compare.
 */
import { compareMaps } from "../analysis/compareMaps.js";
import { crushtoolTest, type CrushtoolTestOptions } from "../analysis/crushtoolTest.js";
import { ABORT_STATUS, type CrushtoolRange } from "../analysis/crushtoolRange.js";
import type { CrushMap } from "../map/types.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { compileMap } from "../mapper/compile.js";
import { MAX_RESULT } from "../mapper/mapper.js";
import { defineCommand } from "./command.js";
import { cephRelease, type CephRelease } from "../map/release.js";
import { jsonFlag, MAP_INPUT, RELEASE, WEIGHT } from "./commonFlags.js";
import { row, type ParsedArgs, type ValueParser } from "./flags.js";
import { UsageError } from "./errors.js";
import type { CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";
import { parallelTestRunner } from "../node/parallelTest.js";
import { defaultThreads, testWorkers } from "./testWorkers.js";

/** The mapper's limit: crushtool crashes (its stack overflows) long before counts this large run out. */
const belowMaxRep = (v: number, flag: string): string | undefined => (v > MAX_RESULT ? `${flag} ${v} is above the limit of ${MAX_RESULT}` : undefined);

/**
 * crushtool's --pool-id: a 64-bit integer of which the hash takes the low 32 bits, and -1 (its
 * default) means no pool, so `--pool-id -1` maps as no --pool-id does. `null` is that no-pool.
 */
const POOL_ID: ValueParser<number | null> = {
  metavar: "P",
  parse(text: string, flag: string): number | null {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} needs an integer, not '${text}'`);
    const n = BigInt(text);
    if (n < -(2n ** 63n) || n >= 2n ** 63n) throw new UsageError(`${flag} value '${text}' is out of range`);
    return n === -1n ? null : Number(BigInt.asUintN(32, n));
  },
};

/** The flags of crushtool's --test and --compare. */
export const TEST_FLAGS = {
  input: MAP_INPUT,
  test: row({ names: ["--test", "-t"], help: "run the test (what 'crushmap test' always does)" }),
  compareWith: row({ names: ["--compare"], value: "string", crushtool: { read: "string" }, metavar: "MAP2", help: "afterwards, compare with MAP2 as 'crushmap compare' does" }),
  rule: row({ names: ["--rule"], value: "int", crushtool: { read: "int" }, metavar: "R", into: ["minRule", "maxRule"], help: "test only rule R (default: every rule)" }),
  // Ceph 16.2 only; the hidden rows below remember which release-bound flags were given
  rulesetFlag: row({
    names: ["--ruleset"],
    value: "int",
    crushtool: { read: "int", until: 16 },
    metavar: "R",
    repeatable: true,
    into: ["minRule", "maxRule", "rulesetGiven"],
    help: "the same as --rule (Ceph 16 only; 18 and later do not know it)",
  }),
  minRule: row({ names: ["--min-rule"], value: "int", crushtool: { read: "int" }, metavar: "R", help: "the first rule to test" }),
  maxRule: row({ names: ["--max-rule"], value: "int", crushtool: { read: "int" }, metavar: "R", help: "the last rule to test" }),
  numRep: row({
    names: ["--num-rep"],
    value: "int",
    crushtool: { read: "int" },
    metavar: "N",
    into: ["minRep", "maxRep"],
    check: belowMaxRep,
    help: "replica count (default: each rule's min_size..max_size in Ceph 16; required from 18 on)",
  }),
  minRepFlag: row({
    names: ["--min-rep"],
    value: "int",
    crushtool: { read: "int", since: 18 },
    metavar: "N",
    repeatable: true,
    into: ["minRep", "minRepGiven"],
    help: "the smallest replica count (Ceph 18 and later)",
  }),
  maxRepFlag: row({
    names: ["--max-rep"],
    value: "int",
    crushtool: { read: "int", since: 18 },
    metavar: "N",
    repeatable: true,
    into: ["maxRep", "maxRepGiven"],
    check: belowMaxRep,
    help: "the largest replica count (Ceph 18 and later)",
  }),
  minRep: row({ names: [], value: "int", default: -1, hidden: true, help: "" }),
  maxRep: row({ names: [], value: "int", default: -1, hidden: true, help: "" }),
  rulesetGiven: row({ names: [], value: "int", repeatable: true, hidden: true, help: "" }),
  minRepGiven: row({ names: [], value: "int", repeatable: true, hidden: true, help: "" }),
  maxRepGiven: row({ names: [], value: "int", repeatable: true, hidden: true, help: "" }),
  minX: row({ names: ["--min-x"], value: "int", crushtool: { read: "int" }, metavar: "X", defaultText: "0", help: "the first input" }),
  maxX: row({ names: ["--max-x"], value: "int", crushtool: { read: "int" }, metavar: "X", defaultText: "1023", help: "the last input (inclusive)" }),
  x: row({ names: ["--x"], value: "int", crushtool: { read: "int" }, metavar: "X", into: ["minX", "maxX"], help: "map the one input X" }),
  poolId: row({ names: ["--pool-id"], value: POOL_ID, crushtool: { read: "int64" }, metavar: "P", help: "hash each input with pool id P first (its low 32 bits; -1: none, as crushtool; --compare ignores it)" }),
  weight: row({ ...WEIGHT, crushtool: { read: "int", more: ["atof"] } }),
  release: row({
    names: ["--release"],
    value: RELEASE.value,
    metavar: "R",
    default: "20",
    help: "behave as crushtool of Ceph release R: 16 (pacific), 18 (reef), 20 (tentacle; 19/squid alike)",
  }),
  showMappings: row({ names: ["--show-mappings"], help: "print 'CRUSH rule R x X [devices]' for every input" }),
  showBadMappings: row({ names: ["--show-bad-mappings"], help: "print inputs that got fewer devices than asked or holes" }),
  showStatistics: row({
    names: ["--show-statistics"],
    help: "per rule and replica count, how many inputs got how many devices\n(with --compare: also 'rule N dne' for rule ids MAP lacks)",
  }),
  showUtilization: row({ names: ["--show-utilization"], help: "statistics, plus stored and expected counts of each used device" }),
  showUtilizationAll: row({
    names: ["--show-utilization-all"],
    help: "statistics, plus stored and expected counts of every device\n(the weight vector goes to stderr)",
  }),
  showChooseTries: row({ names: ["--show-choose-tries"], help: "histogram of the retries each successful choice needed" }),
  outputCsv: row({
    names: ["--output-csv"],
    help: "write crushtool's CSV files per rule into the working directory:\nRULE-device_utilization.csv and the others --help-output lists",
  }),
  outputName: row({ names: ["--output-name"], value: "string", crushtool: { read: "string", peek: true }, metavar: "NAME", help: "with --output-csv: name the files NAME-RULE-….csv" }),
  batches: row({
    names: ["--batches"],
    value: "int",
    crushtool: { read: "int" },
    metavar: "B",
    help: "map the inputs in B rounds (the batch_* CSV files); the printed report\nis the same for any B >= 1, and with B <= 0 crushtool maps nothing",
  }),
  simulate: row({
    names: ["--simulate", "-s"],
    help: "place with crushtool's random generator (glibc lrand48, never seeded)\ninstead of CRUSH, as crushtool --simulate does, draw for draw",
  }),
  markDownRatio: row({ names: ["--mark-down-ratio"], value: "float", crushtool: { read: "float" }, metavar: "D", help: "mark the first D of the devices of each visited bucket down (crushtool's draws)" }),
  markDownBucketRatio: row({ names: ["--mark-down-bucket-ratio"], value: "float", crushtool: { read: "float" }, metavar: "B", default: 1, help: "with --mark-down-ratio: visit B of the buckets that hold devices" }),
  json: jsonFlag('{"runs":[{"rule","numRep","minX","mappings"}]}; with --compare {"equivalent","rules"}'),
  threads: row({
    names: ["--threads"],
    value: "int",
    metavar: "N",
    check: (n: number, flag: string) => (n >= 1 ? undefined : `${flag} expects a positive integer, got ${n}`),
    defaultText: "the machine's cores",
    help: "map tests of 200,000 mappings or more (rules x replica counts x inputs)\non N threads, with the same output (1 = one thread)",
  }),
} as const;

export type TestArgs = ParsedArgs<typeof TEST_FLAGS>;

const TEST_ABOUT = `Maps inputs through the map's rules exactly as 'crushtool -i MAP --test' does and prints
the same lines, as the crushtool of --release R does (default 20): Ceph 16 ranges over each
rule's min_size..max_size without --num-rep and knows --ruleset; 18 and later need --num-rep
(or --min-rep and --max-rep) and know no --ruleset; 20 aborts (exit status 134) where it would
map a negative replica count.`;

const COMPARE_ABOUT = `Maps the same inputs through every rule of MAP and of MAP2 and counts, per rule, the inputs
whose devices differ, exactly as 'crushtool -i MAP --compare MAP2' does. Prints
'rule R had M/T mismatched mappings (ratio)' per rule, then 'maps appear equivalent';
when any mapping differs it prints 'warning: maps are NOT equivalent' on stderr and exits 1.
Rules, rule sizes and reweights come from MAP; --test runs the test first. Without --num-rep,
Ceph 16 ranges over MAP's rule sizes, 18 compares -1 replicas (nothing) and 20 aborts.`;

export const testCommand = defineCommand({
  name: "test",
  summary: "map inputs through a rule, like 'crushtool -i MAP --test'",
  usage: ["(crushtool -i MAP --test [flags])"],
  about: TEST_ABOUT,
  flags: TEST_FLAGS,
  positionals: ["input"],
  run: (args, io) => runTestFlags({ ...args, test: true }, io),
});

export const compareCommand = defineCommand({
  name: "compare",
  summary: "compare the mappings of two maps, like 'crushtool -i A --compare B'",
  usage: ["(crushtool -i MAP --compare MAP2 [flags])"],
  about: COMPARE_ABOUT,
  flags: { ...TEST_FLAGS, compareWith: { ...TEST_FLAGS.compareWith, help: "the map to compare with", required: "a second map: --compare MAP2" } },
  positionals: ["input", "compareWith"],
  run: (args, io) => runTestFlags(args, io),
});

/** crushtool converts a --weight through a C float and clamps it to 0..1 (16.16). */
function crushtoolReweights(pairs: readonly (readonly [number, number])[]): Map<number, number> {
  const weights = new Map<number, number>();
  for (const [dev, w] of pairs) {
    const fixed = Math.trunc(Math.fround(Math.fround(w) * 0x10000));
    weights.set(dev, Math.min(0x10000, Math.max(0, fixed)));
  }
  return weights;
}

/**
 * The flags crushtool of `release` does not know, as it reports them (`unrecognized arguments:
 * [--ruleset,0]`), or undefined when it knows them all: --ruleset went in 18.2, --min-rep and
 * --max-rep came then. (Given both of those to 16, the message lists --min-rep first.)
 */
export function unknownToRelease(
  f: { readonly release?: string | undefined; readonly rulesetGiven: readonly number[]; readonly minRepGiven: readonly number[]; readonly maxRepGiven: readonly number[] },
  release: CephRelease = cephRelease(f.release),
): string | undefined {
  const words = (flag: string, values: readonly number[]): string[] => values.flatMap((v) => [flag, String(v)]);
  const unknown = release === 16 ? [...words("--min-rep", f.minRepGiven), ...words("--max-rep", f.maxRepGiven)] : words("--ruleset", f.rulesetGiven);
  return unknown.length === 0 ? undefined : `unrecognized arguments: [${unknown.join(",")}]\n`;
}

/** Runs what the flags ask for, in crushtool's order: the test, then the comparison. */
export function runTestFlags(f: Omit<TestArgs, "input"> & { readonly input: string }, io: CliIO, loaded?: CrushMap): number {
  const release = cephRelease(f.release);
  // crushtool rejects the flags it does not know before it reads a map
  const unknown = unknownToRelease(f, release);
  if (unknown !== undefined) {
    io.stderr(unknown);
    return 1;
  }
  // crushtool's spelling tests the map as its edits left it, already loaded
  const map = loaded ?? loadMap(io, f.input);
  const other = f.compareWith === undefined ? null : loadMap(io, f.compareWith);
  // crushtool warns while reading its arguments; here the maps are read first, so that a bad
  // map is reported alone, in one line
  const display = f.showMappings || f.showBadMappings || f.showStatistics || f.showUtilization || f.showUtilizationAll || f.showChooseTries || f.outputCsv;
  if (f.test && !display && !f.json && other === null) {
    io.stderr("WARNING: no output selected; use --output-csv or --show-X\n");
  }
  const compiled = compileMap(map);
  const range = {
    ...(f.minRule === undefined ? {} : { minRule: f.minRule }),
    ...(f.maxRule === undefined ? {} : { maxRule: f.maxRule }),
    minRep: f.minRep,
    maxRep: f.maxRep,
    ...(f.minX === undefined ? {} : { minX: f.minX }),
    ...(f.maxX === undefined ? {} : { maxX: f.maxX }),
    deviceWeights: crushtoolReweights(f.weight),
    release,
  };
  if (f.test) {
    const status = runTest(f, map, compiled, range, io);
    if (status !== 0) return status;
  }
  if (other === null) return 0;
  const report = compareMaps(map, compiled, compileMap(other), { ...range, showStatistics: f.showStatistics });
  if (f.json && report.status !== ABORT_STATUS) {
    io.stdout(JSON.stringify({ equivalent: report.equivalent, rules: report.rules }) + "\n");
    return report.status;
  }
  io.stdout(report.stdout);
  io.stderr(report.stderr);
  return report.status;
}

/** The test half: crushtool's report, or with --json every mapping grouped by rule and count. */
function runTest(f: Omit<TestArgs, "input">, map: CrushMap, compiled: CompiledMap, range: CrushtoolRange, io: CliIO): number {
  const options: CrushtoolTestOptions = {
    ...range,
    ...(f.poolId === undefined || f.poolId === null ? {} : { poolId: f.poolId }),
    showMappings: f.showMappings,
    showBadMappings: f.showBadMappings,
    showStatistics: f.showStatistics,
    showUtilization: f.showUtilization,
    showUtilizationAll: f.showUtilizationAll,
    showChooseTries: f.showChooseTries,
    ...(f.batches === undefined ? {} : { batches: f.batches }),
    ...(f.simulate ? { simulate: true } : {}),
    // crushtool names the files after the rule, behind `NAME-` with --output-name
    ...(f.outputCsv ? { csvPrefix: f.outputName === undefined ? "" : `${f.outputName}-` } : {}),
    ...(f.markDownRatio === undefined ? {} : { markDown: { deviceRatio: f.markDownRatio, bucketRatio: f.markDownBucketRatio } }),
  };
  if (!f.json) {
    const report = crushtoolTest(map, compiled, options, parallelTestRunner(f.threads ?? defaultThreads(), testWorkers()));
    io.stderr(report.stderr);
    io.stdout(report.stdout);
    for (const file of report.files) io.writeFile(file.name, file.content);
    return report.status;
  }
  const runs: { rule: number; numRep: number; minX: number; mappings: number[][] }[] = [];
  const report = crushtoolTest(map, compiled, {
    ...options,
    onMapping: (rule, numRep, x, devices, n) => {
      let run = runs[runs.length - 1];
      if (run === undefined || run.rule !== rule || run.numRep !== numRep) {
        run = { rule, numRep, minX: x, mappings: [] };
        runs.push(run);
      }
      run.mappings.push(Array.from(devices.subarray(0, n)));
    },
  });
  for (const file of report.files) io.writeFile(file.name, file.content);
  // a refused or aborted test prints crushtool's words, not JSON
  if (report.status !== 0) {
    io.stderr(report.stderr);
    return report.status;
  }
  io.stdout(JSON.stringify({ runs }) + "\n");
  return 0;
}
