/**
 * Ceph crushmap text → CrushMap, accepting what `crushtool -c` of Ceph 16.2, 18.2 and 20.2
 * accepts and giving the ids it gives, in time linear in the size of the text.
 *
 * Parsing runs in CrushCompiler's order: the grammar must match the whole file first
 * (`CrushParseError` with line and column), then buckets are reordered so that children come
 * first (`reorderBuckets`), then every element is given meaning in file order (`CrushMapError`
 * naming the offender). Per-class shadow ids are kept as written (`Bucket.classIds`); ids for
 * missing ones are assigned later by `assignClassIds`.
 *
 * @example
 * const map = parseCrushText(readFileSync("crushmap.txt", "utf8"));
 */
import { CrushMapError, CrushParseError } from "../errors.js";
import { deepFreeze } from "../freeze.js";
import { DEFAULT_MAX_SIZE, DEFAULT_MIN_SIZE } from "../release.js";
import { LEGACY_TUNABLES } from "../tunables.js";
import type {
  Bucket,
  BucketAlg,
  BucketItem,
  ChooseArgBucket,
  ChooseArgs,
  ClassBucketId,
  CrushMap,
  Device,
  Rule,
  RuleStep,
  Tunables,
  TypeDef,
} from "../types.js";
import { RULE_TYPE } from "../types.js";
import { WEIGHT_ONE, weightFromCephText } from "../weight.js";
import { classTrees } from "../classes.js";
import { findBucketCycle, reorderBuckets } from "./reorderBuckets.js";
import type { BucketNode, ChooseArgsNode, RuleNode, StepNode, TopNode } from "./syntax.js";
import { parseSyntax, tokenEnd, type SyntaxProgress } from "./syntax.js";
import { tokenize, type Token } from "./tokenize.js";
import { cephWeight, traceBucket, traceBucketId, traceBucketIdEnd, traceDevice, traceTake, traceTunable, traceType } from "./traceWords.js";

/** crushtool refuses device weights above 100.0 (CRUSH_MAX_DEVICE_WEIGHT) … */
const MAX_DEVICE_WEIGHT = 100 * WEIGHT_ONE;
/** … and bucket item weights above 65535.0 (CRUSH_MAX_BUCKET_WEIGHT), to keep sums in 32 bits. */
const MAX_BUCKET_WEIGHT = 65535 * WEIGHT_ONE;

const ALGS: ReadonlyMap<string, BucketAlg> = new Map<string, BucketAlg>([
  ["uniform", "uniform"],
  ["list", "list"],
  ["tree", "tree"],
  ["straw", "straw"],
  ["straw2", "straw2"],
]);

/**
 * CrushCompiler reads integers with strtol (clamped to 64 bits) into a C int, so out-of-range
 * numbers wrap to 32 bits rather than fail; the same here keeps ids identical to crushtool's.
 */
export function intFromText(text: string): number {
  let v = BigInt(text);
  const max = (1n << 63n) - 1n;
  if (v > max) v = max;
  if (v < -max - 1n) v = -max - 1n;
  return Number(BigInt.asIntN(32, v));
}

interface State {
  tunables: { -readonly [K in keyof Tunables]: Tunables[K] };
  devices: Map<number, Device>;
  types: Map<number, TypeDef>;
  typeByName: Map<string, number>;
  /** every device and bucket name → id (CrushCompiler's item_id) */
  itemByName: Map<string, number>;
  /** ids already taken for buckets without `id` (CrushCompiler's id_item) */
  usedIds: Set<number>;
  /**
   * Where the search for a free bucket id resumes: every id between -1 and it is taken. Ids are
   * never released while compiling, so resuming gives the id CrushCompiler's scan from -1 gives,
   * in time linear in the buckets rather than quadratic.
   */
  freeIdFrom: number;
  /** total weight of each bucket, the default weight of an item naming it */
  bucketWeight: Map<number, number>;
  buckets: Map<number, Bucket>;
  /** class name → class id, in allocation order (ids 0, 1, 2… by first appearance) */
  classes: Map<string, number>;
  rules: Map<number, Rule>;
  ruleNames: Set<string>;
  sawRule: boolean;
  warn: ((message: string) => void) | undefined;
  /** receives crushtool's `-v` trace, piece by piece, as CrushCompiler writes it */
  trace: ((text: string) => void) | undefined;
  /** the release whose tunables are known (undefined: all of them) */
  release: number | undefined;
  /** shadow id → the bucket and class it copies, built when choose_args first need it */
  shadows?: Shadows;
  chooseArgs: Map<number, ChooseArgs>;
}

