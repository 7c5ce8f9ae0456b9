/** `crushmap failure`, `durability` and `audit`: what failures do to a cluster, before they happen. */
import { auditCluster } from "../failure/audit.js";
import { durability } from "../failure/durability.js";
import { FailureError } from "../failure/errors.js";
import { failedState, failureImpact } from "../failure/failureImpact.js";
import { resolveFailed } from "../failure/resolveFailed.js";
import { mapPool } from "../placement/mapPool.js";
import { formatAudit, formatDurability, formatFailureImpact } from "../failure/formatFailure.js";
import { ClusterStateError, PlacementError } from "../placement/errors.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "../plan/errors.js";
import { planRebalance } from "../plan/planRebalance.js";
import { parseBandwidth, parseBytes } from "../plan/units.js";
import { ArgReader } from "./args.js";
import { DataError, UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";
import { CLUSTER_HELP, loadState, poolRef, readClusterArg, type ClusterArgs } from "./loadState.js";

export const FAILURE_HELP = `usage: crushmap failure --osdmap OSDMAP.json --crush CRUSH --pool P --fail NAME [--fail NAME]... [--pg-bytes SIZE] [--json]

What failing devices or buckets (osd.3, a host, a rack, a room…) does to a pool: groups that
lose copies (degraded), drop below min_size (I/O blocks) or lose their data, and the recovery
once the failed devices are marked out (a rebalance plan, degraded groups first).
${CLUSTER_HELP}
  --pool P          pool id or name
  --fail NAME       a device or bucket name or id; repeat for several
  --pg-bytes SIZE   bytes per group, e.g. 4GiB (default 1GiB), for bytes and recovery time
  --bandwidth RATE  per-device recovery rate (default 100MiB/s)
  --json            {"degraded":n,"belowMinSize":n,"lost":n,…,"recovery":{…}}
`;

export const DURABILITY_HELP = `usage: crushmap durability --osdmap OSDMAP.json --crush CRUSH --pool P --failures K [--domain TYPE]
                           [--afr 2%] [--recovery-hours H] [--samples N] [--json]

How likely a pool is to lose data: its copysets and the probability that K random devices (or
K buckets of TYPE) failing at once lose some group — exact where a closed form exists (K below
the pool's tolerance, K equal to it), else a seeded Monte Carlo estimate with its 95% interval —
and with --afr a yearly estimate (recovery time from --recovery-hours, or from a recovery plan
for the fullest unit with --pg-bytes and --bandwidth).
${CLUSTER_HELP}
  --pool P             pool id or name
  --failures K         simultaneous failures
  --domain TYPE        fail buckets of TYPE (host, rack, …) instead of devices
  --afr RATE           annual failure rate per unit: 2% or 0.02
  --recovery-hours H   time to restore redundancy after one failure
  --pg-bytes SIZE      bytes per group for the planned recovery time (default 1GiB)
  --bandwidth RATE     per-device recovery rate (default 100MiB/s)
  --samples N          Monte Carlo samples (default 20000)
  --json               {"copysets":n,"pLoss":p,…}
`;

export const AUDIT_HELP = `usage: crushmap audit --crush CRUSH [--osdmap OSDMAP.json] [--json]

Checks failure domains: rules that cannot place every copy in a distinct domain, pools that
stop I/O when one domain fails (min_size), buckets too heavy for their share of copies, empty
buckets — each with the fix an operator would make. Without --osdmap, replicated rules are
checked for 3 copies.
  --json   {"findings":[{"severity","kind","subject","message","fix"}]}
`;

interface Common {
  cluster: ClusterArgs;
  pool?: string;
  json: boolean;
  pgBytes: number;
  bandwidth?: number;
}

function common(flag: string, args: ArgReader, c: Common, help: string, io: CliIO): boolean | "help" {
  if (readClusterArg(flag, args, c.cluster)) return true;
  switch (flag) {
    case "--pool":
      c.pool = args.value(flag);
      return true;
    case "--json":
      c.json = true;
      return true;
    case "--pg-bytes": {
      const t = args.value(flag);
      c.pgBytes = usage(() => parseBytes(t, "--pg-bytes"));
      return true;
    }
    case "--bandwidth": {
      const t = args.value(flag);
      c.bandwidth = usage(() => parseBandwidth(t));
      return true;
    }
    case "-h":
    case "--help":
      io.stdout(help);
      return "help";
    default:
      return false;
  }
}

export function failureCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const c: Common = { cluster: { strict: true }, json: false, pgBytes: 2 ** 30 };
  const fail: string[] = [];
  while (!args.done) {
    const flag = args.next();
    const done = common(flag, args, c, FAILURE_HELP, io);
    if (done === "help") return 0;
    if (done) continue;
    if (flag === "--fail") fail.push(args.value(flag));
    else throw new UsageError(`unknown option '${flag}' (see crushmap failure --help)`);
  }
  if (c.pool === undefined) throw new UsageError("failure needs --pool P");
  if (fail.length === 0) throw new UsageError("failure needs at least one --fail NAME");
  const state = loadState(io, c.cluster, "failure");
  return data(() => {
    const pool = poolRef(c.pool!);
    const impact = failureImpact(state, pool, fail, { pgBytes: c.pgBytes });
    const after = failedState(state, fail, { out: true });
    const recovery = planRebalance(state, after, { pools: [impact.pool], pgBytes: c.pgBytes, ...(c.bandwidth === undefined ? {} : { bandwidth: c.bandwidth }) });
    if (c.json) {
      const { affected, ...totals } = impact;
      io.stdout(
        JSON.stringify({
          ...totals,
          groupsAffected: affected,
          recovery: { copies: recovery.report.movedReplicas, bytes: recovery.report.movedBytes, waves: recovery.waves, estimatedSeconds: recovery.report.estimatedSeconds, lost: recovery.lost },
        }) + "\n",
      );
    } else {
      io.stdout(formatFailureImpact(impact, recovery));
    }
    return 0;
  });
}

