/**
 * How much a change moves: map the same inputs before and after (two crush maps, or two states
 * of one pool), count the replicas not held by the same device before and after, and set that
 * against the least any placement would have to move to keep every device at its share.
 */
import { staleBucketWeights, type StaleBucketWeight } from "./staleWeights.js";
import { RULE_TYPE, type CrushMap } from "../map/types.js";
import { Mapper } from "../mapper/mapper.js";
import { mapPool } from "../placement/mapPool.js";
import type { ClusterState } from "../placement/types.js";
import { checkComparableMaps } from "./comparableMaps.js";
import { SpreadError } from "./errors.js";
import { checkSpreadOptions, deviceIdBound, type SpreadOptions } from "./inputs.js";
import { moveTally, tallyInput, type MoveTally } from "./moves.js";
import { poolReach, poolRule } from "./poolSpread.js";
import { findRule, ruleReach, type RuleReach } from "./ruleReach.js";

/**
 * One device's part in a movement.
 *
 * @group Spread
 */
export interface MovementDevice {
  readonly id: number;
  readonly name: string;
  /** Replicas it held before and after. */
  readonly before: number;
  readonly after: number;
  /** Replicas it holds after that it did not hold before (copied onto it). */
  readonly gained: number;
  /** Replicas it held before that it does not hold after. */
  readonly lost: number;
  /** Its share of the replicas placed, before and after. */
  readonly expectedBefore: number;
  readonly expectedAfter: number;
}

/**
 * What a change moves (see docs/spread.md for how `minimum` is derived).
 *
 * @group Spread
 */
export interface SpreadMovement {
  /** Over all inputs, the replicas after the change not held by the same device before (copies to make). */
  readonly moved: number;
  /**
   * The least any placement keeping every device at its share would move: Σ over devices of
   * max(0, expectedAfter − expectedBefore), the replicas devices whose share grew must receive.
   */
  readonly minimum: number;
  /** Replicas placed after the change. */
  readonly total: number;
  /** Every device of either side, by id. */
  readonly devices: readonly MovementDevice[];
  /**
   * Stale child-bucket weights of the map after the change (see staleBucketWeights): where there
   * are any, CRUSH does not follow the devices' shares and `minimum` is no lower bound.
   */
  readonly staleWeightsAfter?: readonly StaleBucketWeight[];
}

/**
 * Movement options: the report's, and the reweights after the change when they differ.
 *
 * @group Spread
 */
export interface MovementOptions extends SpreadOptions {
  /** Reweight vector of the second map (default: `weights`, else the map's own default). */
  readonly weightsAfter?: ArrayLike<number>;
}

/**
 * The replicas that move when the cluster goes from map `before` to map `after`, inputs
 * minX..maxX through rule `ruleId` with numRep replicas each.
 *
 * @group Spread
 *
 * @throws {@link SpreadError} when the maps hold other devices or their rule `ruleId` differs
 * (naming the difference), a rule places nothing, or the options give no inputs.
 *
 * @example
 * ```ts
 * const after = CrushMapBuilder.from(map).reweight("osd.3", 2).build();
 * const m = spreadMovement(map, after, 0, { numRep: 3, minX: 0, maxX: 9999 });
 * m.moved / m.minimum; // 1 would be perfect; CRUSH typically moves somewhat more
 * ```
 */
export function spreadMovement(before: CrushMap, after: CrushMap, ruleId: number, options: MovementOptions): SpreadMovement {
  checkSpreadOptions(options);
  checkComparableMaps(before, after, ruleId);
  const wb = options.weights;
  const wa = options.weightsAfter ?? options.weights;
  const mb = new Mapper(before, wb === undefined ? {} : { reweight: wb });
  const ma = new Mapper(after, wa === undefined ? {} : { reweight: wa });
  const size = Math.max(deviceIdBound(mb), deviceIdBound(ma));
  const t = moveTally(size);
  const outB = new Int32Array(options.numRep);
  const outA = new Int32Array(options.numRep);
  const positional = isPositional(before, ruleId);
  for (let x = options.minX; x <= options.maxX; x++) {
    const nb = mb.mapInto(ruleId, x, options.numRep, outB);
    const na = ma.mapInto(ruleId, x, options.numRep, outA);
    tallyInput(t, outB, 0, nb, outA, 0, na, positional);
  }
  const reachB = ruleReach(before, findRule(before, ruleId), mb.reweight);
  const reachA = ruleReach(after, findRule(after, ruleId), ma.reweight);
  const movement = summarise(t, reachB, reachA);
  const stale = staleBucketWeights(after, findRule(after, ruleId));
  return stale.length === 0 ? movement : { ...movement, staleWeightsAfter: stale };
}

