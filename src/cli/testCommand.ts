/** `crushmap test`: crushtool --test with the same flags and the same output. */
import { crushtoolTest } from "../analysis/crushtoolTest.js";
import { compileMap } from "../mapper/compile.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

export const TEST_HELP = `usage: crushmap test -i MAP [--rule R | --min-rule A --max-rule B] (--num-rep N | --min-rep A --max-rep B)
                    [--min-x A] [--max-x B] [--x X] [--weight DEV W]... [--pool-id P]
                    [--show-mappings] [--show-bad-mappings]

Maps inputs through the map's rules exactly as 'crushtool -i MAP --test' does and prints
the same lines. MAP is a crush map in Ceph's text format.
  --rule R            test only rule R (default: every rule)
  --num-rep N         replica count (or --min-rep/--max-rep for a range;
                      default: each rule's min_size..max_size)
  --min-x/--max-x     input range, inclusive (default 0..1023); --x X for one input
  --weight DEV W      reweight device DEV to W (0..1), as 'ceph osd reweight'
  --pool-id P         hash each input with pool id P first
  --show-mappings     print 'CRUSH rule R x X [devices]' for every input
  --show-bad-mappings print inputs that got fewer devices than asked or holes
`;

export function testCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let input: string | undefined;
  let minRule: number | undefined;
  let maxRule: number | undefined;
  let minRep = -1;
  let maxRep = -1;
  let minX: number | undefined;
  let maxX: number | undefined;
  let poolId: number | undefined;
  let showMappings = false;
  let showBad = false;
  const weights = new Map<number, number>();
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "-i":
      case "--infn":
        input = args.value(flag);
        break;
      case "--test":
        break;
      case "--rule":
      case "--ruleset":
        minRule = maxRule = args.int(flag);
        break;
      case "--min-rule":
        minRule = args.int(flag);
        break;
      case "--max-rule":
        maxRule = args.int(flag);
        break;
      case "--num-rep":
        minRep = maxRep = args.int(flag);
        break;
      case "--min-rep":
        minRep = args.int(flag);
        break;
      case "--max-rep":
        maxRep = args.int(flag);
        break;
      case "--min-x":
        minX = args.int(flag);
        break;
      case "--max-x":
        maxX = args.int(flag);
        break;
      case "--x":
        minX = maxX = args.int(flag);
        break;
      case "--pool-id":
        poolId = args.int(flag);
        break;
      case "--weight": {
        const dev = args.int(flag);
        const w = args.float(flag);
        // crushtool converts through a C float and clamps to 0..1
        const fixed = Math.trunc(Math.fround(Math.fround(w) * 0x10000));
        weights.set(dev, Math.min(0x10000, Math.max(0, fixed)));
        break;
      }
      case "--show-mappings":
        showMappings = true;
        break;
      case "--show-bad-mappings":
        showBad = true;
        break;
      case "-h":
      case "--help":
        io.stdout(TEST_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap test --help)`);
    }
  }
  if (input === undefined) throw new UsageError("test needs a map: -i MAP");
  if (maxRep > 1024) throw new UsageError(`--num-rep ${maxRep} is above the limit of 1024`);
  if (!showMappings && !showBad) io.stderr("WARNING: no output selected; use --output-csv or --show-X\n");
  const map = loadMap(io, input);
  const compiled = compileMap(map);
  io.stdout(
    crushtoolTest(map, compiled, {
      ...(minRule === undefined ? {} : { minRule }),
      ...(maxRule === undefined ? {} : { maxRule }),
      minRep,
      maxRep,
      ...(minX === undefined ? {} : { minX }),
      ...(maxX === undefined ? {} : { maxX }),
      ...(poolId === undefined ? {} : { poolId }),
      deviceWeights: weights,
      showMappings,
      showBadMappings: showBad,
    }),
  );
  return 0;
}
