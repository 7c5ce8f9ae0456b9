/**
 * Random maps with MSR rules, in Ceph 20's text format, for the MSR golden fixtures and the
 * differential test against Ceph 20's crushtool. Deterministic for a seed.
 *
 * Every map is one that Ceph's MSR mapper handles without undefined behaviour: the hierarchy has
 * the same depth everywhere (so a descent looking for a type always meets it before a device),
 * no bucket is empty, and tree buckets never get device classes (their class copies hold
 * uninitialised weights in Ceph). Within that, the shapes vary: two to four levels above the
 * devices, every bucket algorithm, unequal and zero weights, device classes, choose_args weight
 * sets, MSR tunables in the map and in the rules, firstn and indep, one to three choosemsr
 * levels, several take/emit blocks, counts of 0, and rules asking for more domains than exist.
 * (Forms Ceph compiles but maps to nothing, such as a chooseleaf step in an MSR rule, are left
 * out: crushmap's validateMap refuses them.)
 */
import { prng } from "./randomMap.js";

export interface MsrCase {
  readonly rule: number;
  readonly numRep: number;
  /** crushtool --weight pairs: device, reweight in [0, 1]. */
  readonly weights: readonly (readonly [number, number])[];
}

export interface MsrMap {
  readonly text: string;
  readonly deviceCount: number;
  readonly cases: readonly MsrCase[];
}

/** Ceph's default types, the ones `osdmaptool --createsimple` writes. */
export const TYPES = ["osd", "host", "chassis", "rack", "row", "pdu", "pod", "room", "datacenter", "zone", "region", "root"];

/** Levels above host, outermost first, by depth. */
const SHAPES: readonly (readonly string[])[] = [[], ["rack"], ["datacenter"], ["room", "rack"], ["datacenter", "rack"]];

interface Node {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly alg: string;
  readonly children: Node[];
  /** Devices only: weight in 1/100000 units and class. */
  readonly weight: number;
  readonly cls: string | undefined;
}

type Rnd = () => number;

export function msrMap(seed: number): MsrMap {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const shape = pick(SHAPES);
  const classes = rnd() < 0.3 ? ["hdd", "ssd"] : [];
  const chooseArgs = rnd() < 0.25;
  // classes and choose_args stay on straw2 maps: that is where operators use them
  const algPool = classes.length > 0 || chooseArgs ? ["straw2"] : ["straw2", "straw2", "straw2", "uniform", "list", "tree", "straw"];
  const built = buildTree(rnd, int, pick, shape, classes, algPool);
  const rules = makeRules(rnd, int, pick, built.root, shape, classes);
  const lines: string[] = [];
  lines.push(...tunables(rnd, int));
  for (let d = 0; d < built.devices.length; d++) {
    const dev = built.devices[d]!;
    lines.push(`device ${dev.id} ${dev.name}${dev.cls === undefined ? "" : ` class ${dev.cls}`}`);
  }
  TYPES.forEach((t, i) => lines.push(`type ${i} ${t}`));
  for (const b of built.bucketsBottomUp) lines.push(...bucketText(b));
  for (const r of rules) lines.push(...r.text);
  if (chooseArgs) lines.push(...chooseArgsText(rnd, int, built.bucketsBottomUp));
  const cases: MsrCase[] = [];
  for (const r of rules) for (const numRep of r.numReps) cases.push({ rule: r.id, numRep, weights: reweights(rnd, int, built.root) });
  return { text: lines.join("\n") + "\n", deviceCount: built.devices.length, cases };
}

