/**
 * The grammar of the crushmap text format as crushtool 16.2, 18.2 and 20.2 accept it (the union
 * of the three: each later release only relaxed or extended it), producing a syntax tree
 * that still holds every token (for error positions). Meaning — names, ids, weights — is given
 * in a second pass (`parse.ts`), as CrushCompiler does after its grammar has matched the whole
 * file: a syntax error anywhere wins over any semantic error.
 *
 * The order crushtool insists on:
 *   (tunable | device | type)*  (bucket | rule)*  choose_args*
 * bucket: TYPE NAME { (id -N [class C])* alg A (hash H)* (item NAME [weight W] [pos P])* }
 * rule:   rule [NAME] { (id|ruleset) N type (replicated|erasure|msr_firstn|msr_indep)
 *           [min_size N] [max_size N] step+ }
 * (min_size and max_size are required by 16.2 and optional, then ignored, from 18 on; the msr
 * types and `step choosemsr` / `step set_msr_*` exist from 19 on.)
 */
import { CrushParseError } from "../errors.js";
import type { Token } from "./tokenize.js";

export interface DeviceNode {
  readonly kind: "device";
  readonly id: Token;
  readonly name: Token;
  readonly class: Token | undefined;
}
export interface TunableNode {
  readonly kind: "tunable";
  readonly name: Token;
  readonly value: Token;
}
export interface TypeNode {
  readonly kind: "type";
  readonly id: Token;
  readonly name: Token;
}
export interface BucketIdNode {
  readonly id: Token;
  readonly class: Token | undefined;
}
export interface BucketItemNode {
  readonly name: Token;
  readonly weight: Token | undefined;
  readonly pos: Token | undefined;
}
export interface BucketNode {
  readonly kind: "bucket";
  readonly type: Token;
  readonly name: Token;
  readonly ids: readonly BucketIdNode[];
  readonly alg: Token;
  readonly hashes: readonly Token[];
  readonly items: readonly BucketItemNode[];
}
export type StepNode =
  | { readonly op: "take"; readonly at: Token; readonly item: Token; readonly class: Token | undefined }
  | {
      readonly op: "choose" | "chooseleaf";
      readonly at: Token;
      readonly mode: "firstn" | "indep";
      readonly num: Token;
      readonly type: Token;
    }
  | { readonly op: "choosemsr"; readonly at: Token; readonly num: Token; readonly type: Token }
  | { readonly op: "emit"; readonly at: Token }
  | { readonly op: SetStepOp; readonly at: Token; readonly value: Token };
export interface RuleNode {
  readonly kind: "rule";
  readonly at: Token;
  readonly name: Token | undefined;
  readonly id: Token;
  readonly type: Token;
  /** Absent in the text of Ceph 18 and later. */
  readonly minSize: Token | undefined;
  readonly maxSize: Token | undefined;
  readonly steps: readonly StepNode[];
}
export interface ChooseArgNode {
  readonly at: Token;
  readonly bucketId: Token;
  /** undefined when absent; `weight_set [ ]` is an empty list */
  readonly weightSet: readonly (readonly Token[])[] | undefined;
  readonly ids: readonly Token[] | undefined;
}
export interface ChooseArgsNode {
  readonly kind: "choose_args";
  readonly id: Token;
  readonly args: readonly ChooseArgNode[];
}
export type TopNode = TunableNode | DeviceNode | TypeNode | BucketNode | RuleNode | ChooseArgsNode;

export const SET_STEP_OPS = [
  "set_choose_tries",
  "set_choose_local_tries",
  "set_choose_local_fallback_tries",
  "set_chooseleaf_tries",
  "set_chooseleaf_vary_r",
  "set_chooseleaf_stable",
  "set_msr_descents",
  "set_msr_collision_tries",
] as const;
export type SetStepOp = (typeof SET_STEP_OPS)[number];

