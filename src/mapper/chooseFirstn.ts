/**
 * Depth-first choice of `numrep` distinct items of a type (Ceph's crush_choose_firstn), used
 * by replicated rules. A rejected or colliding choice is retried with a new r, first in the same
 * bucket (local retries, then the exhaustive local fallback) and then by descending again from
 * the top with r' = r + ftotal, until `tries` is exhausted and the replica is skipped. The result
 * is packed: a skipped replica leaves no hole.
 */
import { permChoose } from "./buckets/perm.js";
import { bucketChoose } from "./bucketChoose.js";
import type { RuleContext } from "./context.js";
import { isOut } from "./isOut.js";

/**
 * Writes chosen items to out[outBase + outpos …] (and, with recurseToLeaf, one device under each
 * to out2[out2Base + …]); returns the new outpos.
 */
export function chooseFirstn(
  ctx: RuleContext,
  bucket: number,
  x: number,
  numrep: number,
  type: number,
  out: Int32Array,
  outBase: number,
  outpos: number,
  outSize: number,
  tries: number,
  recurseTries: number,
  localRetries: number,
  localFallbackRetries: number,
  recurseToLeaf: boolean,
  varyR: number,
  stable: number,
  out2: Int32Array | null,
  out2Base: number,
  parentR: number,
): number {
  const cm = ctx.cm;
  let count = outSize;
  let item = 0;

  for (let rep = stable !== 0 ? 0 : outpos; rep < numrep && count > 0; rep++) {
    let ftotal = 0;
    let skipRep = false;
    let retryDescent: boolean;
    do {
      retryDescent = false;
      let inb = bucket;
      let flocal = 0;
      let retryBucket: boolean;
      do {
        let collide = false;
        let reject = false;
        retryBucket = false;
        const r = rep + parentR + ftotal;

        if (cm.size[inb] === 0) {
          reject = true;
        } else {
          if (localFallbackRetries > 0 && flocal >= cm.size[inb]! >> 1 && flocal > localFallbackRetries) {
            item = permChoose(cm, ctx.work, inb, x, r);
          } else {
            item = bucketChoose(ctx, inb, x, r, outpos);
          }
          if (item >= cm.maxDevices) {
            skipRep = true;
            break;
          }
          const itemType = item < 0 ? cm.type[-1 - item]! : 0;
          if (itemType !== type) {
            // not the wanted type yet: descend into it, keeping r
            if (item >= 0 || -1 - item >= cm.maxBuckets) {
              skipRep = true;
              break;
            }
            inb = -1 - item;
            retryBucket = true;
            continue;
          }

          for (let i = 0; i < outpos; i++) {
            if (out[outBase + i] === item) {
              collide = true;
              break;
            }
          }

          if (!collide && recurseToLeaf) {
            if (item < 0) {
              // vary_r feeds (a shift of) this r into the leaf search so that a retry above
              // also varies the choice below
              const subR = varyR !== 0 ? r >> (varyR - 1) : 0;
              const got = chooseFirstn(
                ctx, -1 - item, x, stable !== 0 ? 1 : outpos + 1, 0,
                out2!, out2Base, outpos, count,
                recurseTries, 0, localRetries, localFallbackRetries,
                false, varyR, stable, null, 0, subR,
              );
              if (got <= outpos) reject = true; // no leaf below this item
            } else {
              out2![out2Base + outpos] = item; // already a leaf
            }
          }

          if (!reject && !collide && itemType === 0) {
            reject = isOut(ctx.weight, ctx.weightMax, item, x);
          }
        }

        if (reject || collide) {
          ftotal++;
          flocal++;
          if (collide && flocal <= localRetries) retryBucket = true;
          else if (localFallbackRetries > 0 && flocal <= cm.size[inb]! + localFallbackRetries) retryBucket = true;
          else if (ftotal < tries) retryDescent = true;
          else skipRep = true;
        }
      } while (retryBucket);
    } while (retryDescent);

    if (skipRep) continue;

    out[outBase + outpos] = item;
    outpos++;
    count--;
    const hist = ctx.chooseTries;
    if (hist !== null && ftotal <= cm.chooseTotalTries) hist[ftotal]!++;
  }
  return outpos;
}
