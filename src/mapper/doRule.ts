/**
 * The rule interpreter (Ceph's crush_do_rule): runs a rule's steps over a working vector.
 * `take` loads a bucket, each `choose`/`chooseleaf` replaces the working vector with the items
 * chosen under every entry of it, `emit` appends the working vector to the result, and the
 * `set_*` steps override tunables for the rest of the rule.
 */
import { chooseFirstn } from "./chooseFirstn.js";
import { chooseIndep } from "./chooseIndep.js";
import { isMsrRuleType } from "../map/types.js";
import { bucketIndexOf } from "./bucketIndex.js";
import { OP } from "./compiledMap.js";
import type { RuleContext } from "./context.js";
import { doMsrRule } from "./msr/doMsrRule.js";

/**
 * Maps input x through rule `ruleId`, writing at most `resultMax` items into `result` and
 * returning how many were written. `scratch` must hold `ruleScratchSize(cm, resultMax)` entries.
 * An unknown rule id maps to nothing, as in Ceph. MSR rules (types msr_firstn and msr_indep) go
 * to their own interpreter, as crush_do_rule sends them to crush_msr_do_rule.
 */
export function doRule(
  ctx: RuleContext,
  ruleId: number,
  x: number,
  result: Int32Array,
  resultMax: number,
  scratch: Int32Array,
): number {
  const cm = ctx.cm;
  if (ruleId < 0 || ruleId >= cm.ruleExists.length || cm.ruleExists[ruleId] === 0) return 0;
  // every call starts with a fresh permutation scratch
  ctx.work.gen++;
  if (isMsrRuleType(cm.ruleType[ruleId]!)) return doMsrRule(ctx, ruleId, x, result, resultMax, scratch);

  let w = 0; // offset of the working vector in scratch
  let o = resultMax; // offset of the output vector
  const c = 2 * resultMax; // offset of the leaf vector
  let wsize = 0;
  let resultLen = 0;

  // Ceph's choose_total_tries counted retries, not tries: add one, in Ceph's unsigned 32 bits
  // (4294967295 wraps to 0 tries: each replica gets its first draw only).
  let chooseTries = (cm.chooseTotalTries + 1) >>> 0;
  let chooseLeafTries = 0;
  let localRetries = cm.chooseLocalTries;
  let localFallbackRetries = cm.chooseLocalFallbackTries;
  let varyR = cm.chooseleafVaryR;
  let stable = cm.chooseleafStable;

  const steps = cm.steps;
  const first = cm.ruleStart[ruleId]!;
  const end = first + 3 * cm.ruleLength[ruleId]!;
  for (let s = first; s < end; s += 3) {
    const op = steps[s]!;
    const arg1 = steps[s + 1]!;
    const arg2 = steps[s + 2]!;
    switch (op) {
      case OP.TAKE: {
        if ((arg1 >= 0 && arg1 < cm.maxDevices) || bucketIndexOf(cm, arg1) >= 0) {
          scratch[w] = arg1;
          wsize = 1;
        }
        break;
      }
      case OP.SET_CHOOSE_TRIES:
        if (arg1 > 0) chooseTries = arg1;
        break;
      case OP.SET_CHOOSELEAF_TRIES:
        if (arg1 > 0) chooseLeafTries = arg1;
        break;
      case OP.SET_CHOOSE_LOCAL_TRIES:
        if (arg1 >= 0) localRetries = arg1;
        break;
      case OP.SET_CHOOSE_LOCAL_FALLBACK_TRIES:
        if (arg1 >= 0) localFallbackRetries = arg1;
        break;
      case OP.SET_CHOOSELEAF_VARY_R:
        if (arg1 >= 0) varyR = arg1;
        break;
      case OP.SET_CHOOSELEAF_STABLE:
        if (arg1 >= 0) stable = arg1;
        break;
      case OP.CHOOSE_FIRSTN:
      case OP.CHOOSELEAF_FIRSTN:
      case OP.CHOOSE_INDEP:
      case OP.CHOOSELEAF_INDEP: {
        if (wsize === 0) break;
        const firstn = op === OP.CHOOSE_FIRSTN || op === OP.CHOOSELEAF_FIRSTN;
        const recurseToLeaf = op === OP.CHOOSELEAF_FIRSTN || op === OP.CHOOSELEAF_INDEP;
        let osize = 0;
        for (let i = 0; i < wsize; i++) {
          let numrep = arg1;
          if (numrep <= 0) {
            numrep += resultMax;
            if (numrep <= 0) continue;
          }
          const b = bucketIndexOf(cm, scratch[w + i]!);
          // a device (or an indep hole) in the working vector has nothing to choose from
          if (b < 0) continue;
          if (firstn) {
            const recurseTries =
              chooseLeafTries !== 0 ? chooseLeafTries : cm.chooseleafDescendOnce !== 0 ? 1 : chooseTries;
            osize += chooseFirstn(
              ctx, b, x, numrep, arg2,
              scratch, o + osize, 0, resultMax - osize,
              chooseTries, recurseTries, localRetries, localFallbackRetries,
              recurseToLeaf, varyR, stable,
              scratch, c + osize, 0,
            );
          } else {
            const outSize = numrep < resultMax - osize ? numrep : resultMax - osize;
            chooseIndep(
              ctx, b, x, outSize, numrep, arg2,
              scratch, o + osize, 0,
              chooseTries, chooseLeafTries !== 0 ? chooseLeafTries : 1,
              recurseToLeaf, scratch, c + osize, 0,
            );
            osize += outSize;
          }
        }
        // chooseleaf: the devices found under each chosen item are the result of the step
        if (recurseToLeaf) scratch.copyWithin(o, c, c + osize);
        const t = o;
        o = w;
        w = t;
        wsize = osize;
        break;
      }
      case OP.EMIT:
        for (let i = 0; i < wsize && resultLen < resultMax; i++) result[resultLen++] = scratch[w + i]!;
        wsize = 0;
        break;
      default:
        break;
    }
  }
  return resultLen;
}

/**
 * Entries of scratch a mapping of up to `resultMax` results needs: three vectors for
 * conventional rules (working, output, leaves), two per choosemsr step of the longest MSR block.
 */
export function ruleScratchSize(cm: RuleContext["cm"], resultMax: number): number {
  return Math.max(3, 2 * cm.msrMaxSteps) * resultMax;
}
