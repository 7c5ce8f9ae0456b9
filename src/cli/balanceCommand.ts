/** `crushmap balance`: pg_upmap_items (or a weight set) that even out a pool. */
import { formatUpmapBalance, formatWeightSetBalance } from "../balance/formatBalance.js";
import { formatReadBalance, readBalanceJson } from "../balance/formatReadBalance.js";
import { balanceReads } from "../balance/readBalance.js";
import { balanceUpmap } from "../balance/upmapBalance.js";
import { balanceWeightSet } from "../balance/weightSetBalance.js";
import { printCrushText } from "../map/text/print.js";
import type { ClusterState } from "../placement/types.js";
import { resolvePool } from "../placement/place.js";
import { checkPgStates, parsePgStates } from "../plan/pgStates.js";
import { defineCommand } from "./command.js";
import { clusterFlags, jsonFlag, OUTPUT, POOL } from "./commonFlags.js";
import { atLeast, choice, inHalfOpen, row } from "./flags.js";
import { inFile, UsageError } from "./errors.js";
import { inputName, readJsonText } from "./loadMap.js";
import type { CliIO } from "./io.js";
import { loadState } from "./loadState.js";
import { progressLine, QUIET } from "./progress.js";

export const balanceCommand = defineCommand({
  name: "balance",
  summary: "even out a pool with pg_upmap_items (or a weight set), fewest moves first",
  about: `Evens out a pool: every device within N replicas of its share (crush weight × reweight over
the devices the pool's rule reaches), never two replicas in one failure domain, never onto a
device that is out, down or weightless.`,
  flags: {
    ...clusterFlags(),
    pool: POOL,
    maxDeviation: row({ names: ["--max-deviation"], value: "float", metavar: "N", default: 1, check: atLeast(0), help: "target band in replicas" }),
    maxMoves: row({ names: ["--max-moves"], value: "int", metavar: "M", check: atLeast(0), help: "upmap mode: at most M replica moves; read mode: at most M primary changes" }),
    mode: row({
      names: ["--mode"],
      value: choice(["upmap", "weight-set", "read"]),
      default: "upmap",
      help: "upmap: pg_upmap_items, printed as the 'ceph osd pg-upmap-items' commands to run;\nweight-set: a compat weight set (choose_args -1) for clients without upmap;\nread: pg_upmap_primaries so no OSD serves far more reads than its share\n('ceph osd pg-upmap-primary' commands, read_balance_score before and after)",
    }),
    sizeAware: row({ names: ["--size-aware", "--osd-size-aware"], help: "read mode: level each OSD's load (reads on primaries, writes on every copy), as osdmaptool --osd-size-aware" }),
    readRatio: row({ names: ["--read-ratio"], value: "int", metavar: "PCT", check: atLeast(1), help: "read mode with --size-aware: the read share of I/O in percent (default: the pool's read_ratio)" }),
    tolerance: row({ names: ["--tolerance"], value: "float", metavar: "N", check: atLeast(0), help: "read mode: stop when every OSD is within N primaries of its share (default 1)" }),
    step: row({ names: ["--step"], value: "float", metavar: "F", defaultText: "0.05", check: inHalfOpen(0, 1), help: "weight-set mode: at most this share of groups moves per step" }),
    output: { ...OUTPUT, help: "weight-set mode: write the crush map with the weight set (text)" },
    by: row({
      names: ["--by"],
      value: choice(["pgs", "bytes"]),
      default: "pgs",
      help: "upmap mode: even out replicas per device (pgs) or their bytes (what fills\ndisks; needs --pgs); --max-deviation is then in mean-size groups",
    }),
    pgs: row({ names: ["--pgs"], value: "string", metavar: "FILE", help: "'ceph pg dump -f json': each group's bytes (stat_sum.num_bytes), for --by bytes" }),
    quiet: QUIET,
    json: jsonFlag('upmap: {"pg_upmap_items":[{"pgid","mappings":[{"from","to"}]}],"moves","maxDeviationBefore","maxDeviationAfter",…}'),
  },
  run(args, io) {
    const { maxDeviation, maxMoves, step, output, json } = args;
    const state = loadState(io, args);
    const p = resolvePool(state, args.pool);
    const label = `${p.id} (${p.name})`;
    if (args.by === "bytes" && args.mode !== "upmap") throw new UsageError(`--by bytes balances with pg_upmap_items: it needs --mode upmap, not ${args.mode}`);
    if (args.mode === "read") {
      const r = balanceReads(state, p.id, {
        ...(args.sizeAware ? { sizeAware: true } : {}),
        ...(args.readRatio === undefined ? {} : { readRatio: args.readRatio }),
        ...(args.tolerance === undefined ? {} : { tolerance: args.tolerance }),
        ...(maxMoves === undefined ? {} : { maxChanges: maxMoves }),
      });
      io.stdout(json ? JSON.stringify(readBalanceJson(r)) + "\n" : formatReadBalance(r));
      return 0;
    }
    if (args.mode === "upmap") {
      const pgBytes = args.by === "bytes" ? groupBytes(io, state, args.pgs) : undefined;
      const progress = progressLine(io, args.quiet);
      const onProgress = (done: number, total: number): void => progress.report("balancing, replica moves", done, total);
      const r = balanceUpmap(state, p.id, { maxDeviation, onProgress, ...(maxMoves === undefined ? {} : { maxMoves }), ...(pgBytes === undefined ? {} : { by: "bytes" as const, pgBytes }) });
      progress.end();
      if (json) {
        const { pgUpmapItems, moves, maxDeviationBefore, maxDeviationAfter, changes, by, unitBytes } = r;
        io.stdout(JSON.stringify({ pg_upmap_items: pgUpmapItems, moves, maxDeviationBefore, maxDeviationAfter, by, unitBytes, changes }) + "\n");
      } else {
        io.stdout(formatUpmapBalance(r, label, maxDeviation));
      }
      return 0;
    }
    const r = balanceWeightSet(state, p.id, { maxDeviation, ...(step === undefined ? {} : { step }) });
    if (output !== undefined) io.writeFile(output, printCrushText(r.crush));
    if (json) {
      io.stdout(JSON.stringify({ moves: r.moves, steps: r.steps, maxDeviationBefore: r.maxDeviationBefore, maxDeviationAfter: r.maxDeviationAfter, choose_args: r.chooseArgs }) + "\n");
    } else {
      const written = output === undefined ? "(give -o FILE to write the crush map with the weight set)\n" : `wrote ${output}\n`;
      io.stdout(formatWeightSetBalance(r, label, maxDeviation) + written);
    }
    return 0;
  },
});

/** Each group's bytes from `ceph pg dump -f json`, checked against the OSD map. */
function groupBytes(io: CliIO, state: ClusterState, path: string | undefined): Map<string, number> {
  if (path === undefined) throw new UsageError("--by bytes needs --pgs (ceph pg dump -f json), which gives each group's bytes");
  const pgs = inFile(inputName(path), () => {
    const list = parsePgStates(readJsonText(io, path));
    checkPgStates(state, list);
    return list;
  });
  const bytes = new Map<string, number>();
  for (const p of pgs) if (p.bytes !== undefined) bytes.set(p.pgid, p.bytes);
  return bytes;
}
