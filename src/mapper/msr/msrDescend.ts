/**
 * One MSR descent (Ceph's crush_msr_descend): from a bucket, choose through the intervening
 * buckets until a bucket of the wanted type or a device comes out. Unlike firstn/indep, the r
 * of every choice on the way is the same value, built from the descent number, the stride and
 * the local collision retry, so a retry anywhere reshuffles the whole path.
 */
import { bucketIndexOf } from "../bucketIndex.js";
import { bucketChoose } from "../bucketChoose.js";
import type { RuleContext } from "../context.js";
import { msrFault, type MsrRun } from "./msrRun.js";

/**
 * r = ((tryno * resultMax + index) << 16) + localTry, in unsigned 32-bit arithmetic as Ceph's
 * crush_msr_get_retry_value computes it, then read as the int crush_bucket_choose takes.
 */
export function msrRetryValue(resultMax: number, index: number, tryno: number, localTry: number): number {
  return (((Math.imul(tryno, resultMax) + index) << 16) + localTry) | 0;
}

/** The bucket id of `type` or the device the descent from bucket index `b` reaches. */
export function msrDescend(ctx: RuleContext, run: MsrRun, b: number, type: number, tryno: number, localTry: number, index: number): number {
  const cm = ctx.cm;
  const r = msrRetryValue(run.resultMax, index, tryno, localTry);
  for (;;) {
    // Ceph's crush_bucket_choose asserts on an empty bucket; firstn/indep step around them
    if (cm.size[b] === 0) throw msrFault(run, `the descent reached bucket ${cm.bucketId[b]!}, which is empty`);
    // the stride index is also the choose_args weight-set position
    const child = bucketChoose(ctx, b, run.x, r, index);
    if (child >= 0) return child;
    const cb = bucketIndexOf(cm, child);
    if (cb < 0) throw msrFault(run, `the descent reached bucket ${child}, which does not exist`);
    if (cm.type[cb] === type) return child;
    b = cb;
  }
}
