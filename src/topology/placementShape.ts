/**
 * What a placement asks of a topology, checked against it: how many copies, of which kind, in
 * which failure domains and how many per domain — and for every device the failure domain (and
 * the bucket "within" it) that holds it. Every check names the option or the node at fault.
 */
import type { NameHasher } from "../hash/xxhash.js";
import { TopologyError } from "./errors.js";
import type { Topology, TopologyNode } from "./types.js";

/**
 * Options both kinds of placement share.
 *
 * @group Topology
 */
export interface PlacementOptionsBase {
  /** The type no two copies may share a bucket of (`"zone"`, `"node"`, …; the device type means distinct devices). */
  readonly failureDomain: string;
  /**
   * Copies per failure domain, default 1: `{ replicas: 6, failureDomain: "zone", perDomain: 2 }`
   * puts two copies in each of three zones. The copies inside one domain go to distinct buckets
   * of type `within`.
   */
  readonly perDomain?: number;
  /** With `perDomain` > 1: the type whose buckets hold at most one of a domain's copies. Default: the type of the failure domains' children. */
  readonly within?: string;
  /** A hasher to share (from `createNameHasher`); by default each placement instantiates its own. */
  readonly hasher?: NameHasher;
}

/**
 * A replicated placement: `replicas` copies, primary first.
 *
 * @group Topology
 */
export interface ReplicatedPlacementOptions extends PlacementOptionsBase {
  readonly replicas: number;
  readonly k?: undefined;
  readonly m?: undefined;
}

/**
 * An erasure-coded placement: k data and m coding shards, each at its own position.
 *
 * @group Topology
 */
export interface ErasurePlacementOptions extends PlacementOptionsBase {
  readonly k: number;
  readonly m: number;
  readonly replicas?: undefined;
}

/**
 * What {@link createPlacement} places: replicas or k + m shards, and the failure domain they spread over.
 *
 * @group Topology
 */
export type PlacementOptions = ReplicatedPlacementOptions | ErasurePlacementOptions;

/** The checked request. */
export interface PlacementShape {
  readonly kind: "replicated" | "erasure";
  readonly size: number;
  readonly k: number;
  readonly m: number;
  readonly failureDomain: string;
  readonly perDomain: number;
  /** The inner level, or undefined when the domain's copies only need distinct devices. */
  readonly within: string | undefined;
  /** The failure-domain buckets, ascending id (just the devices when the failure domain is the device type). */
  readonly domains: readonly TopologyNode[];
}

/** Ceph keeps a pool's size in a byte. */
const MAX_SIZE = 255;

export function placementShape(topology: Topology, o: PlacementOptions): PlacementShape {
  if (typeof o !== "object" || o === null) throw new TopologyError("placement options are missing", "options");
  const erasure = o.k !== undefined || o.m !== undefined;
  if (erasure && o.replicas !== undefined) throw new TopologyError("give either replicas or k and m, not both", "replicas");
  const size = erasure ? sizeOf(o.k, "k", 1) + sizeOf(o.m, "m", 0) : sizeOf(o.replicas, "replicas", 1);
  if (size > MAX_SIZE) throw new TopologyError(`${size} copies are more than ${MAX_SIZE}`, erasure ? "k" : "replicas");
  const fd = o.failureDomain;
  if (typeof fd !== "string" || !topology.types.includes(fd)) {
    throw new TopologyError(`failureDomain ${JSON.stringify(fd) ?? String(fd)} is not a type of this topology (${topology.types.join(", ")})`, "failureDomain");
  }
  if (fd === topology.root.type) throw new TopologyError(`failureDomain ${fd} is the root's type; choose a level below the root`, "failureDomain");
  const perDomain = o.perDomain ?? 1;
  if (!Number.isInteger(perDomain) || perDomain < 1 || size % perDomain !== 0) {
    throw new TopologyError(`perDomain ${String(perDomain)} is not a positive integer dividing the ${size} copies`, "perDomain");
  }
  const within = perDomain > 1 ? withinType(topology, fd, o.within) : undefined;
  const domains = domainsOf(topology, fd, within);
  checkEnough(topology, domains, size, perDomain, within, erasure ? "k" : "replicas");
  return Object.freeze({ kind: erasure ? "erasure" : "replicated", size, k: erasure ? o.k! : size, m: erasure ? o.m! : 0, failureDomain: fd, perDomain, within, domains: Object.freeze(domains) });
}

