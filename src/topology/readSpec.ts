/**
 * Reading a topology spec (objects or JSON text) into a flat list of checked nodes. The walk is
 * iterative, so a deep tree cannot overflow the stack, and it notices an object met twice: a
 * cycle when the object is its own ancestor, a shared subtree (so duplicate names) otherwise.
 */
import { isValidCrushName } from "../map/validate.js";
import { weightFromDecimal } from "../map/weight.js";
import { TopologyError } from "./errors.js";
import type { NodeSpec } from "./types.js";

/** A node as read: its parent and children by index into the list (the root is index 0). */
export interface FlatNode {
  readonly name: string;
  readonly type: string;
  readonly isDevice: boolean;
  /** Decimal weight of a device as given (default 1); 0 for buckets until summed. */
  readonly weight: number;
  /** 16.16 weight of a device; 0 for buckets until summed. */
  readonly crushWeight: number;
  readonly parent: number;
  readonly children: number[];
}

/** Ceph's text compiler refuses device weights above 100 (CRUSH_MAX_DEVICE_WEIGHT); weights are relative, so scale them. */
const MAX_DEVICE_WEIGHT = 100;
const MAX_DEVICE_WEIGHT_16 = MAX_DEVICE_WEIGHT * 0x10000;
const FIELDS: ReadonlySet<string> = new Set(["name", "type", "weight", "children"]);

/** The nodes of `spec` in walk order, root first, each checked on its own (names, types, weights). */
export function readSpec(spec: NodeSpec | string): FlatNode[] {
  const root = typeof spec === "string" ? parseJson(spec) : spec;
  const nodes: FlatNode[] = [];
  const indexOf = new Map<object, number>();
  const stack: { value: unknown; parent: number; where: string }[] = [{ value: root, parent: -1, where: "the topology" }];
  while (stack.length > 0) {
    const { value, parent, where } = stack.pop()!;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TopologyError(`${where} is not a node ({ name, type, weight?, children? })`, parent < 0 ? "spec" : nodes[parent]!.name);
    }
    const seen = indexOf.get(value);
    if (seen !== undefined) throw sharedNode(nodes, seen, parent);
    const node = readNode(value as Record<string, unknown>, parent, where);
    const index = nodes.length;
    nodes.push(node);
    indexOf.set(value, index);
    if (parent >= 0) nodes[parent]!.children.push(index);
    const kids = (value as { children?: readonly unknown[] }).children;
    if (kids === undefined) continue;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ value: kids[i], parent: index, where: `child ${i} of ${node.name}` });
  }
  return nodes;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TopologyError(`topology JSON does not parse: ${(e as Error).message}`, "spec");
  }
}

/** An object met twice: a cycle if it is an ancestor of where it was met again, else shared. */
function sharedNode(nodes: readonly FlatNode[], seen: number, parent: number): TopologyError {
  const name = nodes[seen]!.name;
  const path: string[] = [];
  for (let p = parent; p >= 0; p = nodes[p]!.parent) {
    path.push(nodes[p]!.name);
    if (p === seen) {
      const cycle = [...path].reverse().concat(name).join(" → ");
      return new TopologyError(`the topology has a cycle: ${cycle}`, name);
    }
  }
  return new TopologyError(`node ${name} appears twice (under ${nodes[nodes[seen]!.parent]?.name ?? "the top"} and under ${nodes[parent]!.name})`, name);
}

function readNode(v: Record<string, unknown>, parent: number, where: string): FlatNode {
  const { name, type, weight, children } = v;
  if (!isValidCrushName(name)) {
    const item = typeof name === "string" ? name : "name";
    throw new TopologyError(`${where} has name ${JSON.stringify(name) ?? String(name)}: names are letters, digits, '-', '_' and '.'`, item);
  }
  const unknown = Object.keys(v).filter((k) => !FIELDS.has(k)).sort();
  if (unknown.length > 0) throw new TopologyError(`node ${name} has unknown field ${JSON.stringify(unknown[0])} (fields: name, type, weight, children)`, name);
  if (!isValidCrushName(type)) throw new TopologyError(`node ${name} has type ${JSON.stringify(type) ?? String(type)}: types are letters, digits, '-', '_' and '.'`, name);
  if (children !== undefined && !Array.isArray(children)) throw new TopologyError(`children of ${name} is not an array`, name);
  const isDevice = children === undefined;
  if (!isDevice) {
    if (weight !== undefined) throw new TopologyError(`bucket ${name} has a weight: a bucket weighs the sum of its children`, name);
    return { name, type, isDevice, weight: 0, crushWeight: 0, parent, children: [] };
  }
  const w = weight ?? 1;
  const crushWeight = typeof w === "number" && Number.isFinite(w) && w >= 0 && w <= MAX_DEVICE_WEIGHT + 1 ? weightFromDecimal(w, name) : -1;
  if (crushWeight < 0 || crushWeight > MAX_DEVICE_WEIGHT_16) {
    throw new TopologyError(`weight ${String(w)} of ${name} is not a finite number in 0..100 (Ceph's device limit; weights are relative, so scale them)`, name);
  }
  return { name, type, isDevice, weight: w as number, crushWeight, parent, children: [] };
}