const POSINT = /^\d+$/;
const NEGINT = /^-\d+$/;
const INTEGER = /^-?\d+$/;
const NAME = /^[A-Za-z0-9_.-]+$/;
/** Boost Spirit's real_p: optional sign, digits with an optional dot (or a dot and digits), exponent. */
const REAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cursor over the tokens with "expect" helpers that fail with what was expected. */
function cursor(tokens: readonly Token[]) {
  let i = 0;
  const last = tokens[tokens.length - 1];
  const endLine = last ? last.line : 1;
  const endColumn = last ? last.column + last.text.length : 1;

  function fail(expected: string, at: Token | undefined = tokens[i]): never {
    if (!at) throw new CrushParseError(`expected ${expected}, found end of input`, endLine, endColumn);
    throw new CrushParseError(`expected ${expected}, found '${at.text}'`, at.line, at.column);
  }
  function peek(k = 0): Token | undefined {
    return tokens[i + k];
  }
  function is(text: string, k = 0): boolean {
    const t = tokens[i + k];
    return t !== undefined && t.text === text;
  }
  function next(): Token {
    return tokens[i++]!;
  }
  function keyword(text: string): Token {
    if (!is(text)) fail(`'${text}'`);
    return next();
  }
  function word(pattern: RegExp, what: string): Token {
    const t = tokens[i];
    if (!t || t.bracket || !pattern.test(t.text)) fail(what);
    i++;
    return t;
  }
  return {
    fail,
    index: () => i,
    peek,
    is,
    next,
    keyword,
    atEnd: () => i >= tokens.length,
    name: (what = "a name") => word(NAME, what),
    posint: (what = "a non-negative integer") => word(POSINT, what),
    negint: (what = "a negative integer") => word(NEGINT, what),
    integer: (what = "an integer") => word(INTEGER, what),
    real: (what = "a decimal number") => word(REAL, what),
    isReal: () => {
      const t = tokens[i];
      return t !== undefined && !t.bracket && REAL.test(t.text);
    },
    isInteger: () => {
      const t = tokens[i];
      return t !== undefined && !t.bracket && INTEGER.test(t.text);
    },
  };
}
type Cursor = ReturnType<typeof cursor>;

/** What {@link parseSyntax} has read so far: the statements read whole and the last token of each. */
export interface SyntaxProgress {
  readonly nodes: TopNode[];
  readonly ends: Token[];
}

/**
 * Parses the whole token list or throws `CrushParseError` at the first token that does not fit,
 * with `stop` where crushtool's grammar stops: after the last statement read whole (a device's
 * `class` tail is optional there, so a device ends after its name when its class does not fit).
 * `progress`, when given, receives the statements as they are read (also when it throws).
 */
export function parseSyntax(tokens: readonly Token[], progress: SyntaxProgress = { nodes: [], ends: [] }): TopNode[] {
  const stop: { at: Token | undefined } = { at: undefined };
  try {
    return parseStatements(tokens, stop, progress);
  } catch (e) {
    if (!(e instanceof CrushParseError)) throw e;
    const message = e.message.slice(`${e.line}:${e.column}: `.length);
    throw new CrushParseError(message, e.line, e.column, tokenEnd(stop.at));
  }
}

/** The point just after `token` (undefined: the start of the text). */
export function tokenEnd(token: Token | undefined): { line: number; column: number } | undefined {
  return token && { line: token.line, column: token.column + token.text.length };
}