/** Options of {@link parseCrushText}. */
export interface ParseOptions {
  /**
   * Called with each warning crushtool 18.2 and later print while compiling the text
   * (`WARNING: min_size is no longer supported, ignoring`, once per min_size and max_size line);
   * 16.2 prints none.
   */
  readonly onWarning?: (message: string) => void;
}

/**
 * Reads Ceph's crushmap text as crushtool 16.2, 18.2 and 20.2 read it (any of their dialects:
 * rules with or without min_size/max_size, 3- or 5-decimal weights, MSR rules).
 *
 * @throws CrushParseError (with line and column) for text that does not fit the grammar, and
 *   CrushMapError naming the offender for text that does but means nothing Ceph can hold.
 */
export function parseCrushText(text: string, options: ParseOptions = {}): CrushMap {
  return compileCrushText(text, options);
}

/** Internal options of {@link compileCrushText}: what compileTrace and the CLI need. */
export interface CompileOptions extends ParseOptions {
  /** Called with each piece of crushtool's `-v` trace, in crushtool's order, up to an error. */
  readonly trace?: (text: string) => void;
  /** Refuse, as that release's crushtool does, the tunables it does not know (MSR before 19). */
  readonly release?: number;
}

/**
 * {@link parseCrushText} with the compiler's trace and a release: the nodes are given meaning
 * one by one in CrushCompiler's order, so the trace stops where crushtool's stops.
 */
export function compileCrushText(text: string, options: CompileOptions = {}): CrushMap {
  const nodes = syntaxTree(text, options.release);
  const written = nodes.slice(); // the file's order, in which a cycle is named
  reorderBuckets(nodes);

  const s: State = {
    tunables: { ...LEGACY_TUNABLES },
    devices: new Map(),
    types: new Map(),
    typeByName: new Map(),
    itemByName: new Map(),
    usedIds: new Set(),
    freeIdFrom: -1,
    bucketWeight: new Map(),
    buckets: new Map(),
    classes: new Map(),
    rules: new Map(),
    ruleNames: new Set(),
    sawRule: false,
    chooseArgs: new Map(),
    warn: options.onWarning,
    trace: options.trace,
    release: options.release,
  };
  // CrushCompiler reserves, before anything else, the id on the first line of every bucket —
  // even when that line is `id -N class C` — so buckets without ids never take them.
  for (const node of nodes) {
    if (node.kind === "bucket" && node.ids.length > 0) s.usedIds.add(intFromText(node.ids[0]!.id.text));
  }
  for (const node of nodes) applyNode(s, node, written);

  return deepFreeze({
    tunables: { ...s.tunables },
    devices: [...s.devices.values()].sort((a, b) => a.id - b.id),
    types: [...s.types.values()].sort((a, b) => a.id - b.id),
    buckets: [...s.buckets.values()],
    rules: [...s.rules.values()].sort((a, b) => a.id - b.id),
    classes: [...s.classes].map(([name, id]) => ({ id, name })),
    chooseArgs: [...s.chooseArgs.values()],
  });
}

/**
 * The syntax tree of `text`, read by the grammar of `release` when given (16.2 wants min_size
 * and max_size in every rule; MSR rules come with 19). A character no name may hold ends
 * crushtool's grammar at the statement before it: the error says where, from the statements
 * read whole before it.
 */
