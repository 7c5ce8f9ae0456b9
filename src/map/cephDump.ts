/**
 * Ceph's JSON form of a crush map — what `ceph osd crush dump` and `crushtool --dump` print
 * (CrushWrapper::dump), and the `crushmap` section of `ceph report` — read into the model.
 *
 * The dump is turned into the sections a binary map holds and handed to the binary decoder's
 * second half, so shadow buckets, `take … class` and stored shadow items follow exactly the rules
 * of a binary map. What the dump does not carry is derived as Ceph derives it: straw lengths,
 * list sums and tree node weights from the item weights (the dump has no stored copies to keep),
 * and class ids, which the dump leaves out, in the order the classes first appear over the
 * devices and then the shadow buckets. Class ids never change a mapping; they only decide the
 * numbers a binary map written from the result stores. A bucket hash the dump names `unknown`
 * (any hash but rjenkins1) cannot be recovered and is refused. The placeholders the dump prints
 * for what the map lacks are read as absent: a `deviceN` with no class in no bucket (a hole
 * below max_devices). A missing type 0 comes back named `device`, as the dump prints it.
 */
import { buildMap } from "./binary/decodeModel.js";
import type { RawBucket, RawMap, RawRule, RawStep } from "./binary/decode.js";
import { bucketArraySize, STEP_OP } from "./binary/format.js";
import { CrushMapError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import { LEGACY_TUNABLES } from "./tunables.js";
import type { BucketAlg, ChooseArgBucket, ChooseArgs, CrushMap, Tunables } from "./types.js";

type Json = Record<string, unknown>;
type MutableTunables = { -readonly [K in keyof Tunables]: Tunables[K] };

const ALGS: ReadonlySet<string> = new Set(["uniform", "list", "tree", "straw", "straw2"]);

/** Dump tunable names → model keys (the dump's other tunables entries are derived reports). */
const TUNABLE_NAMES: readonly (readonly [string, keyof Tunables])[] = [
  ["choose_local_tries", "chooseLocalTries"],
  ["choose_local_fallback_tries", "chooseLocalFallbackTries"],
  ["choose_total_tries", "chooseTotalTries"],
  ["chooseleaf_descend_once", "chooseleafDescendOnce"],
  ["chooseleaf_vary_r", "chooseleafVaryR"],
  ["chooseleaf_stable", "chooseleafStable"],
  ["straw_calc_version", "strawCalcVersion"],
  ["allowed_bucket_algs", "allowedBucketAlgs"],
  ["msr_descents", "msrDescents"],
  ["msr_collision_tries", "msrCollisionTries"],
];

function fail(path: string, what: string): never {
  throw new CrushMapError(`crush dump ${path}: ${what}`);
}

function object(v: unknown, path: string): Json {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "must be an object");
  return v as Json;
}

function list(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, "must be an array");
  return v;
}

function int(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) fail(path, `must be an integer, not ${JSON.stringify(v)}`);
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, "must be a string");
  return v;
}

/** A 16.16 weight the dump prints as a decimal (choose_args weight sets). */
function fixed(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail(path, `must be a non-negative number, not ${JSON.stringify(v)}`);
  return Math.round(v * 0x10000);
}

/**
 * True when `json` looks like Ceph's crush dump (or a `ceph report` holding one), not
 * crushmap's own JSON form.
 *
 * @group Maps
 */
export function isCephCrushDump(json: unknown): boolean {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return false;
  const o = json as Json;
  if (o.crushmap !== undefined && typeof o.crushmap === "object") return isCephCrushDump(o.crushmap);
  return Array.isArray(o.buckets) && Array.isArray(o.rules) && Array.isArray(o.devices) && o.format === undefined;
}

/**
 * Reads Ceph's JSON crush map (`ceph osd crush dump`, `crushtool --dump`, or a whole
 * `ceph report`, whose `crushmap` section is used) into a frozen map. Validate it as any loaded
 * map (`loadCrushMap` does).
 *
 * @group Maps
 *
 * @throws {@link CrushMapError} naming the field for a document that is not such a dump, a
 * bucket whose hash the dump gives as `unknown`, a type or bucket a step names that the map does
 * not have, and the inconsistencies the binary decoder refuses (a shadow bucket whose real
 * bucket is missing, …).
 *
 * @example
 * ```ts
 * const map = validateMap(mapFromCephDump(JSON.parse(readFileSync("crush.json", "utf8"))));
 * ```
 */
