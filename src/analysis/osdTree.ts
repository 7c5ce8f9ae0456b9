/**
 * The hierarchy with each OSD's state, as `osdmaptool MAP --tree[=json|json-pretty]` and
 * `ceph osd tree` print it (Ceph's OSDMap::print_tree over CrushTreeDumper):
 * - Roots are the buckets that are nobody's item, in ascending id order; class shadow trees are
 *   left out (crushtool --tree shows them, the OSD tree does not).
 * - A bucket's children come in Ceph's key order (devices by `<class>_osd.<id as %08d>`,
 *   buckets by `_<name>`); the JSON lists each bucket's children in the reverse of that order.
 * - A device the OSD map does not hold prints as DNE with reweight 0; one that exists as up,
 *   destroyed or down with its reweight and primary affinity. OSDs that exist but are in no
 *   bucket come last (plain) or under "stray" (JSON).
 * - Every item but a root has "pool_weights": its parent's weight-set weights, per choose_args.
 */
import type { Bucket } from "../map/types.js";
import type { ClusterState } from "../placement/types.js";
import { formatG } from "./formatFloat.js";
import { formatWeight, padBytes } from "./tree.js";
import { utf8Length } from "../hash/utf8.js";

/** One item of the OSD tree, in print order. */
interface OsdTreeItem {
  readonly id: number;
  /** The parent bucket, or 0 for a root and a stray OSD. */
  readonly parent: number;
  readonly depth: number;
  /** 16.16: a root's own weight, else the weight its parent gives it (0 for a stray OSD). */
  readonly weight: number;
  /** Children in the order the JSON lists them. */
  readonly children: readonly number[];
}