function syntaxTree(text: string, release: number | undefined): TopNode[] {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (!(e instanceof CrushParseError)) throw e;
    const lines = text.split("\n");
    lines.length = e.line;
    lines[e.line - 1] = lines[e.line - 1]!.slice(0, e.column - 1);
    const progress: SyntaxProgress = { nodes: [], ends: [] };
    const stop = grammarStop(tokenize(lines.join("\n")), progress, release);
    throw new CrushParseError(e.message.slice(`${e.line}:${e.column}: `.length), e.line, e.column, stop);
  }
  const progress: SyntaxProgress = { nodes: [], ends: [] };
  try {
    parseSyntax(tokens, progress);
  } catch (e) {
    if (!(e instanceof CrushParseError)) throw e;
    throw releaseSyntaxError(progress, release) ?? e;
  }
  const late = releaseSyntaxError(progress, release);
  if (late) throw late;
  return progress.nodes;
}

/** Where the grammar stops in a text cut short by a bad character. */
function grammarStop(tokens: readonly Token[], progress: SyntaxProgress, release: number | undefined): CrushParseError["stop"] {
  try {
    parseSyntax(tokens, progress);
    return releaseSyntaxError(progress, release)?.stop ?? tokenEnd(tokens[tokens.length - 1]);
  } catch (e) {
    if (!(e instanceof CrushParseError)) throw e;
    return releaseSyntaxError(progress, release)?.stop ?? e.stop;
  }
}

/** The first rule read whole that the grammar of `release` refuses, as a parse error. */
function releaseSyntaxError(progress: SyntaxProgress, release: number | undefined): CrushParseError | undefined {
  if (release === undefined) return undefined;
  for (let i = 0; i < progress.nodes.length; i++) {
    const node = progress.nodes[i]!;
    if (node.kind !== "rule") continue;
    const why = ruleOutsideRelease(node, release);
    if (why !== undefined) return new CrushParseError(why, node.at.line, node.at.column, tokenEnd(progress.ends[i - 1]));
  }
  return undefined;
}

function ruleOutsideRelease(rule: RuleNode, release: number): string | undefined {
  if (release < 18 && (!rule.minSize || !rule.maxSize)) return `Ceph ${release} needs min_size and max_size in every rule`;
  if (release >= 19) return undefined;
  if (rule.type.text.startsWith("msr_")) return `rule type ${rule.type.text} needs Ceph 19 or later`;
  const msr = rule.steps.find((st) => st.op === "choosemsr" || st.op === "set_msr_descents" || st.op === "set_msr_collision_tries");
  return msr ? `step ${msr.op} needs Ceph 19 or later` : undefined;
}

function applyNode(s: State, node: TopNode, written: readonly TopNode[]): void {
  switch (node.kind) {
    case "tunable": {
      const value = intFromText(node.value.text);
      applyTunable(s, node.name.text, value);
      s.trace?.(traceTunable(node.name.text, value));
      return;
    }
    case "device": {
      const id = intFromText(node.id.text);
      const name = node.name.text;
      if (s.itemByName.has(name)) throw new CrushMapError(`item '${name}' defined twice`, name, `item ${name} defined twice\n`);
      // crushtool takes both of these (a negative id, a second name for an id) and builds a map
      // no tool reads back the same; they are refused here, in crushmap's words only.
      if (id < 0) throw new CrushMapError(`device id ${node.id.text} of '${name}' does not fit a 32-bit id`, name);
      if (s.devices.has(id)) {
        throw new CrushMapError(`device id ${id} defined twice ('${s.devices.get(id)!.name}' and '${name}')`, id);
      }
      s.itemByName.set(name, id);
      const cls = node.class ? node.class.text : undefined;
      s.trace?.(traceDevice(id, name, cls));
      if (cls !== undefined) classId(s, cls);
      s.devices.set(id, cls === undefined ? { id, name } : { id, name, class: cls });
      return;
    }
    case "type": {
      // CrushCompiler records each type line as it comes: a repeated id takes the later name, a
      // repeated name resolves to the later id (crushtool -d prints `type 0 osd` for an unnamed
      // type 0, so its output may hold `osd` twice, and compiles again).
      const id = intFromText(node.id.text);
      const name = node.name.text;
      s.types.set(id, { id, name });
      s.typeByName.set(name, id);
      s.trace?.(traceType(id, name));
      return;
    }
    case "bucket":
      return applyBucket(s, node, written);
    case "rule":
      return applyRule(s, node);
    case "choose_args":
      return applyChooseArgs(s, node);
  }
}

