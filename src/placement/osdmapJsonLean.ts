/**
 * The parts of a `ceph osd dump -f json` document that placement reads, without building the
 * rest. At 10,000 OSDs the dump is 7.3 MB, 85% of it the `osds` entries (addresses, uuids,
 * intervals: 40 fields each) and `osd_xinfo`; JSON.parse of the whole text held 32 MiB of objects
 * for a cluster state that keeps a few typed arrays. Here the top-level object is split into its
 * values by a scanner that only tracks strings and brackets; the values placement reads are given
 * to JSON.parse on their own, `osds` entries are checked (jsonCheck.ts) and only their five fields
 * parsed, and everything else is checked without being built — so little beyond the text and
 * what the state keeps passes through the heap.
 *
 * Every byte is judged by JSON.parse or by checkJson (a value the scanner delimits wrongly fails
 * there or at the `,`/`}` the scanner expects after it), so malformed text is refused as JSON.parse
 * refuses it.
 * Duplicate keys: the last one counts, as in JSON.parse.
 */
import { ClusterStateError } from "./errors.js";
import { checkJson } from "./jsonCheck.js";

/** Top-level fields placement reads (osdmapJson.ts), kept as JSON.parse gives them. */
const KEPT: ReadonlySet<string> = new Set(["osds", "pools", "max_osd", "epoch", "erasure_code_profiles", "require_osd_release", "pg_upmap", "pg_upmap_items", "pg_upmap_primaries", "pg_temp", "primary_temp"]);

/** The fields of an `osds` entry placement reads. */
const OSD_FIELDS = ["osd", "up", "in", "weight", "primary_affinity"] as const;

/** How {@link leanOsdmapDocument} reads its text. */
export interface LeanOsdmapOptions {
  /**
   * Also take a `ceph report`, which carries the dump under "osdmap": when the top level has no
   * "pools" and its "osdmap" is an object, that object is the dump (osdmapOfReport's rule), read
   * as leanly as a dump is.
   */
  readonly report?: boolean;
  /**
   * The top-level fields to keep (as JSON.parse gives them; `osds` cut to what placement reads),
   * when not the ones placement reads: `plan` reads the full ratios alone this way.
   */
  readonly fields?: ReadonlySet<string>;
}

/**
 * The dump's top-level object with `osds` entries reduced to the fields placement reads and the
 * fields it does not read left out; a top level that is not an object comes back as JSON.parse
 * gives it.
 *
 * @throws {@link ClusterStateError} "the OSD map is not JSON: …" when the text is not JSON.
 */
export function leanOsdmapDocument(text: string, options: LeanOsdmapOptions = {}): unknown {
  const s = new Scanner(text);
  const i = s.ws(0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return parse(text);
  const kept = options.fields ?? KEPT;
  const top = leanObject(s, i, options.report === true, kept);
  s.expectEnd(top.end);
  if (top.osdmapStart < 0) return top.root;
  if ("pools" in top.root) {
    checkJson(text, top.osdmapStart, top.osdmapEnd);
    return top.root;
  }
  const inner = leanObject(s, top.osdmapStart, false, kept);
  if (inner.end !== top.osdmapEnd) s.fail(inner.end, "the end of 'osdmap'");
  return inner.root;
}

/** What {@link leanObject} read: the lean members, where the object ends, a report's "osdmap" span (-1: none). */
interface LeanObject {
  readonly root: Record<string, unknown>;
  readonly end: number;
  readonly osdmapStart: number;
  readonly osdmapEnd: number;
}

/**
 * The object starting at `i` (a `{`), the `kept` members built, the rest checked. With
 * `report`, the last "osdmap" member that is an object is left unchecked and its span returned,
 * for the caller to read as the dump or to check.
 */
function leanObject(s: Scanner, i: number, report: boolean, kept: ReadonlySet<string>): LeanObject {
  const text = s.text;
  const root: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let osdmapStart = -1;
  let osdmapEnd = -1;
  i = s.ws(i + 1);
  if (text.charCodeAt(i) === 0x7d /* } */) return { root, end: i + 1, osdmapStart, osdmapEnd };
  for (;;) {
    if (text.charCodeAt(i) !== 0x22 /* " */) s.fail(i, "a field name");
    const keyEnd = s.stringEnd(i);
    const key = parse(text.slice(i, keyEnd)) as string;
    i = s.ws(keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) s.fail(i, "':'");
    const start = s.ws(i + 1);
    const end = s.valueEnd(start);
    if (report && key === "osdmap") {
      // duplicate keys: the last one counts, so an earlier span is only checked
      if (osdmapStart >= 0) checkJson(text, osdmapStart, osdmapEnd);
      const isObject = text.charCodeAt(start) === 0x7b;
      osdmapStart = isObject ? start : -1;
      osdmapEnd = isObject ? end : -1;
      if (!isObject) checkJson(text, start, end);
    } else if (kept.has(key)) root[key] = key === "osds" ? osdEntries(s, start, end) : parse(text.slice(start, end));
    else checkJson(text, start, end);
    i = s.ws(end);
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */) return { root, end: i + 1, osdmapStart, osdmapEnd };
    if (c !== 0x2c /* , */) s.fail(i, "',' or '}'");
    i = s.ws(i + 1);
  }
}

/**
 * The `osds` array with each entry cut to OSD_FIELDS (anything else as JSON.parse gives it, for
 * the caller to refuse). An entry is checked whole without building it, then only the five
 * fields are parsed: 10,000 entries of 40 fields no longer pass through the young generation.
 */
