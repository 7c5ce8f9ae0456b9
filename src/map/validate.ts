/**
 * Checks that a CrushMap is one Ceph could hold: every id and name unique, every reference
 * resolvable, the hierarchy free of cycles, every weight a 16.16 word, every rule step sensible.
 *
 * Runs in time linear in the size of the map and terminates on any input, cycles included.
 * Names are only ever keys of `Map`s, so `__proto__` or `constructor` are ordinary names.
 */
import { CrushMapError } from "./errors.js";
import { MAX_BUCKET_TYPE, MAX_DEVICE_ID, MIN_BUCKET_ID } from "./limits.js";
import type { Bucket, ChooseArgs, CrushMap, Rule, RuleStep, Tunables } from "./types.js";
import { BUCKET_ALG_ID, SET_STEP_OPS, TUNABLE_KEYS } from "./types.js";
import { checkMsrRuleShape } from "./msrRuleShape.js";
import type { CrushMapWarningHandler } from "./warnings.js";
import { WEIGHT_MAX } from "./weight.js";

/**
 * Options for {@link validateMap}.
 *
 * @group Maps
 */
export interface ValidateOptions {
  /**
   * Also reject an item that sits in more than one bucket, or twice in one bucket.
   *
   * Ceph itself accepts both: `crushtool -c` compiles a device or a bucket listed under two
   * parents, and `ceph osd crush link` links a bucket under a second parent on purpose. So the
   * default is to accept them; ask for a strict tree when a map is meant to be one.
   */
  readonly singleParent?: boolean;
  /**
   * Called for what Ceph accepts but deserves a word: a bucket whose items weigh more than
   * 32 bits hold (Ceph's total wraps, as crushtool --build and `ceph osd crush add` leave it).
   */
  readonly onWarning?: CrushMapWarningHandler;
  /**
   * Accept any non-empty name, as crushtool reads a binary map (`ceph osd crush` refuses names
   * other than letters, digits, '-', '_' and '.', and text cannot spell them, but a binary map
   * can hold any): such names are then an `invalid-name` warning instead of an error.
   */
  readonly anyName?: boolean;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
/** Rule ids, types and sizes are bytes in Ceph 16.2's rule mask; larger values are truncated. */
const U8_MAX = 0xff;

/** What `CrushWrapper::is_valid_crush_name` accepts, and what the text grammar can spell. */
const CRUSH_NAME = /^[A-Za-z0-9_.-]+$/;

/** Tunables stored as bytes in `struct crush_map`; the others are 32-bit words. */
const BYTE_TUNABLES: ReadonlySet<keyof Tunables> = new Set<keyof Tunables>([
  "chooseleafDescendOnce",
  "chooseleafVaryR",
  "chooseleafStable",
  "strawCalcVersion",
]);

const SET_OPS: ReadonlySet<string> = new Set(SET_STEP_OPS);

/** Returns true when `s` is a name Ceph accepts for a device, bucket, type, rule or class. */
export function isValidCrushName(s: unknown): s is string {
  return typeof s === "string" && CRUSH_NAME.test(s);
}

function isIntIn(v: unknown, lo: number, hi: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}

function fail(message: string, item?: string | number): never {
  throw new CrushMapError(message, item);
}

function isLeftoverShadowName(name: unknown): name is string {
  return typeof name === "string" && name.includes("~") && name.split("~").every((part) => isValidCrushName(part));
}

/** Names crushtool reads but cannot compile, noted while checking a map read with `anyName`. */
type OddNames = string[] | undefined;

function checkName(name: unknown, what: string, fallback: string | number, odd: OddNames): string {
  if (odd !== undefined && typeof name === "string" && name !== "" && !name.includes("\0") && !isValidCrushName(name)) {
    odd.push(`${what} ${JSON.stringify(name)}`);
    return name;
  }
  if (!isValidCrushName(name)) {
    fail(`${what} ${JSON.stringify(name)} has an invalid name (allowed: letters, digits, '-', '_', '.')`, typeof name === "string" ? name : fallback);
  }
  return name;
}

/**
 * Checks `map` and returns it unchanged, or throws a `CrushMapError` whose `item` is the name
 * (or, lacking one, the id) of the first offending device, bucket, type, class, rule or set.
 *
 * @group Maps
 *
 * @example
 * ```ts
 * const map = validateMap(parsed); // throws CrushMapError("bucket host1: item 7 is neither a device nor a bucket", "host1")
 * ```
 */
export function validateMap(map: CrushMap, options: ValidateOptions = {}): CrushMap {
  checkTunables(map.tunables);
  const odd: OddNames = options.anyName === true ? [] : undefined;
  const typeNames = checkTypes(map.types, odd);
  const classIdOf = checkClasses(map.classes, odd);
  const devices = checkDevices(map.devices, classIdOf, odd);
  const { bucketById, shadowOf } = checkBucketIdentity(map.buckets, typeNames, classIdOf, devices.itemByName, odd);
  checkBucketItems(map.buckets, devices.deviceName, bucketById, options);
  checkAcyclic(map.buckets, bucketById);
  checkRules(map.rules, typeNames, classIdOf, devices.deviceName, bucketById, odd);
  checkChooseArgs(map.chooseArgs, bucketById, shadowOf, devices.deviceClass);
  // warnings last: a map that is refused says only why
  if (options.onWarning !== undefined) {
    if (odd !== undefined && odd.length > 0) warnOddNames(odd, options.onWarning);
    warnListedTwice(map.buckets, devices.deviceName, bucketById, options.onWarning);
  }
  return map;
}

/** Type ids unique, sorted and in range; returns id → name. */
function checkTypes(types: CrushMap["types"], odd: OddNames): Map<number, string> {
  const typeNames = new Map<number, string>();
  let prev = -Infinity;
  for (const t of types) {
    const name = checkName(t.name, "type", t.id, odd);
    if (!isIntIn(t.id, 0, INT32_MAX)) fail(`type ${name} has id ${String(t.id)}, not an integer in 0..2147483647`, name);
    if (typeNames.has(t.id)) fail(`duplicate type id ${t.id} (${typeNames.get(t.id)!} and ${name})`, name);
    // Ceph accepts two types of one name (crushtool -d prints `type 0 osd` for a map whose type 0
    // has no name, even beside another `osd`); the text format resolves such a name to the last.
    if (t.id < prev) fail(`types are not sorted by id (type ${name})`, name);
    prev = t.id;
    typeNames.set(t.id, name);
  }
  return typeNames;
}

/** Device class ids and names unique; returns name → id. */
function checkClasses(classes: CrushMap["classes"], odd: OddNames): Map<string, number> {
  const classIdOf = new Map<string, number>();
  const classById = new Map<number, string>();
  for (const c of classes) {
    const name = checkName(c.name, "device class", c.id, odd);
    if (!isIntIn(c.id, 0, INT32_MAX)) fail(`device class ${name} has id ${String(c.id)}, not an integer in 0..2147483647`, name);
    if (classById.has(c.id)) fail(`duplicate device class id ${c.id} (${classById.get(c.id)!} and ${name})`, name);
    if (classIdOf.has(name)) fail(`duplicate device class ${name}`, name);
    classIdOf.set(name, c.id);
    classById.set(c.id, name);
  }
  return classIdOf;
}

interface DeviceIndex {
  /** Devices and buckets share one namespace in Ceph (name_map keyed by item id). */
  readonly itemByName: Map<string, number>;
  readonly deviceName: Map<number, string>;
  readonly deviceClass: Map<number, string>;
}

/** Device ids in range, unique and sorted, names unique, classes declared. */
function checkDevices(devices: CrushMap["devices"], classIdOf: ReadonlyMap<string, number>, odd: OddNames): DeviceIndex {
  const itemByName = new Map<string, number>();
  const deviceName = new Map<number, string>();
  const deviceClass = new Map<number, string>();
  let prev = -Infinity;
  for (const d of devices) {
    const name = checkName(d.name, "device", d.id, odd);
    // max_devices (the largest id + 1) is a signed 32-bit count in Ceph: id 2147483647 would make
    // it -2^31, and crushtool then loses every device (0x7fffffff is also CRUSH_ITEM_NONE).
    if (!isIntIn(d.id, 0, MAX_DEVICE_ID)) {
      fail(`device ${name} has id ${String(d.id)}; device ids are integers in 0..${MAX_DEVICE_ID}`, name);
    }
    if (deviceName.has(d.id)) fail(`duplicate device id ${d.id} (${deviceName.get(d.id)!} and ${name})`, name);
    // an unnamed device takes no name (Ceph's name map has no entry for it)
    const unnamed = (d as { unnamed?: unknown }).unnamed;
    if (unnamed !== undefined && (unnamed !== true || name !== `device${d.id}`)) fail(`device ${d.id}: an unnamed device is marked \`unnamed: true\` and called device${d.id}`, name);
    if (unnamed === undefined && itemByName.has(name)) fail(`duplicate device name ${name}`, name);
    if (d.id < prev) fail(`devices are not sorted by id (device ${name})`, name);
    prev = d.id;
    if (d.class !== undefined) {
      if (!classIdOf.has(d.class)) fail(`device ${name} has class ${String(d.class)}, which is not in the map's classes`, name);
      deviceClass.set(d.id, d.class);
    }
    deviceName.set(d.id, name);
    if (unnamed === undefined) itemByName.set(name, d.id);
  }
  return { itemByName, deviceName, deviceClass };
}

/** Bucket ids, names, types, algorithms and shadow ids; returns the buckets by id and shadow id → [bucket, class]. */
function checkBucketIdentity(
  buckets: CrushMap["buckets"],
  typeNames: ReadonlyMap<number, string>,
  classIdOf: ReadonlyMap<string, number>,
  itemByName: Map<string, number>,
  odd: OddNames,
): { bucketById: Map<number, Bucket>; shadowOf: Map<number, [Bucket, string]> } {
  const bucketById = new Map<number, Bucket>();
  /** Shadow bucket id → [original bucket, class]. */
  const shadowOf = new Map<number, [Bucket, string]>();
  for (const b of buckets) {
    // `bucket~class`: a legacy bucket crushtool --reclassify renamed and a real one still holds
    const name = isLeftoverShadowName(b.name) ? b.name : checkName(b.name, "bucket", b.id, odd);
    if (!isIntIn(b.id, MIN_BUCKET_ID, -1)) fail(`bucket ${name} has id ${String(b.id)}; bucket ids are integers in ${MIN_BUCKET_ID}..-1`, name);
    if (bucketById.has(b.id)) fail(`duplicate bucket id ${b.id} (bucket ${name})`, name);
    const shadowed = shadowOf.get(b.id);
    if (shadowed !== undefined) {
      const [owner, cls] = shadowed;
      fail(`bucket ${owner.name}: shadow id ${b.id} for class ${cls} is the id of bucket ${name}`, owner.name);
    }
    if (itemByName.has(name)) {
      const other = itemByName.get(name)!;
      fail(`duplicate name ${name}: used by ${other >= 0 ? "device" : "bucket"} ${other} and bucket ${b.id}`, name);
    }
    if (!typeNames.has(b.type)) fail(`bucket ${name} has unknown type ${String(b.type)}`, name);
    if (b.type > MAX_BUCKET_TYPE) {
      // crushtool would truncate it to 16 bits and then match no rule step naming the type
      fail(`bucket ${name} has type ${b.type} (${typeNames.get(b.type)!}); Ceph keeps a bucket's type in 16 bits (0..${MAX_BUCKET_TYPE})`, name);
    }
    if (!Object.prototype.hasOwnProperty.call(BUCKET_ALG_ID, b.alg)) fail(`bucket ${name} has unknown alg ${String(b.alg)}`, name);
    // Ceph defines only hash 0 (rjenkins1) but stores any byte and maps other values with a hash
    // that returns 0; crushtool compiles and prints them (`hash 7\t# unknown`), so the formats
    // accept them too. compileMap refuses to map them.
    if (!isIntIn(b.hash, 0, U8_MAX)) fail(`bucket ${name} has hash ${String(b.hash)}, not an integer in 0..255`, name);
    bucketById.set(b.id, b);
    itemByName.set(name, b.id);
    if (b.classIds !== undefined) {
      const seen = new Set<string>();
      for (const ci of b.classIds) {
        if (!classIdOf.has(ci.class)) fail(`bucket ${name} has a shadow id for unknown class ${String(ci.class)}`, name);
        if (seen.has(ci.class)) fail(`bucket ${name} has two shadow ids for class ${ci.class}`, name);
        seen.add(ci.class);
        if (!isIntIn(ci.id, MIN_BUCKET_ID, -1)) {
          fail(`bucket ${name} has shadow id ${String(ci.id)} for class ${ci.class}; bucket ids are integers in ${MIN_BUCKET_ID}..-1`, name);
        }
        const realOwner = bucketById.get(ci.id);
        if (realOwner !== undefined) fail(`bucket ${name}: shadow id ${ci.id} for class ${ci.class} is the id of bucket ${realOwner.name}`, name);
        if (shadowOf.has(ci.id)) {
          const [other, otherClass] = shadowOf.get(ci.id)!;
          fail(`bucket ${name}: shadow id ${ci.id} for class ${ci.class} is also the shadow id of ${other.name}~${otherClass}`, name);
        }
        shadowOf.set(ci.id, [b, ci.class]);
      }
    }
  }
  return { bucketById, shadowOf };
}

/** Every item a device or bucket, weights in range, stored straws and list sums of the right shape. */
function checkBucketItems(buckets: CrushMap["buckets"], deviceName: ReadonlyMap<number, string>, bucketById: ReadonlyMap<number, Bucket>, options: ValidateOptions): void {
  const parentOf = new Map<number, number>();
  for (const b of buckets) {
    let sum = 0;
    const first = b.items.length > 0 ? b.items[0]!.weight : 0;
    for (const it of b.items) {
      const itemName = it.id >= 0 ? deviceName.get(it.id) : bucketById.get(it.id)?.name;
      if (itemName === undefined) {
        fail(`bucket ${b.name}: item ${String(it.id)} is neither a device nor a bucket`, b.name);
      }
      if (!isIntIn(it.weight, 0, WEIGHT_MAX)) {
        fail(`bucket ${b.name}: item ${itemName} has weight ${String(it.weight)}, not a 16.16 integer in 0..0xffffffff`, itemName);
      }
      if (b.alg === "uniform" && it.weight !== first) {
        fail(`uniform bucket ${b.name}: item ${itemName} has weight ${it.weight} but the first item has ${first}; uniform items must weigh the same`, b.name);
      }
      sum += it.weight;
      if (options.singleParent === true) {
        const other = parentOf.get(it.id);
        if (other !== undefined) {
          fail(`${itemName} is in two buckets (${bucketById.get(other)!.name} and ${b.name})`, itemName);
        }
        parentOf.set(it.id, b.id);
      }
    }
    if (b.straws !== undefined) {
      if (b.alg !== "straw") fail(`bucket ${b.name} is ${b.alg} but carries straw lengths`, b.name);
      if (b.straws.length !== b.items.length) fail(`bucket ${b.name} has ${b.straws.length} straw lengths for ${b.items.length} items`, b.name);
      for (const s of b.straws) if (!isIntIn(s, 0, WEIGHT_MAX)) fail(`bucket ${b.name} has straw length ${String(s)}, not a 32-bit unsigned integer`, b.name);
    }
    if (b.sumWeights !== undefined) {
      if (b.alg !== "list") fail(`bucket ${b.name} is ${b.alg} but carries list sums`, b.name);
      if (b.sumWeights.length !== b.items.length) fail(`bucket ${b.name} has ${b.sumWeights.length} list sums for ${b.items.length} items`, b.name);
      for (const s of b.sumWeights) if (!isIntIn(s, 0, WEIGHT_MAX)) fail(`bucket ${b.name} has list sum ${String(s)}, not a 32-bit unsigned integer`, b.name);
    }
    // Ceph keeps a bucket's total in 32 bits and lets it wrap (crush_make_bucket,
    // adjust_item_weight); only crushtool's text compiler refuses it, and the parser does too.
    if (sum > WEIGHT_MAX && options.onWarning !== undefined) {
      options.onWarning({
        code: "bucket-weight-wraps",
        message: `bucket ${b.name}: total weight ${sum} overflows 32 bits; Ceph keeps ${sum % 0x100000000} (modulo 2^32)`,
        item: b.name,
      });
    }
  }
}

/**
 * A bucket that lists an item twice: crushtool compiles it and CRUSH then draws that item through
 * either slot (its chance counts twice), which is rarely what was meant.
 */
/** One warning for the names crushtool reads from a binary map but could not compile. */
function warnOddNames(odd: readonly string[], onWarning: CrushMapWarningHandler): void {
  const more = odd.length > 1 ? ` (and ${odd.length - 1} more)` : "";
  onWarning({
    code: "invalid-name",
    message: `${odd[0]!}${more}: a name crushtool cannot compile (allowed: letters, digits, '-', '_', '.'); read as crushtool reads it`,
    item: odd[0]!,
  });
}

function warnListedTwice(buckets: CrushMap["buckets"], deviceName: ReadonlyMap<number, string>, bucketById: ReadonlyMap<number, Bucket>, onWarning: CrushMapWarningHandler): void {
  for (const b of buckets) {
    const seen = new Set<number>();
    for (const it of b.items) {
      if (!seen.has(it.id)) {
        seen.add(it.id);
        continue;
      }
      const itemName = it.id >= 0 ? deviceName.get(it.id)! : bucketById.get(it.id)!.name;
      onWarning({ code: "item-listed-twice", message: `bucket ${b.name} lists ${itemName} more than once`, item: b.name });
    }
  }
}

/** Rule ids in range, unique and sorted, names unique, and each rule's steps. */
function checkRules(
  rules: CrushMap["rules"],
  typeNames: ReadonlyMap<number, string>,
  classIdOf: ReadonlyMap<string, number>,
  deviceName: ReadonlyMap<number, string>,
  bucketById: ReadonlyMap<number, Bucket>,
  odd: OddNames,
): void {
  const ruleIds = new Map<number, string>();
  const ruleNames = new Set<string>();
  let prev = -Infinity;
  for (const r of rules) {
    // crushtool compiles `rule {` into a rule with no name; the model spells that "".
    const name = r.name === "" ? `#${String(r.id)}` : checkName(r.name, "rule", r.id, odd);
    if (!isIntIn(r.id, 0, U8_MAX)) fail(`rule ${name} has id ${String(r.id)}, not an integer in 0..255`, name);
    if (ruleIds.has(r.id)) fail(`duplicate rule id ${r.id} (${ruleIds.get(r.id)!} and ${name})`, name);
    if (r.name !== "" && ruleNames.has(name)) fail(`duplicate rule name ${name}`, name);
    if (r.id < prev) fail(`rules are not sorted by id (rule ${name})`, name);
    prev = r.id;
    ruleIds.set(r.id, name);
    ruleNames.add(name);
    checkRule(r, name, typeNames, classIdOf, deviceName, bucketById);
  }
}

/** Checks that every tunable is an integer of the width Ceph stores it in; returns `t`. */
export function checkTunables(t: Tunables): Tunables {
  for (const key of TUNABLE_KEYS) {
    const v = t[key];
    const hi = BYTE_TUNABLES.has(key) ? U8_MAX : WEIGHT_MAX;
    if (!isIntIn(v, 0, hi)) fail(`tunable ${key} is ${String(v)}, not an integer in 0..${hi}`, key);
  }
  return t;
}

/**
 * Iterative depth-first search with three colours: a grey bucket met again is on the current
 * path, which closes a cycle (a bucket inside itself is the one-bucket case). Each bucket and
 * each item is visited once, and no recursion means no stack overflow on deep or hostile maps.
 */
function checkAcyclic(buckets: readonly Bucket[], bucketById: ReadonlyMap<number, Bucket>): void {
  const GREY = 1;
  const BLACK = 2;
  const colour = new Map<number, number>();
  const stack: Bucket[] = [];
  const next: number[] = [];
  for (const start of buckets) {
    if (colour.has(start.id)) continue;
    colour.set(start.id, GREY);
    stack.push(start);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const b = stack[top]!;
      const i = next[top]!;
      if (i === b.items.length) {
        colour.set(b.id, BLACK);
        stack.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const child = b.items[i]!.id;
      if (child >= 0) continue;
      const c = colour.get(child);
      if (c === GREY) {
        if (child === b.id) fail(`bucket ${b.name} contains itself`, b.name);
        const from = stack.findIndex((s) => s.id === child);
        const path = stack.slice(from).map((s) => s.name);
        fail(`buckets form a cycle: ${[...path, path[0]!].join(" -> ")}`, bucketById.get(child)!.name);
      }
      if (c === BLACK) continue;
      colour.set(child, GREY);
      stack.push(bucketById.get(child)!);
      next.push(0);
    }
  }
}

function checkRule(
  r: Rule,
  name: string,
  typeNames: ReadonlyMap<number, string>,
  classIdOf: ReadonlyMap<string, number>,
  deviceName: ReadonlyMap<number, string>,
  bucketById: ReadonlyMap<number, Bucket>,
): void {
  if (!isIntIn(r.type, 0, U8_MAX)) fail(`rule ${name} has type ${String(r.type)}, not an integer in 0..255`, name);
  if (!isIntIn(r.minSize, 0, U8_MAX)) fail(`rule ${name} has min_size ${String(r.minSize)}, not an integer in 0..255`, name);
  if (!isIntIn(r.maxSize, 0, U8_MAX)) fail(`rule ${name} has max_size ${String(r.maxSize)}, not an integer in 0..255`, name);
  r.steps.forEach((step: RuleStep, i) => {
    const where = `rule ${name} step ${i + 1} (${String((step as { op?: unknown }).op)})`;
    switch (step.op) {
      case "take":
        if (!isIntIn(step.item, INT32_MIN, INT32_MAX) || !(step.item >= 0 ? deviceName.has(step.item) : bucketById.has(step.item))) {
          fail(`${where} takes item ${String(step.item)}, which is neither a device nor a bucket`, name);
        }
        if (step.class !== undefined) {
          if (!classIdOf.has(step.class)) fail(`${where} names unknown device class ${String(step.class)}`, name);
          // Ceph keeps shadow trees for buckets only; a device has no per-class copy to take.
          if (step.item >= 0) fail(`${where} takes device ${step.item} with class ${step.class}; only buckets have class trees`, name);
        }
        return;
      case "choose":
      case "chooseleaf":
        if (step.mode !== "firstn" && step.mode !== "indep") fail(`${where} has mode ${String(step.mode)}, not firstn or indep`, name);
        if (!isIntIn(step.num, INT32_MIN, INT32_MAX)) fail(`${where} has count ${String(step.num)}, not a 32-bit integer`, name);
        if (!typeNames.has(step.type)) fail(`${where} names unknown type ${String(step.type)}`, name);
        return;
      case "choosemsr":
        if (!isIntIn(step.num, INT32_MIN, INT32_MAX)) fail(`${where} has count ${String(step.num)}, not a 32-bit integer`, name);
        if (!typeNames.has(step.type)) fail(`${where} names unknown type ${String(step.type)}`, name);
        return;
      case "emit":
      case "noop":
        return;
      default:
        if (SET_OPS.has(step.op)) {
          // The text grammar only admits non-negative values for the set_* steps.
          if (!isIntIn(step.value, 0, INT32_MAX)) fail(`${where} has value ${String(step.value)}, not an integer in 0..2147483647`, name);
          return;
        }
        fail(`${where}: unknown step`, name);
    }
  });
  checkMsrRuleShape(r, name);
}

function checkChooseArgs(
  sets: readonly ChooseArgs[],
  bucketById: ReadonlyMap<number, Bucket>,
  shadowOf: ReadonlyMap<number, [Bucket, string]>,
  deviceClass: ReadonlyMap<number, string>,
): void {
  const seenSets = new Set<number>();
  const sizeCache = new Map<number, number>();
  /**
   * Items in a bucket, shadow buckets included: a class copy of bucket B keeps B's devices of
   * that class and a copy of every child bucket, as CrushWrapper::device_class_clone builds it.
   */
  const sizeOf = (id: number): number | undefined => {
    const b = bucketById.get(id);
    if (b !== undefined) return b.items.length;
    const s = shadowOf.get(id);
    if (s === undefined) return undefined;
    let n = sizeCache.get(id);
    if (n === undefined) {
      n = 0;
      for (const it of s[0].items) if (it.id < 0 || deviceClass.get(it.id) === s[1]) n++;
      sizeCache.set(id, n);
    }
    return n;
  };
  for (const ca of sets) {
    if (!Number.isSafeInteger(ca.id)) fail(`choose_args id ${String(ca.id)} is not an integer`, String(ca.id));
    if (seenSets.has(ca.id)) fail(`duplicate choose_args id ${ca.id}`, ca.id);
    seenSets.add(ca.id);
    const seenBuckets = new Set<number>();
    for (const arg of ca.buckets) {
      const size = sizeOf(arg.bucketId);
      if (size === undefined) fail(`choose_args ${ca.id} names missing bucket ${String(arg.bucketId)}`, arg.bucketId);
      const bname = bucketById.get(arg.bucketId)?.name ?? `${shadowOf.get(arg.bucketId)![0].name}~${shadowOf.get(arg.bucketId)![1]}`;
      if (seenBuckets.has(arg.bucketId)) fail(`choose_args ${ca.id} lists bucket ${bname} twice`, bname);
      seenBuckets.add(arg.bucketId);
      if (arg.weightSet !== undefined) {
        arg.weightSet.forEach((vec, pos) => {
          if (vec.length !== size) {
            fail(`choose_args ${ca.id}: weight_set position ${pos} of bucket ${bname} has ${vec.length} weights, the bucket has ${size} items`, bname);
          }
          for (const w of vec) {
            if (!isIntIn(w, 0, WEIGHT_MAX)) fail(`choose_args ${ca.id}: weight_set of bucket ${bname} has weight ${String(w)}, not a 16.16 integer in 0..0xffffffff`, bname);
          }
        });
      }
      if (arg.ids !== undefined) {
        // An empty list means "no ids" (Ceph's ids_size 0).
        if (arg.ids.length !== 0 && arg.ids.length !== size) fail(`choose_args ${ca.id}: ids of bucket ${bname} has ${arg.ids.length} entries, the bucket has ${size} items`, bname);
        for (const id of arg.ids) {
          if (!isIntIn(id, INT32_MIN, INT32_MAX)) fail(`choose_args ${ca.id}: ids of bucket ${bname} has ${String(id)}, not a 32-bit integer`, bname);
        }
      }
    }
  }
}
