/**
 * The hierarchy as `crushtool --tree` prints it: one row per bucket and device, depth first from
 * every root (shadow per-class trees included), in Ceph's TextTable layout.
 *
 * What crushtool 16.2 does, as reproduced here:
 * - Roots are the buckets that are nobody's item, in ascending id order, so the shadow roots
 *   (most negative ids) come before the real ones.
 * - A bucket's children are sorted by a key: devices by `<class>_osd.<id as %08d>`, buckets by
 *   `_<name>`, compared as byte strings; so a host lists its devices grouped by class.
 * - Weights are 16.16 values turned into a C float and printed with 5 decimals; below 1e-6 they
 *   print as `0`. A root's weight is its bucket weight, every other row's is the weight its
 *   parent gives it.
 * - One extra column per choose_args set (`(compat)` for set -1, else its id), holding for each
 *   row the parent's position-0 weight-set entry, empty for roots and for parents without one.
 * - Devices always print as `osd.<id>`, whatever their name; buckets as `<type> <name>`,
 *   indented four spaces per level.
 * - Columns are padded to their widest cell and joined by two spaces; headings are left aligned,
 *   cells right aligned except the last column.
 */
import { classTrees } from "../map/classes.js";
import type { Bucket, ChooseArgs, CrushMap } from "../map/types.js";
import { utf8Length } from "../hash/utf8.js";
import { formatFixed } from "./formatFloat.js";

/** One printed row of the tree. */
export interface TreeRow {
  readonly id: number;
  /** Device class of a device or of a shadow bucket; "" otherwise. */
  readonly class: string;
  /** 16.16 weight shown in the WEIGHT column. */
  readonly weight: number;
  /** One cell per choose_args set (ascending id): a 16.16 weight, or null for an empty cell. */
  readonly weightSets: readonly (number | null)[];
  readonly depth: number;
  /** `host h0` for a bucket, `osd.3` for a device. */
  readonly label: string;
}