function osdEntries(s: Scanner, start: number, end: number): unknown {
  const t = s.text;
  if (t.charCodeAt(start) !== 0x5b /* [ */) return parse(t.slice(start, end));
  const out: unknown[] = [];
  s.eachElement(start, end, (a, b) => {
    if (t.charCodeAt(a) !== 0x7b /* { */) {
      out.push(parse(t.slice(a, b)));
      return;
    }
    checkJson(t, a, b);
    const lean: Record<string, unknown> = {};
    s.eachMember(a, b, (keyStart, keyEnd, valueStart, valueEnd) => {
      const key = osdField(t, keyStart, keyEnd);
      if (key !== undefined) lean[key] = valueOf(t, valueStart, valueEnd);
    });
    out.push(lean);
  });
  return out;
}

/**
 * The OSD_FIELDS name the key at `start..end` (quotes included) spells, if any, found without
 * making a string of each of an entry's 40 keys (400,000 strings of garbage for 10,000 OSDs,
 * which made the young collections copy the entries read so far again and again).
 */
function osdField(t: string, start: number, end: number): string | undefined {
  for (const name of OSD_FIELDS) if (end - start - 2 === name.length && t.startsWith(name, start + 1)) return name;
  // only within the key: indexOf would scan the rest of the text for a backslash
  let escaped = false;
  for (let i = start + 1; i < end - 1 && !escaped; i++) escaped = t.charCodeAt(i) === 0x5c /* backslash */;
  if (!escaped) return undefined;
  const key = keyText(t, start, end);
  return (OSD_FIELDS as readonly string[]).includes(key) ? key : undefined;
}

/** The most digits read without JSON.parse: every such integer is exact in a double. */
const MAX_PLAIN_DIGITS = 15;

/** A value as JSON.parse gives it; a plain non-negative integer (what most fields hold) is read in place. */
function valueOf(t: string, start: number, end: number): unknown {
  const n = end - start;
  if (n > 0 && n <= MAX_PLAIN_DIGITS && (n === 1 || t.charCodeAt(start) !== 0x30 /* 0 */)) {
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = t.charCodeAt(i) - 0x30;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === end) return v;
  }
  return parse(t.slice(start, end));
}

/** A field name: its text between the quotes, unless it holds an escape. */
function keyText(t: string, start: number, end: number): string {
  const inner = t.slice(start + 1, end - 1);
  return inner.includes("\\") ? (parse(t.slice(start, end)) as string) : inner;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw notJson((e as Error).message);
  }
}

function notJson(why: string): ClusterStateError {
  return new ClusterStateError(`the OSD map is not JSON: ${why}`);
}

/** Positions in the text: whitespace, where a string or a value ends. No values are built. */
class Scanner {
  constructor(readonly text: string) {}

  ws(i: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
      i++;
    }
  }

  /** The index after the string starting at `i` (a `"`). */
  stringEnd(i: number): number {
    const t = this.text;
    let j = i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) this.fail(t.length, "the end of a string");
      let back = 0;
      while (t.charCodeAt(q - 1 - back) === 0x5c /* \ */) back++;
      if (back % 2 === 0) return q + 1;
      j = q + 1;
    }
  }

  /** The index after the value starting at `i`: a string, a bracketed value (brackets counted outside strings), else a scalar up to the next delimiter. */
  valueEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 0x22) return this.stringEnd(i);
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      let j = i;
      while (j < t.length) {
        const d = t.charCodeAt(j);
        if (d === 0x22) {
          j = this.stringEnd(j);
          continue;
        }
        if (d === 0x7b || d === 0x5b) depth++;
        else if (d === 0x7d || d === 0x5d) {
          depth--;
          if (depth === 0) return j + 1;
        }
        j++;
      }
      this.fail(t.length, "a closing bracket");
    }
    let j = i;
    while (j < t.length) {
      const d = t.charCodeAt(j);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      j++;
    }
    if (j === i) this.fail(i, "a value");
    return j;
  }

  /** Calls `each(start, end)` for every element of the array spanning [start, end). */
  eachElement(start: number, end: number, each: (a: number, b: number) => void): void {
    const t = this.text;
    let i = this.ws(start + 1);
    if (t.charCodeAt(i) === 0x5d /* ] */ && i === end - 1) return;
    for (;;) {
      const b = this.valueEnd(i);
      each(i, b);
      i = this.ws(b);
      const c = t.charCodeAt(i);
      if (c === 0x5d && i === end - 1) return;
      if (c !== 0x2c) this.fail(i, "',' or ']'");
      i = this.ws(i + 1);
    }
  }

  /**
   * Calls `each` with the spans of every member's name (quotes included) and value of the object
   * spanning [start, end), which the caller has checked is JSON.
   */
  eachMember(start: number, end: number, each: (keyStart: number, keyEnd: number, valueStart: number, valueEnd: number) => void): void {
    const t = this.text;
    let i = this.ws(start + 1);
    if (t.charCodeAt(i) === 0x7d /* } */) return;
    while (i < end) {
      const keyEnd = this.stringEnd(i);
      const valueStart = this.ws(this.ws(keyEnd) + 1);
      const valueEnd = this.valueEnd(valueStart);
      each(i, keyEnd, valueStart, valueEnd);
      i = this.ws(valueEnd);
      if (t.charCodeAt(i) !== 0x2c /* , */) return;
      i = this.ws(i + 1);
    }
  }

  expectEnd(i: number): void {
    const j = this.ws(i);
    if (j < this.text.length) this.fail(j, "the end of the text");
  }

  fail(at: number, expected: string): never {
    const found = at < this.text.length ? JSON.stringify(this.text.slice(at, at + 10)) : "the end";
    throw notJson(`expected ${expected} at position ${at}, found ${found}`);
  }
}
