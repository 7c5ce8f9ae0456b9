/**
 * Evening out a pool for clients that cannot read upmap exceptions: a weight set (Ceph's
 * choose_args, the compat set id -1 by default) that CRUSH uses in place of the buckets' own
 * weights, tuned so each device's share of replicas approaches its crush weight share. Like
 * python-crush's `optimize` and Ceph's crush-compat balancer it iterates: map, compare each
 * device with its target, scale its weight by (target / count)^α, repeat — with a bound on how
 * many groups one step may move.
 */
import { classTrees } from "../map/classes.js";
import { hierarchy } from "../map/hierarchyIndex.js";
import { weightFromCephText, weightToText } from "../map/weight.js";
import type { Bucket, ChooseArgs, CrushMap } from "../map/types.js";
import { mapPool, replicaMoves, type PoolMapping } from "../placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../placement/state.js";
import type { ClusterState } from "../placement/types.js";
import { checkMaxDeviation, deviation, maxDeviation, poolSpread } from "./deviation.js";
import { BalanceError } from "./errors.js";

/**
 * How far {@link balanceWeightSet} goes: its target deviation, step size, steps, and the choose_args id it writes.
 *
 * @group Balancing
 */
export interface WeightSetOptions {
  /** Stop once every device is within this many replicas of its target. Default 1. */
  readonly maxDeviation?: number;
  /** At most this share of the pool's groups may change per step (python-crush's --step). Default 0.05. */
  readonly step?: number;
  /** Steps to try. Default 40. */
  readonly maxSteps?: number;
  /** The choose_args id to write: -1 (compat, read by every client) or the pool id. Default -1. */
  readonly chooseArgsId?: number;
}

/**
 * A weight set from {@link balanceWeightSet}: the choose_args it tuned, the crush map and
 * state that carry it, and the pool's largest deviation (in replicas) before and after.
 *
 * @group Balancing
 */
export interface WeightSetResult {
  /** The crush map with the weight set. */
  readonly crush: CrushMap;
  /** The state with that crush map. */
  readonly state: ClusterState;
  readonly chooseArgs: ChooseArgs;
  readonly steps: number;
  /** Replicas that move from the current up sets to the balanced ones. */
  readonly moves: number;
  readonly maxDeviationBefore: number;
  readonly maxDeviationAfter: number;
}

/**
 * Computes a weight set that evens out `pool`.
 *
 * @group Balancing
 *
 * @throws {@link BalanceError} when an option is out of range, and {@link PlacementError} when
 * the pool does not exist.
 * @example
 * ```ts
 * const r = balanceWeightSet(state, "rbd", { step: 0.02 });
 * printCrushText(r.crush); // with a choose_args section Ceph reads
 * ```
 */
export function balanceWeightSet(state: ClusterState, pool: number | string, options: WeightSetOptions = {}): WeightSetResult {
  const limit = checkMaxDeviation(options.maxDeviation);
  const step = options.step ?? 0.05;
  if (!(step > 0 && step <= 1)) throw new BalanceError(`step must be in (0, 1], got ${String(step)}`, "step");
  const maxSteps = options.maxSteps ?? 40;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new BalanceError(`maxSteps must be a non-negative integer, got ${String(maxSteps)}`, "maxSteps");
  const { pool: p, scope, mapping: start, deviation: startDev } = poolSpread(state, pool);
  const id = options.chooseArgsId ?? -1;
  if (id !== -1 && id !== p.id) throw new BalanceError(`chooseArgsId must be -1 (compat) or the pool id ${p.id}, got ${String(id)}`, "chooseArgsId");
  const factor = new Map<number, number>(startDev.devices.map((d) => [d, 1]));

  let best = { state, map: start, max: maxDeviation(startDev), args: existingArgs(state.crush, id) };
  let current = best;
  let steps = 0;
  let alpha = 1;
  while (steps < maxSteps && best.max > limit) {
    const dev = deviation(current.state, scope, current.map);
    let next: typeof best | undefined;
    for (let tries = 0; tries < 6 && next === undefined; tries++) {
      const trial = new Map(factor);
      for (const d of dev.devices) {
        const ratio = dev.target[d]! / Math.max(dev.count[d]!, 0.5);
        trial.set(d, Math.min(16, Math.max(1 / 16, trial.get(d)! * ratio ** alpha)));
      }
      const args = weightSet(state.crush, trial, id);
      const crush = withChooseArgs(state.crush, args);
      const s = createClusterState({ ...clusterStateInput(state), crush });
      const m = mapPool(s, p.id);
      if (changedGroups(current.map, m) > step * start.pgNum) {
        alpha /= 2;
        continue;
      }
      for (const [d, f] of trial) factor.set(d, f);
      next = { state: s, map: m, max: maxDeviation(deviation(s, scope, m)), args };
    }
    if (next === undefined) break;
    steps++;
    current = next;
    if (next.max < best.max) best = next;
  }
  const crush = best.state.crush;
  return {
    crush,
    state: best.state,
    chooseArgs: best.args,
    steps,
    moves: replicaMoves(start, best.map),
    maxDeviationBefore: maxDeviation(startDev),
    maxDeviationAfter: best.max,
  };
}

/** One weight-set position per bucket: devices scaled by their factor, buckets by their contents. */
function weightSet(map: CrushMap, factor: ReadonlyMap<number, number>, id: number): ChooseArgs {
  const index = hierarchy(map);
  const buckets: Bucket[] = [...map.buckets, ...(map.classes.length > 0 ? classTrees(map) : [])];
  const total = new Map<number, number>();
  // a device's weight scaled by its factor, a bucket's the sum of its items (an unknown one keeps its own)
  const weightOf = (itemId: number, own: number): number =>
    itemId >= 0 ? textStable(Math.round(own * (factor.get(itemId) ?? 1))) : (total.get(itemId) ?? own);
  for (const b of index.bottomUp()) {
    const sum = index.bucket(b)!.items.reduce((s, it) => s + weightOf(it.id, it.weight), 0);
    total.set(b, textStable(Math.min(sum, 0x7fffffff)));
  }
  return {
    id,
    buckets: buckets
      .filter((b) => b.alg === "straw2")
      .sort((a, b) => b.id - a.id)
      .map((b) => ({ bucketId: b.id, weightSet: [b.items.map((it) => weightOf(it.id, it.weight))] })),
  };
}

/**
 * The weight the text form keeps: crushtool -d prints weight sets with three decimals, so only
 * values that survive printing and parsing map the same after a decompile and compile.
 */
function textStable(w: number): number {
  return weightFromCephText(weightToText(w));
}

function withChooseArgs(map: CrushMap, args: ChooseArgs): CrushMap {
  const others = map.chooseArgs.filter((c) => c.id !== args.id);
  return { ...map, chooseArgs: [...others, args].sort((a, b) => a.id - b.id) };
}

function existingArgs(map: CrushMap, id: number): ChooseArgs {
  return map.chooseArgs.find((c) => c.id === id) ?? { id, buckets: [] };
}

function changedGroups(a: PoolMapping, b: PoolMapping): number {
  let n = 0;
  for (let ps = 0; ps < a.pgNum; ps++) {
    const la = a.upLength[ps]!;
    if (la !== b.upLength[ps]) {
      n++;
      continue;
    }
    for (let i = 0; i < la; i++) {
      if (a.up[ps * a.width + i] !== b.up[ps * b.width + i]) {
        n++;
        break;
      }
    }
  }
  return n;
}

