/**
 * crushmap/testing: fast-check arbitraries and checkers for the guarantees a storage system
 * relies on CRUSH for. fast-check is a peer dependency (install it beside crushmap).
 *
 * ```ts
 * import fc from "fast-check";
 * import { createPlacement } from "crushmap";
 * import { arbitraryTopology, checkFailureDomains, expectOk } from "crushmap/testing";
 *
 * await fc.assert(fc.asyncProperty(arbitraryTopology({ minDomains: 3 }), async (topology) => {
 *   const placement = await createPlacement(topology, { replicas: 3, failureDomain: "zone" });
 *   expectOk(checkFailureDomains(placement, 1000)); // never two copies in one zone
 * }));
 * ```
 *
 * What a first property usually trips over (and how to state one that holds):
 * - Short results. CRUSH retries a bounded number of times; with very skewed weights (one
 *   domain holding most of the weight) it gives up and returns fewer copies than asked, and an
 *   erasure-coded placement leaves holes. "Every key has exactly 3 copies" is false there;
 *   "no two copies share a domain" and "at most 3 copies" always hold. State counts under equal
 *   or moderate weights, or assert them for nearly all keys.
 * - Groups born with fewer copies than their size. A pool (or placement) that asks for more
 *   copies than there are failure domains, or whose domains are partly out, gets short up sets
 *   from the start — planners call such groups degraded though nothing failed. createPlacement
 *   refuses a topology with too few weighted domains; cluster states do not, so a property over
 *   arbitraryClusterState must allow up sets shorter than the pool's size.
 * - Exceptions. pg_upmap_items may put two copies in one host on purpose; check failure domains
 *   with `skipExceptions` (or generate states without upmaps, the default).
 * - Moves are not free. A change moves at least what the minimum says (PlacementDiff), and an
 *   extra level between the failure domain and the devices makes CRUSH move more than that.
 *   Bound the ratio (≤ 1.15 on flat domains) instead of asking for the minimum exactly.
 *
 * @packageDocumentation
 */
export { expectOk, type CheckResult } from "./check.js";
export { arbitraryTopology, arbitraryTopologySpec, type TopologyArbitraryOptions } from "./arbitraryTopology.js";
export { arbitraryClusterState, ARBITRARY_POOL, type ClusterStateArbitraryOptions } from "./arbitraryClusterState.js";
export { arbitraryChange, type ChangeArbitraryOptions } from "./arbitraryChange.js";
export { arbitraryFailure, type FailureArbitraryOptions } from "./arbitraryFailure.js";
export { checkFailureDomains, type FailureDomainOptions } from "./checkFailureDomains.js";
export { checkNoOutDevices } from "./checkNoOutDevices.js";
export { checkPlanSafe, type StatePlan } from "./checkPlanSafe.js";
export { checkSurvives } from "./checkSurvives.js";