/** The items of the OSD tree, depth first in Ceph's order, then the stray OSDs. */
function osdTreeItems(state: ClusterState): { nodes: OsdTreeItem[]; stray: OsdTreeItem[] } {
  const map = state.crush;
  const byId = new Map<number, Bucket>();
  for (const b of map.buckets) byId.set(b.id, b);
  const isItem = new Set<number>();
  for (const b of map.buckets) for (const it of b.items) isItem.add(it.id);
  const roots = map.buckets.filter((b) => !isItem.has(b.id) && !b.name.includes("~")).map((b) => b.id).sort((a, b) => a - b);
  const classOf = new Map<number, string>();
  for (const d of map.devices) if (d.class !== undefined) classOf.set(d.id, d.class);
  const nodes: OsdTreeItem[] = [];
  const touched = new Set<number>();
  // depth first with an explicit stack: hierarchies can be deep
  const stack: { id: number; parent: number; depth: number; weight: number }[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push({ id: roots[r]!, parent: 0, depth: 0, weight: bucketWeight(byId.get(roots[r]!)!) });
  while (stack.length > 0) {
    const v = stack.pop()!;
    touched.add(v.id);
    const bucket = v.id < 0 ? byId.get(v.id) : undefined;
    const children = bucket === undefined ? [] : sortedChildren(bucket, classOf, byId);
    nodes.push({ ...v, children: children.map((c) => c.id).reverse() });
    for (let k = children.length - 1; k >= 0; k--) stack.push({ id: children[k]!.id, parent: v.id, depth: v.depth + 1, weight: children[k]!.weight });
  }
  const stray: OsdTreeItem[] = [];
  for (const o of state.osds) if (o.exists && !touched.has(o.id)) stray.push({ id: o.id, parent: 0, depth: 0, weight: 0, children: [] });
  return { nodes, stray };
}

/** A bucket's children by Ceph's sort key (one entry per key: a repeated item keeps its first weight). */
function sortedChildren(bucket: Bucket, classOf: ReadonlyMap<number, string>, byId: ReadonlyMap<number, Bucket>): { id: number; weight: number }[] {
  const byKey = new Map<string, { id: number; weight: number }>();
  for (let k = bucket.items.length - 1; k >= 0; k--) {
    const it = bucket.items[k]!;
    const key = it.id >= 0 ? `${classOf.get(it.id) ?? ""}_osd.${String(it.id).padStart(8, "0")}` : `_${byId.get(it.id)?.name ?? ""}`;
    byKey.set(key, { id: it.id, weight: it.weight });
  }
  return [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => byKey.get(k)!);
}

function bucketWeight(b: Bucket): number {
  let sum = 0;
  for (const it of b.items) sum = (sum + it.weight) >>> 0;
  return sum;
}

/** What the OSD map says of OSD `id`: DNE, or up / down with reweight and primary affinity (as floats). */
function osdStatus(state: ClusterState, id: number): { exists: boolean; status: string; reweight: number; affinity: number } {
  const o = id < state.maxOsd ? state.osds[id] : undefined;
  if (o === undefined || !o.exists) return { exists: false, status: "down", reweight: 0, affinity: 1 };
  return { exists: true, status: o.up ? "up" : "down", reweight: Math.fround(o.weight / 0x10000), affinity: Math.fround(o.primaryAffinity / 0x10000) };
}

/**
 * The OSD tree as `osdmaptool MAP --tree` (`format` "plain") or `--tree=json` / `--tree=json-pretty`
 * prints it, byte for byte (Ceph 16.2–20.2).
 *
 * @group Placement
 *
 * @example
 * ```ts
 * process.stdout.write(formatOsdTree(state, "plain"));
 * ```
 */
export function formatOsdTree(state: ClusterState, format: "plain" | "json" | "json-pretty"): string {
  const { nodes, stray } = osdTreeItems(state);
  if (format === "plain") return plainTree(state, [...nodes, ...stray]);
  const doc = { nodes: nodes.map((n) => jsonItem(state, n)), stray: stray.map((n) => jsonItem(state, n)) };
  // osdmaptool ends the document with a newline of its own (after the formatter's, when pretty)
  return (format === "json" ? cephJson(doc) : cephJsonPretty(doc, "") + "\n") + "\n";
}

const HEADINGS = ["ID", "CLASS", "WEIGHT", "TYPE NAME", "STATUS", "REWEIGHT", "PRI-AFF"];

/** Ceph's TextTable: headings left aligned, cells right aligned but TYPE NAME's, two spaces apart. */
function plainTree(state: ClusterState, items: readonly OsdTreeItem[]): string {
  const map = state.crush;
  const typeName = new Map(map.types.map((t) => [t.id, t.name]));
  const byId = new Map(map.buckets.map((b) => [b.id, b]));
  const classOf = new Map<number, string>();
  for (const d of map.devices) if (d.class !== undefined) classOf.set(d.id, d.class);
  const rows = items.map((it) => {
    const b = byId.get(it.id);
    const label = it.id < 0 ? `${typeName.get(b?.type ?? -1) ?? ""} ${b?.name ?? ""}` : `osd.${it.id}`;
    const cells = [String(it.id), classOf.get(it.id) ?? "", formatWeight(it.weight), "    ".repeat(it.depth) + label];
    if (it.id >= 0) {
      const s = osdStatus(state, it.id);
      if (!s.exists) cells.push("DNE", "0");
      else cells.push(s.status, formatWeight(s.reweight * 0x10000), formatWeight(s.affinity * 0x10000));
    }
    while (cells.length < HEADINGS.length) cells.push("");
    return cells;
  });
  const widths = HEADINGS.map((h) => h.length);
  for (const cells of rows) for (let c = 0; c < cells.length; c++) widths[c] = Math.max(widths[c]!, utf8Length(cells[c]!));
  const lines = [HEADINGS.map((h, c) => h.padEnd(widths[c]!)).join("  ")];
  for (const cells of rows) lines.push(cells.map((cell, c) => (c === 3 ? padBytes(cell, widths[c]!, true) : padBytes(cell, widths[c]!, false))).join("  "));
  return lines.join("\n") + "\n";
}

type Json = number | string | Json[] | { readonly [key: string]: Json };

/** One item as CrushTreeDumper's and OSDTreeFormattingDumper's fields give it, in their order. */
function jsonItem(state: ClusterState, it: OsdTreeItem): Record<string, Json> {
  const map = state.crush;
  const out: Record<string, Json> = { id: it.id };
  const cls = it.id >= 0 ? map.devices.find((d) => d.id === it.id)?.class : undefined;
  if (cls !== undefined) out["device_class"] = cls;
  if (it.id < 0) {
    const b = map.buckets.find((q) => q.id === it.id)!;
    out["name"] = b.name;
    out["type"] = map.types.find((t) => t.id === b.type)?.name ?? "";
    out["type_id"] = b.type;
  } else {
    out["name"] = `osd.${it.id}`;
    out["type"] = map.types.find((t) => t.id === 0)?.name ?? "";
    out["type_id"] = 0;
    out["crush_weight"] = Math.fround(it.weight / 0x10000);
    out["depth"] = it.depth;
  }
  if (it.parent < 0) out["pool_weights"] = poolWeights(state, it.parent, it.id);
  if (it.id < 0) out["children"] = [...it.children];
  else {
    const s = osdStatus(state, it.id);
    out["exists"] = s.exists ? 1 : 0;
    out["status"] = s.status;
    out["reweight"] = s.reweight;
    out["primary_affinity"] = s.affinity;
  }
  return out;
}

/** The parent's weight-set weights for one child, per choose_args set (named by its pool; `(compat)` for -1). */
function poolWeights(state: ClusterState, parent: number, id: number): Record<string, Json> {
  const map = state.crush;
  const out: Record<string, Json> = {};
  const bucket = map.buckets.find((b) => b.id === parent);
  if (bucket === undefined) return out;
  const pos = bucket.items.findIndex((i) => i.id === id);
  for (const ca of [...map.chooseArgs].sort((a, b) => a.id - b.id)) {
    const arg = ca.buckets.find((a) => a.bucketId === parent);
    const sets = arg?.weightSet;
    if (sets === undefined || sets.length === 0) continue;
    const name = ca.id === -1 ? "(compat)" : (state.pools.find((p) => p.id === ca.id)?.name ?? String(ca.id));
    const at = (row: readonly number[]): number => Math.fround((row[pos] ?? 0) / 0x10000);
    out[name] = sets.map(at);
  }
  return out;
}

/** A number as Ceph's JSON formatter prints it: integers as they are, others with 17 digits. */
function jsonNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : formatG(x, 17);
}

function cephJson(v: Json): string {
  if (typeof v === "number") return jsonNumber(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(cephJson).join(",")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${cephJson(x)}`).join(",")}}`;
}

/** Ceph's pretty JSON: four spaces a level, one member per line, `{}` and `[]` when empty. */
function cephJsonPretty(v: Json, indent: string): string {
  if (typeof v !== "object") return cephJson(v);
  const inner = indent + "    ";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[\n${v.map((x) => inner + cephJsonPretty(x, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${cephJsonPretty(x, inner)}`).join(",\n")}\n${indent}}`;
}
