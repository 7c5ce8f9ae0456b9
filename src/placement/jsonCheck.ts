/**
 * Whether a span of text is one JSON value (RFC 8259, as JSON.parse reads it), checked without
 * building it: the OSD map reader uses it for the parts of a dump placement does not read, so
 * they cost no memory and still refuse what JSON.parse refuses. Iterative (an explicit stack of
 * open brackets), so nesting depth cannot overflow the call stack.
 */
import { ClusterStateError } from "./errors.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Throws unless text[start, end) is exactly one JSON value, with optional whitespace around it.
 *
 * @throws {@link ClusterStateError} "the OSD map is not JSON: …" naming the position.
 */
export function checkJson(t: string, start: number, end: number): void {
  const open: number[] = []; // the brackets enclosing the position
  let i = ws(t, start, end);
  for (;;) {
    // a value starts at i
    const c = t.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      open.push(c);
      i = ws(t, i + 1, end);
      const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
      if (t.charCodeAt(i) === close && i < end) {
        open.pop();
        i = ws(t, i + 1, end);
      } else {
        if (c === OPEN_OBJECT) i = memberName(t, i, end);
        continue;
      }
    } else if (c === QUOTE) i = ws(t, stringEnd(t, i, end), end);
    else i = ws(t, scalarEnd(t, i, end), end);
    // after a value: a separator, a closing bracket or the end
    for (;;) {
      if (open.length === 0) {
        if (i !== end) fail(t, i, "the end of the value");
        return;
      }
      const top = open[open.length - 1]!;
      const d = i < end ? t.charCodeAt(i) : -1;
      if (d === COMMA) {
        i = ws(t, i + 1, end);
        if (top === OPEN_OBJECT) i = memberName(t, i, end);
        break;
      }
      if (d !== (top === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) fail(t, i, top === OPEN_OBJECT ? "',' or '}'" : "',' or ']'");
      open.pop();
      i = ws(t, i + 1, end);
    }
  }
}

/** A member's name and colon at i; returns where its value starts. */
function memberName(t: string, i: number, end: number): number {
  if (i >= end || t.charCodeAt(i) !== QUOTE) fail(t, i, "a field name");
  i = ws(t, stringEnd(t, i, end), end);
  if (i >= end || t.charCodeAt(i) !== COLON) fail(t, i, "':'");
  return ws(t, i + 1, end);
}

function ws(t: string, i: number, end: number): number {
  while (i < end) {
    const c = t.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** The index after the string at i: no raw control characters, only JSON's escapes. */
function stringEnd(t: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = t.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c < 0x20) fail(t, j, "no control character in a string");
    if (c !== 0x5c) continue;
    const e = t.charCodeAt(++j);
    if (e === 0x75 /* u */) {
      for (let k = 1; k <= 4; k++) if (!isHex(t.charCodeAt(j + k)) || j + k >= end) fail(t, j, "four hex digits after \\u");
      j += 4;
    } else if (!(e === QUOTE || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) || j >= end) {
      fail(t, j, "an escape");
    }
  }
  return fail(t, end, "the end of a string");
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** The index after a number or a literal at i. */
function scalarEnd(t: string, i: number, end: number): number {
  for (const word of ["true", "false", "null"]) if (t.startsWith(word, i) && i + word.length <= end) return i + word.length;
  let j = i;
  if (t.charCodeAt(j) === 0x2d /* - */) j++;
  const digits = (k: number): number => {
    while (k < end && t.charCodeAt(k) >= 0x30 && t.charCodeAt(k) <= 0x39) k++;
    return k;
  };
  if (j < end && t.charCodeAt(j) === 0x30) j++;
  else if (j < end && t.charCodeAt(j) >= 0x31 && t.charCodeAt(j) <= 0x39) j = digits(j);
  else fail(t, i, "a value");
  if (j < end && t.charCodeAt(j) === 0x2e /* . */) {
    const k = digits(j + 1);
    if (k === j + 1) fail(t, j, "digits after '.'");
    j = k;
  }
  if (j < end && (t.charCodeAt(j) | 0x20) === 0x65 /* e, E */) {
    let k = j + 1;
    if (k < end && (t.charCodeAt(k) === 0x2b || t.charCodeAt(k) === 0x2d)) k++;
    const m = digits(k);
    if (m === k) fail(t, j, "digits in the exponent");
    j = m;
  }
  return j;
}

function fail(t: string, at: number, expected: string): never {
  const found = at < t.length ? JSON.stringify(t.slice(at, at + 10)) : "the end";
  throw new ClusterStateError(`the OSD map is not JSON: expected ${expected} at position ${at}, found ${found}`);
}