function classId(s: State, name: string): number {
  let id = s.classes.get(name);
  if (id === undefined) {
    id = s.classes.size; // Ceph allocates max id + 1; ids are never removed while compiling
    s.classes.set(name, id);
  }
  return id;
}

function applyTunable(s: State, name: string, v: number): void {
  // The fields are unsigned 32-bit, except chooseleaf_descend_once (stored as a boolean) and
  // chooseleaf_vary_r, chooseleaf_stable and straw_calc_version (8 bits) in struct crush_map.
  const t = s.tunables;
  switch (name) {
    case "choose_local_tries":
      t.chooseLocalTries = v >>> 0;
      return;
    case "choose_local_fallback_tries":
      t.chooseLocalFallbackTries = v >>> 0;
      return;
    case "choose_total_tries":
      t.chooseTotalTries = v >>> 0;
      return;
    case "chooseleaf_descend_once":
      t.chooseleafDescendOnce = v !== 0 ? 1 : 0;
      return;
    case "chooseleaf_vary_r":
      t.chooseleafVaryR = v & 0xff;
      return;
    case "chooseleaf_stable":
      t.chooseleafStable = v & 0xff;
      return;
    case "straw_calc_version":
      t.strawCalcVersion = v & 0xff;
      return;
    case "allowed_bucket_algs":
      t.allowedBucketAlgs = v >>> 0;
      return;
    case "msr_descents": // Ceph 19 and later
      if (s.release !== undefined && s.release < 19) throw msrTunable(name, s.release);
      t.msrDescents = v >>> 0;
      return;
    case "msr_collision_tries":
      if (s.release !== undefined && s.release < 19) throw msrTunable(name, s.release);
      t.msrCollisionTries = v >>> 0;
      return;
    default:
      throw new CrushMapError(`tunable '${name}' not recognized`, name, `tunable ${name} not recognized\n`);
  }
}

function msrTunable(name: string, release: number): CrushMapError {
  return new CrushMapError(`tunable '${name}' needs Ceph 19 or later, not ${release}`, name, `tunable ${name} not recognized\n`);
}

function applyBucket(s: State, node: BucketNode, written: readonly TopNode[]): void {
  const name = node.name.text;
  if (s.sawRule) throw new CrushMapError(`bucket '${name}': buckets must be defined before rules`, name, "buckets must be defined before rules\n");
  const typeName = node.type.text;
  const type = s.typeByName.get(typeName);
  if (type === undefined) {
    throw new CrushMapError(`bucket type '${typeName}' of bucket '${name}' is not defined`, typeName, `bucket type '${typeName}' is not defined\n`);
  }
  if (s.itemByName.has(name)) throw new CrushMapError(`bucket or device '${name}' is already defined`, name, `bucket or device '${name}' is already defined\n`);
  const { id: givenId, classIds } = bucketIds(s, node);
  const alg = ALGS.get(node.alg.text);
  if (alg === undefined) {
    throw new CrushMapError(`unknown bucket alg '${node.alg.text}' in bucket '${name}'`, node.alg.text, `unknown bucket alg '${node.alg.text}'\n\n`);
  }
  let hash = 0;
  for (const h of node.hashes) hash = h.text === "rjenkins1" ? 0 : intFromText(h.text);
  const { items, size, sum } = bucketItems(s, node, alg, written);
  let id = givenId;
  if (id === 0) {
    while (s.usedIds.has(s.freeIdFrom)) s.freeIdFrom--;
    id = s.freeIdFrom;
  }
  s.trace?.(traceBucket(name, id, size, sum));
  if (s.buckets.has(id)) {
    throw new CrushMapError(`duplicate bucket id ${id} ('${s.buckets.get(id)!.name}' and '${name}')`, id, `Duplicate bucket id ${id}\n`);
  }
  s.usedIds.add(id);
  s.itemByName.set(name, id);
  s.bucketWeight.set(id, sum);
  const bucket: Bucket = { id, name, type, alg, hash, items, ...(classIds.length > 0 ? { classIds } : {}) };
  s.buckets.set(id, bucket);
}

