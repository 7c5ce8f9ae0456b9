/** `crushmap balance`: pg_upmap_items (or a weight set) that even out a pool. */
import { BalanceError } from "../balance/errors.js";
import { formatUpmapBalance, formatWeightSetBalance } from "../balance/formatBalance.js";
import { balanceUpmap } from "../balance/upmapBalance.js";
import { balanceWeightSet } from "../balance/weightSetBalance.js";
import { printCrushText } from "../map/text/print.js";
import { PlacementError } from "../placement/errors.js";
import { resolvePool } from "../placement/place.js";
import { ArgReader } from "./args.js";
import { DataError, UsageError, type CliIO } from "./io.js";
import { CLUSTER_HELP, loadState, poolRef, readClusterArg, type ClusterArgs } from "./loadState.js";

export const BALANCE_HELP = `usage: crushmap balance --osdmap OSDMAP.json --crush CRUSH --pool P [--max-deviation N] [--max-moves M]
                        [--mode upmap|weight-set] [--step F] [-o CRUSH_OUT] [--json]

Evens out a pool: every device within N replicas of its share (crush weight × reweight over
the devices the pool's rule reaches), never two replicas in one failure domain, never onto a
device that is out, down or weightless.
${CLUSTER_HELP}
  --pool P             pool id or name
  --max-deviation N    target band in replicas (default 1)
  --max-moves M        upmap mode: at most M replica moves
  --mode upmap         pg_upmap_items, printed as the 'ceph osd pg-upmap-items' commands to run (default)
  --mode weight-set    a compat weight set (choose_args -1) for clients without upmap; -o writes the map
  --step F             weight-set mode: at most this share of groups moves per step (default 0.05)
  -o FILE              weight-set mode: write the crush map with the weight set (text)
  --json               upmap: {"pg_upmap_items":[{"pgid","mappings":[{"from","to"}]}],"moves","maxDeviationBefore","maxDeviationAfter",…}
`;

export function balanceCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const cluster: ClusterArgs = { strict: true };
  let pool: string | undefined;
  let maxDeviation = 1;
  let maxMoves: number | undefined;
  let mode: "upmap" | "weight-set" = "upmap";
  let step: number | undefined;
  let output: string | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    if (readClusterArg(flag, args, cluster)) continue;
    switch (flag) {
      case "--pool":
        pool = args.value(flag);
        break;
      case "--max-deviation":
        maxDeviation = args.float(flag);
        if (maxDeviation < 0) throw new UsageError(`--max-deviation must be at least 0, got ${maxDeviation}`);
        break;
      case "--max-moves":
        maxMoves = args.int(flag);
        if (maxMoves < 0) throw new UsageError(`--max-moves must be at least 0, got ${maxMoves}`);
        break;
      case "--mode": {
        const m = args.value(flag);
        if (m !== "upmap" && m !== "weight-set") throw new UsageError(`--mode is upmap or weight-set, got '${m}'`);
        mode = m;
        break;
      }
      case "--step":
        step = args.float(flag);
        if (!(step > 0 && step <= 1)) throw new UsageError(`--step must be in (0, 1], got ${step}`);
        break;
      case "-o":
        output = args.value(flag);
        break;
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(BALANCE_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap balance --help)`);
    }
  }
  if (pool === undefined) throw new UsageError("balance needs --pool P");
  const state = loadState(io, cluster, "balance");
  try {
    const p = resolvePool(state, poolRef(pool));
    if (mode === "upmap") {
      const r = balanceUpmap(state, p.id, { maxDeviation, ...(maxMoves === undefined ? {} : { maxMoves }) });
      if (json) {
        io.stdout(
          JSON.stringify({
            pg_upmap_items: r.pgUpmapItems,
            moves: r.moves,
            maxDeviationBefore: r.maxDeviationBefore,
            maxDeviationAfter: r.maxDeviationAfter,
            changes: r.changes,
          }) + "\n",
        );
      } else {
        io.stdout(formatUpmapBalance(r, `${p.id} (${p.name})`, maxDeviation));
      }
      return 0;
    }
    const r = balanceWeightSet(state, p.id, { maxDeviation, ...(step === undefined ? {} : { step }) });
    if (output !== undefined) io.writeFile(output, printCrushText(r.crush));
    if (json) {
      io.stdout(JSON.stringify({ moves: r.moves, steps: r.steps, maxDeviationBefore: r.maxDeviationBefore, maxDeviationAfter: r.maxDeviationAfter, choose_args: r.chooseArgs }) + "\n");
    } else {
      io.stdout(formatWeightSetBalance(r, `${p.id} (${p.name})`, maxDeviation) + (output === undefined ? "(give -o FILE to write the crush map with the weight set)\n" : `wrote ${output}\n`));
    }
    return 0;
  } catch (e) {
    if (e instanceof BalanceError || e instanceof PlacementError) throw new DataError(e.message);
    throw e;
  }
}
