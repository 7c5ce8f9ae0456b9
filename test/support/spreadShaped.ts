/**
 * A spread report as `crushmap spread --json` prints it, from the spread layer itself
 * (spreadReport, with spreadMovement to `after` when given), typed as the pictures read it:
 * assigning it to SpreadReportJson is the compile-time check that the two shapes agree.
 */
import type { CrushMap } from "../../src/map/types.js";
import { spreadMovement } from "../../src/spread/movement.js";
import { spreadReport } from "../../src/spread/spreadReport.js";
import type { SpreadReportJson } from "../../src/svg/spreadReportJson.js";

/** The spread report of `rule` on `map` for inputs 0..inputs-1, with movement to `after` when given. */
export function spreadShaped(map: CrushMap, rule: number, numRep: number, inputs: number, after?: CrushMap): SpreadReportJson {
  const options = { numRep, minX: 0, maxX: inputs - 1 };
  const report: SpreadReportJson = spreadReport(map, rule, options);
  // through JSON, as a report read back from `spread --json` is
  const movement = after === undefined ? {} : { movement: spreadMovement(map, after, rule, options) };
  return JSON.parse(JSON.stringify({ ...report, ...movement })) as SpreadReportJson;
}