function parseStatements(tokens: readonly Token[], stop: { at: Token | undefined }, progress: SyntaxProgress): TopNode[] {
  const c = cursor(tokens);
  const nodes = progress.nodes;
  const done = (whole = true): void => {
    stop.at = tokens[c.index() - 1];
    if (whole) progress.ends.push(stop.at!);
  };

  // A word followed by a name and `{` opens a bucket even if the word is a keyword, because
  // bucket types are names chosen by the user (a type may be called "device" or "rule").
  const opensBucket = (): boolean => c.peek(1) !== undefined && !c.peek(1)!.bracket && c.is("{", 2);

  // Section 1: tunables, devices and types, in any order.
  for (;;) {
    if (c.is("tunable") && !opensBucket()) {
      const name = (c.next(), c.name("a tunable name"));
      nodes.push({ kind: "tunable", name, value: c.posint("a non-negative tunable value") });
    } else if (c.is("device") && !opensBucket()) {
      c.next();
      const id = c.posint("a non-negative device id");
      const name = c.name("a device name");
      done(false);
      let cls: Token | undefined;
      if (c.is("class")) {
        c.next();
        cls = c.name("a device class name");
      }
      nodes.push({ kind: "device", id, name, class: cls });
    } else if (c.is("type") && !opensBucket()) {
      c.next();
      const id = c.posint("a non-negative type id");
      nodes.push({ kind: "type", id, name: c.name("a type name") });
    } else break;
    done();
  }

  // Section 2: buckets and rules.
  for (;;) {
    if (c.is("rule") && isRuleStart(c)) nodes.push(parseRule(c));
    else if (c.is("choose_args") && (!opensBucket() || POSINT.test(c.peek(1)!.text))) break;
    else if (c.peek() !== undefined && !c.peek()!.bracket && !c.atEnd() && (opensBucket() || !isHeaderWord(c))) {
      nodes.push(parseBucket(c));
    } else break;
    done();
  }

  // Section 3: choose_args.
  while (c.is("choose_args")) {
    nodes.push(parseChooseArgs(c));
    done();
  }

  if (!c.atEnd()) {
    const t = c.peek()!;
    if (isHeaderWord(c)) {
      throw new CrushParseError(
        `'${t.text}' lines must come before all buckets and rules (expected a bucket, a rule or choose_args)`,
        t.line,
        t.column,
      );
    }
    c.fail("a bucket, a rule or choose_args");
  }
  return nodes;
}

function isHeaderWord(c: Cursor): boolean {
  return c.is("tunable") || c.is("device") || c.is("type");
}

/**
 * `rule` opens a rule unless what follows reads as a bucket of a type called "rule"
 * (`rule NAME { id -N …` or `rule NAME { alg …`).
 */
function isRuleStart(c: Cursor): boolean {
  if (c.is("{", 1)) return true;
  if (!c.is("{", 2)) return true;
  if (c.is("alg", 3)) return false;
  if (c.is("id", 3)) {
    const t = c.peek(4);
    return !(t !== undefined && t.text.startsWith("-"));
  }
  return true;
}

function parseBucket(c: Cursor): BucketNode {
  const type = c.name("a bucket type name");
  const name = c.name("a bucket name");
  c.keyword("{");
  const ids: BucketIdNode[] = [];
  while (c.is("id")) {
    c.next();
    const id = c.negint("a negative bucket id");
    let cls: Token | undefined;
    if (c.is("class")) {
      c.next();
      cls = c.name("a device class name");
    }
    ids.push({ id, class: cls });
  }
  if (!c.is("alg")) c.fail(ids.length ? "'id' or 'alg'" : "'id' or 'alg' (a bucket needs alg before hash and items)");
  c.next();
  const alg = c.name("a bucket algorithm (uniform, list, tree, straw, straw2)");
  const hashes: Token[] = [];
  while (c.is("hash")) {
    c.next();
    if (c.is("rjenkins1")) hashes.push(c.next());
    else hashes.push(c.integer("a hash number or rjenkins1"));
  }
  const items: BucketItemNode[] = [];
  while (c.is("item")) {
    c.next();
    const itemName = c.name("an item name");
    let weight: Token | undefined;
    let pos: Token | undefined;
    if (c.is("weight")) {
      c.next();
      weight = c.real("a decimal weight");
    }
    if (c.is("pos")) {
      c.next();
      pos = c.posint("a non-negative position");
    }
    items.push({ name: itemName, weight, pos });
  }
  if (!c.is("}")) c.fail(items.length ? "'item' or '}'" : "'hash', 'item' or '}'");
  c.next();
  return { kind: "bucket", type, name, ids, alg, hashes, items };
}

const RULE_ORDER = "rule order is id, type, min_size, max_size, steps";
const RULE_TYPES = ["replicated", "erasure", "msr_firstn", "msr_indep"] as const;

