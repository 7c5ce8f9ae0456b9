/**
 * One choosemsr step and, recursively, the steps after it in the block (Ceph's
 * crush_msr_choose). The positions [start, end) are cut into strides, one per item the step
 * chooses ("choosemsr 4 type host" over 8 positions: 4 strides of 2). For each stride still
 * missing a device, a descent picks an item of the step's type that no other stride uses
 * (retrying locally on collisions), and the next step fills the stride from under it. A device
 * that is out is simply skipped: the caller repeats the whole descent later with a new try
 * number, which may land on another item, even another failure domain, for that stride.
 */
import type { RuleContext } from "../context.js";
import { ITEM_UNDEF } from "../context.js";
import { bucketIndexOf } from "../bucketIndex.js";
import { isOut } from "../isOut.js";
import { msrDescend } from "./msrDescend.js";
import { msrFault, type MsrRun } from "./msrRun.js";
import { popUsed, pushUsed, strideFilled, validCandidate } from "./strideSets.js";

/**
 * Fills what it can of positions [start, end) from bucket index `b` with the block's steps from
 * `stepno` on; `total` is the number of positions those steps span. Returns the number of
 * devices it placed. `depth` is the nesting level (0 for the block's first step).
 */
export function chooseMsr(
  ctx: RuleContext, run: MsrRun, b: number, total: number, start: number, end: number, stepno: number, tryno: number, depth: number,
): number {
  const steps = ctx.cm.steps;
  const s = run.ruleBase + 3 * stepno;
  const count = steps[s + 1]!;
  const type = steps[s + 2]!;
  const strides = count !== 0 ? count >>> 0 : run.resultMax;
  const strideLength = total / strides;
  const v = run.scratch;
  const vec = (stepno - run.blockFirst) * run.resultMax;
  const leafVec = (run.blockEnd - 1 - run.blockFirst) * run.resultMax;
  const undo = run.undoBase + depth * run.resultMax;
  const last = stepno + 1 === run.blockEnd;

  let mapped = 0;
  let stride = 0;
  for (let strideStart = start; strideStart < end; strideStart += strideLength, stride++) {
    const strideEnd = Math.min(strideStart + strideLength, end);
    v[undo + stride] = ITEM_UNDEF;
    if (strideFilled(v, leafVec, strideStart, strideEnd)) continue;

    let candidate = 0;
    let found = false;
    for (let localTry = 0; localTry < run.collisionTries && !found; localTry++) {
      candidate = msrDescend(ctx, run, b, type, tryno, localTry, stride);
      found = validCandidate(v, vec, start, end, strideStart, strideEnd, candidate);
    }
    if (!found) continue;

    if (type === 0) {
      // a device step must be the block's last and fill one position per device
      if (strideLength !== 1 || !last) continue;
      mapped += placeDevice(ctx, run, vec, strideStart, candidate);
    } else {
      if (last) continue; // nothing below this step to reach a device with
      if (candidate < 0) {
        const got = chooseMsr(ctx, run, bucketIndexOf(ctx.cm, candidate), strideLength, strideStart, strideEnd, stepno + 1, tryno, depth + 1);
        // A bucket that placed nothing is forgotten when this call ends, not now: until then
        // it still collides, so one out device does not pull the other strides toward it.
        if (pushUsed(v, vec, strideStart, strideEnd, candidate) && got === 0) v[undo + stride] = candidate;
        else mapped += got;
      } else {
        throw msrFault(run, `choosemsr type ${type} reached device ${candidate}, which has no bucket below it`);
      }
    }
  }
  forgetUnused(v, vec, undo, start, end, strideLength);
  return mapped;
}

/** Emits device `item` at `position` unless it is out (then a later descent tries again). */
function placeDevice(ctx: RuleContext, run: MsrRun, vec: number, position: number, item: number): number {
  if (item < 0) throw msrFault(run, `choosemsr type 0 reached bucket ${item}, a bucket of the device type`);
  if (isOut(ctx.weight, ctx.weightMax, item, run.x)) return 0;
  run.scratch[vec + position] = item;
  if (run.firstn) run.result[run.returned] = item;
  else run.result[position] = item;
  run.returned++;
  return 1;
}

/** Drops the buckets that placed nothing this call from their strides' collision sets. */
function forgetUnused(v: Int32Array, vec: number, undo: number, start: number, end: number, strideLength: number): void {
  let stride = 0;
  for (let strideStart = start; strideStart < end; strideStart += strideLength, stride++) {
    if (v[undo + stride] !== ITEM_UNDEF) popUsed(v, vec, strideStart, Math.min(strideStart + strideLength, end));
  }
}
