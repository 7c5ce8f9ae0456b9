/**
 * CrushMap → Ceph crushmap text, byte-identical to what `crushtool -d` of the chosen release
 * (16.2, 18.2 or 20.2; 20 by default) prints for the same map.
 *
 * What crushtool does, and so what this does:
 * - tunables are printed only where they differ from the legacy profile;
 * - buckets are visited by id -1, -2, -3, … and each is printed after the buckets it contains
 *   (depth first, in item order), so children always precede parents;
 * - `id N class C` lines follow the bucket's own id, ordered by class id; shadow buckets never
 *   appear;
 * - `# weight` is the sum of the item weights; uniform and tree buckets print each item's `pos`;
 * - a rule whose id does not fit Ceph's 8-bit ruleset carries Ceph's warning comment;
 * - choose_args come last, in signed id order, their id printed as an unsigned 64-bit number.
 * What changed after 16.2: from 18.2 on rules have no `min_size`/`max_size` lines and weights
 * print with five decimals instead of three; from 19 on MSR rules (`type msr_firstn|msr_indep`,
 * `step choosemsr`, `step set_msr_*`) and the two MSR tunables appear.
 */
import { type CephRelease, type CephReleaseName, cephRelease, checkRepresentable } from "../release.js";
import { LEGACY_TUNABLES } from "../tunables.js";
import { isValidCrushName } from "../validate.js";
import type { Bucket, ChooseArgs, CrushMap, Rule, RuleStep } from "../types.js";
import { RULE_TYPE } from "../types.js";
import { weightToText } from "../weight.js";

/** Options of {@link printCrushText}. */
export interface PrintOptions {
  /** The release whose `crushtool -d` to reproduce: 16, 18 or 20 (or a code name); 20 by default. */
  readonly release?: CephReleaseName;
}

/** What the text of one release looks like. */
interface Dialect {
  readonly release: CephRelease;
  /** Decimals of every weight. */
  readonly decimals: 3 | 5;
  /** Whether rules print `min_size` and `max_size`. */
  readonly sizes: boolean;
}

/**
 * Prints `map` as Ceph's crushmap text, byte for byte what that release's `crushtool -d` prints
 * for the same map. Throws a `CrushMapError` for a map the release cannot hold (an MSR rule or
 * MSR tunables before 19) rather than leave part of it out, and for an unknown release name.
 *
 * @example
 * printCrushText(parseCrushText(text), { release: 16 }) === text // for text crushtool 16.2 -d printed
 */
export function printCrushText(map: CrushMap, options: PrintOptions = {}): string {
  const release = cephRelease(options.release);
  checkRepresentable(map, release);
  const d: Dialect = { release, decimals: release >= 18 ? 5 : 3, sizes: release < 18 };
  const out: string[] = ["# begin crush map\n"];
  printTunables(map, out);

  out.push("\n# devices\n");
  const devices = [...map.devices].sort((a, b) => a.id - b.id);
  for (const d of devices) {
    // crushtool -d lists only the devices its name map names; the items still say deviceN
    if (d.unnamed === true) continue;
    out.push(`device ${d.id} ${d.name}${d.class !== undefined ? ` class ${d.class}` : ""}\n`);
  }

  out.push("\n# types\n");
  const types = [...map.types].filter((t) => t.id >= 0).sort((a, b) => a.id - b.id);
  // crushtool names type 0 "osd" when the map leaves it unnamed.
  if (!types.some((t) => t.id === 0)) out.push("type 0 osd\n");
  for (const t of types) out.push(`type ${t.id} ${t.name}\n`);

  out.push("\n# buckets\n");
  printBuckets(map, d, out);

  out.push("\n# rules\n");
  const typeName = new Map<number, string>();
  for (const t of map.types) typeName.set(t.id, t.name);
  const itemName = itemNames(map);
  for (const rule of [...map.rules].sort((a, b) => a.id - b.id)) printRule(rule, d, typeName, itemName, out);

  if (map.chooseArgs.length > 0) {
    out.push("\n# choose_args\n");
    // Ceph keys them by a signed 64-bit number (so -1 comes first) but prints the key unsigned.
    const sorted = [...map.chooseArgs].sort((a, b) => a.id - b.id);
    for (const args of sorted) printChooseArgs(args, d, out);
  }
  out.push("\n# end crush map\n");
  return out.join("");
}

