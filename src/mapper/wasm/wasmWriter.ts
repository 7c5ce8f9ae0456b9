/**
 * Just enough of the WebAssembly binary format to write the straw2 kernel by hand: a function
 * body writer with the handful of opcodes the kernel uses (named as in the text format), and a
 * module writer for one memory and a few exported functions. No toolchain is involved; the bytes
 * are produced when the module is first needed.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Plain opcodes (one byte). */
export const OP = Object.freeze({
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  i32_load: 0x28,
  f64_load: 0x2b,
  i32_const: 0x41,
  f64_const: 0x44,
  i32_eqz: 0x45,
  i32_gt_u: 0x4b,
  i32_ge_u: 0x4f,
  f64_ne: 0x62,
  f64_gt: 0x64,
  f64_ge: 0x66,
  i32_ctz: 0x68,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_xor: 0x73,
  i32_shl: 0x74,
  f64_trunc: 0x9d,
  f64_add: 0xa0,
  f64_sub: 0xa1,
  f64_div: 0xa3,
});

/** SIMD opcodes (0xfd prefix, then the LEB128 number). */
export const SIMD = Object.freeze({
  v128_load: 0x00,
  v128_store: 0x0b,
  v128_const: 0x0c,
  i32x4_splat: 0x11,
  i32x4_extract_lane: 0x1b,
  i32x4_eq: 0x37,
  i32x4_lt_s: 0x39,
  i32x4_ge_u: 0x40,
  v128_and: 0x4e,
  v128_xor: 0x51,
  v128_bitselect: 0x52,
  i32x4_bitmask: 0xa4,
  i32x4_shl: 0xab,
  i32x4_shr_u: 0xad,
  i32x4_add: 0xae,
  i32x4_sub: 0xb1,
  i32x4_max_u: 0xb9,
});

const BLOCK_VOID = 0x40;

/** The body of one function: its extra locals and its instructions. */
export class FunctionBody {
  private readonly code: number[] = [];
  private readonly locals: number[] = [];

  constructor(private readonly params: number) {}

  /** Declares a local of `type`; returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  op(code: number): this {
    this.code.push(code);
    return this;
  }

  simd(code: number): this {
    this.code.push(0xfd, ...uleb(code));
    return this;
  }

  get(local: number): this {
    this.code.push(OP.local_get, ...uleb(local));
    return this;
  }

  set(local: number): this {
    this.code.push(OP.local_set, ...uleb(local));
    return this;
  }

  tee(local: number): this {
    this.code.push(OP.local_tee, ...uleb(local));
    return this;
  }

  i32(value: number): this {
    this.code.push(OP.i32_const, ...sleb(BigInt(value | 0)));
    return this;
  }

  f64(value: number): this {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    this.code.push(OP.f64_const, ...bytes);
    return this;
  }

  /** A memory access: the opcode (plain or SIMD), log2 of its alignment, a constant offset. */
  load(code: number, align: number, offset = 0): this {
    this.code.push(code, align, ...uleb(offset));
    return this;
  }

  /** v128.const of four i32 lanes. */
  i32x4(lanes: readonly [number, number, number, number]): this {
    this.code.push(0xfd, ...uleb(SIMD.v128_const));
    for (const v of lanes) this.code.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  /** i32x4.extract_lane with its lane index. */
  lane(index: number): this {
    this.code.push(0xfd, ...uleb(SIMD.i32x4_extract_lane), index);
    return this;
  }

  simdMemory(code: number, align: number, offset = 0): this {
    this.code.push(0xfd, ...uleb(code), align, ...uleb(offset));
    return this;
  }

  block(): this {
    this.code.push(OP.block, BLOCK_VOID);
    return this;
  }

  loop(): this {
    this.code.push(OP.loop, BLOCK_VOID);
    return this;
  }

  if(): this {
    this.code.push(OP.if, BLOCK_VOID);
    return this;
  }

  end(): this {
    this.code.push(OP.end);
    return this;
  }

  br(depth: number): this {
    this.code.push(OP.br, ...uleb(depth));
    return this;
  }

  brIf(depth: number): this {
    this.code.push(OP.br_if, ...uleb(depth));
    return this;
  }

  call(index: number): this {
    this.code.push(OP.call, ...uleb(index));
    return this;
  }

  /** The encoded body: locals, instructions, final end. */
  bytes(): number[] {
    const decl: number[] = [...uleb(this.locals.length)];
    for (const t of this.locals) decl.push(1, t); // one entry per local keeps this simple
    const body = [...decl, ...this.code, OP.end];
    return [...uleb(body.length), ...body];
  }
}

export interface ExportedFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly body: FunctionBody;
}

/** A module with one memory (exported as "memory", `pages` × 64 KiB to start) and `functions`. */
export function writeModule(pages: number, functions: readonly ExportedFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const sections = [
    section(1, vec(types)),
    section(3, vec(functions.map((_, i) => uleb(i)))),
    section(5, vec([[0x00, ...uleb(pages)]])),
    section(7, vec([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name("memory"), 0x02, 0x00]])),
    section(10, vec(functions.map((f) => f.body.bytes()))),
  ];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(text, (c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
