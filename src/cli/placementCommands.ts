/**
 * `crushmap map-pgs`, `map-pg` and `map-object`: osdmaptool's --test-map-pgs-dump,
 * --test-map-pg and --test-map-object on a cluster given as OSD map JSON plus crush map.
 */
import { formatMapObject, formatMapPg, formatMapPgs } from "../analysis/osdmaptoolReport.js";
import { PlacementError } from "../placement/errors.js";
import { mapPool, setOf } from "../placement/mapPool.js";
import { placeObject, placePg, resolvePool, type ObjectOptions } from "../placement/place.js";
import { formatPgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import { ArgReader } from "./args.js";
import { DataError, UsageError, type CliIO } from "./io.js";
import { CLUSTER_HELP, loadState, poolRef, readClusterArg, type ClusterArgs } from "./loadState.js";

export const MAP_PGS_HELP = `usage: crushmap map-pgs --osdmap OSDMAP.json --crush CRUSH [--pool P] [--all] [--summary] [--pg-num N] [--json]

Maps every placement group of a pool (or of every pool) and prints what
'osdmaptool MAP --test-map-pgs-dump --pool P' prints: 'pool P pg_num N', then one line per group,
'P.x<TAB>[acting set]<TAB>primary' (the acting set is the up set unless the cluster has a
pg_temp for the group), then per OSD the count of groups, of first positions and of primaries,
and the spread.
${CLUSTER_HELP}
  --pool P        pool id or name (default: every pool)
  --all           raw, up and acting per group, as --test-map-pgs-dump-all
  --summary       no per-group lines, as --test-map-pgs
  --pg-num N      map as if the pool had N groups (osdmaptool's --pg_num)
  --json          {"pools":[{"pool","name","pgNum","pgs":[{"pgid","raw","up","upPrimary","acting","actingPrimary"}]}]}
`;

export const MAP_PG_HELP = `usage: crushmap map-pg --osdmap OSDMAP.json --crush CRUSH PGID [--json]

Places one placement group (PGID like 1.1f) and prints what 'osdmaptool MAP --test-map-pg PGID'
prints: its raw CRUSH result, up set and acting set with their primaries.
${CLUSTER_HELP}
  --json          {"pgid","seed","raw","up","upPrimary","acting","actingPrimary"}
`;

export const MAP_OBJECT_HELP = `usage: crushmap map-object --osdmap OSDMAP.json --crush CRUSH --pool P NAME [--namespace NS] [--key KEY] [--json]

Finds an object's placement group and OSDs and prints what
'osdmaptool MAP --test-map-object NAME --pool P' prints: " object 'NAME' -> P.x -> [acting set]".
Names are hashed as Ceph hashes them for the pool (rjenkins, or linux for pools set so).
${CLUSTER_HELP}
  --pool P        pool id or name
  --namespace NS  the object's namespace (Ceph hashes NS + 0x1f + NAME)
  --key KEY       object locator key, hashed instead of the name
  --json          {"object","pool","pgid","objectSeed","up","upPrimary","acting","actingPrimary"}
`;

export function mapPgsCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const cluster: ClusterArgs = { strict: true };
  let pool: string | undefined;
  let dump: "none" | "dump" | "all" = "dump";
  let pgNum: number | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    if (readClusterArg(flag, args, cluster)) continue;
    switch (flag) {
      case "--pool":
        pool = args.value(flag);
        break;
      case "--all":
        dump = "all";
        break;
      case "--summary":
        dump = "none";
        break;
      case "--pg-num":
      case "--pg_num":
        pgNum = args.int(flag);
        if (pgNum < 1) throw new UsageError(`${flag} must be at least 1, got ${pgNum}`);
        break;
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(MAP_PGS_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap map-pgs --help)`);
    }
  }
  const state = loadState(io, cluster, "map-pgs");
  return asData(() => {
    const selected = pool === undefined ? undefined : poolArg(state, pool);
    if (!json) {
      io.stdout(formatMapPgs(state, { ...(selected === undefined ? {} : { pool: selected }), dump, ...(pgNum === undefined ? {} : { pgNum }) }));
      return 0;
    }
    if (pgNum !== undefined) throw new UsageError("--pg-num is not supported with --json");
    const pools = selected === undefined ? state.pools : [resolvePool(state, selected)];
    const out = pools.map((p) => {
      const m = mapPool(state, p.id);
      const pgs = [];
      for (let ps = 0; ps < m.pgNum; ps++) {
        const slice = (sets: Int32Array, lengths: Uint16Array): number[] => setOf(sets, lengths, m.width, ps);
        pgs.push({
          pgid: formatPgId(p.id, ps),
          raw: slice(m.raw, m.rawLength),
          up: slice(m.up, m.upLength),
          upPrimary: m.upPrimary[ps],
          acting: slice(m.acting, m.actingLength),
          actingPrimary: m.actingPrimary[ps],
        });
      }
      return { pool: p.id, name: p.name, pgNum: p.pgNum, pgs };
    });
    io.stdout(JSON.stringify({ pools: out }) + "\n");
    return 0;
  });
}

export function mapPgCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const cluster: ClusterArgs = { strict: true };
  let pgid: string | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    if (readClusterArg(flag, args, cluster)) continue;
    switch (flag) {
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(MAP_PG_HELP);
        return 0;
      default:
        if (flag.startsWith("-")) throw new UsageError(`unknown option '${flag}' (see crushmap map-pg --help)`);
        if (pgid !== undefined) throw new UsageError(`map-pg takes one group id, got '${pgid}' and '${flag}'`);
        pgid = flag;
    }
  }
  if (pgid === undefined) throw new UsageError("map-pg needs a placement group id like 1.1f");
  const state = loadState(io, cluster, "map-pg");
  const id = pgid;
  return asData(() => {
    if (json) {
      const p = placePg(state, id);
      const { pgid: name, seed, raw, up, upPrimary, acting, actingPrimary } = p;
      io.stdout(JSON.stringify({ pgid: name, seed, raw, up, upPrimary, acting, actingPrimary }) + "\n");
    } else {
      io.stdout(formatMapPg(state, id));
    }
    return 0;
  });
}

export function mapObjectCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  const cluster: ClusterArgs = { strict: true };
  let pool: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let key: string | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    if (readClusterArg(flag, args, cluster)) continue;
    switch (flag) {
      case "--pool":
        pool = args.value(flag);
        break;
      case "--namespace":
        namespace = args.value(flag);
        break;
      case "--key":
        key = args.value(flag);
        break;
      case "--json":
        json = true;
        break;
      case "-h":
      case "--help":
        io.stdout(MAP_OBJECT_HELP);
        return 0;
      case "--":
        if (args.done) throw new UsageError("'--' must be followed by the object name");
        name = args.next();
        break;
      default:
        if (flag.startsWith("-")) throw new UsageError(`unknown option '${flag}' (see crushmap map-object --help; put '--' before a name starting with '-')`);
        if (name !== undefined) throw new UsageError(`map-object takes one object name, got '${name}' and '${flag}'`);
        name = flag;
    }
  }
  if (pool === undefined) throw new UsageError("map-object needs --pool P");
  if (name === undefined) throw new UsageError("map-object needs an object name");
  const state = loadState(io, cluster, "map-object");
  const object = name;
  const poolName = pool;
  return asData(() => {
    const p = poolArg(state, poolName);
    const options: ObjectOptions = { ...(namespace === undefined ? {} : { namespace }), ...(key === undefined ? {} : { key }) };
    if (json) {
      const r = placeObject(state, p, object, options);
      const { pgid, objectSeed, up, upPrimary, acting, actingPrimary } = r;
      io.stdout(JSON.stringify({ object, pool: r.pool, pgid, objectSeed, up, upPrimary, acting, actingPrimary }) + "\n");
    } else {
      io.stdout(formatMapObject(state, p, object, options));
    }
    return 0;
  });
}

/** A pool given on the command line: its id when it is a number, else its name. */
function poolArg(state: ClusterState, text: string): number | string {
  const ref = poolRef(text);
  resolvePool(state, ref);
  return ref;
}

function asData(run: () => number): number {
  try {
    return run();
  } catch (e) {
    if (e instanceof PlacementError) throw new DataError(e.message);
    throw e;
  }
}