function buildTree(
  rnd: Rnd, int: (lo: number, hi: number) => number, pick: <T>(xs: readonly T[]) => T,
  shape: readonly string[], classes: readonly string[], algPool: readonly string[],
): { root: Node; devices: Node[]; bucketsBottomUp: Node[] } {
  const devices: Node[] = [];
  const buckets: Node[] = [];
  let nextBucket = -2;
  const fanout = shape.map(() => int(2, 4));
  const hostsPer = int(shape.length === 0 ? 4 : 2, shape.length === 0 ? 9 : 4);
  const evenWeights = rnd() < 0.3;
  const makeHost = (name: string): Node => {
    const alg = pick(algPool);
    const n = int(Math.max(1, classes.length), 5);
    // a uniform bucket holds items of one weight; others get unequal and sometimes zero weights
    const same = alg === "uniform" || evenWeights ? pick([100000, 200000, 363898]) : 0;
    const children: Node[] = [];
    for (let i = 0; i < n; i++) {
      const id = devices.length;
      const w = same !== 0 ? same : rnd() < 0.08 && i > 0 ? 0 : int(20, 800) * 1000;
      // every host holds each class, so no class copy of a bucket is empty
      const cls = classes.length === 0 ? undefined : i < classes.length ? classes[i] : pick(classes);
      const dev: Node = { id, name: `osd.${id}`, type: "osd", alg: "", children: [], weight: w, cls };
      devices.push(dev);
      children.push(dev);
    }
    const host: Node = { id: nextBucket--, name, type: "host", alg, children, weight: 0, cls: undefined };
    buckets.push(host);
    return host;
  };
  const makeLevel = (level: number, prefix: string): Node => {
    if (level === shape.length) {
      const hosts: Node[] = [];
      for (let h = 0; h < hostsPer; h++) hosts.push(makeHost(`${prefix}host${h}`));
      return inner("host", hosts, prefix);
    }
    const kids: Node[] = [];
    for (let i = 0; i < fanout[level]!; i++) kids.push(makeLevel(level + 1, `${prefix}${shape[level]!.slice(0, 2)}${i}-`));
    return inner(shape[level]!, kids, prefix);
  };
  // the bucket holding `kids`: the next level up (a root when the shape is exhausted)
  const inner = (kidType: string, kids: Node[], prefix: string): Node => {
    const depth = kidType === "host" ? shape.length : shape.indexOf(kidType);
    const type = depth === 0 ? "root" : shape[depth - 1]!;
    const name = depth === 0 ? "default" : prefix.slice(0, -1);
    // uniform only where the items weigh the same, which a random tree cannot promise above hosts
    let alg = pick(algPool);
    if (alg === "uniform") alg = "straw2";
    const b: Node = { id: depth === 0 ? -1 : nextBucket--, name, type, alg, children: kids, weight: 0, cls: undefined };
    buckets.push(b);
    return b;
  };
  const root = makeLevel(0, "");
  return { root, devices, bucketsBottomUp: buckets };
}

function weightOf(n: Node): number {
  return n.type === "osd" ? n.weight : n.children.reduce((s, c) => s + weightOf(c), 0);
}

function decimal(w: number): string {
  return (w / 100000).toFixed(5);
}

function bucketText(b: Node): string[] {
  const out = [`${b.type} ${b.name} {`, `\tid ${b.id}`, `\talg ${b.alg}`, "\thash 0"];
  for (const c of b.children) out.push(`\titem ${c.name} weight ${decimal(weightOf(c))}`);
  out.push("}");
  return out;
}

function tunables(rnd: Rnd, int: (lo: number, hi: number) => number): string[] {
  const out = [
    "tunable choose_local_tries 0",
    "tunable choose_local_fallback_tries 0",
    "tunable choose_total_tries 50",
    "tunable chooseleaf_descend_once 1",
    "tunable chooseleaf_vary_r 1",
    "tunable chooseleaf_stable 1",
    "tunable straw_calc_version 1",
    "tunable allowed_bucket_algs 54",
  ];
  if (rnd() < 0.35) out.push(`tunable msr_descents ${int(1, 12)}`);
  if (rnd() < 0.35) out.push(`tunable msr_collision_tries ${int(1, 8)}`);
  return out;
}

interface RuleSpec {
  readonly id: number;
  readonly text: string[];
  readonly numReps: readonly number[];
}