/** The `id` lines of a bucket, traced as crushtool traces them: the last plain id wins. */
function bucketIds(s: State, node: BucketNode): { id: number; classIds: ClassBucketId[] } {
  const name = node.name.text;
  let id = 0; // none yet
  const classIds: ClassBucketId[] = [];
  for (const line of node.ids) {
    const value = intFromText(line.id.text);
    s.trace?.(traceBucketId(name, value));
    if (line.class) {
      const cls = line.class.text;
      classId(s, cls);
      if (classIds.some((c) => c.class === cls)) {
        // crushtool has not ended the id line yet: its message follows on the same line
        throw new CrushMapError(`duplicate device class '${cls}' for bucket '${name}'`, name, `duplicate device class ${cls} for bucket ${name}\n`);
      }
      classIds.push({ class: cls, id: value });
    } else {
      id = value;
    }
    s.trace?.(traceBucketIdEnd(line.class?.text));
  }
  return { id, classIds };
}

/**
 * A bucket's items in their slots. Explicit positions first, then the others fill the free slots
 * in order. A position at or beyond the item count is refused (CrushCompiler sizes the bucket by
 * the largest position, which then fails its own "pos >= size" test).
 */
function bucketItems(s: State, node: BucketNode, alg: BucketAlg, written: readonly TopNode[]): { items: BucketItem[]; size: number; sum: number } {
  const name = node.name.text;
  const used = new Set<number>();
  let maxPos = -1;
  for (const item of node.items) {
    if (!item.pos) continue;
    const pos = intFromText(item.pos.text);
    if (used.has(pos)) {
      const words = `item '${item.name.text}' in bucket '${name}' has explicit pos ${pos}, which is occupied`;
      throw new CrushMapError(words, item.name.text, `${words}\n`);
    }
    used.add(pos);
    if (pos > maxPos) maxPos = pos;
  }
  const size = Math.max(node.items.length, maxPos);
  const slots: (BucketItem | undefined)[] = new Array<BucketItem | undefined>(size).fill(undefined);
  let curpos = 0;
  let sum = 0;
  let uniformWeight: number | undefined;
  for (const item of node.items) {
    const iname = item.name.text;
    const itemId = s.itemByName.get(iname);
    if (itemId === undefined) throw undefinedItem(iname, name, written);
    // listed twice: crushtool compiles it (validateMap warns), so the item takes two slots
    const weight = item.weight ? itemWeight(item.weight.text, iname, itemId) : s.bucketWeight.get(itemId) ?? WEIGHT_ONE;
    if (alg === "uniform") {
      if (uniformWeight === undefined) uniformWeight = weight;
      else if (uniformWeight !== weight) {
        throw new CrushMapError(
          `item '${iname}' in uniform bucket '${name}' has a weight different from the previous items'; uniform bucket items must all have identical weights`,
          iname,
          `item '${iname}' in uniform bucket '${name}' has weight ${weight} but previous item(s) have weight ${cephWeight(uniformWeight)}; uniform bucket items must all have identical weights.\n`,
        );
      }
    }
    let pos = item.pos ? intFromText(item.pos.text) : -1;
    if (pos >= size) {
      const words = `item '${iname}' in bucket '${name}' has pos ${pos} >= size ${size}`;
      throw new CrushMapError(words, iname, `${words}\n`);
    }
    if (pos < 0) {
      while (used.has(curpos)) curpos++;
      pos = curpos++;
    }
    slots[pos] = { id: itemId, weight };
    if (weight > 0xffffffff - sum) {
      throw new CrushMapError(
        `the item weights of bucket '${name}' add up to more than 32 bits`,
        name,
        "oh no! our bucket weights are overflowing all over the place, better lower the item weights\n",
      );
    }
    sum += weight;
  }
  return { items: slots.map((it) => it!), size, sum };
}

