/**
 * A crushtool-compatible test run: maps a range of inputs through one or all rules, for one or
 * a range of replica counts, and prints what `crushtool --test` prints for the same flags:
 * mappings, bad mappings, statistics, utilization and the choose-tries histogram — as the
 * crushtool of the release asked for does (see crushtoolRange.ts for where 16.2, 18.2 and 20.2
 * differ: the replica counts they run, the test 18.2 refuses, the one 20.2 aborts).
 */
import type { CrushMap, Rule } from "../map/types.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { defaultReweight } from "../mapper/mapper.js";
import { mapTestRuns, type JobTally, type RunTally, type TestJob, type TestRun, type TestRunner } from "./crushtoolRuns.js";
import {
  ABORT_STATUS,
  abortMessage,
  abortsOn,
  lacksReplicaCount,
  NO_REPLICA_COUNT,
  replicaRange,
  resolveRange,
  type CrushtoolRange,
  type ResolvedRange,
} from "./crushtoolRange.js";
import { crushtoolCsvFiles, type CsvFile } from "./crushtoolCsv.js";
import { formatG } from "./formatFloat.js";
import { Lrand48 } from "./lrand48.js";
import { markDownDevices, type MarkDown } from "./markDown.js";
import { affectedContext, maximumAffectedByRule, type AffectedContext } from "./maximumAffectedByRule.js";
import { Simulation } from "./randomPlacement.js";

export { formatVector } from "./crushtoolRuns.js";

export interface CrushtoolTestOptions extends CrushtoolRange {
  /** crushtool's --pool-id: hash x with the pool id first (as a u32; crushtool's -1, no pool, is leaving it out). */
  readonly poolId?: number;
  readonly showMappings?: boolean;
  readonly showBadMappings?: boolean;
  /** Per rule and replica count: how many inputs got how many devices. */
  readonly showStatistics?: boolean;
  /** Statistics plus, per device that got something, stored vs expected counts. */
  readonly showUtilization?: boolean;
  /** Statistics plus stored vs expected for every device; the weight vector goes to stderr. */
  readonly showUtilizationAll?: boolean;
  /** After all rules: how many choices succeeded after 0, 1, 2, … retries. */
  readonly showChooseTries?: boolean;
  /** Called with every mapping (the first `n` entries of `devices`), for machine-readable output. */
  readonly onMapping?: (rule: number, numRep: number, x: number, devices: Int32Array, n: number) => void;
  /**
   * crushtool's --batches B: the inputs are mapped in B consecutive rounds. The printed report is
   * the same for any B >= 1; with B <= 0 crushtool maps nothing (the statistics headers stay).
   * The CSV files get per-batch counts when B > 1. Default 1.
   */
  readonly batches?: number;
  /** crushtool's --simulate: place with CrushTester's random generator instead of CRUSH. */
  readonly simulate?: boolean;
  /**
   * crushtool's --output-csv: the report's `files` get the CSV files of each rule, named with this
   * prefix (`NAME-` for --output-name NAME, else ""). Undefined: no files.
   */
  readonly csvPrefix?: string;
  /** crushtool's --mark-down-ratio and --mark-down-bucket-ratio (see markDown.ts). */
  readonly markDown?: MarkDown;
}

/** What crushtool prints for a test run, stream by stream, and its exit status. */
export interface CrushtoolReport {
  readonly stdout: string;
  readonly stderr: string;
  /** crushtool's exit status: 0, 1 for a refused test, 134 where the release's crushtool aborts. */
  readonly status: number;
}

/** A test's report and the CSV files it leaves. */
export interface CrushtoolTestReport extends CrushtoolReport {
  /**
   * With `csvPrefix`: the files crushtool leaves in its working directory, each with its final
   * content, in the order crushtool first opens them.
   */
  readonly files: readonly CsvFile[];
}

/** crushtool's weight vector: explicit --weight, else in if present in some bucket, else out. */
export function crushtoolWeights(compiled: CompiledMap, deviceWeights?: ReadonlyMap<number, number>): Uint32Array {
  const base = defaultReweight(compiled);
  const weight = new Uint32Array(compiled.maxDevices);
  for (let d = 0; d < weight.length; d++) weight[d] = deviceWeights?.get(d) ?? base[d]!;
  return weight;
}

/**
 * Returns what crushtool of `opts.release` (default 20) prints on stdout and stderr for the
 * same test, and its exit status. `runner` maps the test's runs (default: on the calling
 * thread); the CLI passes one that maps large tests on worker threads, and any runner must
 * return exactly what {@link mapTestRuns} would.
 */