function makeRules(
  rnd: Rnd, int: (lo: number, hi: number) => number, pick: <T>(xs: readonly T[]) => T,
  root: Node, shape: readonly string[], classes: readonly string[],
): RuleSpec[] {
  const rules: RuleSpec[] = [];
  const take = (item: string): string => (classes.length > 0 && rnd() < 0.6 ? `\tstep take ${item} class ${pick(classes)}` : `\tstep take ${item}`);
  // set_msr_* steps; `tight` keeps the retries low, for rules that ask for more than exists
  // (every missing position costs descents x collision tries bucket choices per input)
  const prefix = (tight = false): string[] => {
    const out: string[] = [];
    if (tight || rnd() < 0.4) out.push(`\tstep set_msr_descents ${tight ? int(1, 8) : int(1, 30)}`);
    if (tight || rnd() < 0.4) out.push(`\tstep set_msr_collision_tries ${tight ? int(1, 6) : int(1, 12)}`);
    return out;
  };
  const add = (type: string, body: string[], numReps: number[]): void => {
    const id = rules.length;
    rules.push({ id, text: [`rule msr${id} {`, `\tid ${id}`, `\ttype ${type}`, ...body, "}"], numReps: [...new Set(numReps)].filter((n) => n > 0) });
  };
  const mode = (): string => pick(["msr_indep", "msr_firstn"]);
  const count = (type: string): number => countOfType(root, type);
  const domains = ["host", ...shape];
  // EC-style: N failure domains, M devices in each (crush-num-failure-domains,
  // crush-osds-per-failure-domain), N no more than there are domains
  const fd = pick(domains);
  const have = count(fd);
  const m = int(1, 3);
  const n = have >= 2 && rnd() < 0.75 ? int(2, Math.min(4, have)) : 0;
  // with a count of 0 there are as many strides as results: ask for what the domains can hold
  const width = (n === 0 ? Math.min(4, have) : n) * m;
  add(mode(), [...prefix(), take("default"), `\tstep choosemsr ${n} type ${fd}`, `\tstep choosemsr ${m} type osd`, "\tstep emit"], [width, width - 1, n === 0 ? width : width + 2]);
  // more domains than the map has: holes (indep) or short results (firstn), retries kept low
  add(mode(), [...prefix(true), take("default"), `\tstep choosemsr ${have + 1} type ${fd}`, `\tstep choosemsr ${int(1, 2)} type osd`, "\tstep emit"], [int(3, 6), int(4, 8)]);
  if (shape.length > 0) {
    // three levels: outer domains, hosts in each, devices on each host
    const outer = Math.min(count(shape[0]!), int(2, 3));
    add(mode(), [...prefix(), take("default"), `\tstep choosemsr ${outer} type ${shape[0]!}`, `\tstep choosemsr ${int(1, 2)} type host`, `\tstep choosemsr ${int(1, 2)} type osd`, "\tstep emit"], [int(3, 6), int(6, 12)]);
    // one block per outer bucket, each filling the next positions
    const body = [...prefix()];
    for (const o of root.children.slice(0, 2)) body.push(take(o.name), `\tstep choosemsr ${int(1, 2)} type host`, `\tstep choosemsr ${int(1, 2)} type osd`, "\tstep emit");
    add(mode(), body, [int(2, 4), int(4, 9)]);
  }
  // straight to devices, and a count of 0 meaning "as many as asked"
  add(mode(), [...prefix(), take("default"), "\tstep choosemsr 0 type osd", "\tstep emit"], [int(2, 5)]);
  return rules;
}

function countOfType(n: Node, type: string): number {
  if (n.type === type) return 1;
  return n.children.reduce((s, c) => s + countOfType(c, type), 0);
}

function chooseArgsText(rnd: Rnd, int: (lo: number, hi: number) => number, buckets: readonly Node[]): string[] {
  const out = [`choose_args ${rnd() < 0.7 ? 0 : 5} {`];
  for (const b of buckets) {
    if (rnd() < 0.4) continue;
    const positions = int(1, 3);
    out.push("  {", `    bucket_id ${b.id}`, "    weight_set [");
    for (let p = 0; p < positions; p++) out.push(`      [ ${b.children.map(() => decimal(int(10, 500) * 1000)).join(" ")} ]`);
    out.push("    ]");
    if (rnd() < 0.3) out.push(`    ids [ ${b.children.map((c) => (c.type === "osd" ? c.id + 1000 : c.id - 1000)).join(" ")} ]`);
    out.push("  }");
  }
  out.push("}");
  return out;
}

