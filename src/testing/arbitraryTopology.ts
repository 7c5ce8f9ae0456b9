/**
 * Random topologies that shrink well: the tree is generated as nested arrays (buckets of
 * buckets of device weights), so fast-check shrinks a failing case by dropping whole zones,
 * nodes and devices and by moving weights toward 1 — a counterexample comes out as the smallest
 * cluster that still fails. Names follow positions: zone-0, node-0-1, disk-0-1-2.
 */
import fc from "fast-check";
import { defineTopology, type NodeSpec, type Topology } from "../index.js";

/** The shape of the topologies to generate. */
export interface TopologyArbitraryOptions {
  /** Bucket levels under the root, top first. Default ["zone", "node"]. */
  readonly levels?: readonly string[];
  /** Buckets at the top level: default 1…5. Ask for at least as many as a placement needs domains. */
  readonly minDomains?: number;
  readonly maxDomains?: number;
  /** Children of a bucket at the levels below the top: default 1…4. */
  readonly minChildren?: number;
  readonly maxChildren?: number;
  /** Devices in a bucket of the lowest level: default 1…4. */
  readonly minDevices?: number;
  readonly maxDevices?: number;
  /**
   * Device weights: "equal" (all 1); "varied" (1 to 8 in halves, the default); "skewed" (also
   * some of 50 to 100 and some of 0.01 to 0.05 — the weights on which CRUSH gives short results).
   */
  readonly weights?: "equal" | "varied" | "skewed";
  /** Let some devices weigh 0 (drained). Default false. Zero-weight devices can leave whole domains without weight. */
  readonly zeroWeights?: boolean;
  readonly rootType?: string;
  readonly deviceType?: string;
}

type Tree = number | readonly Tree[];

/**
 * An arbitrary frozen {@link Topology}.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(arbitraryTopology({ minDomains: 3 }), async (topology) => {
 *   const placement = await createPlacement(topology, { replicas: 3, failureDomain: "zone" });
 *   expectOk(checkFailureDomains(placement, 500));
 * }));
 * ```
 */
export function arbitraryTopology(options: TopologyArbitraryOptions = {}): fc.Arbitrary<Topology> {
  return arbitraryTopologySpec(options).map((spec) => defineTopology(spec));
}

/** The spec {@link arbitraryTopology} defines (a plain tree, for tests that edit or reorder it). */
export function arbitraryTopologySpec(options: TopologyArbitraryOptions = {}): fc.Arbitrary<NodeSpec> {
  const levels = options.levels ?? ["zone", "node"];
  if (levels.length === 0) throw new TypeError("arbitraryTopology: levels must name at least one bucket level");
  const weight = weightArbitrary(options);
  let arb: fc.Arbitrary<Tree> = fc.array(weight, { minLength: options.minDevices ?? 1, maxLength: options.maxDevices ?? 4 });
  for (let level = levels.length - 1; level >= 1; level--) {
    arb = fc.array(arb, { minLength: options.minChildren ?? 1, maxLength: options.maxChildren ?? 4 });
  }
  const top = fc.array(arb, { minLength: options.minDomains ?? 1, maxLength: Math.max(options.maxDomains ?? 5, options.minDomains ?? 1) });
  return top.map((tree) => toSpec(tree, levels, options.rootType ?? "root", options.deviceType ?? "disk"));
}

function weightArbitrary(options: TopologyArbitraryOptions): fc.Arbitrary<number> {
  const varied = fc.integer({ min: 2, max: 16 }).map((n) => n / 2);
  let w: fc.Arbitrary<number> =
    options.weights === "equal" ? fc.constant(1) : options.weights === "skewed"
      ? fc.oneof({ arbitrary: varied, weight: 4 }, { arbitrary: fc.integer({ min: 50, max: 100 }), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => n / 100), weight: 1 })
      : varied;
  // listed first, the usual weights are what shrinking moves toward
  if (options.zeroWeights === true) w = fc.oneof({ arbitrary: w, weight: 5 }, { arbitrary: fc.constant(0), weight: 1 });
  return w;
}

/** Nested arrays → spec, iteratively; names by position under the root. */
function toSpec(tree: readonly Tree[], levels: readonly string[], rootType: string, deviceType: string): NodeSpec {
  type Mutable = { name: string; type: string; weight?: number; children?: Mutable[] };
  const root: Mutable = { name: "default", type: rootType, children: [] };
  const stack: { node: Mutable; tree: readonly Tree[]; path: string; depth: number }[] = [{ node: root, tree, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { node, tree: kids, path, depth } = stack.pop()!;
    kids.forEach((kid, i) => {
      const p = path === "" ? String(i) : `${path}-${i}`;
      if (typeof kid === "number") {
        node.children!.push({ name: `${deviceType}-${p}`, type: deviceType, weight: kid });
        return;
      }
      const child: Mutable = { name: `${levels[depth]}-${p}`, type: levels[depth]!, children: [] };
      node.children!.push(child);
      stack.push({ node: child, tree: kid as readonly Tree[], path: p, depth: depth + 1 });
    });
  }
  return root;
}
