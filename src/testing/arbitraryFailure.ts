/**
 * Random failures: a few nodes of a topology (devices or buckets — a disk, a node, a whole zone)
 * or of a cluster state (OSD ids and bucket names, as failedState takes them). Shrinks toward
 * one failure, and toward the first nodes in name order.
 */
import fc from "fast-check";
import type { ClusterState, Topology } from "../index.js";
import { elementOf } from "./elementOf.js";

/** How much {@link arbitraryFailure} fails at once, and at which level. */
export interface FailureArbitraryOptions {
  /** Most nodes failing at once. Default 1. */
  readonly maxFailures?: number;
  /** Only nodes of this type (e.g. "zone" for a whole-zone outage); default any node but the root. */
  readonly type?: string;
}

/**
 * @example
 * ```ts
 * // any one zone fails: every key keeps two copies
 * fc.property(arbitraryFailure(topology, { type: "zone" }), (failed) => {
 *   expectOk(checkSurvives(placement, failed, 1000, { minCopies: 2 }));
 * });
 * // a state: failedState(state, failure)
 * ```
 */
export function arbitraryFailure(target: Topology, options?: FailureArbitraryOptions): fc.Arbitrary<readonly string[]>;
export function arbitraryFailure(target: ClusterState, options?: FailureArbitraryOptions): fc.Arbitrary<readonly (string | number)[]>;
export function arbitraryFailure(target: Topology | ClusterState, options: FailureArbitraryOptions = {}): fc.Arbitrary<readonly (string | number)[]> {
  const candidates = "deviceType" in target ? topologyNodes(target, options.type) : stateNodes(target, options.type);
  if (candidates.length === 0) throw new TypeError(`arbitraryFailure: nothing${options.type === undefined ? "" : ` of type ${options.type}`} can fail`);
  return fc.uniqueArray(elementOf(candidates), { minLength: 1, maxLength: Math.min(options.maxFailures ?? 1, candidates.length) });
}

function topologyNodes(t: Topology, type: string | undefined): string[] {
  return [...t.nodes.values()].filter((n) => n !== t.root && (type === undefined || n.type === type)).map((n) => n.name).sort();
}

function stateNodes(s: ClusterState, type: string | undefined): (string | number)[] {
  const typeId = type === undefined ? undefined : s.crush.types.find((t) => t.name === type)?.id;
  const devices = typeId === undefined || typeId === 0 ? s.crush.devices.map((d) => d.id) : [];
  const roots = new Set(s.crush.buckets.map((b) => b.id));
  for (const b of s.crush.buckets) for (const it of b.items) roots.delete(it.id);
  const buckets = s.crush.buckets.filter((b) => !roots.has(b.id) && (typeId === undefined || b.type === typeId)).map((b) => b.name).sort();
  return type !== undefined && typeId === undefined ? [] : [...devices, ...buckets];
}