function sizeOf(v: unknown, what: string, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new TopologyError(`${what} ${String(v)} is not an integer ≥ ${min}`, what);
  return v;
}

/** The inner level for perDomain > 1, given or read off the domains' children; undefined means devices. */
function withinType(topology: Topology, fd: string, given: string | undefined): string | undefined {
  if (fd === topology.deviceType) throw new TopologyError(`perDomain > 1 needs a failure domain above the devices (${fd} is the device type)`, "perDomain");
  let type = given;
  if (type === undefined) {
    const kinds = new Set<string>();
    for (const b of topology.buckets) if (b.type === fd) for (const c of b.children) kinds.add(topology.node(c)!.type);
    if (kinds.size !== 1) throw new TopologyError(`the ${fd} buckets' children have ${kinds.size === 0 ? "no type" : `types ${[...kinds].sort().join(", ")}`}: say which with within`, "within");
    type = [...kinds][0]!;
  }
  // types are ordered by level, so a type below the failure domain comes before it
  if (!topology.types.includes(type) || topology.types.indexOf(type) >= topology.types.indexOf(fd)) {
    throw new TopologyError(`within ${String(type)} is not a type below ${fd}`, "within");
  }
  return type === topology.deviceType ? undefined : type;
}

/** The failure domains, checking that every device sits in exactly one (and in a `within` bucket inside it). */
function domainsOf(topology: Topology, fd: string, within: string | undefined): TopologyNode[] {
  if (fd === topology.deviceType) return [...topology.devices];
  for (const b of topology.buckets) {
    if (b.type === fd && b.parent !== undefined && topology.ancestorOfType(b.parent, fd) !== undefined) {
      throw new TopologyError(`${fd} ${b.name} lies inside ${fd} ${topology.ancestorOfType(b.parent, fd)!.name}: failure domains cannot nest`, b.name);
    }
  }
  for (const d of topology.devices) {
    const domain = topology.ancestorOfType(d.name, fd);
    if (domain === undefined) throw new TopologyError(`device ${d.name} is in no ${fd}, so it has no failure domain`, d.name);
    if (within === undefined) continue;
    const inner = topology.ancestorOfType(d.name, within);
    if (inner === undefined || topology.ancestorOfType(inner.name, fd) !== domain) {
      throw new TopologyError(`device ${d.name} is in no ${within} inside ${fd} ${domain.name}`, d.name);
    }
  }
  return topology.buckets.filter((b) => b.type === fd).sort((a, b) => a.id - b.id);
}

/** Enough weighted domains for the copies, and enough weighted inner buckets in each. */
function checkEnough(topology: Topology, domains: readonly TopologyNode[], size: number, perDomain: number, within: string | undefined, option: string): void {
  const weighted = domains.filter((d) => d.crushWeight > 0);
  const need = size / perDomain;
  if (weighted.length < need) {
    const fd = domains[0]?.type ?? "domain";
    const names = weighted.map((d) => d.name).sort();
    throw new TopologyError(
      `${size} copies${perDomain > 1 ? `, ${perDomain} per ${fd},` : ""} need ${need} ${fd}s with weight; the topology has ${weighted.length}${names.length > 0 ? ` (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""})` : ""}`,
      option,
    );
  }
  if (perDomain === 1) return;
  for (const d of weighted) {
    const inner = within === undefined ? devicesUnder(topology, d) : innerUnder(topology, d, within);
    const count = inner.filter((n) => n.crushWeight > 0).length;
    if (count < perDomain) {
      throw new TopologyError(`${d.type} ${d.name} holds ${count} ${within ?? topology.deviceType}${count === 1 ? "" : "s"} with weight; perDomain ${perDomain} needs ${perDomain}`, d.name);
    }
  }
}

/** Buckets of type `type` under `node`, not looking inside them. */
export function innerUnder(topology: Topology, node: TopologyNode, type: string): TopologyNode[] {
  const out: TopologyNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const n = topology.node(stack.pop()!)!;
    if (n.type === type) out.push(n);
    else for (const c of n.children) stack.push(c);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Devices anywhere under `node`, ascending id. */
export function devicesUnder(topology: Topology, node: TopologyNode): TopologyNode[] {
  if (node.isDevice) return [node];
  const out: TopologyNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const n = topology.node(stack.pop()!)!;
    if (n.isDevice) out.push(n);
    else for (const c of n.children) stack.push(c);
  }
  return out.sort((a, b) => a.id - b.id);
}