export function crushtoolTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions, runner: TestRunner = mapTestRuns): CrushtoolTestReport {
  if (lacksReplicaCount(opts)) return { stdout: "", stderr: NO_REPLICA_COUNT + "\n", status: 1, files: [] };
  // one generator for the whole test: marking devices down draws first, then the simulation
  const rng = new Lrand48();
  const plan = planTest(map, compiled, opts, rng);
  if (typeof plan === "string") {
    // crushtool prints the weight vector before it marks devices down
    const hex = opts.showUtilizationAll === true ? weightsLine(crushtoolWeights(compiled, opts.deviceWeights)) : "";
    return { stdout: "", stderr: hex + plan, status: MARK_DOWN_CRASH_STATUS, files: [] };
  }
  const simulation = opts.simulate === true ? new Simulation(map, plan.affected, plan.weight, rng) : undefined;
  const csv = opts.csvPrefix !== undefined;
  const job: TestJob = {
    compiled,
    weight: plan.weight,
    runs: plan.runs,
    ...(opts.poolId === undefined ? {} : { poolId: opts.poolId }),
    showMappings: opts.showMappings === true,
    showBadMappings: opts.showBadMappings === true,
    collectChooseTries: opts.showChooseTries === true,
    ...(opts.onMapping === undefined ? {} : { onMapping: opts.onMapping }),
    ...(simulation === undefined ? {} : { simulation }),
    ...(csv ? { collectPlacements: true, batches: opts.batches ?? 1 } : {}),
  };
  // draws in order and per-input lines cannot be split across threads
  const run = simulation !== undefined || csv ? mapTestRuns : runner;
  return formatTest(compiled, opts, plan, run(job));
}

/** The status of a crushtool killed by SIGFPE (128 + 8), as a shell reports it. */
export const MARK_DOWN_CRASH_STATUS = 136;

/** The ranges of a test resolved, its weight vector, and the runs to map in crushtool's order. */
interface TestPlan extends ResolvedRange {
  /** The weight vector crushtool maps with (after --mark-down-ratio); the hex line shows it before. */
  readonly weight: Uint32Array;
  readonly printedWeight: Uint32Array;
  readonly totalWeight: number;
  readonly runs: readonly TestRun[];
  readonly rules: ReadonlyMap<number, Rule>;
  /** True when some input is mapped at all (not with --batches 0 or an empty input range). */
  readonly mapsInputs: boolean;
  readonly affected: AffectedContext;
}

/** The plan, or crushtool's crash report when marking devices down divides by zero. */
function planTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions, rng: Lrand48): TestPlan | string {
  // crushtool falls back to 0..1023 unless both ends are given and non-negative
  const range = resolveRange(opts, compiled.ruleExists.length);
  const printedWeight = crushtoolWeights(compiled, opts.deviceWeights);
  const weight = opts.markDown === undefined ? printedWeight : markDownDevices(map, printedWeight, opts.markDown, rng);
  if (typeof weight === "string") return weight;
  let totalWeight = 0;
  for (const w of weight) totalWeight = (totalWeight + w) | 0;
  const rules = new Map(map.rules.map((rule) => [rule.id, rule]));
  // --batches 0 or less: crushtool's batch loop never runs, so nothing is mapped
  const mapsInputs = range.minX <= range.maxX && (opts.batches ?? 1) >= 1;
  const maxX = mapsInputs ? range.maxX : range.minX - 1;
  const plan = { ...range, weight, printedWeight, totalWeight, rules, mapsInputs, affected: affectedContext(map, compiled) };
  // rules, then replica counts (none when nothing weighs), up to where the release aborts
  const runs: TestRun[] = [];
  const ruleCount = compiled.ruleExists.length;
  for (let r = range.firstRule; r < ruleCount && r <= range.lastRule; r++) {
    if (compiled.ruleExists[r] === 0 || totalWeight === 0) continue;
    const [minRep, maxRep] = replicaRange(opts, rules.get(r)!);
    for (let nr = minRep; nr <= maxRep; nr++) {
      if (aborts(opts, nr, plan)) return { ...plan, runs };
      runs.push({ rule: r, numRep: nr, minX: range.minX, maxX });
    }
  }
  return { ...plan, runs };
}

/**
 * crushtool aborts in its first do_rule of a negative count (20.2), or in its first simulated
 * placement of one (--simulate, 18.2 on: a vector of negative size), so only when some input is
 * mapped.
 */
function aborts(opts: CrushtoolTestOptions, numRep: number, plan: { readonly mapsInputs: boolean }): boolean {
  return plan.mapsInputs && (abortsOn(opts, numRep) || (opts.simulate === true && numRep < 0));
}

function abortText(opts: CrushtoolTestOptions, numRep: number): string {
  if (opts.simulate !== true) return abortMessage(numRep);
  return `crushtool aborts here (std::length_error in random_placement): it cannot simulate ${numRep} replicas; give --num-rep, or --min-rep and --max-rep of 0 or more`;
}

