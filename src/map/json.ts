/**
 * A JSON form of the map model that round-trips exactly:
 * `mapFromJSON(JSON.parse(JSON.stringify(mapToJSON(m))))` deep-equals `m`.
 *
 * It mirrors the model field for field, except that weights are written under names that say
 * they are 16.16 fixed-point integers (`fixedWeight`, `fixedWeightSet`: 65536 is 1.0), so nobody
 * mistakes them for the decimals `ceph osd tree` prints. Optional fields are left out when absent.
 */
import { CrushMapError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import type {
  Bucket,
  BucketAlg,
  BucketItem,
  ChooseArgBucket,
  ChooseArgs,
  ClassBucketId,
  CrushMap,
  Device,
  DeviceClass,
  Rule,
  RuleStep,
  Tunables,
  TypeDef,
} from "./types.js";
import { LEGACY_TUNABLES } from "./tunables.js";
import { validateMap } from "./validate.js";
import { SET_STEP_OPS, TUNABLE_KEYS } from "./types.js";

/** Marks the document so a reader can tell it from Ceph's own `crushtool --dump` JSON. */
export const CRUSHMAP_JSON_FORMAT = "crushmap";
export const CRUSHMAP_JSON_VERSION = 1;

/**
 * A bucket's item in crushmap's JSON form: the child's id and its 16.16 weight as an integer, so
 * the JSON round-trips exactly.
 *
 * @group Maps
 */
export interface BucketItemJSON {
  readonly id: number;
  /** 16.16 fixed point: 65536 is a weight of 1.0. */
  readonly fixedWeight: number;
}

/** What a binary map stored for a bucket beside its items (see `Bucket.straws` and the others). */
export interface StoredDerivedJSON {
  readonly straws?: readonly number[];
  readonly nodeWeights?: readonly number[];
  readonly sumWeights?: readonly number[];
}

/**
 * A bucket's per-class shadow copy in the JSON form: its class, its id and, when a binary map
 * stored something other than what Ceph derives, what it stored.
 *
 * @group Maps
 */
export interface ClassBucketIdJSON extends StoredDerivedJSON {
  readonly class: string;
  readonly id: number;
  /** The stored items of this shadow copy, when they differ from the derived ones. */
  readonly items?: readonly BucketItemJSON[];
}

/**
 * A bucket in crushmap's JSON form (`mapToJSON`): the model's `Bucket` with integer weights.
 *
 * @group Maps
 */
export interface BucketJSON extends StoredDerivedJSON {
  readonly id: number;
  readonly name: string;
  readonly type: number;
  readonly alg: BucketAlg;
  readonly hash: number;
  readonly items: readonly BucketItemJSON[];
  readonly classIds?: readonly ClassBucketIdJSON[];
}

/**
 * One bucket's entry of a weight set (choose_args) in the JSON form.
 *
 * @group Maps
 */
export interface ChooseArgBucketJSON {
  readonly bucketId: number;
  /** One vector of 16.16 weights per replica position. */
  readonly fixedWeightSet?: readonly (readonly number[])[];
  readonly ids?: readonly number[];
}

/**
 * A weight set (Ceph's choose_args; id -1 is the default set) in the JSON form.
 *
 * @group Maps
 */
export interface ChooseArgsJSON {
  readonly id: number;
  readonly buckets: readonly ChooseArgBucketJSON[];
}

/** The JSON document: see the module comment. */
export interface CrushMapJSON {
  readonly format: typeof CRUSHMAP_JSON_FORMAT;
  readonly version: typeof CRUSHMAP_JSON_VERSION;
  readonly tunables: Tunables;
  readonly devices: readonly Device[];
  readonly types: readonly TypeDef[];
  readonly buckets: readonly BucketJSON[];
  readonly rules: readonly Rule[];
  readonly classes: readonly DeviceClass[];
  readonly chooseArgs: readonly ChooseArgsJSON[];
}

/**
 * The JSON form of a map. Plain data, safe for `JSON.stringify`.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(mapToJSON(map), null, 2);
 * const again = mapFromJSON(JSON.parse(text)); // deep-equals map
 * ```
 */
export function mapToJSON(map: CrushMap): CrushMapJSON {
  const t = map.tunables;
  return {
    format: CRUSHMAP_JSON_FORMAT,
    version: CRUSHMAP_JSON_VERSION,
    tunables: {
      chooseLocalTries: t.chooseLocalTries,
      chooseLocalFallbackTries: t.chooseLocalFallbackTries,
      chooseTotalTries: t.chooseTotalTries,
      chooseleafDescendOnce: t.chooseleafDescendOnce,
      chooseleafVaryR: t.chooseleafVaryR,
      chooseleafStable: t.chooseleafStable,
      strawCalcVersion: t.strawCalcVersion,
      allowedBucketAlgs: t.allowedBucketAlgs,
      msrDescents: t.msrDescents,
      msrCollisionTries: t.msrCollisionTries,
    },
    devices: map.devices.map((d) => ({ id: d.id, name: d.name, ...(d.class === undefined ? {} : { class: d.class }), ...(d.unnamed === true ? { unnamed: true as const } : {}) })),
    types: map.types.map((ty) => ({ id: ty.id, name: ty.name })),
    buckets: map.buckets.map((b) => {
      const out: BucketJSON = {
        id: b.id,
        name: b.name,
        type: b.type,
        alg: b.alg,
        hash: b.hash,
        items: itemsToJSON(b.items),
        ...(b.classIds !== undefined ? { classIds: b.classIds.map(classIdToJSON) } : {}),
        ...storedToJSON(b),
      };
      return out;
    }),
    rules: map.rules.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      minSize: r.minSize,
      maxSize: r.maxSize,
      steps: r.steps.map(stepToJSON),
    })),
    classes: map.classes.map((c) => ({ id: c.id, name: c.name })),
    chooseArgs: map.chooseArgs.map((ca) => ({
      id: ca.id,
      buckets: ca.buckets.map((a) => {
        const out: { bucketId: number; fixedWeightSet?: number[][]; ids?: number[] } = { bucketId: a.bucketId };
        if (a.weightSet !== undefined) out.fixedWeightSet = a.weightSet.map((v) => [...v]);
        if (a.ids !== undefined) out.ids = [...a.ids];
        return out;
      }),
    })),
  };
}

