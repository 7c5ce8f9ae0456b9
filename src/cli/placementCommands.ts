/**
 * `crushmap map-pgs`, `map-pg` and `map-object`: osdmaptool's --test-map-pgs-dump,
 * --test-map-pg and --test-map-object on a cluster given as OSD map JSON plus crush map.
 */
import { mapPgsJsonReport } from "../analysis/mapPgsJson.js";
import { formatMapObject, formatMapPg, mapPgsReport } from "../analysis/osdmaptoolReport.js";
import { placeObject, placePg, resolvePool, type ObjectOptions } from "../placement/place.js";
import { defineCommand } from "./command.js";
import { clusterFlags, jsonFlag, OPTIONAL_POOL, PG_NUM } from "./commonFlags.js";
import { UsageError } from "./errors.js";
import { row } from "./flags.js";
import { loadState } from "./loadState.js";

export const mapPgsCommand = defineCommand({
  name: "map-pgs",
  summary: "every placement group of a pool, like 'osdmaptool MAP --test-map-pgs-dump --pool P'",
  about: `Maps every placement group of a pool (or of every pool) and prints what
'osdmaptool MAP --test-map-pgs-dump --pool P' prints: 'pool P pg_num N', then one line per group,
'P.x<TAB>[acting set]<TAB>primary' (the acting set is the up set unless the cluster has a
pg_temp for the group), then per OSD the count of groups, of first positions and of primaries,
and the spread.`,
  flags: {
    ...clusterFlags(),
    pool: OPTIONAL_POOL,
    all: row({ names: ["--all"], help: "raw, up and acting per group, as --test-map-pgs-dump-all" }),
    summary: row({ names: ["--summary"], help: "no per-group lines, as --test-map-pgs" }),
    pgNum: { ...PG_NUM, help: "map as if the pool had N groups (osdmaptool's --pg_num)" },
    json: jsonFlag('{"pools":[{"pool","name","pgNum","pgs":[{"pgid","raw","up","upPrimary","acting","actingPrimary"}]}]}'),
  },
  run(args, io) {
    const { pool, pgNum, json } = args;
    const dump = args.summary ? "none" : args.all ? "all" : "dump";
    const state = loadState(io, args);
    if (pool !== undefined) resolvePool(state, pool);
    if (!json) {
      // streamed: only the per-OSD counters stay in memory, however many groups there are, and
      // each chunk goes out as the bytes it was written in
      for (const chunk of mapPgsReport(state, { ...(pool === undefined ? {} : { pool }), dump, ...(pgNum === undefined ? {} : { pgNum }) })) io.stdoutBytes(chunk.takeBytes());
      return 0;
    }
    if (pgNum !== undefined) throw new UsageError("--pg-num is not supported with --json");
    // streamed too: one group's sets at a time
    for (const chunk of mapPgsJsonReport(state, pool)) io.stdoutBytes(chunk.takeBytes());
    return 0;
  },
});

export const mapPgCommand = defineCommand({
  name: "map-pg",
  summary: "one placement group's raw, up and acting sets, like 'osdmaptool MAP --test-map-pg PGID'",
  about: `Places one placement group (PGID like 1.1f) and prints what 'osdmaptool MAP --test-map-pg PGID'
prints: its raw CRUSH result, up set and acting set with their primaries.`,
  flags: {
    ...clusterFlags(),
    pgid: row({ names: [], value: "string", metavar: "PGID", help: "the placement group, like 1.1f", required: "a placement group id like 1.1f" }),
    json: jsonFlag('{"pgid","seed","raw","up","upPrimary","acting","actingPrimary"}'),
  },
  positionals: ["pgid"],
  run(args, io) {
    const state = loadState(io, args);
    if (args.json) {
      const { pgid, seed, raw, up, upPrimary, acting, actingPrimary } = placePg(state, args.pgid);
      io.stdout(JSON.stringify({ pgid, seed, raw, up, upPrimary, acting, actingPrimary }) + "\n");
    } else {
      io.stdout(formatMapPg(state, args.pgid));
    }
    return 0;
  },
});

export const mapObjectCommand = defineCommand({
  name: "map-object",
  summary: "an object's group and OSDs, like 'osdmaptool MAP --test-map-object NAME --pool P'",
  about: `Finds an object's placement group and OSDs and prints what
'osdmaptool MAP --test-map-object NAME --pool P' prints: " object 'NAME' -> P.x -> [acting set]".
Names are hashed as Ceph hashes them for the pool (rjenkins, or linux for pools set so); put
'--' before a name that starts with '-'.`,
  flags: {
    ...clusterFlags(),
    pool: { ...OPTIONAL_POOL, help: "pool id or name (default: pool 1, as osdmaptool assumes, saying so)" },
    name: row({ names: [], value: "string", metavar: "NAME", help: "the object's name", required: "an object name" }),
    namespace: row({ names: ["--namespace"], value: "string", metavar: "NS", help: "the object's namespace (Ceph hashes NS + 0x1f + NAME)" }),
    key: row({ names: ["--key"], value: "string", metavar: "KEY", help: "object locator key, hashed instead of the name" }),
    json: jsonFlag('{"object","pool","pgid","objectSeed","up","upPrimary","acting","actingPrimary"}'),
  },
  positionals: ["name"],
  run(args, io) {
    const { name: object, namespace, key } = args;
    const state = loadState(io, args);
    if (args.pool === undefined) io.stderr("crushmap: assuming pool 1 (use --pool to override)\n");
    const pool = args.pool ?? 1;
    resolvePool(state, pool);
    const options: ObjectOptions = { ...(namespace === undefined ? {} : { namespace }), ...(key === undefined ? {} : { key }) };
    if (args.json) {
      const r = placeObject(state, pool, object, options);
      const { pgid, objectSeed, up, upPrimary, acting, actingPrimary } = r;
      io.stdout(JSON.stringify({ object, pool: r.pool, pgid, objectSeed, up, upPrimary, acting, actingPrimary }) + "\n");
    } else {
      io.stdout(formatMapObject(state, pool, object, options));
    }
    return 0;
  },
});