/**
 * The replicas of pool `pool` that move between two cluster states (say, one and the result of
 * `applyChanges` on it): its groups' up sets compared group by group.
 *
 * @group Spread
 *
 * @throws {@link PlacementError} for a pool missing from either state; {@link SpreadError} when
 * the pool's size or pg_num differs between them, or its rule places nothing.
 */
export function poolSpreadMovement(before: ClusterState, after: ClusterState, pool: number | string): SpreadMovement {
  const pb = mapPool(before, pool);
  const pa = mapPool(after, pool);
  if (pb.pool.size !== pa.pool.size || pb.pgNum !== pa.pgNum) {
    throw new SpreadError(
      `pool ${pb.pool.name} has ${pb.pgNum} groups of ${pb.pool.size} before and ${pa.pgNum} of ${pa.pool.size} after: movement compares the same groups`,
      pb.pool.name,
    );
  }
  const t = moveTally(Math.max(before.maxOsd, after.maxOsd));
  const positional = pb.pool.type === "erasure";
  for (let ps = 0; ps < pb.pgNum; ps++) {
    tallyInput(t, pb.up, ps * pb.width, pb.upLength[ps]!, pa.up, ps * pa.width, pa.upLength[ps]!, positional);
  }
  const reachB = poolReach(before, poolRule(before, pb.pool), t.before);
  const reachA = poolReach(after, poolRule(after, pa.pool), t.after);
  return summarise(t, reachB, reachA);
}

/** indep rules leave each shard at its position; firstn rules are sets. */
function isPositional(map: CrushMap, ruleId: number): boolean {
  const rule = findRule(map, ruleId);
  if (rule.type === RULE_TYPE.erasure || rule.type === RULE_TYPE.msr_indep) return true;
  return rule.steps.some((s) => (s.op === "choose" || s.op === "chooseleaf") && s.mode === "indep");
}

/** Each device's share of `placed` under a reach. */
function shares(reach: RuleReach, placed: number): Map<number, number> {
  let total = 0;
  for (const w of reach.weights) total += w;
  const out = new Map<number, number>();
  for (let i = 0; i < reach.ids.length; i++) out.set(reach.ids[i]!, total === 0 ? 0 : (placed * reach.weights[i]!) / total);
  return out;
}

function summarise(t: MoveTally, reachB: RuleReach, reachA: RuleReach): SpreadMovement {
  let placedB = 0;
  let placedA = 0;
  for (let d = 0; d < t.before.length; d++) {
    placedB += t.before[d]!;
    placedA += t.after[d]!;
  }
  if (placedB === 0) throw new SpreadError("the rule places nothing before the change", "before");
  if (placedA === 0) throw new SpreadError("the rule places nothing after the change", "after");
  const eb = shares(reachB, placedB);
  const ea = shares(reachA, placedA);
  const names = new Map<number, string>();
  for (const r of [reachB, reachA]) for (let i = 0; i < r.ids.length; i++) names.set(r.ids[i]!, r.names[i]!);
  const ids = new Set<number>([...eb.keys(), ...ea.keys()]);
  for (let d = 0; d < t.before.length; d++) if (t.before[d]! > 0 || t.after[d]! > 0) ids.add(d);
  const devices: MovementDevice[] = [];
  let minimum = 0;
  for (const id of [...ids].sort((a, b) => a - b)) {
    const expectedBefore = eb.get(id) ?? 0;
    const expectedAfter = ea.get(id) ?? 0;
    minimum += Math.max(0, expectedAfter - expectedBefore);
    const row = { id, name: names.get(id) ?? `osd.${id}`, before: t.before[id] ?? 0, after: t.after[id] ?? 0 };
    devices.push({ ...row, gained: t.gained[id] ?? 0, lost: t.lost[id] ?? 0, expectedBefore, expectedAfter });
  }
  return { moved: t.moved, minimum, total: placedA, devices };
}
