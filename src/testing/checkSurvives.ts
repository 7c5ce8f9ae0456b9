/**
 * What a failure leaves: every key keeps at least `minCopies` copies outside the failed nodes
 * (default 1 for replicas — nothing lost — and k for erasure codes — still decodable).
 */
import type { Key, Placement } from "../index.js";
import { fail, OK, type CheckResult } from "./check.js";
import { keysOf, keyText } from "./keysOf.js";

/**
 * @example
 * ```ts
 * checkSurvives(placement, ["zone-a"], 10_000, { minCopies: 2 }); // { ok: true } with 3 replicas over 3 zones
 * ```
 */
export function checkSurvives(placement: Placement, failed: readonly string[], keys: readonly Key[] | number, options: { readonly minCopies?: number } = {}): CheckResult {
  const t = placement.topology;
  for (const f of failed) if (t.node(f) === undefined) return fail(`${f} is not a node of the topology`);
  const down = new Set(failed);
  const isDown = (device: string): boolean => {
    for (let n = t.node(device); n !== undefined; n = n.parent === undefined ? undefined : t.node(n.parent)) if (down.has(n.name)) return true;
    return false;
  };
  const need = options.minCopies ?? (placement.kind === "erasure" ? placement.k : 1);
  for (const key of keysOf(keys)) {
    const copies = placement.place(key);
    const left = copies.filter((d) => d !== null && !isDown(d)).length;
    if (left < need) return fail(`key ${keyText(key)}: ${left} of its copies (${copies.map((d) => d ?? "none").join(", ")}) survive the failure of ${failed.join(", ")}; ${need} needed`);
  }
  return OK;
}