export function durabilityCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const c: Common = { cluster: { strict: true }, json: false, pgBytes: 2 ** 30 };
  let failures: number | undefined;
  let domain: string | undefined;
  let afr: number | undefined;
  let recoveryHours: number | undefined;
  let samples: number | undefined;
  while (!args.done) {
    const flag = args.next();
    const done = common(flag, args, c, DURABILITY_HELP, io);
    if (done === "help") return 0;
    if (done) continue;
    switch (flag) {
      case "--failures":
        failures = args.int(flag);
        if (failures < 1) throw new UsageError(`--failures must be at least 1, got ${failures}`);
        break;
      case "--domain":
        domain = args.value(flag);
        break;
      case "--afr":
        afr = parseRate(args.value(flag));
        break;
      case "--recovery-hours":
        recoveryHours = args.float(flag);
        if (!(recoveryHours > 0)) throw new UsageError(`--recovery-hours must be above 0, got ${recoveryHours}`);
        break;
      case "--samples":
        samples = args.int(flag);
        if (samples < 1) throw new UsageError(`--samples must be at least 1, got ${samples}`);
        break;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap durability --help)`);
    }
  }
  if (c.pool === undefined) throw new UsageError("durability needs --pool P");
  if (failures === undefined) throw new UsageError("durability needs --failures K");
  const state = loadState(io, c.cluster, "durability");
  const k = failures;
  return data(() => {
    const pool = poolRef(c.pool!);
    let hours = recoveryHours;
    if (afr !== undefined && hours === undefined) hours = plannedRecoveryHours(state, pool, domain, c);
    const r = durability(state, pool, {
      failures: k,
      ...(domain === undefined ? {} : { domain }),
      ...(samples === undefined ? {} : { samples }),
      ...(afr === undefined ? {} : { afr, recoveryHours: hours! }),
    });
    io.stdout(c.json ? JSON.stringify(r) + "\n" : formatDurability(r));
    return 0;
  });
}

export function auditCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let crush: string | undefined;
  let osdmap: string | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "--crush":
      case "-i":
        crush = args.value(flag);
        break;
      case "--osdmap":
        osdmap = args.value(flag);
        break;
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(AUDIT_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap audit --help)`);
    }
  }
  if (crush === undefined) throw new UsageError("audit needs --crush CRUSH");
  const map = loadMap(io, crush);
  let state: ClusterState | undefined;
  if (osdmap !== undefined) {
    try {
      state = clusterStateFromOsdmapJson(new TextDecoder().decode(io.readFile(osdmap)), map);
    } catch (e) {
      if (e instanceof ClusterStateError) throw new DataError(`${osdmap}: ${e.message}`);
      throw e;
    }
  }
  const findings = auditCluster(map, state);
  io.stdout(json ? JSON.stringify({ findings }) + "\n" : formatAudit(findings));
  return 0;
}

/** Recovery time of the fullest unit's failure (the device or bucket in the most groups), from a plan. */
function plannedRecoveryHours(state: ClusterState, pool: number | string, domain: string | undefined, c: Common): number {
  const p = state.pools.find((x) => x.id === pool || x.name === pool);
  if (p === undefined) throw new PlacementError(`pool ${String(pool)} does not exist`, pool);
  const m = mapPool(state, p.id);
  const groupsOf = (devices: ReadonlySet<number>): number => {
    let n = 0;
    for (let ps = 0; ps < m.pgNum; ps++) {
      for (let i = 0; i < m.actingLength[ps]!; i++) {
        if (devices.has(m.acting[ps * m.width + i]!)) {
          n++;
          break;
        }
      }
    }
    return n;
  };
  const candidates: (string | number)[] =
    domain === undefined || domain === "device" || domain === "osd"
      ? state.osds.filter((o) => o.exists && o.up).map((o) => o.id)
      : state.crush.buckets.filter((b) => b.type === state.crush.types.find((t) => t.name === domain)?.id).map((b) => b.name);
  let worst: string | number | undefined;
  let most = -1;
  for (const unit of candidates) {
    const n = groupsOf(new Set(resolveFailed(state.crush, [unit])));
    if (n > most) {
      most = n;
      worst = unit;
    }
  }
  if (worst === undefined) throw new FailureError("no unit to fail for the recovery estimate");
  const plan = planRebalance(state, failedState(state, [worst], { out: true }), { pools: [p.id], pgBytes: c.pgBytes, ...(c.bandwidth === undefined ? {} : { bandwidth: c.bandwidth }) });
  return Math.max(plan.report.estimatedSeconds / 3600, 1 / 3600);
}

function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const v = m === null ? NaN : Number(m[1]) / (m[2] === "%" ? 100 : 1);
  if (!(v > 0 && v < 1)) throw new UsageError(`--afr expects a rate like 2% or 0.02, got '${text}'`);
  return v;
}

function usage<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
}

function data(run: () => number): number {
  try {
    return run();
  } catch (e) {
    if (e instanceof FailureError || e instanceof PlacementError || e instanceof PlanError || e instanceof ClusterStateError) throw new DataError(e.message);
    throw e;
  }
}
