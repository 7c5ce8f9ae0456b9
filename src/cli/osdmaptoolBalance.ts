/**
 * osdmaptool's balancers in its spelling: `--upmap FILE [--upmap-max N] [--upmap-deviation D]
 * [--upmap-pool NAME …] [--upmap-seed S]` and `--read FILE --read-pool NAME [--osd-size-aware]`,
 * with osdmaptool's lines on stdout and the `ceph osd …` commands in FILE (`-`: stdout). Both
 * start with Ceph's clean_pg_upmaps; the upmap changes are Ceph's own calc_pg_upmaps'
 * (src/balance/cephUpmap/); the read changes are crushmap's read balancer's (balanceReads), not
 * Ceph's balance_primaries.
 */
import { formatOsdmaptoolRead, readBalanceCommands } from "../balance/formatReadBalance.js";
import { balanceReads } from "../balance/readBalance.js";
import { cleanPgUpmaps, formatUpmapCleanup } from "../balance/cephUpmap/cleanPgUpmaps.js";
import { formatUpmapCommands, osdmaptoolUpmap } from "../balance/cephUpmap/osdmaptoolUpmap.js";
import type { ClusterState } from "../placement/types.js";
import type { CliIO } from "./io.js";
import type { UpmapConfig } from "./osdmaptoolConfig.js";
import { num, type OsdmaptoolArgs } from "./osdmaptoolArgs.js";

/** Runs --read and --upmap (in osdmaptool's order); the state to test on, or the exit status. */
export function osdmaptoolBalance(state: ClusterState, args: OsdmaptoolArgs, io: CliIO, _me: string, config: UpmapConfig = {}): ClusterState | number {
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
  let s = state;
  if (cleanup) {
    // OSDMap::clean_pg_upmaps; its changes are applied before the balancers run
    io.stdout("checking for upmap cleanups\n");
    const cleaned = cleanPgUpmaps(s);
    if (cleaned.changed) {
      emit(formatUpmapCleanup(cleaned).map((l) => l.slice(0, -1)));
      s = cleaned.state;
    }
  }
  const status = (read ? readStage(s, String(v.readPool ?? ""), v.osdSizeAware === true, io, emit) : 0) || (upmap ? upmapStage(s, args, config, io, emit) : 0);
  if (file !== "-") io.writeFile(file, commands);
  return status === 0 ? s : status;
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

/**
 * `--upmap`: Ceph's calc_pg_upmaps for each pool in turn (osdmaptoolUpmap), at most --upmap-max
 * changes in all, with osdmaptool's lines on stdout.
 */
function upmapStage(state: ClusterState, args: OsdmaptoolArgs, config: UpmapConfig, io: CliIO, emit: (lines: readonly string[]) => void): number {
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
  // osdmaptool shuffles the pools at random (std::random_device); crushmap takes them by id, or
  // in the order the --upmap-pool options name them
  const given = (config.poolOrder ?? []).filter((n) => args.upmapPools.includes(n));
  const named = [...given, ...args.upmapPools.filter((n) => !given.includes(n))];
  const pools = ids.length > 0 ? named.map((n) => state.pools.find((p) => p.name === n)!.id) : state.pools.map((p) => p.id);
  if (pools.length === 0) {
    io.stdout("No pools available\n");
    return 0;
  }
  io.stdout(`pools ${pools.map((id) => `${state.pools.find((p) => p.id === id)!.name} `).join("")}\n`);
  const seed = typeof v.upmapSeed === "number" ? { seed: v.upmapSeed >>> 0 } : {};
  const { poolOrder: _order, ...calc } = config;
  const r = osdmaptoolUpmap(state, { max, deviation, pools, ...seed, ...calc });
  io.stdout(`prepared ${r.changes}/${max} changes\n`);
  if (r.changes > 0) emit(formatUpmapCommands(r).map((l) => l.slice(0, -1)));
  else io.stdout("Unable to find further optimization, or distribution is already perfect\n");
  return 0;
}
