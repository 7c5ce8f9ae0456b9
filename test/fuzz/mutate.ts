/**
 * Mutations of the three input forms. Each applies one to four edits chosen by the case's
 * generator and says what it did (the note of a finding), so a reproducer can be read.
 */
import type { Corpus } from "./corpus.js";
import type { Rng } from "./random.js";

/** Numbers at the edges of what Ceph stores: byte, 16 and 32 bits, signed and not, the id bounds. */
export const INTERESTING_NUMBERS: readonly number[] = [
  0, 1, -1, 2, 3, 7, 255, 256, 65535, 65536, 70000, 0x7fffffff, 0x80000000, -0x80000000, 0xfffffffe, 0xffffffff,
  0x100000000, -0x40000000, -0x40000001, 2 ** 53, 1e20, 1.5, -0.5, 100, 100.5, 65535.5,
];
/** Spellings only text can carry. */
const TEXT_NUMBERS: readonly string[] = ["99999999999999999999", "-99999999999999999999", "nan", "inf", "-0", "0x10", "1e3", "00", "+1", ".5"];
const JUNK: readonly string[] = ["{", "}", "#", "\0", "\t", "\n", "é", "~", "-", ".", " ", "\r\n", "\u2028", "\\", "\""];
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export interface Mutated<T> {
  readonly data: T;
  readonly note: string;
}

export function mutateText(rng: Rng, corpus: Corpus): Mutated<string> {
  const seed = rng.int(corpus.texts.length);
  let tokens = corpus.texts[seed]!.split(/(\s+)/);
  const notes = [`text seed ${seed}`];
  for (let n = rng.chance(0.5) ? 1 : rng.range(2, 4); n > 0; n--) {
    const i = 2 * rng.int(Math.ceil(tokens.length / 2)); // even positions are tokens, odd ones blanks
    const op = rng.int(10);
    if (op <= 2) {
      const v = rng.chance(0.3) ? rng.pick(TEXT_NUMBERS) : String(rng.pick(INTERESTING_NUMBERS));
      const numeric = tokens.map((t, k) => (k % 2 === 0 && NUMERIC.test(t) ? k : -1)).filter((k) => k >= 0);
      const at = numeric.length > 0 ? rng.pick(numeric) : i;
      notes.push(`token ${at} ${JSON.stringify(tokens[at])} -> ${v}`);
      tokens[at] = v;
    } else if (op === 3) {
      const w = rng.pick(corpus.vocabulary);
      notes.push(`token ${i} ${JSON.stringify(tokens[i])} -> ${JSON.stringify(w)}`);
      tokens[i] = w;
    } else if (op === 4) {
      notes.push(`delete token ${i}`);
      tokens[i] = "";
    } else if (op === 5) {
      const j = rng.pick(JUNK);
      notes.push(`insert ${JSON.stringify(j)} at token ${i}`);
      tokens[i] = rng.chance(0.5) ? j + tokens[i] : tokens[i] + j;
    } else {
      const lines = tokens.join("").split("\n");
      tokens = mutateLines(rng, lines, corpus, notes).join("\n").split(/(\s+)/);
    }
  }
  return { data: tokens.join(""), note: notes.join("; ") };
}

function mutateLines(rng: Rng, lines: string[], corpus: Corpus, notes: string[]): string[] {
  const i = rng.int(lines.length);
  const op = rng.int(5);
  if (op === 0) {
    notes.push(`duplicate line ${i}`);
    lines.splice(i, 0, lines[i]!);
  } else if (op === 1) {
    notes.push(`delete line ${i}`);
    lines.splice(i, 1);
  } else if (op === 2) {
    const j = rng.int(lines.length);
    notes.push(`swap lines ${i} and ${j}`);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  } else if (op === 3) {
    const other = rng.pick(corpus.texts).split("\n");
    const line = rng.pick(other);
    notes.push(`insert line ${JSON.stringify(line)} at ${i}`);
    lines.splice(i, 0, line);
  } else {
    const at = rng.int(lines.join("\n").length + 1);
    notes.push(`truncate at ${at}`);
    return lines.join("\n").slice(0, at).split("\n");
  }
  return lines;
}

