/**
 * `crushmap spread`: how evenly a rule (or a real pool) spreads replicas against the weights,
 * whether the straying is more than chance, and with `--to` how much a change moves.
 */
import type { CrushMap } from "../map/types.js";
import { resolvePool } from "../placement/place.js";
import type { ClusterState } from "../placement/types.js";
import { compareAlgorithms } from "../spread/compare.js";
import { compareClusters, type CompareDevice } from "../spread/compareClusters.js";
import { checkComparableMaps } from "../spread/comparableMaps.js";
import { formatSpread } from "../spread/formatSpread.js";
import { poolSpreadMovement, spreadMovement } from "../spread/movement.js";
import { poolRule, poolSpreadReport } from "../spread/poolSpread.js";
import { spreadReport, type SpreadReport } from "../spread/spreadReport.js";
import { reweightVector } from "./analyzeCommand.js";
import { defineCommand } from "./command.js";
import { jsonFlag, OPTIONAL_MAP_INPUT, OPTIONAL_OSDMAP, OPTIONAL_POOL, strictFlag, WEIGHT } from "./commonFlags.js";
import { UsageError } from "./errors.js";
import { row } from "./flags.js";
import { loadMap } from "./loadMap.js";
import type { CliIO } from "./io.js";
import { stateWithMap } from "./loadState.js";
import { pictureFlags, writePictures } from "./pictureFlags.js";
import { spreadHtml, spreadSvg } from "../svg/spreadCharts.js";

const JSON_SHAPE =
  '{"rule","numRep","minX","maxX","placed","devices":[{"id","name","weight","observed","expected","ratio","domain"}],\n' +
  '"stddev","idealStddev","chiSquare","degreesOfFreedom","pValue","maxOverfull","maxUnderfull","domainType","domains":[…],\n' +
  '"domainStats","staleWeights"?:[{"bucket","item","listed","sum"}],"movement"?:{"moved","minimum","total","devices":[…]},\n' +
  '"compare"?:[{"algorithm","stddev","idealStddev","maxRatio","minRatio","moved"?,"minimum"?,"sharedDomainInputs"?,"placementsPerSecond"?,"lacks"}]}\n(see docs/spread.md)';

export const spreadCommand = defineCommand({
  name: "spread",
  summary: "how evenly a rule or pool spreads replicas against the weights, and what a change moves",
  about: `Maps inputs A..B through a rule (as 'crushtool --test' does), or takes a real pool's
placement groups (--osdmap F --pool P: their up sets, after upmaps and reweights), and sets the
replicas on each device and failure domain against its share of the weight the rule reaches:
ratios, the standard deviation against what independent placement would give, a chi-square test
with its p-value, the most over- and under-full. --to MAP2 also maps the same inputs through MAP2
and counts the replicas that move, against the least any placement would move (docs/spread.md).`,
  flags: {
    input: { ...OPTIONAL_MAP_INPUT, names: ["-i", "--infn", "--crush"], help: "the crush map, text or binary (with --osdmap: the cluster's; a binary\nOSD map holds its own)" },
    rule: row({ names: ["--rule"], value: "int", metavar: "R", defaultText: "0", help: "the rule" }),
    numRep: row({
      names: ["--num-rep"],
      value: "int",
      metavar: "N",
      defaultText: "3",
      check: (n: number, flag: string) => (n >= 1 && n <= 1024 ? undefined : `${flag} ${n} is outside 1..1024`),
      help: "replicas per input",
    }),
    minX: row({ names: ["--min-x"], value: "int", metavar: "A", defaultText: "0", help: "the first input" }),
    maxX: row({ names: ["--max-x"], value: "int", metavar: "B", defaultText: "1023", help: "the last input (inclusive)" }),
    weight: WEIGHT,
    to: row({ names: ["--to"], value: "string", metavar: "MAP2", help: "the crush map after a change: report what moves" }),
    osdmap: { ...OPTIONAL_OSDMAP, help: "a real pool's groups instead of inputs: the OSD map\n(binary, or 'ceph osd dump -f json')" },
    pool: { ...OPTIONAL_POOL, help: "the pool (id or name) of --osdmap" },
    compare: row({
      names: ["--compare"],
      help: "also run the same devices, weights and inputs through the reference algorithms\n(rendezvous, jump hash, ring, Maglev, each Ceph bucket algorithm; with --to: movement too)",
    }),
    timing: row({ names: ["--timing"], help: "with --compare: add each algorithm's inputs per second (varies run to run)" }),
    strict: strictFlag(true),
    json: jsonFlag(JSON_SHAPE),
    ...pictureFlags("the ratio bars by failure domain, the histogram and the movement"),
  },
  positionals: ["input"],
  run(args, io) {
    const map = args.input === undefined ? undefined : loadMap(io, args.input);
    const after = args.to === undefined ? undefined : loadMap(io, args.to);
    if (args.timing && !args.compare) throw new UsageError("--timing needs --compare");
    if (map === undefined && args.osdmap === undefined) throw new UsageError("spread needs a map: -i MAP");
    const spread = args.osdmap === undefined ? mapSpread(map!, after, args) : poolSpread(io, map, after, args);
    const report = args.compare ? withCompare(spread, args.timing) : spread.report;
    io.stdout(args.json ? JSON.stringify(report, null, 2) + "\n" : formatSpread(report));
    writePictures(io, args, () => spreadSvg(report), () => spreadHtml(report));
    return 0;
  },
});