/** The rows of `crushtool --tree`, in print order. */
export function treeRows(map: CrushMap): TreeRow[] {
  const buckets: Bucket[] = [...map.buckets, ...classTrees(map)];
  const byId = new Map<number, Bucket>();
  for (const b of buckets) byId.set(b.id, b);
  const typeName = new Map(map.types.map((t) => [t.id, t.name]));
  const deviceClass = new Map<number, string>();
  for (const d of map.devices) if (d.class !== undefined) deviceClass.set(d.id, d.class);
  const bucketClass = new Map<number, string>();
  for (const b of map.buckets) for (const c of b.classIds ?? []) bucketClass.set(c.id, c.class);
  // per choose_args set, each bucket's position-0 weight-set row
  const weightSets = sortedChooseArgs(map.chooseArgs).map((ca) => {
    // the first entry for a bucket is the one that counts
    const rowOf = new Map<number, readonly number[] | undefined>();
    for (const arg of ca.buckets) if (!rowOf.has(arg.bucketId)) rowOf.set(arg.bucketId, arg.weightSet?.[0]);
    return rowOf;
  });

  const isItem = new Set<number>();
  for (const b of buckets) for (const it of b.items) isItem.add(it.id);
  const roots = buckets.filter((b) => !isItem.has(b.id)).map((b) => b.id).sort((a, b) => a - b);

  const rows: TreeRow[] = [];
  const classOf = (id: number): string => (id >= 0 ? deviceClass.get(id) : bucketClass.get(id)) ?? "";
  // depth first with an explicit stack (hierarchies can be thousands of levels deep); children
  // go on the stack last first so they come off in Ceph's order
  const stack: Visit[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push({ id: roots[r]!, parent: null, position: -1, weight: bucketWeight(byId.get(roots[r]!)!), depth: 0 });
  while (stack.length > 0) {
    const { id, parent, position, weight, depth } = stack.pop()!;
    const bucket = id < 0 ? byId.get(id) : undefined;
    rows.push({
      id,
      class: classOf(id),
      weight,
      weightSets: weightSets.map((rowOf) => (parent === null ? null : weightSetCell(rowOf, parent, position))),
      depth,
      label: id >= 0 ? `osd.${id}` : `${typeName.get(bucket?.type ?? -1) ?? ""} ${bucket?.name ?? ""}`,
    });
    if (bucket === undefined) continue;
    const children = sortedChildren(bucket, deviceClass, byId);
    for (let k = children.length - 1; k >= 0; k--) stack.push({ ...children[k]!, parent: bucket, depth: depth + 1 });
  }
  return rows;
}

interface Visit {
  readonly id: number;
  readonly parent: Bucket | null;
  /** The child's first position among the parent's items (its weight-set entry). */
  readonly position: number;
  readonly weight: number;
  readonly depth: number;
}

/** A bucket's children sorted by Ceph's key; a duplicated item keeps its first position and weight. */
function sortedChildren(bucket: Bucket, deviceClass: ReadonlyMap<number, string>, byId: ReadonlyMap<number, Bucket>): { id: number; position: number; weight: number }[] {
  const byKey = new Map<string, { id: number; position: number; weight: number }>();
  for (let k = bucket.items.length - 1; k >= 0; k--) {
    const it = bucket.items[k]!;
    const key = it.id >= 0 ? `${deviceClass.get(it.id) ?? ""}_osd.${String(it.id).padStart(8, "0")}` : `_${byId.get(it.id)?.name ?? ""}`;
    byKey.set(key, { id: it.id, position: k, weight: it.weight });
  }
  return Array.from(byKey.keys())
    .sort(compareBytes)
    .map((key) => byKey.get(key)!);
}

/** The text `crushtool -i MAP --tree` prints. */
export function formatTree(map: CrushMap): string {
  const chooseArgs = sortedChooseArgs(map.chooseArgs);
  const headings = ["ID", "CLASS", "WEIGHT", ...chooseArgs.map((ca) => (ca.id === -1 ? "(compat)" : String(ca.id))), "TYPE NAME"];
  const table = treeRows(map).map((row) => [
    String(row.id),
    row.class,
    formatWeight(row.weight),
    ...row.weightSets.map((w) => (w === null ? "" : formatWeight(w))),
    "    ".repeat(row.depth) + row.label,
  ]);
  const widths = headings.map((h) => h.length);
  for (const cells of table) for (let c = 0; c < cells.length; c++) widths[c] = Math.max(widths[c]!, utf8Length(cells[c]!));
  const last = headings.length - 1;
  const lines = [headings.map((h, c) => h.padEnd(widths[c]!)).join("  ")];
  for (const cells of table) {
    lines.push(cells.map((cell, c) => (c === last ? padBytes(cell, widths[c]!, true) : padBytes(cell, widths[c]!, false))).join("  "));
  }
  return lines.join("\n") + "\n";
}

/**
 * A cell padded to `width` as Ceph's TextTable pads it: widths count bytes (std::string), so a
 * name with UTF-8 beyond ASCII takes its bytes' width, not its characters'.
 */
export function padBytes(cell: string, width: number, left: boolean): string {
  const fill = " ".repeat(Math.max(0, width - utf8Length(cell)));
  return left ? cell + fill : fill + cell;
}

/** Ceph's weightf_t: the 16.16 value as a C float, `0` when tiny, 5 decimals otherwise. */
export function formatWeight(weight: number): string {
  const v = Math.fround(weight) / 0x10000;
  if (v < -0.01) return "-";
  if (v < 0.000001) return "0";
  return formatFixed(v, 5);
}

/** A bucket's own weight: the sum of its items' weights in 32 bits. */
function bucketWeight(b: Bucket): number {
  let sum = 0;
  for (const it of b.items) sum = (sum + it.weight) >>> 0;
  return sum;
}

function sortedChooseArgs(sets: readonly ChooseArgs[]): ChooseArgs[] {
  return [...sets].sort((a, b) => a.id - b.id);
}

/** The parent's position-0 weight-set entry at `position`, or null when the parent has no weight set. */
function weightSetCell(rowOf: ReadonlyMap<number, readonly number[] | undefined>, parent: Bucket, position: number): number | null {
  const row = rowOf.get(parent.id);
  if (row === undefined) return null;
  return row[position] ?? 0;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