/** The report, walking the plan's loops again; every piece ends in a newline. */
function formatTest(compiled: CompiledMap, opts: CrushtoolTestOptions, plan: TestPlan, tally: JobTally): CrushtoolTestReport {
  const { firstRule: first, lastRule: last, minX, maxX, weight, totalWeight } = plan;
  const numObjects = (maxX - minX + 1) | 0;
  // crushtool turns statistics on whenever a utilization report is asked for
  const utilization = opts.showUtilization === true;
  const utilizationAll = opts.showUtilizationAll === true;
  const statistics = opts.showStatistics === true || utilization || utilizationAll;
  const err = utilizationAll ? weightsLine(plan.printedWeight) : "";
  const out: string[] = [];
  const files = new Map<string, string>();
  const ruleCount = compiled.ruleExists.length;
  let next = 0;
  for (let r = first; r < ruleCount && r <= last; r++) {
    if (compiled.ruleExists[r] === 0) {
      if (statistics) out.push(`rule ${r} dne\n`);
      continue;
    }
    const rule = plan.rules.get(r)!;
    const [minRep, maxRep] = replicaRange(opts, rule);
    if (statistics) out.push(`rule ${r} (${rule.name}), x = ${minX}..${maxX}, numrep = ${minRep}..${maxRep}\n`);
    for (let nr = minRep; nr <= maxRep; nr++) {
      if (totalWeight === 0) continue;
      if (aborts(opts, nr, plan)) {
        // the mapping line's first word is printed before the placement throws
        if (opts.showMappings === true) out.push(opts.simulate === true ? "RNG" : "CRUSH");
        return { stdout: out.join(""), stderr: `${err}${abortText(opts, nr)}\n`, status: ABORT_STATUS, files: csvFiles(files) };
      }
      const run = tally.runs[next++]!;
      const { perDevice: per, sizes, text } = run;
      out.push(text);
      const expected = expectedPerDevice(weight, totalWeight, Math.imul(Math.min(nr, maximumAffectedByRule(plan.affected, r)), numObjects));
      if (opts.csvPrefix !== undefined) addCsvFiles(files, opts, plan, rule.name, run, expected);
      if (!statistics) continue;
      for (let size = 0; size < sizes.length; size++) {
        if (sizes[size] === 0) continue;
        out.push(`rule ${r} (${rule.name}) num_rep ${nr} result size == ${size}:\t${sizes[size]}/${numObjects}\n`);
      }
      if (!utilization && !utilizationAll) continue;
      for (let i = 0; i < per.length; i++) {
        // --show-utilization leaves out devices that got nothing or were expected to get nothing
        if (utilization && !(expected[i]! > 0 && per[i]! > 0)) continue;
        out.push(`  device ${i}:\t\t stored : ${per[i]}\t expected : ${formatG(expected[i]!)}\n`);
      }
    }
  }
  out.push(formatChooseTries(compiled, tally.chooseTries));
  return { stdout: out.join(""), stderr: err, status: 0, files: csvFiles(files) };
}

/** The line --show-utilization-all writes on stderr. */
function weightsLine(weight: Uint32Array): string {
  return `devices weights (hex): [${Array.from(weight, (w) => w.toString(16)).join(",")}]\n`;
}

/** Ceph's profile holds choose_total_tries counters and prints them all. */
function formatChooseTries(compiled: CompiledMap, tries: Float64Array | null): string {
  if (tries === null) return "";
  let s = "";
  for (let i = 0; i < compiled.chooseTotalTries; i++) s += `${String(i).padStart(2)}: ${String(tries[i]! >>> 0).padStart(9)}\n`;
  return s;
}

/** One run's CSV files, over those of an earlier run of the same name (crushtool truncates them). */
function addCsvFiles(files: Map<string, string>, opts: CrushtoolTestOptions, plan: TestPlan, ruleName: string, run: RunTally, expected: Float32Array): void {
  const total = Math.fround(plan.totalWeight);
  const proportional = new Float32Array(plan.weight.length);
  for (let i = 0; i < proportional.length; i++) proportional[i] = Math.fround(plan.weight[i]!) / total;
  const csv = crushtoolCsvFiles(opts.csvPrefix!, {
    ruleName,
    weight: plan.weight,
    proportional,
    expected,
    perDevice: run.perDevice,
    placements: run.placements ?? "",
    batches: opts.batches ?? 1,
    batchCounts: run.batchCounts ?? [],
    maxRep: opts.maxRep,
  });
  for (const file of csv) files.set(file.name, file.content);
}

function csvFiles(files: ReadonlyMap<string, string>): CsvFile[] {
  return Array.from(files, ([name, content]) => ({ name, content }));
}

/**
 * Each device's expected count as CrushTester computes it, in C floats: its share of the total
 * weight times the objects a mapping places (replicas × inputs, capped by the rule's reach).
 */
function expectedPerDevice(weight: Uint32Array, totalWeight: number, expectedObjects: number): Float32Array {
  const total = Math.fround(totalWeight);
  const objects = Math.fround(expectedObjects);
  const expected = new Float32Array(weight.length);
  for (let i = 0; i < weight.length; i++) {
    const share = Math.fround(Math.fround(weight[i]!) / total);
    expected[i] = share * objects; // the Float32Array store rounds like a C float
  }
  return expected;
}