function printTunables(map: CrushMap, out: string[]): void {
  const t = map.tunables;
  const l = LEGACY_TUNABLES;
  // Ceph's getters return C ints for all but allowed_bucket_algs, which is unsigned.
  const line = (name: string, value: number, legacy: number, asInt = true): void => {
    if (value !== legacy) out.push(`tunable ${name} ${asInt ? value | 0 : value >>> 0}\n`);
  };
  line("choose_local_tries", t.chooseLocalTries, l.chooseLocalTries);
  line("choose_local_fallback_tries", t.chooseLocalFallbackTries, l.chooseLocalFallbackTries);
  line("choose_total_tries", t.chooseTotalTries, l.chooseTotalTries);
  line("chooseleaf_descend_once", t.chooseleafDescendOnce, l.chooseleafDescendOnce);
  line("chooseleaf_vary_r", t.chooseleafVaryR, l.chooseleafVaryR);
  line("chooseleaf_stable", t.chooseleafStable, l.chooseleafStable);
  line("straw_calc_version", t.strawCalcVersion, l.strawCalcVersion);
  line("allowed_bucket_algs", t.allowedBucketAlgs, l.allowedBucketAlgs, false);
  // Ceph 19 and later print both MSR tunables as soon as one differs from its default.
  if (t.msrDescents !== l.msrDescents || t.msrCollisionTries !== l.msrCollisionTries) {
    out.push(`tunable msr_descents ${t.msrDescents >>> 0}\n`);
    out.push(`tunable msr_collision_tries ${t.msrCollisionTries >>> 0}\n`);
  }
}

function printBuckets(map: CrushMap, d: Dialect, out: string[]): void {
  const byId = new Map<number, Bucket>();
  for (const b of map.buckets) byId.set(b.id, b);
  const classOrder = new Map<string, number>();
  for (const c of map.classes) classOrder.set(c.name, c.id);
  const typeName = new Map<number, string>();
  for (const t of map.types) typeName.set(t.id, t.name);
  const itemName = itemNames(map);

  const done = new Set<number>();
  // Iterative depth-first walk; a bucket is printed once all its bucket items are.
  const visit = (root: Bucket): void => {
    const stack: { bucket: Bucket; next: number }[] = [{ bucket: root, next: 0 }];
    done.add(root.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.bucket.items.length) {
        const child = byId.get(top.bucket.items[top.next++]!.id);
        if (child && !done.has(child.id)) {
          done.add(child.id);
          stack.push({ bucket: child, next: 0 });
        }
        continue;
      }
      stack.pop();
      // crushtool -d prints no shadow bucket, not even one a real bucket holds
      if (!isShadowName(top.bucket.name)) printBucket(top.bucket, d, typeName, itemName, classOrder, out);
    }
  };
  const ids = [...byId.keys()].filter((id) => id < 0 && !isShadowName(byId.get(id)!.name)).sort((a, b) => b - a);
  for (const id of ids) if (!done.has(id)) visit(byId.get(id)!);
}

/**
 * CrushWrapper::is_shadow_item: a name crushtool could not compile (a class copy's `b~class`, or
 * any name a binary map holds beyond letters, digits, '-', '_' and '.'); an unnamed one is not.
 */
function isShadowName(name: string): boolean {
  return name !== "" && !isValidCrushName(name);
}

function itemNames(map: CrushMap): Map<number, string> {
  const names = new Map<number, string>();
  for (const d of map.devices) names.set(d.id, d.name);
  for (const b of map.buckets) names.set(b.id, b.name);
  return names;
}

/** crushtool's fallback names for items and types that have none. */
function nameOfItem(names: Map<number, string>, id: number): string {
  return names.get(id) ?? (id >= 0 ? `device${id}` : `bucket${-1 - id}`);
}
function nameOfType(names: Map<number, string>, id: number): string {
  return names.get(id) ?? (id === 0 ? "device" : `type${id}`);
}

const ALG_NOTE: Readonly<Record<string, string>> = {
  uniform: "", // filled per bucket: it names the size
  list: "\t# add new items at the end; do not change order unnecessarily",
  tree: "\t# do not change pos for existing items unnecessarily",
  straw: "",
  straw2: "",
};

