/**
 * Compiles a CrushMap into the flat CompiledMap the mapper walks: bucket tables indexed by
 * bucket index (0…n-1, see bucketIndex.ts), per-algorithm derived data (straw lengths, list
 * sums, tree node weights) computed the way Ceph's builder computes them, device-class shadow
 * buckets added, rules lowered to opcode triples with `take … class` resolved to the shadow
 * bucket.
 *
 * Compiling does not trust the map to have been validated: everything the mapper relies on to
 * terminate and to return only devices of the map is checked here (ids in range and unique,
 * every item a declared device or a bucket, no bucket inside itself, integer weights and
 * tunables), and a violation is a `CrushMapError` naming it. Every array is sized by counts
 * (buckets, items, rules), never by an id's value.
 */
import { bucketStraws, bucketSums, bucketTreeNodes, shadowBucketsAsStored } from "../map/derived/bucketDerived.js";
import { resolveTake } from "../map/classes.js";
import { CrushMapError, CrushMappingError } from "../map/errors.js";
import { FrozenMap } from "../map/freeze.js";
import { MAX_BUCKET_TYPE, MAX_DEVICE_ID, MIN_BUCKET_ID } from "../map/limits.js";
import type { Bucket, ChooseArgs, CrushMap, RuleStep } from "../map/types.js";
import { BUCKET_ALG_ID, isMsrRuleType } from "../map/types.js";
import { checkTunables } from "../map/validate.js";
import { buildBucketIndex, bucketIndexOf, type BucketIndexTables } from "./bucketIndex.js";
import { checkDescentEnds } from "./checkDescent.js";
import { OP, type CompiledChooseArgs, type CompiledMap } from "./compiledMap.js";
import { msrLongestRun } from "./msr/scanMsrRule.js";

const U32_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
/** Rules are looked up by id in arrays of this many entries at most. */
const MAX_RULE_ID = 0xffff;

/** The per-bucket and per-item arrays of a CompiledMap. */
type BucketTables = Pick<
  CompiledMap,
  "bucketId" | "alg" | "hash" | "type" | "size" | "start" | "treeStart" | "numNodes" | "items" | "itemWeights" | "aux" | "nodeWeights" | "sameWeight"
>;

/**
 * Flattens a map into the typed arrays the mapper walks (buckets numbered by count, items,
 * weights, straws, tree nodes, rule steps, weight sets). `new Mapper(map)` calls it; call it
 * yourself to share one compiled map between several Mappers. The result is frozen and never
 * written after compiling.
 *
 * @throws {CrushMapError} when the map breaks what the mapper relies on (undeclared items, ids out
 *   of range, cycles, values wider than Ceph stores), also for a map that was never validated.
 * @throws {CrushMappingError} for a bucket hash other than rjenkins1 (0).
 * @group Mapping
 */
export function compileMap(map: CrushMap): CompiledMap {
  const t = checkTunables(map.tunables);
  const buckets: Bucket[] = [...map.buckets, ...shadowBucketsAsStored(map)];
  const index = indexBuckets(buckets);
  const { deviceIds, maxDevices } = declaredDevices(map);
  const tables = bucketTables(buckets, index, deviceIds, t.strawCalcVersion);
  checkDescentEnds(buckets, tables, index);
  const rules = compileRules(map);
  const maxBuckets = buckets.length;

  return Object.freeze({
    maxDevices,
    maxBuckets,
    chooseLocalTries: t.chooseLocalTries,
    chooseLocalFallbackTries: t.chooseLocalFallbackTries,
    chooseTotalTries: t.chooseTotalTries,
    chooseleafDescendOnce: t.chooseleafDescendOnce,
    chooseleafVaryR: t.chooseleafVaryR,
    chooseleafStable: t.chooseleafStable,
    msrDescents: t.msrDescents,
    msrCollisionTries: t.msrCollisionTries,
    ...index,
    ...tables,
    ...rules,
    chooseArgs: new FrozenMap(map.chooseArgs.map((ca) => [ca.id, compileChooseArgs(ca, maxBuckets, index, tables.size)])),
  });
}

