/** `crushmap analyze`: utilization per device and per failure domain against the ideal. */
import { formatUtilization } from "../analysis/formatUtilization.js";
import { analyzeUtilization } from "../analysis/utilization.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

export const ANALYZE_HELP = `usage: crushmap analyze -i MAP [--rule R] [--num-rep N] [--inputs N]
                       [--domain TYPE] [--weight DEV W]... [--json]

Maps inputs 0..N-1 (default 100000) through rule R (default 0) for N replicas (default 3) and
reports how evenly they land: per device and per failure-domain bucket (default: the rule's
failure domain), replicas placed against the weight-proportional share, the most over- and
under-full devices, the standard deviation and a histogram. MAP may be text or binary.
  --json   the same report as JSON
`;

export function analyzeCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let input: string | undefined;
  let rule = 0;
  let numRep = 3;
  let inputs = 100_000;
  let domain: string | undefined;
  let json = false;
  const weights = new Map<number, number>();
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "-i":
      case "--infn":
        input = args.value(flag);
        break;
      case "--rule":
        rule = args.int(flag);
        break;
      case "--num-rep":
        numRep = args.int(flag);
        break;
      case "--inputs":
        inputs = args.int(flag);
        if (inputs < 1) throw new UsageError("--inputs must be at least 1");
        break;
      case "--domain":
        domain = args.value(flag);
        break;
      case "--weight": {
        const dev = args.int(flag);
        const w = args.float(flag);
        if (w < 0 || w > 1) throw new UsageError(`--weight ${dev} ${w}: a reweight is between 0 and 1`);
        weights.set(dev, Math.round(w * 0x10000));
        break;
      }
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(ANALYZE_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap analyze --help)`);
    }
  }
  if (input === undefined) throw new UsageError("analyze needs a map: -i MAP");
  if (numRep < 1 || numRep > 1024) throw new UsageError(`--num-rep ${numRep} is outside 1..1024`);
  const map = loadMap(io, input);
  let reweight: Uint32Array | undefined;
  if (weights.size > 0) {
    const maxId = Math.max(...map.devices.map((d) => d.id), ...weights.keys());
    reweight = new Uint32Array(maxId + 1);
    for (const d of map.devices) reweight[d.id] = 0x10000;
    for (const [d, w] of weights) reweight[d] = w;
  }
  const report = analyzeUtilization(map, {
    rule,
    numRep,
    inputs,
    ...(domain === undefined ? {} : { domain }),
    ...(reweight === undefined ? {} : { reweight }),
  });
  io.stdout(json ? JSON.stringify(report, null, 2) + "\n" : formatUtilization(report));
  return 0;
}
