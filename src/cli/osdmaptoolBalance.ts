/**
 * osdmaptool's balancers in its spelling: `--upmap FILE [--upmap-max N] [--upmap-deviation D]
 * [--upmap-pool NAME …]` and `--read FILE --read-pool NAME [--osd-size-aware]`, with osdmaptool's
 * framing lines on stdout and the `ceph osd …` commands in FILE (`-`: stdout). The exceptions
 * themselves are crushmap's balancers' (balanceUpmap, balanceReads), not Ceph's calc_pg_upmaps:
 * both even out the pool; the groups they pick differ.
 */
import { upmapCommands } from "../balance/formatBalance.js";
import { formatOsdmaptoolRead, readBalanceCommands } from "../balance/formatReadBalance.js";
import { balanceReads } from "../balance/readBalance.js";
import { balanceUpmap } from "../balance/upmapBalance.js";
import type { ClusterState } from "../placement/types.js";
import type { CliIO } from "./io.js";
import { num, type OsdmaptoolArgs } from "./osdmaptoolArgs.js";

/** Runs --read and --upmap (in osdmaptool's order); the state to test on, or the exit status. */
export function osdmaptoolBalance(state: ClusterState, args: OsdmaptoolArgs, io: CliIO, _me: string): ClusterState | number {
  const v = args.values;
  const upmap = v.upmap !== undefined;
  const cleanup = upmap || v.upmapCleanup !== undefined;
  const read = v.read !== undefined;
  if (!upmap && !cleanup && !read) return state;
  const file = String(v.upmap ?? v.upmapCleanup ?? v.read ?? "-");
  const prefix = v.vstart === true ? "./bin/" : "";
  let commands = "";
  const emit = (lines: readonly string[]): void => {
    const text = lines.map((l) => `${prefix}${l}\n`).join("");
    if (file === "-") io.stdout(text);
    else commands += text;
  };
  if (file !== "-") io.stdout(`writing upmap command output to: ${file}\n`);
  // crushmap finds no pg_upmap entries to clean: it says it looked, as osdmaptool does
  if (cleanup) io.stdout("checking for upmap cleanups\n");
  const status = (read ? readStage(state, String(v.readPool ?? ""), v.osdSizeAware === true, io, emit) : 0) || (upmap ? upmapStage(state, args, io, emit) : 0);
  if (file !== "-") io.writeFile(file, commands);
  return status === 0 ? state : status;
}

/** `--read`: the read balancer on one replicated pool, reported as osdmaptool reports it. */
function readStage(state: ClusterState, poolName: string, sizeAware: boolean, io: CliIO, emit: (lines: readonly string[]) => void): number {
  const pool = state.pools.find((p) => p.name === poolName);
  if (pool === undefined) {
    io.stderr(` pool ${poolName} does not exist\n`);
    return 1;
  }
  if (pool.type !== "replicated") {
    io.stderr(`${poolName} is an erasure coded pool; please try again with a replicated pool.\n`);
    return 1;
  }
  if (sizeAware && (pool.readRatio === undefined || pool.readRatio <= 0 || pool.readRatio > 100)) {
    io.stderr(`The read ratio for pool ${poolName} is unset or invalid. To set read ratio, please run 'ceph osd pool set <pool name> read_ratio <value>'.\n`);
    return 1;
  }
  const r = balanceReads(state, pool.id, sizeAware ? { sizeAware: true } : {});
  const sizeAwareReadRatio = sizeAware ? { sizeAwareReadRatio: pool.readRatio! } : {};
  io.stdout(formatOsdmaptoolRead({ before: state, after: r.state, pool: pool.id, changes: r.changes.length, ...sizeAwareReadRatio }));
  if (r.changes.length > 0) emit(readBalanceCommands(r));
  return 0;
}

/** `--upmap`: pg_upmap_items for each pool in turn, at most --upmap-max replica moves in all. */
function upmapStage(state: ClusterState, args: OsdmaptoolArgs, io: CliIO, emit: (lines: readonly string[]) => void): number {
  const v = args.values;
  const max = num(v.upmapMax, 10);
  const deviation = num(v.upmapDeviation, 5);
  io.stdout(`upmap, max-count ${max}, max deviation ${deviation}\n`);
  const ids: number[] = [];
  for (const name of args.upmapPools) {
    const p = state.pools.find((q) => q.name === name);
    if (p === undefined) {
      io.stderr(` pool ${name} does not exist\n`);
      return 1;
    }
    ids.push(p.id);
  }
  if (ids.length > 0) io.stdout(` limiting to pools ${args.upmapPools.join(",")} ([${ids.join(",")}])\n`);
  // osdmaptool shuffles the pools at random; crushmap takes them in id order
  const pools = ids.length > 0 ? ids : state.pools.map((p) => p.id);
  if (pools.length === 0) {
    io.stdout("No pools available\n");
    return 0;
  }
  io.stdout(`pools ${pools.map((id) => `${state.pools.find((p) => p.id === id)!.name} `).join("")}\n`);
  let s = state;
  let left = max;
  const lines: string[] = [];
  for (const id of pools) {
    const r = balanceUpmap(s, id, { maxDeviation: deviation, maxMoves: Math.max(0, left) });
    for (const l of upmapCommands(r)) lines.push(l);
    left -= r.moves;
    s = r.state;
    if (left <= 0) break;
  }
  const did = max - left;
  io.stdout(`prepared ${did}/${max} changes\n`);
  if (did > 0) emit(lines);
  else io.stdout("Unable to find further optimization, or distribution is already perfect\n");
  return 0;
}
