/**
 * What every checker returns: `{ ok: true }`, or `{ ok: false, reason }` with a sentence a person
 * can act on. Use it as a fast-check predicate with `expectOk`, or read `reason` yourself.
 */

/** The outcome of a checker. */
export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export const OK: CheckResult = Object.freeze({ ok: true });

export function fail(reason: string): CheckResult {
  return Object.freeze({ ok: false, reason });
}

/**
 * Throws an Error carrying `reason` when the check failed, so a fast-check property reports it
 * (and shrinks to the smallest input that still fails).
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(arbitraryTopology({ minDomains: 3 }), async (t) => {
 *   const p = await createPlacement(t, { replicas: 3, failureDomain: "zone" });
 *   expectOk(checkFailureDomains(p, 1000));
 * }));
 * ```
 */
export function expectOk(result: CheckResult): void {
  if (!result.ok) throw new Error(result.reason);
}
