/**
 * Lists of OSDs as people read them: runs of consecutive ids as ranges (`osd.0-249`), the rest
 * one by one, wrapped to a width and cut after a number of items — a failed rack of 250 OSDs is
 * one range, not 250 names on one line.
 */

export interface OsdListOptions {
  /** Columns per line before wrapping (default 100). */
  readonly width?: number;
  /** Put before every wrapped line (default two spaces). */
  readonly indent?: string;
  /** Columns the caller's text takes before the list on its first line (default 0). */
  readonly first?: number;
  /** Items (ranges or single OSDs) shown before "… and N more" OSDs (default 48). */
  readonly maxItems?: number;
}

/**
 * Ascending, without repeats: `[0, 1, 2, 3, 7, 9, 10]` → `osd.0-3, osd.7, osd.9, osd.10`. Runs
 * of three or more become ranges.
 */
export function osdRanges(ids: readonly number[]): string[] {
  return osdRuns(ids).map(([lo, hi]) => (lo === hi ? `osd.${lo}` : `osd.${lo}-${hi}`));
}

/** Items of the list as [first, last] id; a run of two is two items. */
function osdRuns(ids: readonly number[]): [number, number][] {
  const sorted = Int32Array.from(ids).sort();
  const out: [number, number][] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! - sorted[j]! <= 1) j++;
    // sorted[i..j] is a run of consecutive ids (repeats included)
    const lo = sorted[i]!;
    const hi = sorted[j]!;
    if (hi - lo >= 2) out.push([lo, hi]);
    else for (let d = lo; d <= hi; d++) out.push([d, d]);
    i = j + 1;
  }
  return out;
}

/**
 * The OSDs as ranges, joined by ", " and wrapped: the first line is not indented (it follows
 * the caller's text), the others start with `indent`.
 */
export function formatOsdList(ids: readonly number[], options: OsdListOptions = {}): string {
  const width = options.width ?? 100;
  const indent = options.indent ?? "  ";
  const maxItems = options.maxItems ?? 48;
  const first = options.first ?? 0;
  const runs = osdRuns(ids);
  const shown = runs.slice(0, maxItems).map(([lo, hi]) => (lo === hi ? `osd.${lo}` : `osd.${lo}-${hi}`));
  let hidden = 0;
  for (let i = maxItems; i < runs.length; i++) hidden += runs[i]![1] - runs[i]![0] + 1;
  if (hidden > 0) shown.push(`… and ${hidden} more`);
  const lines: string[] = [];
  let line = "";
  for (let i = 0; i < shown.length; i++) {
    const piece = shown[i]! + (i < shown.length - 1 ? "," : "");
    if (line !== "" && (lines.length === 0 ? first : indent.length) + line.length + 1 + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line = line === "" ? piece : `${line} ${piece}`;
  }
  if (line !== "") lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join("\n");
}