/** Reweights for a case: none, some devices out, some partly in, or a whole host out. */
function reweights(rnd: Rnd, int: (lo: number, hi: number) => number, root: Node): [number, number][] {
  const hosts: Node[] = [];
  const walk = (n: Node): void => {
    if (n.type === "host") hosts.push(n);
    else for (const c of n.children) walk(c);
  };
  walk(root);
  const devices = hosts.flatMap((h) => h.children);
  const kind = int(0, 3);
  const out = new Map<number, number>();
  if (kind >= 1) for (const d of devices) if (rnd() < 0.15) out.set(d.id, 0);
  if (kind >= 2) for (const d of devices) if (rnd() < 0.15) out.set(d.id, int(1, 9) / 10);
  if (kind === 3) for (const d of hosts[int(0, hosts.length - 1)]!.children) out.set(d.id, 0);
  return [...out].sort((a, b) => a[0] - b[0]);
}


/**
 * A fixed map of MSR rules at the edges of what Ceph's mapper does (all recorded from Ceph 20):
 * a block taking a device (the whole rule maps to nothing, even what an earlier block placed),
 * no device step, a device step that is not the last, zero descents or collision tries, counts
 * of 0, and rules whose domains run out.
 */
export function msrEdgeMap(): MsrMap {
  const lines = [
    "tunable choose_local_tries 0", "tunable choose_local_fallback_tries 0", "tunable choose_total_tries 50",
    "tunable chooseleaf_descend_once 1", "tunable chooseleaf_vary_r 1", "tunable chooseleaf_stable 1",
    "tunable straw_calc_version 1", "tunable allowed_bucket_algs 54",
  ];
  for (let d = 0; d < 8; d++) lines.push(`device ${d} osd.${d}`);
  TYPES.forEach((t, i) => lines.push(`type ${i} ${t}`));
  const algs = ["straw2", "uniform", "list", "straw2"];
  for (let h = 0; h < 4; h++) {
    lines.push(`host h${h} {`, `\tid ${-2 - h}`, `\talg ${algs[h]!}`, "\thash 0", `\titem osd.${2 * h} weight 1.00000`, `\titem osd.${2 * h + 1} weight 1.00000`, "}");
  }
  lines.push("root default {", "\tid -1", "\talg straw2", "\thash 0", ...[0, 1, 2, 3].map((h) => `\titem h${h} weight 2.00000`), "}");
  const rules: [string, string[]][] = [
    ["msr_indep", ["take osd.1", "choosemsr 1 type osd"]],
    ["msr_firstn", ["take h0", "choosemsr 2 type osd", "emit", "take osd.3", "choosemsr 1 type osd"]],
    ["msr_indep", ["take default", "choosemsr 2 type host"]],
    ["msr_firstn", ["take default", "choosemsr 2 type osd", "choosemsr 1 type osd"]],
    ["msr_indep", ["set_msr_descents 0", "take default", "choosemsr 2 type host", "choosemsr 2 type osd"]],
    ["msr_indep", ["set_msr_collision_tries 0", "take default", "choosemsr 2 type host", "choosemsr 2 type osd"]],
    ["msr_indep", ["set_msr_descents 3", "set_msr_collision_tries 2", "set_msr_descents 1", "take default", "choosemsr 0 type host", "choosemsr 0 type osd"]],
    ["msr_firstn", ["take default", "choosemsr 0 type host", "choosemsr 2 type osd"]],
    ["msr_indep", ["take h1", "choosemsr 0 type osd", "emit", "take h2", "choosemsr 0 type osd", "emit", "take default", "choosemsr 2 type host", "choosemsr 1 type osd"]],
  ];
  rules.forEach(([type, steps], id) => lines.push(`rule edge${id} {`, `\tid ${id}`, `\ttype ${type}`, ...steps.map((s) => `\tstep ${s}`), "\tstep emit", "}"));
  const cases: MsrCase[] = [];
  const outs: (readonly (readonly [number, number])[])[] = [[], [[2, 0], [3, 0]], [[0, 0], [5, 0.5], [6, 0]]];
  rules.forEach((_, rule) => {
    for (const numRep of [1, 3, 4, 6]) for (const weights of outs) cases.push({ rule, numRep, weights });
  });
  return { text: lines.join("\n") + "\n", deviceCount: 8, cases };
}
