/**
 * `crushmap plan`: the migration from one crush map to another, as waves of replica moves
 * with their cost, on the cluster an OSD map describes or on a default pool.
 */
import { isBinaryCrushMap } from "../map/load.js";
import { crushChangeStates, withCrushMap } from "../plan/crushChange.js";
import { formatPlan } from "../plan/formatPlan.js";
import { formatNextStep, formatUpmapScript, upmapPlanJson } from "../plan/formatUpmapSteps.js";
import { nextUpmapStep } from "../plan/nextUpmapStep.js";
import { osdmapFullRatios } from "../plan/cephReport.js";
import { checkOsdDf, parseOsdDf } from "../plan/osdDf.js";
import { checkPgStates, parsePgStates, type PgState } from "../plan/pgStates.js";
import type { GroupBytes } from "../plan/diff.js";
import { parsePgId } from "../placement/pgId.js";
import { resolvePool } from "../placement/place.js";
import { planRebalance, type PlanOptions } from "../plan/planRebalance.js";
import { planUpmapSteps, withUpmapItems } from "../plan/planUpmapSteps.js";
import { defineCommand } from "./command.js";
import { BANDWIDTH_FLAG, jsonFlag, MARK_UP_IN, OPTIONAL_OSDMAP, OPTIONAL_POOL, PG_BYTES, PG_NUM, strictFlag, TIB_PER_WEIGHT } from "./commonFlags.js";
import { inFile, UsageError } from "./errors.js";
import { atLeast, inHalfOpen, row, type ValueParser } from "./flags.js";
import { inputName, loadMap, readJsonText } from "./loadMap.js";
import { osdmapRatioSource, stateWithMap } from "./loadState.js";
import { pictureFlags, writePictures } from "./pictureFlags.js";
import { planHtml, planSvg } from "../svg/planCharts.js";
import { progressLine, QUIET } from "./progress.js";

/** `TYPE=N`: at most N transfers per bucket of TYPE. */
const DOMAIN_LIMIT: ValueParser<readonly [string, number]> = {
  metavar: "TYPE=N",
  parse(text, flag) {
    const m = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(text);
    if (m === null || Number(m[2]) < 1) throw new UsageError(`${flag} expects TYPE=N with N at least 1, e.g. host=2, got '${text}'`);
    return [m[1]!, Number(m[2])];
  },
};