export function mapFromCephDump(json: unknown): CrushMap {
  let root = object(json, "$");
  if (root.crushmap !== undefined && root.buckets === undefined) root = object(root.crushmap, "$.crushmap");
  const typeNames = new Map<number, string>();
  const typeIds = new Map<string, number>();
  list(root.types, "$.types").forEach((v, i) => {
    const t = object(v, `$.types[${i}]`);
    const id = int(t.type_id, `$.types[${i}].type_id`);
    const name = text(t.name, `$.types[${i}].name`);
    typeNames.set(id, name);
    typeIds.set(name, id);
  });
  const itemNames = new Map<number, string>();
  const classNames = new Map<number, string>();
  const classIds = new Map<string, number>();
  const classId = (name: string): number => {
    let id = classIds.get(name);
    if (id === undefined) {
      id = classIds.size;
      classIds.set(name, id);
      classNames.set(id, name);
    }
    return id;
  };
  const classOfItem = new Map<number, number>();
  const buckets = list(root.buckets, "$.buckets").map((v, i) => dumpBucket(object(v, `$.buckets[${i}]`), `$.buckets[${i}]`, itemNames));
  const inBuckets = new Set<number>();
  for (const b of buckets) for (const it of b.items) inBuckets.add(it.id);
  list(root.devices, "$.devices").forEach((v, i) => {
    const d = object(v, `$.devices[${i}]`);
    const id = int(d.id, `$.devices[${i}].id`);
    const name = text(d.name, `$.devices[${i}].name`);
    // the dump fills each hole below max_devices with a 'deviceN' the map never stored
    if (name === `device${id}` && d.class === undefined && !inBuckets.has(id)) return;
    itemNames.set(id, name);
    if (d.class !== undefined) classOfItem.set(id, classId(text(d.class, `$.devices[${i}].class`)));
  });
  const classBucket = shadowTable(buckets, itemNames, classId, classOfItem);
  const ruleNames = new Map<number, string>();
  const rules = list(root.rules, "$.rules").map((v, i) => {
    const r = object(v, `$.rules[${i}]`);
    const rule = dumpRule(r, `$.rules[${i}]`, typeIds);
    if (r.rule_name !== undefined) ruleNames.set(rule.id, text(r.rule_name, `$.rules[${i}].rule_name`));
    return rule;
  });
  const raw: RawMap = {
    buckets,
    rules,
    typeNames,
    itemNames,
    ruleNames,
    tunables: dumpTunables(root.tunables),
    classOfItem,
    classNames,
    classBucket,
    chooseArgs: dumpChooseArgs(root.choose_args),
    // the dump does not print the bucket array's size: Ceph's builder's, for the ids it holds
    maxBuckets: bucketArraySize(buckets.reduce((m, b) => Math.max(m, -1 - b.id), -1)),
  };
  return deepFreeze(buildMap(raw, (what) => new CrushMapError(`crush dump: ${what}`)));
}

function dumpBucket(b: Json, path: string, itemNames: Map<number, string>): RawBucket {
  const id = int(b.id, `${path}.id`);
  itemNames.set(id, text(b.name, `${path}.name`));
  const alg = text(b.alg, `${path}.alg`);
  if (!ALGS.has(alg)) fail(`${path}.alg`, `unknown bucket algorithm '${alg}'`);
  const hashName = text(b.hash, `${path}.hash`);
  if (hashName !== "rjenkins1") {
    fail(`${path}.hash`, `'${hashName}': the dump names no hash but rjenkins1, so this bucket's hash cannot be read back (use the binary map)`);
  }
  const entries = list(b.items, `${path}.items`).map((v, i) => {
    const it = object(v, `${path}.items[${i}]`);
    const pos = it.pos === undefined ? i : int(it.pos, `${path}.items[${i}].pos`);
    return { pos, id: int(it.id, `${path}.items[${i}].id`), weight: int(it.weight, `${path}.items[${i}].weight`) };
  });
  entries.sort((x, y) => x.pos - y.pos);
  const items = entries.map((e) => ({ id: e.id, weight: e.weight }));
  return { id, type: int(b.type_id, `${path}.type_id`), alg: alg as BucketAlg, hash: 0, items, at: 0 };
}

/**
 * class_bucket as a binary map stores it, rebuilt from the shadow buckets' names
 * (`bucket~class`); each shadow bucket's class goes into class_map as Ceph keeps it there.
 */