function itemsToJSON(items: readonly BucketItem[]): BucketItemJSON[] {
  return items.map((it) => ({ id: it.id, fixedWeight: it.weight }));
}

function storedToJSON(b: StoredDerivedJSON): StoredDerivedJSON {
  return {
    ...(b.straws !== undefined ? { straws: [...b.straws] } : {}),
    ...(b.nodeWeights !== undefined ? { nodeWeights: [...b.nodeWeights] } : {}),
    ...(b.sumWeights !== undefined ? { sumWeights: [...b.sumWeights] } : {}),
  };
}

function classIdToJSON(c: ClassBucketId): ClassBucketIdJSON {
  return { class: c.class, id: c.id, ...(c.items !== undefined ? { items: itemsToJSON(c.items) } : {}), ...storedToJSON(c) };
}

function stepToJSON(s: RuleStep): RuleStep {
  switch (s.op) {
    case "take":
      return s.class === undefined ? { op: s.op, item: s.item } : { op: s.op, item: s.item, class: s.class };
    case "choose":
    case "chooseleaf":
      return { op: s.op, mode: s.mode, num: s.num, type: s.type };
    case "choosemsr":
      return { op: s.op, num: s.num, type: s.type };
    case "emit":
    case "noop":
      return { op: s.op };
    default:
      return { op: s.op, value: s.value };
  }
}

/**
 * Reads the JSON form back into a frozen, validated map. Anything malformed — a wrong type, a
 * missing or unknown field — throws a `CrushMapError` whose message gives the JSON path
 * (`buckets[2].items[0].fixedWeight`); then the map goes through `validateMap`.
 */