interface MapArgs {
  readonly rule: number | undefined;
  readonly numRep: number | undefined;
  readonly minX: number | undefined;
  readonly maxX: number | undefined;
  readonly weight: readonly (readonly [number, number])[];
  readonly pool: number | string | undefined;
}

/** A report and, with --to, the devices of the other side (what --compare's movement needs). */
interface Spread {
  readonly report: SpreadReport;
  /** Only --compare needs them: the other side mapped once more, so only when asked for. */
  readonly afterDevices?: () => readonly CompareDevice[];
}

function withCompare(s: Spread, timing: boolean): SpreadReport {
  const r = s.report;
  const { cluster, after } = compareClusters(r.devices, s.afterDevices?.());
  const options = { numRep: r.numRep, minX: r.minX, maxX: r.maxX, timing, ...(after === undefined ? {} : { after }) };
  return { ...r, compare: compareAlgorithms(cluster, options) };
}

function mapSpread(map: CrushMap, after: CrushMap | undefined, a: MapArgs): Spread {
  if (a.pool !== undefined) throw new UsageError("--pool needs --osdmap");
  const rule = a.rule ?? 0;
  const weights = reweightVector(map, a.weight);
  const options = { numRep: a.numRep ?? 3, minX: a.minX ?? 0, maxX: a.maxX ?? 1023, ...(weights === undefined ? {} : { weights }) };
  const report = spreadReport(map, rule, options);
  if (after === undefined) return { report };
  const movement = spreadMovement(map, after, rule, options);
  return { report: { ...report, movement }, afterDevices: () => spreadReport(after, rule, options).devices };
}

function poolSpread(io: CliIO, map: CrushMap | undefined, after: CrushMap | undefined, a: MapArgs & { osdmap?: string; strict: boolean }): Spread {
  const pool = a.pool;
  if (pool === undefined) throw new UsageError("--osdmap needs --pool P");
  for (const [flag, v] of [["--rule", a.rule], ["--num-rep", a.numRep], ["--min-x", a.minX], ["--max-x", a.maxX]] as const) {
    if (v !== undefined) throw new UsageError(`${flag} does not apply to --osdmap: the pool's rule, size and groups are used`);
  }
  if (a.weight.length > 0) throw new UsageError("--weight does not apply to --osdmap: the OSD map's reweights are used");
  const state: ClusterState = stateWithMap(io, a.osdmap!, map, a.strict);
  const report = poolSpreadReport(state, pool);
  if (after === undefined) return { report };
  checkComparableMaps(state.crush, after, poolRule(state, resolvePool(state, pool)));
  const next = stateWithMap(io, a.osdmap!, after, a.strict);
  return { report: { ...report, movement: poolSpreadMovement(state, next, pool) }, afterDevices: () => poolSpreadReport(next, pool).devices };
}
