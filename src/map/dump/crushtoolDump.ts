/**
 * `crushtool --dump`: the map as Ceph's CrushWrapper::dump prints it (devices, types, buckets
 * with their class shadows, rules, tunables with the profile and feature summary, choose_args),
 * for the formats of Ceph 16.2 (rules carry ruleset, min_size, max_size) and 18.2/20.2 (they do
 * not; 20.2 adds the MSR tunables).
 */
import { classTrees, resolveTake } from "../classes.js";
import type { CephRelease } from "../release.js";
import { type Bucket, type ChooseArgs, type CrushMap, type Rule, type RuleStep } from "../types.js";
import { float, formatCephJson, list, section, type CephJson } from "./cephJson.js";
import { formatCephTable } from "./cephTable.js";
import { formatCephXml } from "./cephXml.js";
import { tunablesSection } from "./tunablesDump.js";

/**
 * Options of {@link crushtoolDump}.
 *
 * @group Maps
 */
export interface DumpOptions {
  /** Whose format (default 20). */
  readonly release?: CephRelease;
  /** `-f json` (compact) instead of the default `json-pretty`; ignored when `format` is given. */
  readonly compact?: boolean;
  /** crushtool's `-f` (default `json-pretty`, or `json` when `compact`). */
  readonly format?: DumpFormat;
}

/**
 * The `-f` values of `crushtool --dump` that crushmap prints byte for byte.
 *
 * @group Maps
 */
export type DumpFormat = "json" | "json-pretty" | "xml" | "xml-pretty" | "html" | "html-pretty" | "table" | "table-kv";


const FORMATS: readonly DumpFormat[] = ["json", "json-pretty", "xml", "xml-pretty", "html", "html-pretty", "table", "table-kv"];

/**
 * The format crushtool's `-f TEXT` selects: TEXT itself when it names one (case matters), and
 * otherwise, as Ceph's formatter factory falls back, `json-pretty`.
 *
 * @group Maps
 */
export function dumpFormat(text: string): DumpFormat {
  return (FORMATS as readonly string[]).includes(text) ? (text as DumpFormat) : "json-pretty";
}

const ALG_NAME: Readonly<Record<string, string>> = { uniform: "uniform", list: "list", tree: "tree", straw: "straw", straw2: "straw2" };

/**
 * What `crushtool -i MAP --dump` prints for `map`, byte for byte (the trailing blank line
 * included).
 *
 * @group Maps
 */
export function crushtoolDump(map: CrushMap, options: DumpOptions = {}): string {
  const release = options.release ?? 20;
  const shadows = classTrees(map);
  const buckets = [...map.buckets, ...shadows].sort((a, b) => b.id - a.id);
  const names = new Map<number, string>();
  for (const d of map.devices) names.set(d.id, d.name);
  for (const b of buckets) names.set(b.id, b.name);
  const typeName = new Map(map.types.map((t) => [t.id, t.name]));
  const doc = section([
    ["devices", list(devicesOf(map), "device")],
    ["types", list(typesOf(map), "type")],
    ["buckets", list(buckets.map((b) => bucketSection(b, typeName)), "bucket")],
    ["rules", list(map.rules.map((r) => ruleSection(map, r, names, typeName, release)), "rule")],
    ["tunables", tunablesSection(map, buckets, release)],
    ["choose_args", chooseArgsSection(map.chooseArgs, buckets)],
  ]);
  const format = options.format ?? (options.compact === true ? "json" : "json-pretty");
  const pretty = format.endsWith("-pretty");
  // then crushtool's own newline (and, pretty, the formatter's before it)
  if (format === "table" || format === "table-kv") return formatCephTable(doc, "crush_map", format === "table-kv") + "\n";
  const markup = format.startsWith("xml") ? "xml" : format.startsWith("html") ? "html" : undefined;
  const text = markup === undefined ? formatCephJson(doc, pretty) : formatCephXml(doc, "crush_map", pretty, markup);
  return text + (pretty ? "\n\n" : "\n");
}

/** Every id below the highest device: one without a name is called `deviceN`, as in Ceph. */
function devicesOf(map: CrushMap): CephJson[] {
  const byId = new Map(map.devices.map((d) => [d.id, d]));
  const top = map.devices.reduce((m, d) => Math.max(m, d.id), -1);
  const out: CephJson[] = [];
  for (let id = 0; id <= top; id++) {
    const d = byId.get(id);
    out.push(section([["id", id], ["name", d?.name ?? `device${id}`], ...(d?.class === undefined ? [] : [["class", d.class] as const])]));
  }
  return out;
}