export function mutateBinary(rng: Rng, corpus: Corpus): Mutated<Uint8Array> {
  const seed = rng.int(corpus.binaries.length);
  let b = Uint8Array.from(corpus.binaries[seed]!);
  const notes = [`binary seed ${seed}`];
  for (let n = rng.chance(0.5) ? 1 : rng.range(2, 4); n > 0; n--) {
    const at = rng.int(Math.max(1, b.length));
    const op = rng.int(7);
    if (op <= 1 && b.length > 0) {
      const bit = rng.int(8);
      notes.push(`flip bit ${bit} of byte ${at}`);
      b[at] = b[at]! ^ (1 << bit);
    } else if (op <= 3 && b.length >= 4) {
      const word = Math.min(at & ~(rng.chance(0.7) ? 3 : 0), b.length - 4);
      const v = rng.pick(INTERESTING_NUMBERS.filter((x) => Number.isInteger(x) && x >= -0x80000000 && x <= 0xffffffff));
      notes.push(`u32 at ${word} -> ${v}`);
      new DataView(b.buffer).setUint32(word, v >>> 0, true);
    } else if (op === 4) {
      notes.push(`truncate at ${at}`);
      b = b.slice(0, at);
    } else if (op === 5) {
      const len = rng.range(1, 16);
      notes.push(`insert ${len} bytes at ${at}`);
      const extra = Uint8Array.from({ length: len }, () => rng.int(256));
      b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
    } else {
      const len = rng.range(1, 32);
      notes.push(`delete ${len} bytes at ${at}`);
      b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + len)]);
    }
  }
  return { data: b, note: notes.join("; ") };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const JSON_VALUES: readonly Json[] = [null, true, "", "__proto__", "constructor", "osd.0", "x".repeat(300), [], {}, [0], { id: 0 }];

export function mutateJson(rng: Rng, corpus: Corpus): Mutated<string> {
  const seed = rng.int(corpus.jsons.length);
  const root = JSON.parse(corpus.jsons[seed]!) as Json;
  const notes = [`json seed ${seed}`];
  for (let n = rng.chance(0.5) ? 1 : rng.range(2, 4); n > 0; n--) {
    const [parent, key, path] = randomSlot(rng, root);
    if (parent === null) continue;
    const op = rng.int(5);
    if (op <= 1) {
      const v: Json = rng.chance(0.7) ? rng.pick(INTERESTING_NUMBERS) : rng.pick(JSON_VALUES);
      notes.push(`${path} -> ${JSON.stringify(v).slice(0, 40)}`);
      (parent as Record<string, Json>)[key] = structuredClone(v);
    } else if (op === 2) {
      notes.push(`delete ${path}`);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, Json>)[key];
    } else if (op === 3 && Array.isArray(parent)) {
      notes.push(`duplicate ${path}`);
      parent.splice(Number(key), 0, structuredClone(parent[Number(key)]!));
    } else if (Array.isArray(parent) && parent.length > 1) {
      const j = rng.int(parent.length);
      notes.push(`swap ${path} with [${j}]`);
      [parent[Number(key)], parent[j]] = [parent[j]!, parent[Number(key)]!];
    }
  }
  return { data: JSON.stringify(root), note: notes.join("; ") };
}

/** A random (container, key) inside `root`, walking down from the top, and its path. */
function randomSlot(rng: Rng, root: Json): [Json[] | Record<string, Json> | null, string, string] {
  let node = root;
  let parent: Json[] | Record<string, Json> | null = null;
  let key = "";
  let path = "$";
  for (let depth = 0; depth < 8; depth++) {
    if (node === null || typeof node !== "object") break;
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node;
    key = rng.pick(keys);
    path += Array.isArray(node) ? `[${key}]` : `.${key}`;
    node = Array.isArray(node) ? node[Number(key)]! : node[key]!;
    if (rng.chance(0.25)) break;
  }
  return [parent, key, path];
}
