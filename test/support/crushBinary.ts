/**
 * Where each section of a binary crushmap starts and ends, found by walking the bytes on its own
 * (not with src/map/binary), so tests can cut, patch and splice binaries crushtool wrote.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface CrushBinarySections {
  readonly buckets: Span;
  /** One span per non-empty bucket slot, from its algorithm word to its last byte. */
  readonly bucketSlots: ReadonlyMap<number, Span>;
  readonly rules: Span;
  readonly typeNames: Span;
  readonly itemNames: Span;
  readonly ruleNames: Span;
  readonly tunables: Span;
  readonly classMap: Span;
  readonly className: Span;
  readonly classBucket: Span;
  readonly chooseArgs: Span;
  /** What follows the choose_args (Ceph 20's MSR tunables). */
  readonly trailer: Span;
}

export function crushBinarySections(bytes: Uint8Array): CrushBinarySections {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 4;
  const u32 = (): number => {
    const x = v.getUint32(p, true);
    p += 4;
    return x;
  };
  const maxBuckets = u32();
  const maxRules = u32();
  p += 4;
  const bucketsStart = p;
  const bucketSlots = new Map<number, Span>();
  for (let i = 0; i < maxBuckets; i++) {
    const start = p;
    const alg = u32();
    if (alg === 0) continue;
    p += 4 + 2 + 1 + 1 + 4;
    const size = u32();
    p += 4 * size;
    if (alg === 1) p += 4;
    else if (alg === 2 || alg === 4) p += 8 * size;
    else if (alg === 3) p += 1 + 4 * v.getUint8(p);
    else p += 4 * size;
    bucketSlots.set(i, { start, end: p });
  }
  const buckets = { start: bucketsStart, end: p };
  const rulesStart = p;
  for (let i = 0; i < maxRules; i++) {
    if (u32() === 0) continue;
    const len = u32();
    p += 4 + 12 * len;
  }
  const rules = { start: rulesStart, end: p };
  const nameMap = (): Span => {
    const start = p;
    const n = u32();
    for (let i = 0; i < n; i++) {
      p += 4;
      let len = u32();
      if (len === 0) len = u32();
      p += len;
    }
    return { start, end: p };
  };
  const intMap = (): Span => {
    const start = p;
    const n = u32();
    p += 8 * n;
    return { start, end: p };
  };
  const typeNames = nameMap();
  const itemNames = nameMap();
  const ruleNames = nameMap();
  const tunables = { start: p, end: (p += 4 * 4 + 1 + 1 + 4 + 1) };
  const classMap = intMap();
  const className = nameMap();
  const cbStart = p;
  const nb = u32();
  for (let i = 0; i < nb; i++) {
    p += 4;
    intMap();
  }
  const classBucket = { start: cbStart, end: p };
  const caStart = p;
  const sets = u32();
  for (let i = 0; i < sets; i++) {
    p += 8;
    const n = u32();
    for (let j = 0; j < n; j++) {
      p += 4;
      const positions = u32();
      for (let k = 0; k < positions; k++) p += 4 * u32();
      p += 4 * u32();
    }
  }
  const chooseArgs = { start: caStart, end: p };
  return {
    buckets,
    bucketSlots,
    rules,
    typeNames,
    itemNames,
    ruleNames,
    tunables,
    classMap,
    className,
    classBucket,
    chooseArgs,
    trailer: { start: p, end: bytes.length },
  };
}

/** `bytes` with [span.start, span.end) replaced by `replacement`. */
export function splice(bytes: Uint8Array, span: Span, replacement: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (span.end - span.start) + replacement.length);
  out.set(bytes.subarray(0, span.start), 0);
  out.set(replacement, span.start);
  out.set(bytes.subarray(span.end), span.start + replacement.length);
  return out;
}

/** Little-endian u32/s32 words as bytes. */
export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(4 * i, x >>> 0, true));
  return out;
}

/** The (key, value) pairs of a std::map<int32, int32> section. */
export function readIntMap(bytes: Uint8Array, span: Span): [number, number][] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint32(span.start, true);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([v.getInt32(span.start + 4 + 8 * i, true), v.getInt32(span.start + 8 + 8 * i, true)]);
  return out;
}

/** A std::map<int32, int32> section for these pairs, in the order given (duplicates kept). */
export function intMapBytes(pairs: readonly (readonly [number, number])[]): Uint8Array {
  return words(pairs.length, ...pairs.flat());
}
