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
import { mapTestRuns, type JobTally, type TestJob, type TestRun, type TestRunner } from "./crushtoolRuns.js";
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
import { formatG } from "./formatFloat.js";
import { affectedContext, maximumAffectedByRule } from "./maximumAffectedByRule.js";

export { formatVector } from "./crushtoolRuns.js";

export interface CrushtoolTestOptions extends CrushtoolRange {
  /** crushtool's --pool-id: hash x with the pool id first. */
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
}

/** What crushtool prints for a test run, stream by stream, and its exit status. */
export interface CrushtoolReport {
  readonly stdout: string;
  readonly stderr: string;
  /** crushtool's exit status: 0, 1 for a refused test, 134 where the release's crushtool aborts. */
  readonly status: number;
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
export function crushtoolTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions, runner: TestRunner = mapTestRuns): CrushtoolReport {
  if (lacksReplicaCount(opts)) return { stdout: "", stderr: NO_REPLICA_COUNT + "\n", status: 1 };
  const plan = planTest(map, compiled, opts);
  const job: TestJob = {
    compiled,
    weight: plan.weight,
    runs: plan.runs,
    ...(opts.poolId === undefined ? {} : { poolId: opts.poolId }),
    showMappings: opts.showMappings === true,
    showBadMappings: opts.showBadMappings === true,
    collectChooseTries: opts.showChooseTries === true,
    ...(opts.onMapping === undefined ? {} : { onMapping: opts.onMapping }),
  };
  return formatTest(map, compiled, opts, plan, runner(job));
}

/** The ranges of a test resolved, its weight vector, and the runs to map in crushtool's order. */
interface TestPlan extends ResolvedRange {
  readonly weight: Uint32Array;
  readonly totalWeight: number;
  readonly runs: readonly TestRun[];
  readonly rules: ReadonlyMap<number, Rule>;
}

function planTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions): TestPlan {
  // crushtool falls back to 0..1023 unless both ends are given and non-negative
  const range = resolveRange(opts, compiled.ruleExists.length);
  const weight = crushtoolWeights(compiled, opts.deviceWeights);
  let totalWeight = 0;
  for (const w of weight) totalWeight = (totalWeight + w) | 0;
  const rules = new Map(map.rules.map((rule) => [rule.id, rule]));
  // rules, then replica counts (none when nothing weighs), up to where the release aborts
  const runs: TestRun[] = [];
  const ruleCount = compiled.ruleExists.length;
  for (let r = range.firstRule; r < ruleCount && r <= range.lastRule; r++) {
    if (compiled.ruleExists[r] === 0 || totalWeight === 0) continue;
    const [minRep, maxRep] = replicaRange(opts, rules.get(r)!);
    for (let nr = minRep; nr <= maxRep; nr++) {
      if (aborts(opts, nr, range)) return { ...range, weight, totalWeight, runs, rules };
      runs.push({ rule: r, numRep: nr, minX: range.minX, maxX: range.maxX });
    }
  }
  return { ...range, weight, totalWeight, runs, rules };
}

/** crushtool aborts in its first do_rule of that count, so only when some input is mapped. */
function aborts(opts: CrushtoolTestOptions, numRep: number, range: ResolvedRange): boolean {
  return abortsOn(opts, numRep) && range.minX <= range.maxX;
}

/** The report, walking the plan's loops again; every piece ends in a newline. */
function formatTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions, plan: TestPlan, tally: JobTally): CrushtoolReport {
  const { firstRule: first, lastRule: last, minX, maxX, weight, totalWeight } = plan;
  const numObjects = (maxX - minX + 1) | 0;
  // crushtool turns statistics on whenever a utilization report is asked for
  const utilization = opts.showUtilization === true;
  const utilizationAll = opts.showUtilizationAll === true;
  const statistics = opts.showStatistics === true || utilization || utilizationAll;
  const err = utilizationAll ? `devices weights (hex): [${Array.from(weight, (w) => w.toString(16)).join(",")}]\n` : "";
  const out: string[] = [];
  const affected = statistics ? affectedContext(map, compiled) : null;
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
        // the mapping line's first word is printed before do_rule throws
        if (opts.showMappings === true) out.push("CRUSH");
        return { stdout: out.join(""), stderr: `${err}${abortMessage(nr)}\n`, status: ABORT_STATUS };
      }
      const { perDevice: per, sizes, text } = tally.runs[next++]!;
      out.push(text);
      if (!statistics) continue;
      for (let size = 0; size < sizes.length; size++) {
        if (sizes[size] === 0) continue;
        out.push(`rule ${r} (${rule.name}) num_rep ${nr} result size == ${size}:\t${sizes[size]}/${numObjects}\n`);
      }
      if (!utilization && !utilizationAll) continue;
      const expected = expectedPerDevice(weight, totalWeight, Math.imul(Math.min(nr, maximumAffectedByRule(affected!, r)), numObjects));
      for (let i = 0; i < per.length; i++) {
        // --show-utilization leaves out devices that got nothing or were expected to get nothing
        if (utilization && !(expected[i]! > 0 && per[i]! > 0)) continue;
        out.push(`  device ${i}:\t\t stored : ${per[i]}\t expected : ${formatG(expected[i]!)}\n`);
      }
    }
  }
  const tries = tally.chooseTries;
  if (tries !== null) {
    // Ceph's profile holds choose_total_tries counters and prints them all
    for (let i = 0; i < compiled.chooseTotalTries; i++) {
      out.push(`${String(i).padStart(2)}: ${String(tries[i]! >>> 0).padStart(9)}\n`);
    }
  }
  return { stdout: out.join(""), stderr: err, status: 0 };
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