function shadowTable(
  buckets: readonly RawBucket[],
  itemNames: ReadonlyMap<number, string>,
  classId: (name: string) => number,
  classOfItem: Map<number, number>,
): Map<number, Map<number, number>> {
  const idOfName = new Map<string, number>();
  for (const b of buckets) idOfName.set(itemNames.get(b.id)!, b.id);
  const table = new Map<number, Map<number, number>>();
  for (const b of buckets) {
    const name = itemNames.get(b.id)!;
    const tilde = name.indexOf("~");
    if (tilde < 0) continue;
    const real = idOfName.get(name.slice(0, tilde));
    // a '~' name with no real bucket of that name: the decoder names the inconsistency
    if (real === undefined) continue;
    const c = classId(name.slice(tilde + 1));
    classOfItem.set(b.id, c);
    let byClass = table.get(real);
    if (byClass === undefined) table.set(real, (byClass = new Map()));
    byClass.set(c, b.id);
  }
  return table;
}

/** Step names of the dump → opcodes; a step Ceph cannot name it prints as `opcode`/`arg1`/`arg2`. */
const NAMED_OPS: ReadonlyMap<string, number> = new Map(Object.entries(STEP_OP));

function dumpRule(r: Json, path: string, typeIds: ReadonlyMap<string, number>): RawRule {
  const id = int(r.rule_id, `${path}.rule_id`);
  const steps = list(r.steps, `${path}.steps`).map((v, i): RawStep => {
    const p = `${path}.steps[${i}]`;
    const s = object(v, p);
    if (s.op === undefined) return { op: int(s.opcode, `${p}.opcode`), arg1: int(s.arg1, `${p}.arg1`), arg2: int(s.arg2, `${p}.arg2`), at: 0 };
    const opName = text(s.op, `${p}.op`);
    const op = NAMED_OPS.get(opName);
    if (op === undefined) fail(`${p}.op`, `unknown rule step '${opName}'`);
    if (op === STEP_OP.take) return { op, arg1: int(s.item, `${p}.item`), arg2: 0, at: 0 };
    const arg1 = s.num === undefined ? 0 : int(s.num, `${p}.num`);
    if (s.type === undefined) return { op, arg1, arg2: 0, at: 0 };
    const typeName = text(s.type, `${p}.type`);
    const type = typeIds.get(typeName);
    if (type === undefined) fail(`${p}.type`, `type '${typeName}' is not among the map's types`);
    return { op, arg1, arg2: type, at: 0 };
  });
  // Ceph 18 and later print no min_size/max_size: their binaries store 1 and 100
  const minSize = r.min_size === undefined ? 1 : int(r.min_size, `${path}.min_size`);
  const maxSize = r.max_size === undefined ? 100 : int(r.max_size, `${path}.max_size`);
  return { id, type: int(r.type, `${path}.type`), minSize, maxSize, steps, at: 0 };
}

function dumpTunables(v: unknown): Tunables {
  const t: MutableTunables = { ...LEGACY_TUNABLES };
  if (v === undefined) return t;
  const o = object(v, "$.tunables");
  for (const [name, key] of TUNABLE_NAMES) if (o[name] !== undefined) t[key] = int(o[name], `$.tunables.${name}`);
  return t;
}

function dumpChooseArgs(v: unknown): ChooseArgs[] {
  if (v === undefined) return [];
  const o = object(v, "$.choose_args");
  const out: ChooseArgs[] = [];
  for (const key of Object.keys(o)) if (!/^-?\d+$/.test(key)) fail(`$.choose_args.${key}`, "the key must be a weight-set id");
  // by id, as Ceph's std::map prints them (never the document's key order)
  for (const key of Object.keys(o).sort((a, b) => Number(a) - Number(b))) {
    const path = `$.choose_args.${key}`;
    const buckets = list(o[key], path).map((e, i): ChooseArgBucket => {
      const p = `${path}[${i}]`;
      const b = object(e, p);
      const bucketId = int(b.bucket_id, `${p}.bucket_id`);
      const weightSet = b.weight_set === undefined ? undefined : list(b.weight_set, `${p}.weight_set`).map((row, j) => list(row, `${p}.weight_set[${j}]`).map((w, k) => fixed(w, `${p}.weight_set[${j}][${k}]`)));
      const ids = b.ids === undefined ? undefined : list(b.ids, `${p}.ids`).map((x, k) => int(x, `${p}.ids[${k}]`));
      return { bucketId, ...(weightSet === undefined ? {} : { weightSet }), ...(ids === undefined ? {} : { ids }) };
    });
    out.push({ id: Number(key), buckets });
  }
  return out;
}
