/**
 * Depth-first choice of `numrep` distinct items of a type (Ceph's crush_choose_firstn), used
 * by replicated rules. Each replica descends from `bucket` through intervening buckets to an
 * item of the wanted type. A choice fails when it collides with an earlier replica, when its
 * leaf search finds nothing, or when the device is out; every failure bumps ftotal, so the next
 * draw uses r' = r + ftotal. What happens next is a cascade, in mapper.c's order: retry locally
 * (collisions only, choose_local_tries), search the bucket exhaustively
 * (choose_local_fallback_tries), descend again from the top, or give up on the replica once
 * `tries` draws failed. Modern tunables set both local counts to 0, leaving only the descent.
 * The result is packed: a replica given up leaves no hole, later ones move up.
 */
import { permChoose } from "./buckets/perm.js";
import { bucketChoose } from "./bucketChoose.js";
import { bucketIndexOf } from "./bucketIndex.js";
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

  // chooseleaf_stable: the leaf search (the recursive call below) starts every replica at rep 0
  // and asks for one leaf, so a leaf does not depend on how many replicas came before it
  for (let rep = stable !== 0 ? 0 : outpos; rep < numrep && count > 0; rep++) {
    let ftotal = 0; // failed draws for this replica, from any bucket
    let skipRep = false;
    let retryDescent: boolean;
    do {
      retryDescent = false;
      let inb = bucket; // a new descent starts from the top
      let flocal = 0; // failed draws since this descent began
      let retryBucket: boolean;
      do {
        let collide = false;
        let reject = false;
        retryBucket = false;
        const r = rep + parentR + ftotal;

        if (cm.size[inb] === 0) {
          reject = true; // an empty bucket is a failed draw like any other
        } else {
          // deep into the exhaustive fallback (see the cascade below), draw from a permutation
          // of the bucket instead: it visits each item once, so a bucket that keeps giving the
          // same item is still searched through (bucket_perm_choose)
          if (localFallbackRetries > 0 && flocal >= cm.size[inb]! >> 1 && flocal > localFallbackRetries) {
            item = permChoose(cm, ctx.work, inb, x, r);
          } else {
            item = bucketChoose(ctx, inb, x, r, outpos);
          }
          if (item >= cm.maxDevices) {
            // a device id the map does not have: nothing sensible to retry, give the replica up
            skipRep = true;
            break;
          }
          const ib = item < 0 ? bucketIndexOf(cm, item) : -1;
          const itemType = ib >= 0 ? cm.type[ib]! : item < 0 ? -1 : 0;
          if (itemType !== type) {
            // not the wanted type yet: descend into it, keeping r (a device of the wrong type, or
            // an item that is no bucket of the map, cannot be descended: give the replica up)
            if (ib < 0) {
              skipRep = true;
              break;
            }
            inb = ib;
            retryBucket = true;
            continue;
          }

          // distinct from the replicas already placed at this level
          for (let i = 0; i < outpos; i++) {
            if (out[outBase + i] === item) {
              collide = true;
              break;
            }
          }

          if (!collide && recurseToLeaf) {
            if (item < 0) {
              // chooseleaf: find one device under the item, distinct from the leaves of earlier
              // replicas (out2[0..outpos)), with recurseTries draws (1 under
              // chooseleaf_descend_once: a failed leaf search rejects the item, and the retry
              // happens up here). vary_r feeds (a shift of) this r into it so that a retry
              // above also varies the choice below.
              const subR = varyR !== 0 ? r >> (varyR - 1) : 0;
              const got = chooseFirstn(
                ctx, ib, x, stable !== 0 ? 1 : outpos + 1, 0,
                out2!, out2Base, outpos, count,
                recurseTries, 0, localRetries, localFallbackRetries,
                false, varyR, stable, null, 0, subR,
              );
              if (got <= outpos) reject = true; // no leaf below this item
            } else {
              out2![out2Base + outpos] = item; // already a leaf
            }
          }

          // a device marked out (or partly out: reweight rejects that share of its draws)
          if (!reject && !collide && itemType === 0) {
            reject = isOut(ctx.weight, ctx.weightMax, item, x);
          }
        }

        if (reject || collide) {
          ftotal++;
          flocal++;
          if (collide && flocal <= localRetries) {
            // retry locally: draw again in the bucket where the collision happened (not from the
            // top), a few times (legacy choose_local_tries; a rejection never retries here)
            retryBucket = true;
          } else if (localFallbackRetries > 0 && flocal <= ((cm.size[inb]! + localFallbackRetries) >>> 0)) {
            // exhaustive fallback: keep drawing in this bucket, size + choose_local_fallback_tries
            // times in all, through its permutation once flocal passes both half the size and
            // the fallback count, so every item gets its turn (legacy tunables); the sum is
            // unsigned 32-bit in Ceph and wraps
            retryBucket = true;
          } else if (ftotal < tries) {
            // retry descent: start again from the top bucket with the new r, so the search may
            // leave a crowded subtree altogether (the only retry under modern tunables)
            retryDescent = true;
          } else {
            // give up: `tries` draws failed; this replica is skipped, the result stays packed
            skipRep = true;
          }
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