function parseRule(c: Cursor): RuleNode {
  const at = c.keyword("rule");
  let name: Token | undefined;
  if (!c.is("{")) name = c.name("a rule name or '{'");
  c.keyword("{");
  if (!c.is("id") && !c.is("ruleset")) c.fail(`'id' (${RULE_ORDER})`);
  c.next();
  const id = c.posint("a non-negative rule id");
  if (!c.is("type")) c.fail(`'type' (${RULE_ORDER})`);
  c.next();
  if (!RULE_TYPES.some((t) => c.is(t))) c.fail("'replicated', 'erasure', 'msr_firstn' or 'msr_indep'");
  const type = c.next();
  let minSize: Token | undefined;
  let maxSize: Token | undefined;
  if (c.is("min_size")) {
    c.next();
    minSize = c.posint("a non-negative min_size");
  }
  if (c.is("max_size")) {
    c.next();
    maxSize = c.posint("a non-negative max_size");
  }
  if (!c.is("step")) c.fail(maxSize ? "'step'" : minSize ? "'max_size' or 'step'" : `'min_size', 'max_size' or 'step' (${RULE_ORDER})`);
  const steps: StepNode[] = [];
  do steps.push(parseStep(c));
  while (c.is("step"));
  if (!c.is("}")) c.fail("'step' or '}'");
  c.next();
  return { kind: "rule", at, name, id, type, minSize, maxSize, steps };
}

const STEP_WORDS = "a step (take, choose, chooseleaf, choosemsr, emit or set_…)";

function parseStep(c: Cursor): StepNode {
  if (!c.is("step")) c.fail("'step' (a rule needs at least one step)");
  c.next();
  const at = c.peek();
  if (!at || at.bracket) return c.fail(STEP_WORDS);
  switch (at.text) {
    case "take": {
      c.next();
      const item = c.name("a bucket or device name");
      let cls: Token | undefined;
      if (c.is("class")) {
        c.next();
        cls = c.name("a device class name");
      }
      return { op: "take", at, item, class: cls };
    }
    case "choose":
    case "chooseleaf": {
      c.next();
      if (!c.is("firstn") && !c.is("indep")) c.fail("'firstn' or 'indep'");
      const mode = c.next().text as "firstn" | "indep";
      const num = c.integer("a replica count");
      c.keyword("type");
      return { op: at.text, at, mode, num, type: c.name("a type name") };
    }
    case "choosemsr": {
      c.next();
      const num = c.integer("a count");
      c.keyword("type");
      return { op: "choosemsr", at, num, type: c.name("a type name") };
    }
    case "emit":
      c.next();
      return { op: "emit", at };
    default: {
      const op = SET_STEP_OPS.find((o) => o === at.text);
      if (op === undefined) return c.fail(STEP_WORDS);
      c.next();
      return { op, at, value: c.posint(`a non-negative value for ${op}`) };
    }
  }
}

function parseChooseArgs(c: Cursor): ChooseArgsNode {
  c.keyword("choose_args");
  const id = c.posint("a non-negative choose_args id");
  c.keyword("{");
  const args: ChooseArgNode[] = [];
  while (c.is("{")) {
    const at = c.next();
    c.keyword("bucket_id");
    const bucketId = c.negint("a negative bucket id");
    let weightSet: Token[][] | undefined;
    let ids: Token[] | undefined;
    if (c.is("weight_set")) {
      c.next();
      c.keyword("[");
      weightSet = [];
      while (c.is("[")) {
        c.next();
        const weights: Token[] = [];
        while (c.isReal()) weights.push(c.next());
        if (!c.is("]")) c.fail("a decimal weight or ']'");
        c.next();
        weightSet.push(weights);
      }
      if (!c.is("]")) c.fail("'[' or ']'");
      c.next();
    }
    if (c.is("ids")) {
      c.next();
      c.keyword("[");
      ids = [];
      while (c.isInteger()) ids.push(c.next());
      if (!c.is("]")) c.fail("an integer id or ']'");
      c.next();
    }
    if (!c.is("}")) c.fail(weightSet || ids ? "'ids' or '}'" : "'weight_set', 'ids' or '}'");
    c.next();
    args.push({ at, bucketId, weightSet, ids });
  }
  if (!c.is("}")) c.fail("'{' or '}'");
  c.next();
  return { kind: "choose_args", id, args };
}