/** Bucket ids (real and shadow) checked for range and uniqueness, then indexed. */
function indexBuckets(buckets: readonly Bucket[]): BucketIndexTables {
  const ids = new Int32Array(buckets.length);
  const seen = new Set<number>();
  buckets.forEach((bk, i) => {
    if (!Number.isInteger(bk.id) || bk.id < MIN_BUCKET_ID || bk.id > -1) {
      throw new CrushMapError(`bucket ${bk.name} has id ${String(bk.id)}; bucket ids are integers in ${MIN_BUCKET_ID}..-1`, bk.name);
    }
    if (seen.has(bk.id)) throw new CrushMapError(`duplicate bucket id ${bk.id} (bucket ${bk.name})`, bk.name);
    seen.add(bk.id);
    ids[i] = bk.id;
  });
  return buildBucketIndex(ids);
}

/** The ids of the map's devices, and Ceph's max_devices (largest id + 1). */
function declaredDevices(map: CrushMap): { deviceIds: Set<number>; maxDevices: number } {
  const deviceIds = new Set<number>();
  let maxDevice = -1;
  for (const d of map.devices) {
    if (!Number.isInteger(d.id) || d.id < 0 || d.id > MAX_DEVICE_ID) {
      throw new CrushMapError(`device ${d.name} has id ${String(d.id)}; device ids are integers in 0..${MAX_DEVICE_ID}`, d.name);
    }
    deviceIds.add(d.id);
    if (d.id > maxDevice) maxDevice = d.id;
  }
  return { deviceIds, maxDevices: maxDevice + 1 };
}

function isU32(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
}

function bucketTables(
  buckets: readonly Bucket[],
  index: BucketIndexTables,
  deviceIds: ReadonlySet<number>,
  strawCalcVersion: number,
): BucketTables {
  const n = buckets.length;
  let totalItems = 0;
  for (const bk of buckets) totalItems += bk.items.length;
  const nodes = buckets.map((bk) => (bk.alg === "tree" ? bucketTreeNodes(bk) : null));
  const totalNodes = nodes.reduce((sum, nw) => sum + (nw === null ? 0 : nw.length), 0);
  const tb: BucketTables = {
    bucketId: new Int32Array(n),
    alg: new Uint8Array(n),
    hash: new Uint8Array(n),
    type: new Int32Array(n),
    size: new Int32Array(n),
    start: new Int32Array(n),
    treeStart: new Int32Array(n),
    numNodes: new Int32Array(n),
    items: new Int32Array(totalItems),
    itemWeights: new Float64Array(totalItems),
    aux: new Float64Array(totalItems),
    nodeWeights: new Float64Array(totalNodes),
    sameWeight: new Float64Array(n),
  };
  let itemPos = 0;
  let nodePos = 0;
  for (let b = 0; b < n; b++) {
    const bk = buckets[b]!;
    fillBucketHeader(tb, b, bk, itemPos);
    tb.sameWeight[b] = fillItems(tb, bk, itemPos, index, deviceIds);
    fillDerived(tb, b, bk, itemPos, strawCalcVersion, nodes[b]!, nodePos);
    if (nodes[b] !== null) nodePos += nodes[b]!.length;
    itemPos += bk.items.length;
  }
  return tb;
}

function fillBucketHeader(tb: BucketTables, b: number, bk: Bucket, itemPos: number): void {
  if (!Object.prototype.hasOwnProperty.call(BUCKET_ALG_ID, bk.alg)) throw new CrushMapError(`bucket ${bk.name} has unknown alg ${String(bk.alg)}`, bk.name);
  if (!Number.isInteger(bk.type) || bk.type < 0 || bk.type > MAX_BUCKET_TYPE) {
    throw new CrushMapError(`bucket ${bk.name} has type ${String(bk.type)}; Ceph keeps a bucket's type in 16 bits (0..${MAX_BUCKET_TYPE})`, bk.name);
  }
  // Ceph's crush_hash32_* return 0 for a hash other than rjenkins1 (0); that is not mapped here.
  if (bk.hash !== 0) throw new CrushMappingError(`bucket ${bk.name} uses hash ${String(bk.hash)}, which Ceph does not define; crushmap maps only hash 0 (rjenkins1)`, bk.name);
  tb.bucketId[b] = bk.id;
  tb.alg[b] = BUCKET_ALG_ID[bk.alg];
  tb.hash[b] = bk.hash;
  tb.type[b] = bk.type;
  tb.size[b] = bk.items.length;
  tb.start[b] = itemPos;
}

/**
 * Items and their weights; each item must be a declared device or a bucket of the map.
 * Returns the common weight of the items when they all weigh the same and it is not 0, else 0.
 */
