/**
 * `crushmap plan`: the migration from one crush map to another, as waves of replica moves
 * with their cost, on the cluster an OSD map describes or on a default pool.
 */
import { ClusterStateError, PlacementError } from "../placement/errors.js";
import { clusterStateFromOsdmapJson } from "../placement/osdmapJson.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import type { CrushMap } from "../map/types.js";
import { PlanError } from "../plan/errors.js";
import { formatPlan } from "../plan/formatPlan.js";
import { planRebalance, type PlanOptions } from "../plan/planRebalance.js";
import { parseBandwidth, parseBytes } from "../plan/units.js";
import { ArgReader } from "./args.js";
import { DataError, UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";
import { poolRef } from "./loadState.js";

export const PLAN_HELP = `usage: crushmap plan --from BEFORE --to AFTER [--osdmap OSDMAP.json] [--pool P] [options] [--json]

Plans the data movement from the cluster with crush map BEFORE to the one with crush map AFTER
(text or binary): which groups move, every replica copy and drop, grouped into waves that keep
make-before-break, min_size, backfill limits and the full ratio, with the cost.

Without --osdmap every device is up and in and one replicated pool (id 1) maps through rule 0
with size 3, min_size 2 and --pg-num groups.
  --osdmap FILE        pools, OSD states and exceptions from 'ceph osd dump -f json'; devices only
                       in AFTER count as new OSDs, up and in
  --pool P             plan only this pool (id or name)
  --pg-num N           groups of the default pool (default 1024)
  --pg-bytes SIZE      bytes per placement group, e.g. 4GiB (default 1GiB)
  --max-backfills N    transfers into and out of each device per wave (default 1)
  --limit TYPE=N       transfers into and out of each bucket of TYPE per wave, e.g. host=2
  --full-ratio R       no device fills past R of its capacity (default 0.95); capacity is the
                       crush weight in TiB unless --tib-per-weight says otherwise
  --tib-per-weight X   TiB of capacity per crush weight 1.0 (default 1)
  --bandwidth RATE     per-device transfer rate, e.g. 200MB/s (default 100MiB/s)
  --summary            leave out the per-wave tables
  --json               {"moves":[{"pg","from","to","wave","bytes",…}],"waves":N,"lost":[…],"report":{…}}
`;

export function planCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let from: string | undefined;
  let to: string | undefined;
  let osdmap: string | undefined;
  let pool: string | undefined;
  let pgNum = 1024;
  let pgBytes = 2 ** 30;
  let tibPerWeight = 1;
  let json = false;
  let summary = false;
  const options: { -readonly [K in keyof PlanOptions]?: PlanOptions[K] } = {};
  const domainLimits: Record<string, number> = {};
  const parse = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof PlanError) throw new UsageError(e.message);
      throw e;
    }
  };
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "--from":
        from = args.value(flag);
        break;
      case "--to":
        to = args.value(flag);
        break;
      case "--osdmap":
        osdmap = args.value(flag);
        break;
      case "--pool":
        pool = args.value(flag);
        break;
      case "--pg-num":
        pgNum = args.int(flag);
        if (pgNum < 1) throw new UsageError(`--pg-num must be at least 1, got ${pgNum}`);
        break;
      case "--pg-bytes": {
        const text = args.value(flag);
        pgBytes = parse(() => parseBytes(text, "--pg-bytes"));
        break;
      }
      case "--max-backfills":
        options.maxBackfills = args.int(flag);
        if (options.maxBackfills < 1) throw new UsageError(`--max-backfills must be at least 1, got ${options.maxBackfills}`);
        break;
      case "--limit": {
        const text = args.value(flag);
        const m = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(text);
        if (m === null || Number(m[2]) < 1) throw new UsageError(`--limit expects TYPE=N with N at least 1, e.g. host=2, got '${text}'`);
        domainLimits[m[1]!] = Number(m[2]);
        break;
      }
      case "--full-ratio":
        options.fullRatio = args.float(flag);
        if (!(options.fullRatio > 0 && options.fullRatio <= 1)) throw new UsageError(`--full-ratio must be in (0, 1], got ${options.fullRatio}`);
        break;
      case "--tib-per-weight":
        tibPerWeight = args.float(flag);
        if (!(tibPerWeight > 0)) throw new UsageError(`--tib-per-weight must be above 0, got ${tibPerWeight}`);
        break;
      case "--bandwidth": {
        const text = args.value(flag);
        options.bandwidth = parse(() => parseBandwidth(text));
        break;
      }
      case "--summary":
        summary = true;
        break;
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(PLAN_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap plan --help)`);
    }
  }
  if (from === undefined || to === undefined) throw new UsageError("plan needs --from BEFORE and --to AFTER crush maps (see crushmap plan --help)");
  const beforeMap = loadMap(io, from);
  const afterMap = loadMap(io, to);
  try {
    const [before, after] = osdmap === undefined ? defaultStates(beforeMap, afterMap, pgNum) : osdmapStates(io, osdmap, beforeMap, afterMap);
    const plan = planRebalance(before, after, {
      ...options,
      ...(pool === undefined ? {} : { pools: [poolRef(pool)] }),
      domainLimits,
      pgBytes,
      bytesPerWeight: tibPerWeight * 2 ** 40,
    });
    if (json) {
      io.stdout(
        JSON.stringify({
          moves: plan.moves,
          waves: plan.waves,
          lost: plan.lost,
          blocked: plan.blocked,
          withheld: plan.withheld,
          report: plan.report,
        }) + "\n",
      );
    } else {
      io.stdout(`assuming ${describeBytes(pgBytes)} per placement group (--pg-bytes)\n` + formatPlan(plan, { summaryOnly: summary }));
    }
    return 0;
  } catch (e) {
    if (e instanceof PlanError || e instanceof PlacementError || e instanceof ClusterStateError) throw new DataError(e.message);
    throw e;
  }
}

function describeBytes(n: number): string {
  return n % 2 ** 30 === 0 ? `${n / 2 ** 30} GiB` : `${n} bytes`;
}

/** Every device up and in, one replicated pool 1 on rule 0: size 3, min_size 2. */
function defaultStates(beforeMap: CrushMap, afterMap: CrushMap, pgNum: number): [ClusterState, ClusterState] {
  const rule = (map: CrushMap, which: string): number => {
    const r = map.rules.find((x) => x.id === 0);
    if (r === undefined) throw new DataError(`${which} has no rule 0 for the default pool (give --osdmap with real pools)`);
    return r.id;
  };
  const pool = (map: CrushMap, which: string) => ({ id: 1, name: "rbd", size: 3, minSize: 2, crushRule: rule(map, which), pgNum, objectHash: "rjenkins" as const });
  return [
    createClusterState({ crush: beforeMap, pools: [pool(beforeMap, "BEFORE")] }),
    createClusterState({ crush: afterMap, pools: [pool(afterMap, "AFTER")] }),
  ];
}

/** The OSD map's pools and OSDs with each crush map; devices new in AFTER join up and in. */
function osdmapStates(io: CliIO, path: string, beforeMap: CrushMap, afterMap: CrushMap): [ClusterState, ClusterState] {
  const text = new TextDecoder().decode(io.readFile(path));
  let before: ClusterState;
  try {
    before = clusterStateFromOsdmapJson(text, beforeMap, { strict: false });
  } catch (e) {
    if (e instanceof ClusterStateError) throw new DataError(`${path}: ${e.message}`);
    throw e;
  }
  const input = clusterStateInput(before);
  const known = new Set(input.osds!.map((o) => o.id));
  const added = afterMap.devices.filter((d) => !known.has(d.id)).map((d) => ({ id: d.id }));
  const maxOsd = Math.max(before.maxOsd, ...afterMap.devices.map((d) => d.id + 1));
  const after = createClusterState({ ...input, crush: afterMap, maxOsd, osds: [...input.osds!, ...added], strict: false });
  return [before, after];
}
