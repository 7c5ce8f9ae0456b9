/**
 * The topology model: a cluster described by names, as a storage service's configuration file
 * describes it, with the ids and weights CRUSH needs derived from it.
 */
import type { CrushMap } from "../map/types.js";

/**
 * One node of a topology as a user writes it (or as JSON). A node with `children` — even an
 * empty array — is a bucket (a zone, a node, a rack, …); a node without is a device, the leaves
 * data lives on.
 *
 * @group Topology
 *
 * @example
 * ```ts
 * const spec: NodeSpec = {
 *   name: "default", type: "root", children: [
 *     { name: "zone-a", type: "zone", children: [
 *       { name: "node-a1", type: "node", children: [{ name: "a1-d0", type: "disk", weight: 4 }] },
 *     ] },
 *   ],
 * };
 * ```
 */
export interface NodeSpec {
  /** Unique over the whole topology; letters, digits, `-`, `_` and `.` (what Ceph accepts). */
  readonly name: string;
  /** The level: every device has the same type, and no bucket has it. */
  readonly type: string;
  /**
   * Devices only: a finite decimal in 0…100 (Ceph's device limit), default 1 — relative
   * capacity, e.g. in TiB as Ceph counts it. Buckets weigh the sum of their children (at most 65535).
   */
  readonly weight?: number;
  /** Present for buckets (possibly empty), absent for devices. */
  readonly children?: readonly NodeSpec[];
}

/**
 * Options of {@link defineTopology}.
 *
 * @group Topology
 */
export interface TopologyOptions {
  /**
   * Ids to keep, by node name: those an existing crush map already uses (so a cluster can adopt
   * the topology without moving data), or `topology.ids` of an earlier version (so no collision
   * can ever renumber a node). Devices take ids ≥ 0, buckets ids < 0. Names the topology does not
   * have are ignored, so one record can serve every version of a cluster.
   */
  readonly ids?: Readonly<Record<string, number>>;
}

/**
 * One node of a defined topology.
 *
 * @group Topology
 */
export interface TopologyNode {
  readonly name: string;
  readonly type: string;
  /** The crush id: ≥ 0 for devices, < 0 for buckets; a function of the name (see defineTopology). */
  readonly id: number;
  readonly isDevice: boolean;
  /** Decimal weight: as given for a device, the sum of its devices' crush weights for a bucket. */
  readonly weight: number;
  /** 16.16 fixed point, as CRUSH sees it (1.0 is 0x10000), converted as Ceph converts. */
  readonly crushWeight: number;
  /** The parent bucket's name; undefined for the root. */
  readonly parent: string | undefined;
  /** Children's names in crush order (ascending id). */
  readonly children: readonly string[];
}

/**
 * A frozen, validated topology. Build one with {@link defineTopology}; change one with
 * {@link applyTopologyChange} (which returns a new topology) or by editing the spec and
 * defining it again.
 *
 * @group Topology
 */
export interface Topology {
  readonly root: TopologyNode;
  /** The devices' type (crush type 0). */
  readonly deviceType: string;
  /** Type names by crush type id: the device type first, then bucket types from the lowest level up. */
  readonly types: readonly string[];
  /** Every node by name. */
  readonly nodes: ReadonlyMap<string, TopologyNode>;
  /** Devices, ascending id. */
  readonly devices: readonly TopologyNode[];
  /** Buckets, ascending name. */
  readonly buckets: readonly TopologyNode[];
  /** Every node's id by name (a null-prototype record, names ascending): store it, pass it back as `ids`. */
  readonly ids: Readonly<Record<string, number>>;
  /** The node called `name`, or undefined. */
  node(name: string): TopologyNode | undefined;
  /** The node with crush id `id`, or undefined. */
  nodeById(id: number): TopologyNode | undefined;
  /** The bucket of type `type` above (or equal to) node `name`, or undefined when there is none. */
  ancestorOfType(name: string, type: string): TopologyNode | undefined;
  /** The whole tree as a Ceph crush map (straw2 buckets, optimal tunables, no rules); frozen, computed once. */
  toCrushMap(): CrushMap;
  /** The spec this topology was defined from, children in name order: `JSON.stringify` it to store it. */
  toSpec(): NodeSpec;
}