/**
 * An item not defined before its bucket. crushtool says just that; when the reason is that the
 * buckets hold each other in a cycle, crushmap's message names the cycle.
 */
function undefinedItem(item: string, bucket: string, written: readonly TopNode[]): CrushMapError {
  const words = `item '${item}' in bucket '${bucket}' is not defined`;
  const cycle = findBucketCycle(written);
  if (cycle === undefined || !cycle.includes(item)) return new CrushMapError(words, item, `${words}\n`);
  const what = cycle.length === 2 ? `bucket '${cycle[0]!}' contains itself` : `buckets form a cycle: ${cycle.join(" -> ")}`;
  return new CrushMapError(what, cycle[0], `${words}\n`);
}

/**
 * An explicit item weight. Negative text wraps to a huge weight (see weightFromCephText): refused
 * for devices by the limit, accepted for buckets when it lands under theirs, as in crushtool.
 */
function itemWeight(text: string, item: string, itemId: number): number {
  const weight = weightFromCephText(text, item);
  if (itemId >= 0 && weight > MAX_DEVICE_WEIGHT) {
    const why = text.startsWith("-") ? "is negative" : "is over the limit of 100";
    throw new CrushMapError(`weight ${text} of device '${item}' ${why}`, item, "device weight limited to 100\n");
  }
  if (itemId < 0 && weight > MAX_BUCKET_WEIGHT) {
    const why = text.startsWith("-") ? "is negative" : "is over the limit of 65535";
    throw new CrushMapError(`weight ${text} of bucket '${item}' ${why}`, item, "bucket weight limited to 65535 to prevent overflow\n");
  }
  return weight;
}

function applyRule(s: State, node: RuleNode): void {
  s.sawRule = true;
  const name = node.name ? node.name.text : "";
  if (name !== "" && s.ruleNames.has(name)) {
    throw new CrushMapError(`rule name '${name}' already defined`, name, `rule name '${name}' already defined\n\n`);
  }
  // 18.2 and later warn of the ignored sizes once the name is known to be free
  if (s.warn !== undefined) {
    if (node.minSize) s.warn("WARNING: min_size is no longer supported, ignoring");
    if (node.maxSize) s.warn("WARNING: max_size is no longer supported, ignoring");
  }
  const id = intFromText(node.id.text);
  if (s.rules.has(id)) throw new CrushMapError(`rule ${id} already exists`, id, `rule ${id} already exists\n`);
  // Ceph's crush_add_rule takes a negative id for "any free slot", which is not the id asked for
  if (id < 0) throw new CrushMapError(`rule '${name}' has the negative id ${id}`, id, `unable to add rule id ${id} for rule '${name}'\n`);
  const steps = node.steps.map((step) => ruleStep(s, name, step));
  // type, min_size and max_size are 8-bit fields of Ceph's rule mask. Text from Ceph 18 on has
  // no sizes: such a rule gets the 1 and 100 those releases store in its place.
  const rule: Rule = {
    id,
    name,
    type: RULE_TYPE[node.type.text as keyof typeof RULE_TYPE],
    minSize: node.minSize ? intFromText(node.minSize.text) & 0xff : DEFAULT_MIN_SIZE,
    maxSize: node.maxSize ? intFromText(node.maxSize.text) & 0xff : DEFAULT_MAX_SIZE,
    steps,
  };
  if (name !== "") s.ruleNames.add(name);
  s.rules.set(id, rule);
}

