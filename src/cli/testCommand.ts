/**
 * `crushmap test`: crushtool --test with the same flags and the same output. The flag parser is
 * shared with `crushmap compare`, as crushtool shares it between --test and --compare.
 */
import { compareMaps } from "../analysis/compareMaps.js";
import { crushtoolTest, type CrushtoolTestOptions } from "../analysis/crushtoolTest.js";
import { compileMap } from "../mapper/compile.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";
import { defaultThreads, parallelTestRunner } from "./parallelTest.js";

export const TEST_HELP = `usage: crushmap test -i MAP [--rule R | --min-rule A --max-rule B] (--num-rep N | --min-rep A --max-rep B)
                    [--min-x A] [--max-x B] [--x X] [--weight DEV W]... [--pool-id P]
                    [--show-mappings] [--show-bad-mappings] [--show-statistics] [--json]
                    [--show-utilization] [--show-utilization-all] [--show-choose-tries]
                    [--compare MAP2] [--threads N]

Maps inputs through the map's rules exactly as 'crushtool -i MAP --test' does and prints
the same lines. MAP is a crush map in Ceph's text format.
  --rule R               test only rule R (default: every rule)
  --num-rep N            replica count (or --min-rep/--max-rep for a range;
                         default: each rule's min_size..max_size)
  --min-x/--max-x        input range, inclusive (default 0..1023); --x X for one input
  --weight DEV W         reweight device DEV to W (0..1), as 'ceph osd reweight'
  --pool-id P            hash each input with pool id P first
  --show-mappings        print 'CRUSH rule R x X [devices]' for every input
  --json                 every mapping as JSON: {"runs":[{"rule","numRep","minX","mappings"}]}
  --show-bad-mappings    print inputs that got fewer devices than asked or holes
  --show-statistics      per rule and replica count, how many inputs got how many devices
  --show-utilization     statistics, plus stored and expected counts of each used device
  --show-utilization-all statistics, plus stored and expected counts of every device
                         (the weight vector goes to stderr)
  --show-choose-tries    histogram of the retries each successful choice needed
  --compare MAP2         afterwards, compare with MAP2 as 'crushmap compare' does
  --threads N            map tests of 200,000 mappings or more (rules x replica counts
                         x inputs) on N threads, with the same output (default: the
                         machine's cores; 1 = one thread)
`;

/** Everything the test and compare flags say. */
export interface TestFlags {
  input?: string;
  compareWith?: string;
  test: boolean;
  minRule?: number;
  maxRule?: number;
  minRep: number;
  maxRep: number;
  minX?: number;
  maxX?: number;
  poolId?: number;
  weights: Map<number, number>;
  showMappings: boolean;
  showBadMappings: boolean;
  showStatistics: boolean;
  showUtilization: boolean;
  showUtilizationAll: boolean;
  showChooseTries: boolean;
  json: boolean;
  /** Threads for large tests (--threads); undefined = the machine's cores. */
  threads?: number;
}

/**
 * Reads crushtool's test flags; returns null when --help was asked for. Like crushtool (Ceph's
 * argument parser), `--show_mappings` and `--show-mappings` are the same flag.
 */
