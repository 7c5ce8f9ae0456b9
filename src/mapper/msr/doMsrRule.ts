/**
 * The MSR rule interpreter (Ceph's crush_msr_do_rule), for rules of type msr_firstn and
 * msr_indep. A conventional rule retries only inside one chooseleaf step; an MSR rule repeats
 * its whole descent, every step of a block, up to msr_descents times, so a device that is out
 * can move its share to another failure domain even when a step picks several devices per
 * domain ("choosemsr 4 type host", "choosemsr 2 type osd": 8 shards, at most 2 per host).
 *
 * The rule is a prefix of set_msr_* steps, then blocks of take, choosemsr…, emit; each block
 * fills the next positions of the result. Anything else maps to nothing, as in Ceph.
 */
import { RULE_TYPE } from "../../map/types.js";
import { bucketIndexOf } from "../bucketIndex.js";
import { OP } from "../compiledMap.js";
import { ITEM_NONE, ITEM_UNDEF, type RuleContext } from "../context.js";
import { chooseMsr } from "./chooseMsr.js";
import { msrFault, type MsrRun } from "./msrRun.js";
import { msrBlockEmit, msrConfigEnd, msrFanout } from "./scanMsrRule.js";

/** Beyond this many positions per block Ceph's unsigned products wrap; no real rule comes near. */
const MAX_FANOUT = 0x7fffffff;

/**
 * Maps x through MSR rule `ruleId` into result[0 … resultMax). msr_indep returns resultMax with
 * holes as ITEM_NONE; msr_firstn returns how many devices it placed, packed at the front.
 * `scratch` must hold 2 * cm.msrMaxSteps * resultMax entries.
 */
export function doMsrRule(ctx: RuleContext, ruleId: number, x: number, result: Int32Array, resultMax: number, scratch: Int32Array): number {
  const cm = ctx.cm;
  const steps = cm.steps;
  const base = cm.ruleStart[ruleId]!;
  const len = cm.ruleLength[ruleId]!;
  const run = startRun(ctx.msr, ruleId, base, x, result, resultMax, scratch, cm.ruleType[ruleId] === RULE_TYPE.msr_firstn);

  // the set_msr_* prefix overrides the map's tunables; Ceph reads the words as unsigned
  let descents = cm.msrDescents >>> 0;
  run.collisionTries = cm.msrCollisionTries >>> 0;
  const first = msrConfigEnd(steps, base, len);
  for (let s = 0; s < first; s++) {
    const value = steps[base + 3 * s + 1]! >>> 0;
    if (steps[base + 3 * s] === OP.SET_MSR_DESCENTS) descents = value;
    else run.collisionTries = value;
  }

  let startIndex = 0;
  let stepno = first;
  while (stepno < len) {
    const emit = msrBlockEmit(steps, base, len, stepno);
    if (emit < 0) return 0; // malformed: Ceph drops even what earlier blocks placed
    const take = steps[base + 3 * stepno + 1]!;
    if (take >= 0) {
      if (stepno + 1 !== emit) return 0;
      // Ceph emits the device, then never moves past this block and asserts on the repeat
      throw msrFault(run, `a block takes device ${take}`);
    }
    const root = bucketIndexOf(cm, take);
    if (root < 0) throw msrFault(run, `a block takes bucket ${take}, which does not exist`);
    const total = msrFanout(steps, base, stepno + 1, emit, resultMax);
    if (total > MAX_FANOUT) throw msrFault(run, `the choosemsr counts of a block multiply to ${total}`);
    const end = Math.min(startIndex + total, resultMax);
    mapBlock(ctx, run, root, total, startIndex, end, stepno + 1, emit, descents);
    startIndex = end;
    stepno = emit + 1;
  }
  return run.firstn ? run.returned : resultMax;
}

function startRun(
  run: MsrRun, ruleId: number, base: number, x: number, result: Int32Array, resultMax: number, scratch: Int32Array, firstn: boolean,
): MsrRun {
  run.ruleId = ruleId;
  run.ruleBase = base;
  run.x = x;
  run.resultMax = resultMax;
  run.firstn = firstn;
  run.result = result;
  run.returned = 0;
  run.scratch = scratch;
  result.fill(ITEM_NONE, 0, resultMax);
  return run;
}

/** Repeats the block's descent until its positions are filled or msr_descents is spent. */
function mapBlock(
  ctx: RuleContext, run: MsrRun, root: number, total: number, start: number, end: number, first: number, emit: number, descents: number,
): void {
  const limit = run.returned + (end - start);
  if (first === emit) {
    // Ceph calls its choose step on the emit step here and asserts
    if (end > start && descents > 0) throw msrFault(run, `a block has no choosemsr step between take and emit`);
    return;
  }
  const nsteps = emit - first;
  run.blockFirst = first;
  run.blockEnd = emit;
  run.undoBase = nsteps * run.resultMax;
  // the collision sets live for the whole block: every descent sees what earlier ones chose
  run.scratch.fill(ITEM_UNDEF, 0, nsteps * run.resultMax);
  for (let tryno = 0; tryno < descents && run.returned < limit; tryno++) {
    chooseMsr(ctx, run, root, total, start, end, first, tryno, 0);
  }
}