function ruleStep(s: State, rule: string, step: StepNode): RuleStep {
  switch (step.op) {
    case "take": {
      const itemName = step.item.text;
      const item = s.itemByName.get(itemName);
      if (item === undefined) {
        const words = `in rule '${rule}' item '${itemName}' not defined`;
        throw new CrushMapError(words, itemName, `${words}\n`);
      }
      if (!step.class) {
        s.trace?.(traceTake(rule, itemName, undefined));
        return { op: "take", item };
      }
      const cls = step.class.text;
      // crushtool fails here without a word
      if (!s.classes.has(cls)) throw new CrushMapError(`in rule '${rule}' step take ${itemName}: unknown class '${cls}'`, cls, "");
      const byClass = shadowsOf(s).byBucket.get(item);
      if (byClass === undefined) {
        // a device, or a bucket crushtool could not copy (it stops at a uniform bucket)
        const words = `in rule '${rule}' step take ${itemName} has no class information`;
        throw new CrushMapError(`${words} (${item >= 0 ? "it is a device" : "crushtool made no class copy of it"})`, itemName, `${words}\n`);
      }
      if (!byClass.has(cls)) {
        const words = `in rule '${rule}' step take ${itemName} no matching bucket for class ${cls}`;
        throw new CrushMapError(words, itemName, `${words}\n`);
      }
      s.trace?.(traceTake(rule, itemName, cls));
      return { op: "take", item, class: cls };
    }
    case "choose":
    case "chooseleaf":
      return { op: step.op, mode: step.mode, num: intFromText(step.num.text), type: stepType(s, rule, step.type.text) };
    case "choosemsr":
      return { op: "choosemsr", num: intFromText(step.num.text), type: stepType(s, rule, step.type.text) };
    case "emit":
      return { op: "emit" };
    default:
      return { op: step.op, value: intFromText(step.value.text) };
  }
}

function stepType(s: State, rule: string, typeName: string): number {
  const type = s.typeByName.get(typeName);
  if (type === undefined) {
    const words = `in rule '${rule}' type '${typeName}' not defined`;
    throw new CrushMapError(words, typeName, `${words}\n`);
  }
  return type;
}

function applyChooseArgs(s: State, node: ChooseArgsNode): void {
  const id = intFromText(node.id.text);
  if (s.chooseArgs.has(id)) throw new CrushMapError(`choose_args ${node.id.text} duplicated`, id, `${id} duplicated\n`);
  const entries = new Map<number, { weightSet?: number[][]; ids?: number[] }>();
  for (const arg of node.args) {
    const bucketId = intFromText(arg.bucketId.text);
    const size = chooseArgBucketSize(s, bucketId);
    if (size === undefined) {
      const words = -1 - bucketId >= maxBuckets(s) ? `${bucketId} is out of range\n` : `${bucketId} does not exist\n`;
      throw new CrushMapError(`choose_args ${node.id.text}: bucket ${bucketId} does not exist`, bucketId, words);
    }
    // A bucket listed twice keeps the earlier parts the later entry does not restate.
    const entry = entries.get(bucketId) ?? {};
    if (arg.weightSet) {
      entry.weightSet = arg.weightSet.map((weights) => {
        if (weights.length !== size) {
          const words = `${bucketId} needs exactly ${size} weights but got ${weights.length}`;
          throw new CrushMapError(`choose_args ${node.id.text}: bucket ${words}`, bucketId, `${words}\n`);
        }
        return weights.map((w) => weightFromCephText(w.text, bucketId));
      });
    }
    if (arg.ids) {
      if (arg.ids.length !== size) {
        const words = `${bucketId} needs exactly ${size} ids but got ${arg.ids.length}`;
        throw new CrushMapError(`choose_args ${node.id.text}: bucket ${words}`, bucketId, `${words}\n`);
      }
      entry.ids = arg.ids.map((t) => intFromText(t.text));
    }
    entries.set(bucketId, entry);
  }
  const buckets: ChooseArgBucket[] = [];
  for (const bucketId of [...entries.keys()].sort((a, b) => b - a)) {
    const e = entries.get(bucketId)!;
    const hasWeights = e.weightSet !== undefined && e.weightSet.length > 0;
    const hasIds = e.ids !== undefined && e.ids.length > 0;
    if (!hasWeights && !hasIds) continue; // Ceph keeps no entry with neither
    buckets.push({ bucketId, ...(hasWeights ? { weightSet: e.weightSet } : {}), ...(hasIds ? { ids: e.ids } : {}) });
  }
  s.chooseArgs.set(id, { id, buckets });
}