export function mapFromJSON(json: unknown): CrushMap {
  const root = obj(json, "$", ["format", "version", "tunables", "devices", "types", "buckets", "rules", "classes", "chooseArgs"], []);
  if (root.get("format") !== CRUSHMAP_JSON_FORMAT) fail("$.format", `must be ${JSON.stringify(CRUSHMAP_JSON_FORMAT)}`);
  if (root.get("version") !== CRUSHMAP_JSON_VERSION) fail("$.version", `must be ${CRUSHMAP_JSON_VERSION}`);

  // The MSR tunables came with Ceph 19; documents written before crushmap knew them leave them
  // out and get Ceph's default for a map that does not store them.
  const tunablesObj = obj(root.get("tunables"), "$.tunables", CLASSIC_TUNABLE_KEYS, MSR_TUNABLE_KEYS);
  const tunables = Object.freeze(
    Object.fromEntries(
      TUNABLE_KEYS.map((k) => [k, tunablesObj.has(k) ? num(tunablesObj.get(k), `$.tunables.${k}`) : LEGACY_TUNABLES[k]]),
    ) as unknown as Tunables,
  );

  const devices = arr(root.get("devices"), "$.devices", (v, p): Device => {
    const o = obj(v, p, ["id", "name"], ["class", "unnamed"]);
    const id = num(o.get("id"), `${p}.id`);
    const name = str(o.get("name"), `${p}.name`);
    if (o.has("unnamed") && o.get("unnamed") !== true) fail(`${p}.unnamed`, "must be true when present");
    return { id, name, ...(o.has("class") ? { class: str(o.get("class"), `${p}.class`) } : {}), ...(o.has("unnamed") ? { unnamed: true as const } : {}) };
  });
  const types = arr(root.get("types"), "$.types", (v, p): TypeDef => {
    const o = obj(v, p, ["id", "name"], []);
    return { id: num(o.get("id"), `${p}.id`), name: str(o.get("name"), `${p}.name`) };
  });
  const classes = arr(root.get("classes"), "$.classes", (v, p): DeviceClass => {
    const o = obj(v, p, ["id", "name"], []);
    return { id: num(o.get("id"), `${p}.id`), name: str(o.get("name"), `${p}.name`) };
  });
  const buckets = arr(root.get("buckets"), "$.buckets", (v, p): Bucket => {
    const o = obj(v, p, ["id", "name", "type", "alg", "hash", "items"], ["classIds", ...STORED_KEYS]);
    const alg = str(o.get("alg"), `${p}.alg`);
    if (!ALGS.has(alg)) fail(`${p}.alg`, `unknown bucket alg ${JSON.stringify(alg)}`);
    const bucket: Bucket = {
      id: num(o.get("id"), `${p}.id`),
      name: str(o.get("name"), `${p}.name`),
      type: num(o.get("type"), `${p}.type`),
      alg: alg as BucketAlg,
      hash: num(o.get("hash"), `${p}.hash`),
      items: itemsFromJSON(o.get("items"), `${p}.items`),
      ...(o.has("classIds") ? { classIds: arr(o.get("classIds"), `${p}.classIds`, classIdFromJSON) } : {}),
      ...storedFromJSON(o, p),
    };
    return bucket;
  });
  const rules = arr(root.get("rules"), "$.rules", (v, p): Rule => {
    const o = obj(v, p, ["id", "name", "type", "minSize", "maxSize", "steps"], []);
    return {
      id: num(o.get("id"), `${p}.id`),
      name: str(o.get("name"), `${p}.name`),
      type: num(o.get("type"), `${p}.type`),
      minSize: num(o.get("minSize"), `${p}.minSize`),
      maxSize: num(o.get("maxSize"), `${p}.maxSize`),
      steps: arr(o.get("steps"), `${p}.steps`, stepFromJSON),
    };
  });
  const chooseArgs = arr(root.get("chooseArgs"), "$.chooseArgs", (v, p): ChooseArgs => {
    const o = obj(v, p, ["id", "buckets"], []);
    return {
      id: num(o.get("id"), `${p}.id`),
      buckets: arr(o.get("buckets"), `${p}.buckets`, (bv, bp): ChooseArgBucket => {
        const bo = obj(bv, bp, ["bucketId"], ["fixedWeightSet", "ids"]);
        const out: { bucketId: number; weightSet?: readonly (readonly number[])[]; ids?: readonly number[] } = {
          bucketId: num(bo.get("bucketId"), `${bp}.bucketId`),
        };
        if (bo.has("fixedWeightSet")) {
          out.weightSet = arr(bo.get("fixedWeightSet"), `${bp}.fixedWeightSet`, (wv, wp) =>
            arr(wv, wp, (x, xp) => num(x, xp)),
          );
        }
        if (bo.has("ids")) out.ids = arr(bo.get("ids"), `${bp}.ids`, (x, xp) => num(x, xp));
        return out;
      }),
    };
  });

  return validateMap(deepFreeze({ tunables, devices, types, buckets, rules, classes, chooseArgs }));
}

const STORED_KEYS = ["straws", "nodeWeights", "sumWeights"] as const;

function itemsFromJSON(v: unknown, p: string): readonly BucketItem[] {
  return arr(v, p, (iv, ip): BucketItem => {
    const io = obj(iv, ip, ["id", "fixedWeight"], []);
    return { id: num(io.get("id"), `${ip}.id`), weight: num(io.get("fixedWeight"), `${ip}.fixedWeight`) };
  });
}

