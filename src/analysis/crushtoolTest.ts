/**
 * A crushtool-compatible test run: maps a range of inputs through one or all rules, for one or
 * a range of replica counts, and prints what `crushtool --test` prints for the same flags.
 */
import type { CrushMap } from "../map/types.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { Mapper } from "../mapper/mapper.js";
import { ITEM_NONE } from "../mapper/context.js";
import { hash32_2 } from "../hash/rjenkins.js";

export interface CrushtoolTestOptions {
  /** Rule range, inclusive; unless both are given (and non-negative), every rule, as in crushtool. */
  readonly minRule?: number;
  readonly maxRule?: number;
  /** Replica range; when both are negative (not given), each rule's min_size..max_size. */
  readonly minRep: number;
  readonly maxRep: number;
  /** Input range, inclusive; unless both are given (and non-negative), 0..1023 as in crushtool. */
  readonly minX?: number;
  readonly maxX?: number;
  /** Reweights by device id, 16.16 (crushtool's --weight DEV W). */
  readonly deviceWeights?: ReadonlyMap<number, number>;
  /** crushtool's --pool-id: hash x with the pool id first. */
  readonly poolId?: number;
  readonly showMappings?: boolean;
  readonly showBadMappings?: boolean;
}

/** Returns the text crushtool prints on stdout for the same test. */
export function crushtoolTest(map: CrushMap, compiled: CompiledMap, opts: CrushtoolTestOptions): string {
  const lines: string[] = [];
  // crushtool falls back to 0..1023 unless both ends are given and non-negative
  const explicitX = opts.minX !== undefined && opts.maxX !== undefined && opts.minX >= 0 && opts.maxX >= 0;
  const minX = explicitX ? opts.minX! : 0;
  const maxX = explicitX ? opts.maxX! : 1023;

  // crushtool's weight vector: explicit --weight, else in if present in a bucket, else 0
  const base = new Mapper(compiled).reweight;
  const weight = new Uint32Array(compiled.maxDevices);
  for (let d = 0; d < weight.length; d++) weight[d] = opts.deviceWeights?.get(d) ?? base[d]!;
  let totalWeight = 0;
  for (const w of weight) totalWeight = (totalWeight + w) | 0;

  const mapper = new Mapper(compiled, { reweight: weight });
  const ruleCount = compiled.ruleExists.length;
  const explicitRules = opts.minRule !== undefined && opts.maxRule !== undefined && opts.minRule >= 0 && opts.maxRule >= 0;
  const first = explicitRules ? opts.minRule! : 0;
  const last = explicitRules ? opts.maxRule! : ruleCount - 1;
  const sizes = new Map(map.rules.map((rule) => [rule.id, rule]));
  let out = new Int32Array(16);
  for (let r = first; r < ruleCount && r <= last; r++) {
    if (compiled.ruleExists[r] === 0) continue;
    const useRuleSizes = opts.minRep < 0 && opts.maxRep < 0;
    const minRep = useRuleSizes ? sizes.get(r)!.minSize : opts.minRep;
    const maxRep = useRuleSizes ? sizes.get(r)!.maxSize : opts.maxRep;
    if (out.length < maxRep) out = new Int32Array(maxRep);
    for (let nr = minRep; nr <= maxRep; nr++) {
      if (totalWeight === 0) continue;
      for (let x = minX; x <= maxX; x++) {
        const realX = opts.poolId === undefined ? x : hash32_2(x, opts.poolId) | 0;
        const n = nr > 0 ? mapper.mapInto(r, realX, nr, out) : 0;
        const text = formatVector(out, n);
        if (opts.showMappings) lines.push(`CRUSH rule ${r} x ${x} ${text}`);
        if (opts.showBadMappings) {
          let hole = false;
          for (let i = 0; i < n; i++) if (out[i] === ITEM_NONE) hole = true;
          if (n !== nr || hole) lines.push(`bad mapping rule ${r} x ${x} num_rep ${nr} result ${text}`);
        }
      }
    }
  }
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/** Ceph prints vectors as [a,b,c]. */
function formatVector(v: Int32Array, n: number): string {
  let s = "[";
  for (let i = 0; i < n; i++) s += (i === 0 ? "" : ",") + String(v[i]);
  return s + "]";
}