/** The named types; a map without a type 0 still lists it, as `device`. */
function typesOf(map: CrushMap): CephJson[] {
  const out = map.types.map((t) => section([["type_id", t.id], ["name", t.name]]));
  if (!map.types.some((t) => t.id === 0)) out.unshift(section([["type_id", 0], ["name", "device"]]));
  return out;
}

/** Binary opcodes of the steps 16.2's dump prints only by number. */
const OPCODE: Readonly<Record<string, number>> = {
  set_choose_local_tries: 10,
  set_choose_local_fallback_tries: 11,
  set_chooseleaf_vary_r: 12,
  set_chooseleaf_stable: 13,
};

function bucketSection(b: Bucket, typeName: ReadonlyMap<number, string>): CephJson {
  // a bucket's weight is held in 32 bits (Ceph lets it wrap)
  const total = b.items.reduce((s, it) => (s + it.weight) % 0x100000000, 0);
  return section([
    ["id", b.id],
    ["name", b.name],
    ["type_id", b.type],
    ["type_name", typeName.get(b.type) ?? ""],
    ["weight", total],
    ["alg", ALG_NAME[b.alg] ?? "unknown"],
    ["hash", b.hash === 0 ? "rjenkins1" : "unknown"],
    ["items", list(b.items.map((it, pos) => section([["id", it.id], ["weight", it.weight], ["pos", pos]])), "item")],
  ]);
}

function ruleSection(map: CrushMap, r: Rule, names: ReadonlyMap<number, string>, typeName: ReadonlyMap<number, string>, release: CephRelease): CephJson {
  // a rule without a name (possible in a binary map) has no rule_name member
  const head: (readonly [string, CephJson])[] = [["rule_id", r.id], ...(r.name === "" ? [] : [["rule_name", r.name] as const])];
  if (release === 16) head.push(["ruleset", r.id], ["type", r.type], ["min_size", r.minSize], ["max_size", r.maxSize]);
  else head.push(["type", r.type]);
  head.push(["steps", list(r.steps.map((s) => stepSection(map, s, names, typeName)), "step")]);
  return section(head);
}

function stepSection(map: CrushMap, s: RuleStep, names: ReadonlyMap<number, string>, typeName: ReadonlyMap<number, string>): CephJson {
  switch (s.op) {
    case "take": {
      const item = s.class === undefined ? s.item : resolveTake(map, s.item, s.class);
      return section([["op", "take"], ["item", item], ["item_name", names.get(item) ?? ""]]);
    }
    case "choose":
    case "chooseleaf":
      return section([["op", `${s.op}_${s.mode}`], ["num", s.num], ["type", typeName.get(s.type) ?? ""]]);
    case "choosemsr":
      return section([["op", "choosemsr"], ["num", s.num], ["type", typeName.get(s.type) ?? ""]]);
    case "emit":
      return section([["op", "emit"]]);
    case "noop":
      return section([["op", "noop"]]);
    case "set_choose_tries":
    case "set_chooseleaf_tries":
    case "set_msr_descents":
    case "set_msr_collision_tries":
      return section([["op", s.op], ["num", s.value]]);
    default:
      // Ceph's dump names the oldest set steps and the MSR ones; the others print as their opcode
      return section([["opcode", OPCODE[s.op] ?? 0], ["arg1", s.value], ["arg2", 0]]);
  }
}

/** choose_args by id; per set, the buckets (by index, as Ceph stores them) that have any. */
function chooseArgsSection(sets: readonly ChooseArgs[], buckets: readonly Bucket[]): CephJson {
  const order = new Map(buckets.map((b, i) => [b.id, i]));
  return section(
    [...sets]
      .sort((a, b) => a.id - b.id)
      .map((set) => {
        const entries = set.buckets
          .filter((a) => (a.weightSet?.length ?? 0) > 0 || (a.ids?.length ?? 0) > 0)
          .sort((a, b) => (order.get(a.bucketId) ?? 0) - (order.get(b.bucketId) ?? 0))
          .map((a) => {
            const members: (readonly [string, CephJson])[] = [["bucket_id", a.bucketId]];
            if (a.weightSet !== undefined && a.weightSet.length > 0) members.push(["weight_set", list(a.weightSet.map((ws) => list(ws.map((w) => float(Math.fround(Math.fround(w) / 0x10000))), "weight")), "weights")]);
            if (a.ids !== undefined && a.ids.length > 0) members.push(["ids", list(a.ids, "id")]);
            return section(members);
          });
        return [String(set.id), list(entries, "choose_args")] as const;
      }),
  );
}
