/**
 * Compiles a CrushMap into the flat CompiledMap the mapper walks: bucket tables indexed by
 * bucket index, per-algorithm derived data (straw lengths, list sums, tree node weights)
 * computed the way Ceph's builder computes them, device-class shadow buckets added, rules
 * lowered to opcode triples with `take … class` resolved to the shadow bucket.
 */
import { bucketStraws, bucketSums, bucketTreeNodes, shadowBucketsAsStored } from "../map/derived/bucketDerived.js";
import { resolveTake } from "../map/classes.js";
import { CrushMapError, CrushMappingError } from "../map/errors.js";
import { FrozenMap } from "../map/freeze.js";
import type { Bucket, ChooseArgs, CrushMap, RuleStep } from "../map/types.js";
import { BUCKET_ALG_ID, isMsrRuleType } from "../map/types.js";
import { ALG, OP, type CompiledChooseArgs, type CompiledMap } from "./compiledMap.js";
import { msrLongestRun } from "./msr/scanMsrRule.js";

export function compileMap(map: CrushMap): CompiledMap {
  const buckets: Bucket[] = [...map.buckets, ...shadowBucketsAsStored(map)];

  let maxBuckets = 0;
  let maxDevice = -1;
  let totalItems = 0;
  let totalNodes = 0;
  for (const d of map.devices) if (d.id > maxDevice) maxDevice = d.id;
  for (const bk of buckets) {
    if (bk.id >= 0) throw new CrushMapError(`bucket ${bk.name} has non-negative id ${bk.id}`, bk.name);
    maxBuckets = Math.max(maxBuckets, -bk.id);
    totalItems += bk.items.length;
    if (bk.alg === "tree") totalNodes += bucketTreeNodes(bk).length;
    for (const it of bk.items) if (it.id > maxDevice) maxDevice = it.id;
  }

  const bucketId = new Int32Array(maxBuckets);
  const alg = new Uint8Array(maxBuckets);
  const hash = new Uint8Array(maxBuckets);
  const type = new Int32Array(maxBuckets);
  const size = new Int32Array(maxBuckets);
  const start = new Int32Array(maxBuckets);
  const treeStart = new Int32Array(maxBuckets);
  const numNodes = new Int32Array(maxBuckets);
  const items = new Int32Array(totalItems);
  const itemWeights = new Float64Array(totalItems);
  const aux = new Float64Array(totalItems);
  const nodeWeights = new Float64Array(totalNodes);
  const sameWeight = new Float64Array(maxBuckets);

  let itemPos = 0;
  let nodePos = 0;
  for (const bk of buckets) {
    const b = -1 - bk.id;
    if (alg[b] !== ALG.NONE) throw new CrushMapError(`duplicate bucket id ${bk.id}`, bk.id);
    // Ceph's crush_hash32_* return 0 for a hash other than rjenkins1 (0); that is not mapped here.
    if (bk.hash !== 0) throw new CrushMappingError(`bucket ${bk.name} uses hash ${bk.hash}, which Ceph does not define; crushmap maps only hash 0 (rjenkins1)`, bk.name);
    const weights = bk.items.map((it) => it.weight);
    bucketId[b] = bk.id;
    alg[b] = BUCKET_ALG_ID[bk.alg];
    hash[b] = bk.hash;
    type[b] = bk.type;
    size[b] = bk.items.length;
    start[b] = itemPos;
    bk.items.forEach((it, i) => {
      items[itemPos + i] = it.id;
      itemWeights[itemPos + i] = it.weight;
    });
    if (bk.alg === "straw") {
      // Straws or node weights kept from a binary map win over recomputed ones (Bucket.straws).
      bucketStraws(bk, map.tunables.strawCalcVersion).forEach((s, i) => (aux[itemPos + i] = s));
    } else if (bk.alg === "list") {
      // Sums kept from a binary map win over running sums (Bucket.sumWeights), as Ceph reads them.
      bucketSums(bk).forEach((s, i) => (aux[itemPos + i] = s));
    } else if (bk.alg === "tree") {
      const nodes = bucketTreeNodes(bk);
      treeStart[b] = nodePos;
      numNodes[b] = nodes.length;
      nodeWeights.set(nodes, nodePos);
      nodePos += nodes.length;
    }
    if (weights.length > 0 && weights[0]! > 0 && weights.every((w) => w === weights[0])) sameWeight[b] = weights[0]!;
    itemPos += bk.items.length;
  }

  const t = map.tunables;
  const rules = compileRules(map);
  const maxDevices = maxDevice + 1;

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
    bucketId,
    alg,
    hash,
    type,
    size,
    start,
    treeStart,
    numNodes,
    items,
    itemWeights,
    aux,
    nodeWeights,
    sameWeight,
    ...rules,
    chooseArgs: new FrozenMap(map.chooseArgs.map((ca) => [ca.id, compileChooseArgs(ca, maxBuckets, size)])),
  });
}

