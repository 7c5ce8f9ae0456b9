/**
 * Random changes that apply: to a topology (a device or a node added, a node removed or moved,
 * a device reweighted — see applyTopologyChange) or to a cluster state (an OSD marked out, down,
 * in or up, reweighted, a device's crush weight changed, a device added or purged — see
 * applyChanges). Changes are drawn from what the given value holds, so chain them:
 * `arbitraryTopology().chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t)))`.
 */
import fc from "fast-check";
import type { ClusterChange, ClusterState, Topology, TopologyChange } from "../index.js";
import { elementOf } from "./elementOf.js";

/** Which changes {@link arbitraryChange} draws. */
export interface ChangeArbitraryOptions {
  /**
   * The kinds to draw from; default all. Topologies: addDevice, addBucket, removeNode, reweight,
   * moveNode. States: markOut, markDown, markIn, markUp, reweight, crushReweight, removeDevice, addDevice.
   */
  readonly kinds?: readonly string[];
}

/**
 * @example
 * ```ts
 * fc.property(arbitraryTopology().chain((t) => fc.tuple(fc.constant(t), arbitraryChange(t))), ([t, change]) => {
 *   const next = applyTopologyChange(t, change); // …
 * });
 * ```
 */
export function arbitraryChange(target: Topology, options?: ChangeArbitraryOptions): fc.Arbitrary<TopologyChange>;
export function arbitraryChange(target: ClusterState, options?: ChangeArbitraryOptions): fc.Arbitrary<ClusterChange>;
export function arbitraryChange(target: Topology | ClusterState, options: ChangeArbitraryOptions = {}): fc.Arbitrary<TopologyChange> | fc.Arbitrary<ClusterChange> {
  return "deviceType" in target ? topologyChange(target, options) : stateChange(target, options);
}

const weight = fc.integer({ min: 1, max: 16 }).map((n) => n / 2);

function topologyChange(t: Topology, o: ChangeArbitraryOptions): fc.Arbitrary<TopologyChange> {
  const lowest = t.buckets.filter((b) => b.children.some((c) => t.node(c)!.isDevice));
  const devices = t.devices.map((d) => d.name);
  const nonRoot = [...t.nodes.keys()].filter((n) => n !== t.root.name).sort();
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; t.node(name) !== undefined; i++) name = `${base}-${i}`;
    return name;
  };
  const options: { kind: string; arb: fc.Arbitrary<TopologyChange> }[] = [];
  if (lowest.length > 0) {
    options.push({
      kind: "addDevice",
      arb: fc.tuple(elementOf(lowest.map((b) => b.name)), weight).map(([under, w]) => ({ kind: "addNode", under, node: { name: fresh(`new-${t.deviceType}`), type: t.deviceType, weight: w } })),
    });
    const withParent = lowest.filter((b) => b.parent !== undefined);
    if (withParent.length > 0) {
      options.push({
        kind: "addBucket",
        arb: fc.tuple(elementOf(withParent), fc.array(weight, { minLength: 1, maxLength: 4 })).map(([like, ws]) => {
          const name = fresh(`new-${like.type}`);
          return { kind: "addNode", under: like.parent!, node: { name, type: like.type, children: ws.map((w, i) => ({ name: `${name}-${t.deviceType}-${i}`, type: t.deviceType, weight: w })) } };
        }),
      });
    }
  }
  if (nonRoot.length > 0) options.push({ kind: "removeNode", arb: elementOf(nonRoot).map((name) => ({ kind: "removeNode", name })) });
  options.push({ kind: "reweight", arb: fc.tuple(elementOf(devices), fc.oneof(weight, fc.constant(0))).map(([device, w]) => ({ kind: "reweight", device, weight: w })) });
  const movable = lowest.filter((b) => b.parent !== undefined && t.buckets.some((p) => p.type === t.node(b.parent!)!.type && p.name !== b.parent));
  if (movable.length > 0) {
    options.push({
      kind: "moveNode",
      arb: elementOf(movable).chain((b) => {
        const parentType = t.node(b.parent!)!.type;
        const targets = t.buckets.filter((p) => p.type === parentType && p.name !== b.parent).map((p) => p.name);
        return elementOf(targets).map((under) => ({ kind: "moveNode" as const, name: b.name, under }));
      }),
    });
  }
  return pick(options, o);
}

function stateChange(s: ClusterState, o: ChangeArbitraryOptions): fc.Arbitrary<ClusterChange> {
  const osds = s.osds.filter((x) => x.exists).map((x) => x.id);
  const hostType = s.crush.types.find((t) => t.name === "host")?.id;
  const hosts = s.crush.buckets.filter((b) => b.type === hostType).map((b) => b.name);
  const options: { kind: string; arb: fc.Arbitrary<ClusterChange> }[] = [];
  if (osds.length > 0) {
    const osd = elementOf(osds);
    options.push(
      { kind: "markOut", arb: osd.map((id) => ({ kind: "markOut", osd: id })) },
      { kind: "markDown", arb: osd.map((id) => ({ kind: "markDown", osd: id })) },
      { kind: "markIn", arb: osd.map((id) => ({ kind: "markIn", osd: id })) },
      { kind: "markUp", arb: osd.map((id) => ({ kind: "markUp", osd: id })) },
      { kind: "reweight", arb: fc.tuple(osd, fc.integer({ min: 0, max: 4 })).map(([id, q]) => ({ kind: "reweight", osd: id, weight: q / 4 })) },
      { kind: "crushReweight", arb: fc.tuple(osd, weight).map(([id, w]) => ({ kind: "crushReweight", device: id, weight: w })) },
      { kind: "removeDevice", arb: osd.map((id) => ({ kind: "removeDevice", device: id })) },
    );
  }
  if (hosts.length > 0) options.push({ kind: "addDevice", arb: fc.tuple(elementOf(hosts), weight).map(([under, w]) => ({ kind: "addDevice", under, weight: w })) });
  return pick(options, o);
}

function pick<T>(options: readonly { kind: string; arb: fc.Arbitrary<T> }[], o: ChangeArbitraryOptions): fc.Arbitrary<T> {
  const chosen = o.kinds === undefined ? options : options.filter((x) => o.kinds!.includes(x.kind));
  if (chosen.length === 0) throw new TypeError(`arbitraryChange: no change of kinds ${JSON.stringify(o.kinds)} applies here`);
  return fc.oneof(...chosen.map((x) => x.arb));
}
