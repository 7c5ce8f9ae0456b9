/** `crushmap analyze`: utilization per device and per failure domain against the ideal. */
import { formatUtilization } from "../analysis/formatUtilization.js";
import { analyzeUtilization } from "../analysis/utilization.js";
import type { CrushMap } from "../map/types.js";
import { defineCommand } from "./command.js";
import { jsonFlag, MAP_INPUT, WEIGHT } from "./commonFlags.js";
import { UsageError } from "./errors.js";
import { atLeast, row } from "./flags.js";
import { loadMap } from "./loadMap.js";
import { pictureFlags, writePictures } from "./pictureFlags.js";
import { analyzeHtml, analyzeSvg } from "../svg/analyzeCharts.js";

export const analyzeCommand = defineCommand({
  name: "analyze",
  summary: "utilization per device and failure domain against the ideal, with a histogram",
  about: `Maps inputs 0..N-1 through a rule and reports how evenly they land: per device and per
failure-domain bucket, replicas placed against the weight-proportional share, the most over- and
under-full devices, the standard deviation and a histogram.`,
  flags: {
    input: MAP_INPUT,
    rule: row({ names: ["--rule"], value: "int", metavar: "R", default: 0, help: "the rule" }),
    numRep: row({
      names: ["--num-rep"],
      value: "int",
      metavar: "N",
      default: 3,
      check: (n: number, flag: string) => (n >= 1 && n <= 1024 ? undefined : `${flag} ${n} is outside 1..1024`),
      help: "replicas per input",
    }),
    inputs: row({ names: ["--inputs"], value: "int", metavar: "N", default: 100_000, check: atLeast(1), help: "inputs to map" }),
    domain: row({ names: ["--domain"], value: "string", metavar: "TYPE", defaultText: "the rule's failure domain", help: "the bucket type to report per bucket" }),
    weight: WEIGHT,
    json: jsonFlag("the same report"),
    ...pictureFlags("the ratio bars by failure domain and the histogram"),
  },
  positionals: ["input"],
  run(args, io) {
    const map = loadMap(io, args.input);
    const reweight = reweightVector(map, args.weight);
    const report = analyzeUtilization(map, {
      rule: args.rule,
      numRep: args.numRep,
      inputs: args.inputs,
      ...(args.domain === undefined ? {} : { domain: args.domain }),
      ...(reweight === undefined ? {} : { reweight }),
    });
    io.stdout(args.json ? JSON.stringify(report, null, 2) + "\n" : formatUtilization(report));
    writePictures(io, args, () => analyzeSvg(map, report), () => analyzeHtml(map, report));
    return 0;
  },
});

/** A 16.16 reweight per device id from `--weight DEV W` pairs; undefined when there are none. */
export function reweightVector(map: CrushMap, pairs: readonly (readonly [number, number])[]): Uint32Array | undefined {
  if (pairs.length === 0) return undefined;
  let maxId = -1;
  for (const d of map.devices) maxId = Math.max(maxId, d.id);
  for (const [dev, w] of pairs) {
    if (w < 0 || w > 1) throw new UsageError(`--weight ${dev} ${w}: a reweight is between 0 and 1`);
    if (dev < 0) throw new UsageError(`--weight ${dev} ${w}: a device id is not negative`);
  }
  const reweight = new Uint32Array(maxId + 1);
  for (const d of map.devices) reweight[d.id] = 0x10000;
  // a device the map does not have is never placed: its reweight changes nothing
  for (const [dev, w] of pairs) if (dev <= maxId) reweight[dev] = Math.round(w * 0x10000);
  return reweight;
}