export const planCommand = defineCommand({
  name: "plan",
  summary: "the safe, throttled migration from one crush map to another: waves of moves, cost",
  about: `Plans the data movement from the cluster with crush map BEFORE to the one with crush map AFTER
(text or binary): which groups move, every replica copy and drop, grouped into waves that keep
make-before-break, min_size, backfill limits and the full ratio, with the cost.

Without --osdmap every device is up and in and one replicated pool (id 1) maps through rule 0
with size 3, min_size 2 and --pg-num groups.`,
  flags: {
    from: row({ names: ["--from"], value: "string", metavar: "BEFORE", help: "the crush map today", required: true }),
    to: row({ names: ["--to"], value: "string", metavar: "AFTER", help: "the crush map to migrate to", required: true }),
    osdmap: {
      ...OPTIONAL_OSDMAP,
      help: "pools, OSD states and exceptions from the OSD map (binary or JSON); devices only\nin AFTER count as new OSDs, up and in",
    },
    strict: strictFlag(false),
    markUpIn: MARK_UP_IN,
    pool: { ...OPTIONAL_POOL, help: "plan only this pool (id or name)" },
    pgNum: { ...PG_NUM, default: 1024, help: "groups of the default pool" },
    pgBytes: PG_BYTES,
    maxBackfills: row({ names: ["--max-backfills"], value: "int", metavar: "N", defaultText: "1", check: atLeast(1), help: "transfers into and out of each device per wave" }),
    limit: row({ names: ["--limit"], value: DOMAIN_LIMIT, repeatable: true, help: "transfers into and out of each bucket of TYPE per wave, e.g. host=2" }),
    fullRatio: row({
      names: ["--full-ratio"],
      value: "float",
      metavar: "R",
      defaultText: "0.95",
      check: inHalfOpen(0, 1),
      help: "no device fills past R of its capacity; capacity is the crush weight in TiB\nunless --tib-per-weight says otherwise",
    }),
    backfillFullRatio: row({
      names: ["--backfillfull-ratio"],
      value: "float",
      metavar: "R",
      defaultText: "the OSD map's, else --full-ratio",
      check: inHalfOpen(0, 1),
      help: "with --upmap: no step moves a copy onto a device it would fill past R\n(Ceph stops backfill there); --full-ratio and R default to the OSD map's",
    }),
    osdDf: row({
      names: ["--osd-df"],
      value: "string",
      metavar: "FILE",
      help: "'ceph osd df -f json': each OSD's size (kb) and what it holds now (kb_used),\ninstead of crush weights and the groups' bytes",
    }),
    tibPerWeight: TIB_PER_WEIGHT,
    bandwidth: BANDWIDTH_FLAG,
    summary: row({ names: ["--summary"], help: "leave out the per-wave tables" }),
    next: row({
      names: ["--next"],
      help: "with --upmap: only the batch that is safe now, from --osdmap (the pins in\nplace) and --pgs; run again once Ceph took it in, until it says done.\nBEFORE is the cluster's crush map now; every pg_upmap_item of the planned\npools counts as a pin to release",
    }),
    pgs: row({
      names: ["--pgs"],
      value: "string",
      metavar: "FILE",
      help: "'ceph pg dump -f json', 'ceph pg ls -f json' or 'ceph pg dump pgs_brief -f json':\neach group's bytes (where listed; others take --pg-bytes) and, for --next,\nthe groups still moving",
    }),
    upmap: row({
      names: ["--upmap"],
      help: "plan as pg_upmap_items steps: step 0 sets AFTER with pins that keep every\ngroup where it is, each next step releases a batch; prints a shell script",
    }),
    quiet: QUIET,
    json: jsonFlag('{"moves":[{"pg","from","to","wave","bytes",…}],"waves":N,"lost":[…],"report":{…}}; with --upmap\n{"steps":[{"pg_upmap_items":[{"pgid","mappings":[{"from","to"}]}],"commands":[…],"moves","bytes"}]}'),
    ...pictureFlags("bytes per wave and per device (not with --upmap, --next)"),
  },
  run(args, io) {
    const beforeMap = loadMap(io, args.from);
    const afterMap = loadMap(io, args.to);
    let states;
    if (args.osdmap === undefined) {
      states = crushChangeStates(beforeMap, afterMap, args.pgNum);
    } else {
      const before = stateWithMap(io, args.osdmap, beforeMap, args.strict, args);
      states = [before, withCrushMap(before, afterMap)] as const;
    }
    const pgsPath = args.pgs;
    const pgs = pgsPath === undefined ? undefined : inFile(inputName(pgsPath), () => parsePgStates(readJsonText(io, pgsPath)));
    if (pgs !== undefined && args.osdmap !== undefined) inFile(inputName(pgsPath!), () => checkPgStates(states[0], pgs));
    const osdDfPath = args.osdDf;
    const df = osdDfPath === undefined ? undefined : inFile(inputName(osdDfPath), () => parseOsdDf(readJsonText(io, osdDfPath)));
    if (df !== undefined && args.osdmap !== undefined) inFile(inputName(osdDfPath!), () => checkOsdDf(states[0], df));
    const osdmapPath = args.osdmap;
    // the cluster's own ratios, unless the command line says otherwise
    const ratios = osdmapPath === undefined ? {} : osdmapFullRatios(osdmapRatioSource(io, osdmapPath));
    const fullRatio = args.fullRatio ?? ratios.fullRatio;
    const backfillFullRatio = args.backfillFullRatio ?? (args.fullRatio === undefined ? ratios.backfillFullRatio : undefined);
    const progress = progressLine(io, args.quiet);
    const options: PlanOptions = {
      onProgress: (done, total) => progress.report(args.upmap ? "planning upmap steps, moves scheduled" : "planning waves, copies scheduled", done, total),
      ...(args.maxBackfills === undefined ? {} : { maxBackfills: args.maxBackfills }),
      ...(fullRatio === undefined ? {} : { fullRatio }),
      ...(backfillFullRatio === undefined ? {} : { backfillFullRatio }),
      ...(df === undefined ? {} : { capacity: df.capacity, measuredUsage: df.used }),
      ...(args.bandwidth === undefined ? {} : { bandwidth: args.bandwidth }),
      ...(args.pool === undefined ? {} : { pools: [args.pool] }),
      domainLimits: Object.fromEntries(args.limit),
      pgBytes: pgs === undefined ? args.pgBytes : pgSizes(pgs, args.pgBytes),
      bytesPerWeight: args.tibPerWeight * 2 ** 40,
    };
    if ((args.next || args.upmap) && (args.svg !== undefined || args.html !== undefined)) {
      throw new UsageError(`${args.svg !== undefined ? "--svg" : "--html"} draws the waves of a plan, not ${args.next ? "--next" : "--upmap"} steps`);
    }
    if (args.next) {
      if (args.osdmap === undefined || args.pgs === undefined) throw new UsageError("--next needs --osdmap (ceph osd getmap, or ceph osd dump -f json) and --pgs (ceph pg ls -f json)");
      const current = states[0];
      const pools = new Set(args.pool === undefined ? current.pools.map((p) => p.id) : [resolvePool(current, args.pool).id]);
      const target = withUpmapItems(states[1], new Map([...states[1].pgUpmapItems].filter(([pg]) => !pools.has(parsePgId(pg).pool))));
      const next = nextUpmapStep(current, target, pgs!, options);
      progress.end();
      const text = !isBinaryCrushMap(io.readFile(args.to));
      io.stdout(args.json ? JSON.stringify({ done: next.done, moving: next.moving, step: next.step, left: next.plan.steps.length - 1, blocked: next.plan.blocked, over_full: next.plan.overFull }) + "\n" : formatNextStep(next, { crushFile: args.to, crushIsText: text }));
      return 0;
    }
    if (args.upmap) {
      const steps = planUpmapSteps(states[0], states[1], options);
      progress.end();
      const text = !isBinaryCrushMap(io.readFile(args.to));
      io.stdout(args.json ? JSON.stringify(upmapPlanJson(steps)) + "\n" : formatUpmapScript(steps, { crushFile: args.to, crushIsText: text }));
      return 0;
    }
    const plan = planRebalance(states[0], states[1], options);
    progress.end();
    if (args.json) {
      const { moves, waves, lost, blocked, withheld, report } = plan;
      io.stdout(JSON.stringify({ moves, waves, lost, blocked, withheld, report }) + "\n");
    } else {
      io.stdout(`assuming ${describeBytes(args.pgBytes)} per placement group (--pg-bytes)\n` + formatPlan(plan, { summaryOnly: args.summary }));
    }
    writePictures(io, args, () => planSvg(plan, afterMap), () => planHtml(plan, afterMap));
    return 0;
  },
});

/** Each group's bytes from a pg dump with stat_sum; groups it does not size take --pg-bytes. */
function pgSizes(pgs: readonly PgState[], average: number): GroupBytes {
  const byPg = new Map<string, number>();
  for (const p of pgs) if (p.bytes !== undefined) byPg.set(p.pgid, p.bytes);
  return byPg.size === 0 ? average : { average, byPg };
}

function describeBytes(n: number): string {
  return n % 2 ** 30 === 0 ? `${n / 2 ** 30} GiB` : `${n} bytes`;
}