type CompiledRules = Pick<CompiledMap, "ruleStart" | "ruleLength" | "ruleExists" | "ruleType" | "steps" | "msrMaxSteps">;

function compileRules(map: CrushMap): CompiledRules {
  const count = map.rules.reduce((m, r) => Math.max(m, r.id + 1), 0);
  const ruleStart = new Int32Array(count);
  const ruleLength = new Int32Array(count);
  const ruleExists = new Uint8Array(count);
  const ruleType = new Uint8Array(count);
  const steps = new Int32Array(3 * map.rules.reduce((n, r) => n + r.steps.length, 0));
  let pos = 0;
  for (const rule of map.rules) {
    ruleStart[rule.id] = pos;
    ruleLength[rule.id] = rule.steps.length;
    ruleExists[rule.id] = 1;
    ruleType[rule.id] = rule.type;
    for (const step of rule.steps) {
      const [op, arg1, arg2] = lowerStep(map, step);
      steps[pos++] = op;
      steps[pos++] = arg1;
      steps[pos++] = arg2;
    }
  }
  let msrMaxSteps = 0;
  for (const rule of map.rules) {
    if (!isMsrRuleType(rule.type)) continue;
    msrMaxSteps = Math.max(msrMaxSteps, msrLongestRun(steps, ruleStart[rule.id]!, rule.steps.length));
  }
  return { ruleStart, ruleLength, ruleExists, ruleType, steps, msrMaxSteps };
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
  }
}

function compileChooseArgs(ca: ChooseArgs, maxBuckets: number, size: Int32Array): CompiledChooseArgs {
  const positions = new Int32Array(maxBuckets);
  const weightStart = new Int32Array(maxBuckets);
  const idStart = new Int32Array(maxBuckets).fill(-1);
  const weights: number[] = [];
  const ids: number[] = [];
  for (const arg of ca.buckets) {
    const b = -1 - arg.bucketId;
    if (b < 0 || b >= maxBuckets) {
      throw new CrushMapError(`choose_args ${ca.id} names missing bucket ${arg.bucketId}`, arg.bucketId);
    }
    if (arg.weightSet !== undefined && arg.weightSet.length > 0) {
      positions[b] = arg.weightSet.length;
      weightStart[b] = weights.length;
      for (const vec of arg.weightSet) {
        if (vec.length !== size[b]) {
          throw new CrushMapError(
            `choose_args ${ca.id}: weight_set for bucket ${arg.bucketId} has ${vec.length} weights, bucket has ${size[b]} items`,
            arg.bucketId,
          );
        }
        weights.push(...vec);
      }
    }
    if (arg.ids !== undefined && arg.ids.length > 0) {
      if (arg.ids.length !== size[b]) {
        throw new CrushMapError(`choose_args ${ca.id}: ids for bucket ${arg.bucketId} do not match its items`, arg.bucketId);
      }
      idStart[b] = ids.length;
      ids.push(...arg.ids);
    }
  }
  return Object.freeze({
    id: ca.id,
    positions,
    weightStart,
    weights: Float64Array.from(weights),
    idStart,
    ids: Int32Array.from(ids),
  });
}