function printBucket(
  b: Bucket,
  d: Dialect,
  typeName: Map<number, string>,
  itemName: Map<number, string>,
  classOrder: Map<string, number>,
  out: string[],
): void {
  out.push(`${nameOfType(typeName, b.type)} ${b.name} {\n`);
  out.push(`\tid ${b.id}\t\t# do not change unnecessarily\n`);
  const classIds = [...(b.classIds ?? [])].sort(
    (x, y) => (classOrder.get(x.class) ?? Infinity) - (classOrder.get(y.class) ?? Infinity),
  );
  for (const c of classIds) out.push(`\tid ${c.id} class ${c.class}\t\t# do not change unnecessarily\n`);
  let sum = 0;
  for (const it of b.items) sum = (sum + it.weight) >>> 0;
  out.push(`\t# weight ${weightToText(sum, d.decimals)}\n`);
  const note = b.alg === "uniform" ? `\t# do not change bucket size (${b.items.length}) unnecessarily` : ALG_NOTE[b.alg]!;
  out.push(`\talg ${b.alg}${note}\n`);
  out.push(`\thash ${b.hash}\t# ${b.hash === 0 ? "rjenkins1" : "unknown"}\n`);
  const withPos = b.alg === "uniform" || b.alg === "tree";
  b.items.forEach((it, j) => {
    out.push(`\titem ${nameOfItem(itemName, it.id)} weight ${weightToText(it.weight, d.decimals)}${withPos ? ` pos ${j}` : ""}\n`);
  });
  out.push("}\n");
}

const RULE_TYPE_NAME: ReadonlyMap<number, string> = new Map(Object.entries(RULE_TYPE).map(([name, id]) => [id, name]));

function printRule(rule: Rule, d: Dialect, typeName: Map<number, string>, itemName: Map<number, string>, out: string[]): void {
  out.push(`rule ${rule.name} {\n`);
  out.push(`\tid ${rule.id}\n`);
  // Ceph 16.2 keeps the rule id in an 8-bit "ruleset" too and warns when it does not fit.
  const ruleset = rule.id & 0xff;
  if (d.sizes && ruleset !== rule.id) {
    out.push(`\t# WARNING: ruleset ${ruleset} != id ${rule.id}; this will not recompile to the same map\n`);
  }
  const type = RULE_TYPE_NAME.get(rule.type) ?? String(rule.type);
  out.push(`\ttype ${type}\n`);
  if (d.sizes) {
    out.push(`\tmin_size ${rule.minSize}\n`);
    out.push(`\tmax_size ${rule.maxSize}\n`);
  }
  for (const step of rule.steps) out.push(stepText(step, typeName, itemName));
  out.push("}\n");
}

function stepText(step: RuleStep, typeName: Map<number, string>, itemName: Map<number, string>): string {
  switch (step.op) {
    case "noop":
      return "\tstep noop\n";
    case "take":
      return `\tstep take ${nameOfItem(itemName, step.item)}${step.class !== undefined ? ` class ${step.class}` : ""}\n`;
    case "emit":
      return "\tstep emit\n";
    case "choose":
    case "chooseleaf":
      return `\tstep ${step.op} ${step.mode} ${step.num} type ${nameOfType(typeName, step.type)}\n`;
    case "choosemsr":
      return `\tstep choosemsr ${step.num} type ${nameOfType(typeName, step.type)}\n`;
    default:
      return `\tstep ${step.op} ${step.value}\n`;
  }
}

function printChooseArgs(args: ChooseArgs, d: Dialect, out: string[]): void {
  out.push(`choose_args ${unsigned64(args.id).toString()} {\n`);
  const buckets = [...args.buckets].sort((a, b) => b.bucketId - a.bucketId);
  for (const arg of buckets) {
    const weightSet = arg.weightSet ?? [];
    const ids = arg.ids ?? [];
    if (weightSet.length === 0 && ids.length === 0) continue;
    out.push("  {\n");
    out.push(`    bucket_id ${arg.bucketId}\n`);
    if (weightSet.length > 0) {
      out.push("    weight_set [\n");
      for (const weights of weightSet) out.push(`      [ ${weights.map((w) => `${weightToText(w, d.decimals)} `).join("")}]\n`);
      out.push("    ]\n");
    }
    if (ids.length > 0) out.push(`    ids [ ${ids.map((id) => `${id} `).join("")}]\n`);
    out.push("  }\n");
  }
  out.push("}\n");
}

/** Ceph keys choose_args by a 64-bit unsigned number; the model's -1 is 2^64 - 1 there. */
function unsigned64(id: number): bigint {
  return BigInt.asUintN(64, BigInt(id));
}
