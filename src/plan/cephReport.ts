/**
 * `ceph report` is one JSON with, among much else, the OSD map as `ceph osd dump -f json`
 * prints it (under "osdmap") and the crush map as `ceph osd crush dump` prints it (under
 * "crushmap"): Ceph's OSDMonitor::dump_info writes both sections (src/mon/OSDMonitor.cc).
 * The OSD map's full ratios are what the plan honours unless told otherwise.
 */

/**
 * The OSD map dump inside a `ceph report` (its JSON text or parsed value); anything else is
 * returned as it is, text that is not JSON included, so that the OSD map reader names the problem.
 *
 * @group Plans
 */
export function osdmapOfReport(input: unknown): unknown {
  let json = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input) as unknown;
    } catch {
      return input;
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return json;
  const o = json as Record<string, unknown>;
  const m = o["osdmap"];
  // an OSD dump itself has "pools" at the top; a report has them one level down
  return o["pools"] === undefined && typeof m === "object" && m !== null && !Array.isArray(m) ? m : json;
}

/**
 * The cluster's full and backfillfull ratios from an OSD map dump (or a report), where set.
 * Ceph stores them as 32-bit floats (0.95 prints as 0.94999998807907104): they are rounded
 * back to six decimals.
 *
 * @group Plans
 */
export function osdmapFullRatios(json: unknown): { readonly fullRatio?: number; readonly backfillFullRatio?: number } {
  const m = osdmapOfReport(json);
  if (typeof m !== "object" || m === null) return {};
  const o = m as Record<string, unknown>;
  const ratio = (v: unknown): number | undefined => (typeof v === "number" && v > 0 && v <= 1 ? Math.round(v * 1e6) / 1e6 : undefined);
  const full = ratio(o["full_ratio"]);
  const backfill = ratio(o["backfillfull_ratio"]);
  return { ...(full === undefined ? {} : { fullRatio: full }), ...(backfill === undefined || (full !== undefined && backfill > full) ? {} : { backfillFullRatio: backfill }) };
}