function fillItems(tb: BucketTables, bk: Bucket, itemPos: number, index: BucketIndexTables, deviceIds: ReadonlySet<number>): number {
  const items = bk.items;
  let same = items.length > 0 ? items[0]!.weight : 0;
  for (let i = 0; i < items.length; i++) {
    const { id, weight } = items[i]!;
    const known = Number.isInteger(id) && (id >= 0 ? deviceIds.has(id) : bucketIndexOf(index, id) >= 0);
    if (!known) throw new CrushMapError(`bucket ${bk.name}: item ${String(id)} is neither a device of the map nor a bucket`, bk.name);
    if (!isU32(weight)) throw new CrushMapError(`bucket ${bk.name}: item ${id} has weight ${String(weight)}, not a 16.16 integer in 0..0xffffffff`, bk.name);
    if (weight !== same) same = 0;
    tb.items[itemPos + i] = id;
    tb.itemWeights[itemPos + i] = weight;
  }
  return same;
}

/** Straw lengths (straw), running sums (list) or node weights (tree), as Ceph's builder makes them. */
function fillDerived(
  tb: BucketTables,
  b: number,
  bk: Bucket,
  itemPos: number,
  strawCalcVersion: number,
  nodes: readonly number[] | null,
  nodePos: number,
): void {
  if (bk.alg === "straw") {
    // Straws kept from a binary map win over recomputed ones (Bucket.straws).
    const straws = bucketStraws(bk, strawCalcVersion);
    for (let i = 0; i < straws.length; i++) {
      if (!isU32(straws[i])) throw new CrushMapError(`bucket ${bk.name} has straw length ${String(straws[i])}, not a 32-bit unsigned integer`, bk.name);
      tb.aux[itemPos + i] = straws[i]!;
    }
  } else if (bk.alg === "list") {
    // Sums kept from a binary map win over running sums (Bucket.sumWeights), as Ceph reads them.
    const sums = bucketSums(bk);
    for (let i = 0; i < sums.length; i++) {
      if (!isU32(sums[i])) throw new CrushMapError(`bucket ${bk.name} has list sum ${String(sums[i])}, not a 32-bit unsigned integer`, bk.name);
      tb.aux[itemPos + i] = sums[i]!;
    }
  } else if (nodes !== null) {
    for (let i = 0; i < nodes.length; i++) {
      if (!isU32(nodes[i])) throw new CrushMapError(`bucket ${bk.name} has tree node weight ${String(nodes[i])}, not a 32-bit unsigned integer`, bk.name);
    }
    tb.treeStart[b] = nodePos;
    tb.numNodes[b] = nodes.length;
    tb.nodeWeights.set(nodes, nodePos);
  }
}

type CompiledRules = Pick<CompiledMap, "ruleStart" | "ruleLength" | "ruleExists" | "ruleType" | "steps" | "msrMaxSteps">;

function compileRules(map: CrushMap): CompiledRules {
  let count = 0;
  let totalSteps = 0;
  for (const rule of map.rules) {
    if (!Number.isInteger(rule.id) || rule.id < 0 || rule.id > MAX_RULE_ID) {
      throw new CrushMapError(`rule ${rule.name} has id ${String(rule.id)}, not an integer in 0..${MAX_RULE_ID}`, rule.name);
    }
    count = Math.max(count, rule.id + 1);
    totalSteps += rule.steps.length;
  }
  const ruleStart = new Int32Array(count);
  const ruleLength = new Int32Array(count);
  const ruleExists = new Uint8Array(count);
  const ruleType = new Uint8Array(count);
  const steps = new Int32Array(3 * totalSteps);
  let pos = 0;
  for (const rule of map.rules) {
    // the type picks the interpreter (isMsrRuleType), so it must be the byte Ceph stores
    if (!Number.isInteger(rule.type) || rule.type < 0 || rule.type > 0xff) {
      throw new CrushMapError(`rule ${rule.name} has type ${String(rule.type)}, not an integer in 0..255`, rule.name);
    }
    if (ruleExists[rule.id] === 1) throw new CrushMapError(`duplicate rule id ${rule.id} (rule ${rule.name})`, rule.name);
    ruleStart[rule.id] = pos;
    ruleLength[rule.id] = rule.steps.length;
    ruleExists[rule.id] = 1;
    ruleType[rule.id] = rule.type;
    rule.steps.forEach((step, i) => {
      const [op, arg1, arg2] = lowerStep(map, step);
      if (!isInt32(arg1) || !isInt32(arg2)) {
        throw new CrushMapError(`rule ${rule.name} step ${i + 1} (${step.op}) has an argument that is not a 32-bit integer`, rule.name);
      }
      steps[pos++] = op;
      steps[pos++] = arg1;
      steps[pos++] = arg2;
    });
  }
  let msrMaxSteps = 0;
  for (const rule of map.rules) {
    if (!isMsrRuleType(rule.type)) continue;
    msrMaxSteps = Math.max(msrMaxSteps, msrLongestRun(steps, ruleStart[rule.id]!, rule.steps.length));
  }
  return { ruleStart, ruleLength, ruleExists, ruleType, steps, msrMaxSteps };
}