/**
 * Item count of a bucket a choose_args entry names: a bucket of the text, or one of the shadow
 * buckets crushtool made for its first rule (none when there is no rule).
 */
function chooseArgBucketSize(s: State, bucketId: number): number | undefined {
  const bucket = s.buckets.get(bucketId);
  if (bucket) return bucket.items.length;
  return shadowsOf(s).size.get(bucketId);
}

/** The shadow buckets crushtool makes when it reaches the first rule, by id and by original. */
interface Shadows {
  /** real bucket id → class → shadow id */
  readonly byBucket: Map<number, Map<string, number>>;
  /** shadow id → item count */
  readonly size: Map<number, number>;
}

/**
 * The shadow buckets of the map compiled so far, as crushtool builds them at the first rule
 * (`classTrees`, which also stops where Ceph stops, at a uniform bucket it cannot copy). Nothing
 * is added to a map after its first rule, so they are built once, when first asked for.
 */
function shadowsOf(s: State): Shadows {
  if (s.shadows !== undefined) return s.shadows;
  const shadows: Shadows = { byBucket: new Map(), size: new Map() };
  if (s.sawRule && s.classes.size > 0) {
    const buckets = [...s.buckets.values()];
    const snapshot: CrushMap = {
      tunables: { ...s.tunables },
      devices: [...s.devices.values()].sort((a, b) => a.id - b.id),
      types: [...s.types.values()],
      buckets,
      // classTrees builds shadows only for a map with a rule, as crushtool does at its first one
      rules: [{ id: 0, name: "", type: 1, minSize: DEFAULT_MIN_SIZE, maxSize: DEFAULT_MAX_SIZE, steps: [] }],
      classes: [...s.classes].map(([name, id]) => ({ id, name })),
      chooseArgs: [],
    };
    const idByName = new Map<string, number>();
    for (const b of buckets) idByName.set(b.name, b.id);
    for (const shadow of classTrees(snapshot)) {
      const cut = shadow.name.lastIndexOf("~");
      const original = idByName.get(shadow.name.slice(0, cut))!;
      let byClass = shadows.byBucket.get(original);
      if (byClass === undefined) shadows.byBucket.set(original, (byClass = new Map()));
      byClass.set(shadow.name.slice(cut + 1), shadow.id);
      shadows.size.set(shadow.id, shadow.items.length);
    }
  }
  s.shadows = shadows;
  return shadows;
}

/**
 * The length of crushtool's bucket array: 8, doubled until the lowest bucket id (shadow
 * buckets included) fits.
 */
function maxBuckets(s: State): number {
  let lowest = 0;
  for (const b of s.buckets.values()) lowest = Math.min(lowest, b.id);
  for (const id of shadowsOf(s).size.keys()) lowest = Math.min(lowest, id);
  let n = 8;
  while (-1 - lowest >= n) n *= 2;
  return n;
}