export function parseTestFlags(argv: readonly string[], command: string): TestFlags | null {
  const args = new ArgReader(argv);
  const f: TestFlags = {
    test: false,
    minRep: -1,
    maxRep: -1,
    weights: new Map(),
    showMappings: false,
    showBadMappings: false,
    showStatistics: false,
    showUtilization: false,
    showUtilizationAll: false,
    showChooseTries: false,
    json: false,
  };
  while (!args.done) {
    const raw = args.next();
    const flag = raw.startsWith("--") ? "--" + raw.slice(2).replace(/_/g, "-") : raw;
    switch (flag) {
      case "-i":
      case "--infn":
        f.input = args.value(flag);
        break;
      case "--test":
        f.test = true;
        break;
      case "--compare":
        f.compareWith = args.value(flag);
        break;
      case "--rule":
      case "--ruleset":
        f.minRule = f.maxRule = args.int(flag);
        break;
      case "--min-rule":
        f.minRule = args.int(flag);
        break;
      case "--max-rule":
        f.maxRule = args.int(flag);
        break;
      case "--num-rep":
        f.minRep = f.maxRep = args.int(flag);
        break;
      case "--min-rep":
        f.minRep = args.int(flag);
        break;
      case "--max-rep":
        f.maxRep = args.int(flag);
        break;
      case "--min-x":
        f.minX = args.int(flag);
        break;
      case "--max-x":
        f.maxX = args.int(flag);
        break;
      case "--x":
        f.minX = f.maxX = args.int(flag);
        break;
      case "--pool-id":
        f.poolId = args.int(flag);
        break;
      case "--weight": {
        const dev = args.int(flag);
        const w = args.float(flag);
        // crushtool converts through a C float and clamps to 0..1
        const fixed = Math.trunc(Math.fround(Math.fround(w) * 0x10000));
        f.weights.set(dev, Math.min(0x10000, Math.max(0, fixed)));
        break;
      }
      case "--show-mappings":
        f.showMappings = true;
        break;
      case "--show-bad-mappings":
        f.showBadMappings = true;
        break;
      case "--show-statistics":
        f.showStatistics = true;
        break;
      case "--show-utilization":
        f.showUtilization = true;
        break;
      case "--show-utilization-all":
        f.showUtilizationAll = true;
        break;
      case "--show-choose-tries":
        f.showChooseTries = true;
        break;
      case "--json":
        f.json = true;
        break;
      case "--threads": {
        const n = args.int(flag);
        if (n < 1) throw new UsageError(`--threads expects a positive integer, got ${n}`);
        f.threads = n;
        break;
      }
      case "-h":
      case "--help":
        return null;
      default:
        throw new UsageError(`unknown option '${raw}' (see crushmap ${command} --help)`);
    }
  }
  if (f.input === undefined) throw new UsageError(`${command} needs a map: -i MAP`);
  if (f.maxRep > 1024) throw new UsageError(`--num-rep ${f.maxRep} is above the limit of 1024`);
  return f;
}

/** Runs what the flags ask for, in crushtool's order: the test, then the comparison. */
export function runTestFlags(f: TestFlags, io: CliIO): number {
  const map = loadMap(io, f.input!);
  const other = f.compareWith === undefined ? null : loadMap(io, f.compareWith);
  // crushtool warns while reading its arguments; here the maps are read first, so that a bad
  // map is reported alone, in one line
  const display = f.showMappings || f.showBadMappings || f.showStatistics || f.showUtilization || f.showUtilizationAll || f.showChooseTries;
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
    deviceWeights: f.weights,
  };
  if (f.test) {
    const options: CrushtoolTestOptions = {
      ...range,
      ...(f.poolId === undefined ? {} : { poolId: f.poolId }),
      showMappings: f.showMappings,
      showBadMappings: f.showBadMappings,
      showStatistics: f.showStatistics,
      showUtilization: f.showUtilization,
      showUtilizationAll: f.showUtilizationAll,
      showChooseTries: f.showChooseTries,
    };
    if (f.json) {
      // machine-readable: every mapping, grouped by rule and replica count
      const runs: { rule: number; numRep: number; minX: number; mappings: number[][] }[] = [];
      crushtoolTest(map, compiled, {
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
      io.stdout(JSON.stringify({ runs }) + "\n");
    } else {
      const report = crushtoolTest(map, compiled, options, parallelTestRunner(f.threads ?? defaultThreads()));
      io.stderr(report.stderr);
      io.stdout(report.stdout);
    }
  }
  if (other !== null) {
    const report = compareMaps(map, compiled, compileMap(other), { ...range, showStatistics: f.showStatistics });
    if (f.json) {
      io.stdout(JSON.stringify({ equivalent: report.equivalent, rules: report.rules }) + "\n");
      return report.equivalent ? 0 : 1;
    }
    io.stdout(report.stdout);
    io.stderr(report.stderr);
    return report.equivalent ? 0 : 1;
  }
  return 0;
}

export function testCommand(argv: readonly string[], io: CliIO): number {
  const flags = parseTestFlags(argv, "test");
  if (flags === null) {
    io.stdout(TEST_HELP);
    return 0;
  }
  flags.test = true;
  return runTestFlags(flags, io);
}
