/**
 * Breadth-first, position-stable choice (Ceph's crush_choose_indep), used by erasure-coded
 * rules: every position keeps its own r sequence, so losing one device only changes the
 * positions that held it. Positions that cannot be filled stay as holes (ITEM_NONE).
 */
import { bucketChoose } from "./bucketChoose.js";
import { bucketIndexOf } from "./bucketIndex.js";
import { ALG } from "./compiledMap.js";
import { ITEM_NONE, ITEM_UNDEF, type RuleContext } from "./context.js";
import { isOut } from "./isOut.js";

export function chooseIndep(
  ctx: RuleContext,
  bucket: number,
  x: number,
  left: number,
  numrep: number,
  type: number,
  out: Int32Array,
  outBase: number,
  outpos: number,
  tries: number,
  recurseTries: number,
  recurseToLeaf: boolean,
  out2: Int32Array | null,
  out2Base: number,
  parentR: number,
): void {
  const cm = ctx.cm;
  const endpos = outpos + left;

  for (let rep = outpos; rep < endpos; rep++) {
    out[outBase + rep] = ITEM_UNDEF;
    if (out2 !== null) out2[out2Base + rep] = ITEM_UNDEF;
  }

  let ftotal = 0;
  for (; left > 0 && ftotal < tries; ftotal++) {
    for (let rep = outpos; rep < endpos; rep++) {
      if (out[outBase + rep] !== ITEM_UNDEF) continue;
      let inb = bucket;
      for (;;) {
        // The choice depends on the position even in nested calls, so a bucket chosen for two
        // positions tends to give different items to each.
        let r = rep + parentR;
        // a uniform bucket whose size is a multiple of numrep would cycle through the same
        // items with stride numrep, so Ceph strides by numrep + 1 there
        if (cm.alg[inb] === ALG.UNIFORM && cm.size[inb]! % numrep === 0) r += (numrep + 1) * ftotal;
        else r += numrep * ftotal;

        if (cm.size[inb] === 0) break;

        const item = bucketChoose(ctx, inb, x, r, outpos);
        if (item >= cm.maxDevices) {
          out[outBase + rep] = ITEM_NONE;
          if (out2 !== null) out2[out2Base + rep] = ITEM_NONE;
          left--;
          break;
        }
        const ib = item < 0 ? bucketIndexOf(cm, item) : -1;
        const itemType = ib >= 0 ? cm.type[ib]! : item < 0 ? -1 : 0;
        if (itemType !== type) {
          if (ib < 0) {
            out[outBase + rep] = ITEM_NONE;
            if (out2 !== null) out2[out2Base + rep] = ITEM_NONE;
            left--;
            break;
          }
          inb = ib;
          continue;
        }

        let collide = false;
        for (let i = outpos; i < endpos; i++) {
          if (out[outBase + i] === item) {
            collide = true;
            break;
          }
        }
        if (collide) break;

        if (recurseToLeaf) {
          if (item < 0) {
            chooseIndep(ctx, ib, x, 1, numrep, 0, out2!, out2Base, rep, recurseTries, 0, false, null, 0, r);
            if (out2![out2Base + rep] === ITEM_NONE) break; // no leaf below
          } else if (out2 !== null) {
            out2[out2Base + rep] = item;
          }
        }

        if (itemType === 0 && isOut(ctx.weight, ctx.weightMax, item, x)) break;

        out[outBase + rep] = item;
        left--;
        break;
      }
    }
  }

  for (let rep = outpos; rep < endpos; rep++) {
    if (out[outBase + rep] === ITEM_UNDEF) out[outBase + rep] = ITEM_NONE;
    if (out2 !== null && out2[out2Base + rep] === ITEM_UNDEF) out2[out2Base + rep] = ITEM_NONE;
  }
  const hist = ctx.chooseTries;
  if (hist !== null && ftotal <= cm.chooseTotalTries) hist[ftotal]!++;
}
