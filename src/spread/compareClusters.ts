/**
 * From devices by id (a spread report's, a map's) to the positional clusters compareAlgorithms
 * takes: one index per device id of either side, in ascending id order, so index i is the same
 * device before and after; a device missing on one side has weight 0 there. Failure-domain ids
 * (bucket ids) become indices 0, 1, … in the order they first appear, the same on both sides.
 */
import type { CompareCluster } from "./compare.js";
import { SpreadError } from "./errors.js";

/**
 * A device for {@link compareClusters}: `weight` its effective weight, `domain` the id of its
 * failure-domain bucket (as in a spread report's devices).
 *
 * @group Spread
 */
export interface CompareDevice {
  readonly id: number;
  readonly weight: number;
  readonly domain?: number;
}

function byId(devices: readonly CompareDevice[], what: string): Map<number, CompareDevice> {
  const m = new Map<number, CompareDevice>();
  for (const d of devices) {
    if (!Number.isInteger(d.id)) throw new SpreadError(`${what}: device id ${String(d.id)} is not an integer`, what);
    if (m.has(d.id)) throw new SpreadError(`${what}: device ${d.id} appears twice`, d.id);
    m.set(d.id, d);
  }
  return m;
}

/**
 * The before (and after) clusters for {@link compareAlgorithms}, aligned by device id; domains
 * only when every device of both sides has one.
 *
 * @group Spread
 *
 * @example
 * ```ts
 * const { cluster, after } = compareClusters(report.devices, reportAfter.devices);
 * compareAlgorithms(cluster, { numRep: 3, minX: 0, maxX: 1023, after });
 * ```
 */
export function compareClusters(
  before: readonly CompareDevice[],
  after?: readonly CompareDevice[],
): { readonly cluster: CompareCluster; readonly after?: CompareCluster; readonly ids: readonly number[] } {
  const b = byId(before, "before");
  const a = after === undefined ? undefined : byId(after, "after");
  const ids = [...new Set([...b.keys(), ...(a === undefined ? [] : a.keys())])].sort((x, y) => x - y);
  const withDomains = [...b.values(), ...(a === undefined ? [] : a.values())].every((d) => d.domain !== undefined);
  const domainIndex = new Map<number, number>();
  const index = (dom: number | undefined): number => {
    if (dom === undefined) return 0;
    if (!domainIndex.has(dom)) domainIndex.set(dom, domainIndex.size);
    return domainIndex.get(dom)!;
  };
  const side = (m: Map<number, CompareDevice>): CompareCluster => {
    const weights = ids.map((id) => m.get(id)?.weight ?? 0);
    if (!withDomains) return Object.freeze({ weights: Object.freeze(weights) });
    // a device absent on this side takes its domain from the other side (its weight is 0 anyway)
    const domains = ids.map((id) => index((m.get(id) ?? b.get(id) ?? a?.get(id))!.domain));
    return Object.freeze({ weights: Object.freeze(weights), domains: Object.freeze(domains) });
  };
  const cluster = side(b);
  const out = a === undefined ? { cluster, ids: Object.freeze(ids) } : { cluster, after: side(a), ids: Object.freeze(ids) };
  return Object.freeze(out);
}