function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

function lowerStep(map: CrushMap, step: RuleStep): [number, number, number] {
  switch (step.op) {
    case "take":
      return [OP.TAKE, step.class === undefined ? step.item : resolveTake(map, step.item, step.class), 0];
    case "choose":
      return [step.mode === "firstn" ? OP.CHOOSE_FIRSTN : OP.CHOOSE_INDEP, step.num, step.type];
    case "chooseleaf":
      return [step.mode === "firstn" ? OP.CHOOSELEAF_FIRSTN : OP.CHOOSELEAF_INDEP, step.num, step.type];
    case "emit":
      return [OP.EMIT, 0, 0];
    case "noop":
      return [OP.NOOP, 0, 0];
    case "set_choose_tries":
      return [OP.SET_CHOOSE_TRIES, step.value, 0];
    case "set_chooseleaf_tries":
      return [OP.SET_CHOOSELEAF_TRIES, step.value, 0];
    case "set_choose_local_tries":
      return [OP.SET_CHOOSE_LOCAL_TRIES, step.value, 0];
    case "set_choose_local_fallback_tries":
      return [OP.SET_CHOOSE_LOCAL_FALLBACK_TRIES, step.value, 0];
    case "set_chooseleaf_vary_r":
      return [OP.SET_CHOOSELEAF_VARY_R, step.value, 0];
    case "set_chooseleaf_stable":
      return [OP.SET_CHOOSELEAF_STABLE, step.value, 0];
    case "choosemsr":
      return [OP.CHOOSE_MSR, step.num, step.type];
    case "set_msr_descents":
      return [OP.SET_MSR_DESCENTS, step.value, 0];
    case "set_msr_collision_tries":
      return [OP.SET_MSR_COLLISION_TRIES, step.value, 0];
    default:
      throw new CrushMapError(`rule step ${JSON.stringify((step as { op?: unknown }).op)} is not a step crushmap knows`, String((step as { op?: unknown }).op));
  }
}

function compileChooseArgs(ca: ChooseArgs, maxBuckets: number, index: BucketIndexTables, size: Int32Array): CompiledChooseArgs {
  const positions = new Int32Array(maxBuckets);
  const weightStart = new Int32Array(maxBuckets);
  const idStart = new Int32Array(maxBuckets).fill(-1);
  const weights: number[] = [];
  const ids: number[] = [];
  for (const arg of ca.buckets) {
    const b = bucketIndexOf(index, arg.bucketId);
    if (b < 0) throw new CrushMapError(`choose_args ${ca.id} names missing bucket ${arg.bucketId}`, arg.bucketId);
    if (arg.weightSet !== undefined && arg.weightSet.length > 0) {
      positions[b] = arg.weightSet.length;
      weightStart[b] = weights.length;
      for (const vec of arg.weightSet) {
        if (vec.length !== size[b]) {
          throw new CrushMapError(`choose_args ${ca.id}: weight_set for bucket ${arg.bucketId} has ${vec.length} weights, bucket has ${size[b]} items`, arg.bucketId);
        }
        for (const w of vec) {
          if (!isU32(w)) throw new CrushMapError(`choose_args ${ca.id}: weight_set for bucket ${arg.bucketId} has weight ${String(w)}, not a 32-bit unsigned integer`, arg.bucketId);
          weights.push(w);
        }
      }
    }
    if (arg.ids !== undefined && arg.ids.length > 0) {
      if (arg.ids.length !== size[b]) {
        throw new CrushMapError(`choose_args ${ca.id}: ids for bucket ${arg.bucketId} do not match its items`, arg.bucketId);
      }
      idStart[b] = ids.length;
      for (const id of arg.ids) {
        if (!isInt32(id)) throw new CrushMapError(`choose_args ${ca.id}: ids for bucket ${arg.bucketId} hold ${String(id)}, not a 32-bit integer`, arg.bucketId);
        ids.push(id);
      }
    }
  }
  return Object.freeze({ id: ca.id, positions, weightStart, weights: Float64Array.from(weights), idStart, ids: Int32Array.from(ids) });
}