function storedFromJSON(o: Map<string, unknown>, p: string): StoredDerivedJSON {
  const out: { -readonly [K in keyof StoredDerivedJSON]: StoredDerivedJSON[K] } = {};
  for (const key of STORED_KEYS) if (o.has(key)) out[key] = arr(o.get(key), `${p}.${key}`, (x, xp) => num(x, xp));
  return out;
}

function classIdFromJSON(v: unknown, p: string): ClassBucketId {
  const o = obj(v, p, ["class", "id"], ["items", ...STORED_KEYS]);
  return {
    class: str(o.get("class"), `${p}.class`),
    id: num(o.get("id"), `${p}.id`),
    ...(o.has("items") ? { items: itemsFromJSON(o.get("items"), `${p}.items`) } : {}),
    ...storedFromJSON(o, p),
  };
}

const MSR_TUNABLE_KEYS: readonly (keyof Tunables)[] = ["msrDescents", "msrCollisionTries"];
const CLASSIC_TUNABLE_KEYS = TUNABLE_KEYS.filter((k) => !MSR_TUNABLE_KEYS.includes(k));
const ALGS: ReadonlySet<string> = new Set(["uniform", "list", "tree", "straw", "straw2"]);
const SET_OPS: ReadonlySet<string> = new Set(SET_STEP_OPS);

function stepFromJSON(v: unknown, p: string): RuleStep {
  const op = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as { op?: unknown }).op : undefined;
  if (typeof op !== "string") fail(`${p}.op`, "must be a string naming the step");
  if (op === "take") {
    const o = obj(v, p, ["op", "item"], ["class"]);
    const item = num(o.get("item"), `${p}.item`);
    return o.has("class") ? { op, item, class: str(o.get("class"), `${p}.class`) } : { op, item };
  }
  if (op === "choose" || op === "chooseleaf") {
    const o = obj(v, p, ["op", "mode", "num", "type"], []);
    const mode = o.get("mode");
    if (mode !== "firstn" && mode !== "indep") fail(`${p}.mode`, 'must be "firstn" or "indep"');
    return { op, mode, num: num(o.get("num"), `${p}.num`), type: num(o.get("type"), `${p}.type`) };
  }
  if (op === "choosemsr") {
    const o = obj(v, p, ["op", "num", "type"], []);
    return { op, num: num(o.get("num"), `${p}.num`), type: num(o.get("type"), `${p}.type`) };
  }
  if (op === "emit" || op === "noop") {
    obj(v, p, ["op"], []);
    return { op };
  }
  if (SET_OPS.has(op)) {
    const o = obj(v, p, ["op", "value"], []);
    return { op: op as "set_choose_tries", value: num(o.get("value"), `${p}.value`) };
  }
  return fail(`${p}.op`, `unknown step ${JSON.stringify(op)}`);
}

function fail(path: string, what: string): never {
  throw new CrushMapError(`malformed crushmap JSON at ${path}: ${what}`, path);
}

/**
 * Reads a JSON object's own fields into a Map, insisting on exactly the required fields plus any
 * of the optional ones: a misspelt field is an error rather than a silently missing value.
 */
function obj(v: unknown, path: string, required: readonly string[], optional: readonly string[]): Map<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "must be an object");
  const out = new Map<string, unknown>();
  for (const key of Object.keys(v)) {
    const value = (v as Record<string, unknown>)[key];
    // JSON cannot carry undefined; from JavaScript, a field set to undefined counts as absent.
    if (value === undefined) continue;
    if (!required.includes(key) && !optional.includes(key)) fail(`${path}.${key}`, "unknown field");
    out.set(key, value);
  }
  for (const key of required) if (!out.has(key)) fail(`${path}.${key}`, "missing field");
  return out;
}

function arr<T>(v: unknown, path: string, each: (x: unknown, p: string) => T): readonly T[] {
  if (!Array.isArray(v)) fail(path, "must be an array");
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) out.push(each(v[i], `${path}[${i}]`));
  // frozen with the whole map by deepFreeze at the end (an object met already frozen costs it a set entry)
  return out;
}

function num(v: unknown, path: string): number {
  // Integers only: every number in the model is an id, a count or a 16.16 weight.
  if (typeof v !== "number" || !Number.isSafeInteger(v)) fail(path, "must be an integer");
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, "must be a string");
  return v;
}
