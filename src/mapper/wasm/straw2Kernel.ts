/**
 * straw2 on WebAssembly SIMD: the rjenkins1 hashes of a bucket's items computed four at a time
 * (i32x4 lanes), then the draws compared exactly as Ceph's bucket_straw2_choose compares them. Almost all of a mapping's time is the hash, a chain of 45
 * dependent steps per item; four lanes run four chains for the price of one.
 *
 * The kernel is an optimisation only: it answers exactly what `straw2Choose`'s JavaScript loop
 * answers (tests compare both on random buckets, and the golden fixtures hold both to Ceph), and
 * where WebAssembly SIMD is missing, or a bucket has weights that are not 16.16 integers, the
 * JavaScript loop runs instead.
 *
 * The draws are compared through a rank of the 16-bit hash u rather than u itself: crush_ln never
 * decreases with u except at u = 0xffff, whose value (Ceph's special case for x = 0x10000) falls
 * between those of 0xfffd and 0xfffe, so the rank is u with 0xffff moved to its place in that
 * order (today: the top two swap). Ranks order the draw numerators, which lets the equal-weight
 * kernel find the winner from the largest rank alone.
 *
 * Memory of one instance (one per compiled map, made on first use, shared by every Mapper of that
 * map: compiled maps are never written after compiling, so the copies below never go stale):
 *   [0, 512 KiB)  the draw numerators crush_ln(u) - 2^48 (exact doubles), indexed by rank
 *   SCRATCH       the ranks of the bucket being chosen from
 *   items         a copy of CompiledMap.items (int32), read four at a time
 *   weights       a copy of CompiledMap.itemWeights (for buckets of unequal weights)
 */
import { STRAW2_LN } from "../../hash/crushLn.js";
import { ALG, type CompiledMap } from "../compiledMap.js";
import { F64, FunctionBody, I32, OP, SIMD, V128, writeModule } from "./wasmWriter.js";

/** Buckets with fewer items are left to JavaScript: the call would cost more than it saves. */
export const KERNEL_MIN_SIZE = 2;

export interface Straw2Kernel {
  /** 1 for each bucket index the kernel may choose from. */
  readonly usable: Uint8Array;
  /** Byte offset of CompiledMap.items in the kernel's memory. */
  readonly items: number;
  /** Byte offset of the weights (f64, same index as items). */
  readonly weights: number;
  /** Index of the winning item of `size` equal-weight items at `ids` (weight `w`). */
  readonly equal: (ids: number, size: number, x: number, r: number, w: number) => number;
  /** Index of the winning item of `size` items at `ids` with weights at `weights`. */
  readonly general: (ids: number, weights: number, size: number, x: number, r: number) => number;
  /** The ranks of the 16-bit hashes of `n` ids at `ids`, written at `out`; returns the largest (for tests). */
  readonly hash4: (ids: number, n: number, x: number, r: number, out: number) => number;
  readonly memory: { readonly buffer: ArrayBuffer };
}

const LN = 0;
const SCRATCH = 0x10000 * 8;
const PAGE = 0x10000;

const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
}

/** The module per thread, by group count; null where it cannot be made. */
const modules = new Map<number, object | null>();
const kernels = new WeakMap<CompiledMap, Straw2Kernel | null>();

/** The kernel for `cm`, or null where WebAssembly SIMD is not available or `cm` has no use for it. */
export function straw2Kernel(cm: CompiledMap): Straw2Kernel | null {
  let k = kernels.get(cm);
  if (k === undefined) {
    try {
      k = instantiate(cm);
    } catch {
      k = null; // no memory for another instance: JavaScript does the work
    }
    kernels.set(cm, k);
  }
  return k;
}

/**
 * A fresh kernel for `cm` from the module hashing `groups` groups at once (the choice of
 * {@link straw2Kernel} is the largest of GROUPS the engine compiles); for tests.
 */
export function straw2KernelWith(cm: CompiledMap, groups: (typeof GROUPS)[number]): Straw2Kernel | null {
  return instantiate(cm, [groups]);
}

function instantiate(cm: CompiledMap, groups: readonly number[] = GROUPS): Straw2Kernel | null {
  const usable = new Uint8Array(cm.maxBuckets);
  let maxSize = 0;
  for (let b = 0; b < cm.maxBuckets; b++) {
    const size = cm.size[b]!;
    if (cm.alg[b] !== ALG.STRAW2 || size < KERNEL_MIN_SIZE) continue;
    let ok = true;
    for (let i = cm.start[b]!; i < cm.start[b]! + size; i++) {
      const w = cm.itemWeights[i]!;
      // Ceph's weights are u32; anything else stays on the JavaScript path
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) ok = false;
    }
    if (!ok) continue;
    usable[b] = 1;
    maxSize = Math.max(maxSize, size);
  }
  if (maxSize === 0) return null;
  let module: object | null = null;
  for (const g of groups) if ((module = wasmModule(g)) !== null) break;
  if (module === null) return null;

  const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new WA.Instance(module);
  const memory = instance.exports["memory"] as { buffer: ArrayBuffer; grow(pages: number): number };
  // slack after each array: the last turn of the hash loop may read or write past the end
  const slack = 4 * MAX_STRIDE;
  const items = align(SCRATCH + 4 * maxSize + slack, 16);
  const weights = align(items + 4 * cm.items.length + slack, 16);
  const end = weights + 8 * cm.items.length + slack;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  const buffer = memory.buffer;
  new Float64Array(buffer, LN, 0x10000).set(ranked!.ln);
  new Int32Array(buffer, items, cm.items.length).set(cm.items);
  new Float64Array(buffer, weights, cm.items.length).set(cm.itemWeights);
  return {
    usable,
    items,
    weights,
    equal: instance.exports["equal"] as Straw2Kernel["equal"],
    general: instance.exports["general"] as Straw2Kernel["general"],
    hash4: instance.exports["hash4"] as Straw2Kernel["hash4"],
    memory,
  };
}

/** The draw numerators in rank order, and the rank 0xffff takes; made once per thread. */
interface RankedLn {
  readonly ln: Float64Array;
  /** Ranks: u for u below this, u + 1 from it to 0xfffe, and this for 0xffff. */
  readonly rankOfTop: number;
}

let ranked: RankedLn | null | undefined;

/** null if crush_ln is not ordered as expected: the kernel then stays off. */
function rankLn(): RankedLn | null {
  const top = 0xffff;
  for (let u = 1; u < top; u++) if (STRAW2_LN[u]! < STRAW2_LN[u - 1]!) return null;
  let rankOfTop = 0;
  while (rankOfTop < top && STRAW2_LN[rankOfTop]! <= STRAW2_LN[top]!) rankOfTop++;
  const ln = new Float64Array(0x10000);
  for (let u = 0; u < top; u++) ln[u < rankOfTop ? u : u + 1] = STRAW2_LN[u]!;
  ln[rankOfTop] = STRAW2_LN[top]!;
  return { ln, rankOfTop };
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The compiled module hashing `groups` groups, once per thread; null when the engine lacks WebAssembly SIMD. */
function wasmModule(groups: number): object | null {
  let module = modules.get(groups);
  if (module !== undefined) return module;
  module = null;
  const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (ranked === undefined) ranked = rankLn();
  if (WA !== undefined && ranked !== null) {
    try {
      const bytes = kernelBytes(ranked.rankOfTop, groups);
      // a browser refuses to compile a module over 4 KiB synchronously on its main thread:
      // then the next smaller one is tried, and failing all JavaScript does the work
      if (WA.validate(bytes)) module = new WA.Module(bytes);
    } catch {
      module = null;
    }
  }
  modules.set(groups, module);
  return module;
}

/** The module's bytes: functions hash4 (0), equal (1) and general (2). */
export function kernelBytes(rankOfTop: number, groups: number): Uint8Array {
  return writeModule(Math.ceil(SCRATCH / PAGE) + 1, [
    { name: "hash4", params: [I32, I32, I32, I32, I32], results: [I32], body: hash4Body(rankOfTop, groups) },
    { name: "equal", params: [I32, I32, I32, I32, F64], results: [I32], body: equalBody() },
    { name: "general", params: [I32, I32, I32, I32, I32], results: [I32], body: generalBody() },
  ]);
}

/**
 * Groups of four hashed side by side: independent chains keep the core busy. Three measured
 * fastest on the benchmark maps (2 and 4 are slower); two make a module under 4 KiB, the most a
 * browser compiles synchronously on its main thread, so that is the fallback.
 */
const GROUPS = [3, 2] as const;
/** Items hashed per loop turn, at most. */
const MAX_STRIDE = 4 * GROUPS[0];

/**
 * hash4(ids, n, x, r, out): out[i] = the rank of crush_hash32_rjenkins1_3(x, ids[i], r) & 0xffff
 * for i = 0..n-1, four lanes at a time in `count` groups; returns the largest. Lanes past n (up
 * to 4 * count - 1) read past the items and are written as 0.
 */
function hash4Body(rankOfTop: number, count: number): FunctionBody {
  const f = new FunctionBody(5);
  const [ids, n, x, r, out] = [0, 1, 2, 3, 4];
  const i = f.local(I32);
  const v = (): number => f.local(V128);
  const stride = 4 * count;
  const groups = Array.from({ length: count }, () => ({ a: v(), b: v(), c: v(), hx: v(), hy: v(), h: v(), lanes: v() }));
  const [xs, rs, hs, x0, y0, mask, strides, ns, high, tops, top] = Array.from({ length: 11 }, v);
  const best = f.local(I32);
  const other = f.local(I32);
  const splat = (value: () => void, into: number): void => {
    value();
    f.simd(SIMD.i32x4_splat).set(into);
  };
  splat(() => f.get(x), xs);
  splat(() => f.get(r), rs);
  splat(() => f.i32(SEED).get(x).op(OP.i32_xor).get(r).op(OP.i32_xor), hs);
  splat(() => f.i32(X0), x0);
  splat(() => f.i32(Y0), y0);
  splat(() => f.i32(0xffff), mask);
  splat(() => f.i32(stride), strides);
  splat(() => f.get(n), ns);
  splat(() => f.i32(rankOfTop), tops);
  splat(() => f.i32(0xffff), top);
  groups.forEach((g, k) => f.i32x4([4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3]).set(g.lanes));
  const address = (base: number): FunctionBody => f.get(base).get(i).i32(2).op(OP.i32_shl).op(OP.i32_add);

  f.block().loop();
  f.get(i).get(n).op(OP.i32_ge_u).brIf(1);
  // a = x, b = ids[i..i+3], c = r, h = seed ^ a ^ b ^ c, then Ceph's five mixes
  groups.forEach((g, k) => {
    f.get(xs).set(g.a);
    address(ids).simdMemory(SIMD.v128_load, 2, 16 * k).set(g.b);
    f.get(rs).set(g.c);
    f.get(hs).get(g.b).simd(SIMD.v128_xor).set(g.h);
    f.get(x0).set(g.hx);
    f.get(y0).set(g.hy);
  });
  mix(f, groups.map((g) => [g.a, g.b, g.h]));
  mix(f, groups.map((g) => [g.c, g.hx, g.h]));
  mix(f, groups.map((g) => [g.hy, g.a, g.h]));
  mix(f, groups.map((g) => [g.b, g.hx, g.h]));
  mix(f, groups.map((g) => [g.hy, g.c, g.h]));
  groups.forEach((g, k) => {
    const h = g.h;
    // the rank of the low 16 bits (u + 1 from rankOfTop on, rankOfTop for 0xffff), 0 past n
    f.get(h).get(mask).simd(SIMD.v128_and).set(h);
    f.get(tops);
    f.get(h).get(h).get(tops).simd(SIMD.i32x4_ge_u).simd(SIMD.i32x4_sub);
    f.get(h).get(top).simd(SIMD.i32x4_eq).simd(SIMD.v128_bitselect);
    f.get(g.lanes).get(ns).simd(SIMD.i32x4_lt_s).simd(SIMD.v128_and).set(h);
    address(out).get(h).simdMemory(SIMD.v128_store, 2, 16 * k);
    f.get(high).get(h).simd(SIMD.i32x4_max_u).set(high);
    f.get(g.lanes).get(strides).simd(SIMD.i32x4_add).set(g.lanes);
  });
  f.get(i).i32(stride).op(OP.i32_add).set(i);
  f.br(0).end().end();
  // the largest of the four lanes
  f.get(high).lane(0).set(best);
  for (const lane of [1, 2, 3]) {
    f.get(high).lane(lane).set(other);
    f.get(best).get(other).get(best).get(other).op(OP.i32_gt_u).op(OP.select).set(best);
  }
  f.get(best);
  return f;
}

/**
 * Ceph's crush_hashmix(a, b, c) on four lanes, for several groups at once: each step is
 * written for every group before the next, so the groups' chains run side by side.
 */
function mix(f: FunctionBody, groups: readonly (readonly number[])[]): void {
  // p = (p - q - s) ^ (s >> n) or (s << n), in Ceph's order
  const step = (p: number, q: number, s: number, shift: number, left: boolean): void => {
    f.get(p).get(q).simd(SIMD.i32x4_sub).get(s).simd(SIMD.i32x4_sub);
    f.get(s).i32(shift).simd(left ? SIMD.i32x4_shl : SIMD.i32x4_shr_u);
    f.simd(SIMD.v128_xor).set(p);
  };
  const steps: [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2, number, boolean][] = [
    [0, 1, 2, 13, false], [1, 2, 0, 8, true], [2, 0, 1, 13, false],
    [0, 1, 2, 12, false], [1, 2, 0, 16, true], [2, 0, 1, 5, false],
    [0, 1, 2, 3, false], [1, 2, 0, 10, true], [2, 0, 1, 15, false],
  ];
  for (const [p, q, s, shift, left] of steps) {
    for (const g of groups) step(g[p]!, g[q]!, g[s]!, shift, left);
  }
}

/**
 * equal(ids, size, x, r, w): the winner among `size` items of weight w. Every draw is
 * trunc(ln / w) and ln never decreases with the rank, so the best draw is that of the largest
 * rank, and the winner — the first item with the best draw, as in Ceph — is the first item whose
 * rank reaches the smallest rank with that draw. Usually that is the largest rank itself; only
 * equal numerators or ties in the truncated division lower it.
 *
 * Divisions are in doubles, truncated: exactly Ceph's 64-bit integer division here (see
 * straw2.ts: numerators below 2^49, weights below 2^32).
 */
function equalBody(): FunctionBody {
  const f = new FunctionBody(5);
  const [ids, size, x, r, w] = [0, 1, 2, 3, 4];
  const i = f.local(I32);
  const least = f.local(I32);
  const hits = f.local(I32);
  const best = f.local(F64);
  const threshold = f.local(V128);
  const ln = (rank: () => void): void => {
    rank();
    f.i32(3).op(OP.i32_shl).load(OP.f64_load, 3, LN);
  };
  const draw = (rank: () => void): void => {
    ln(rank);
    f.get(w).op(OP.f64_div).op(OP.f64_trunc);
  };
  f.get(ids).get(size).get(x).get(r).i32(SCRATCH).call(0).set(least);
  f.block();
  f.get(least).op(OP.i32_eqz).brIf(0);
  // numerators 2w or more apart always truncate to different draws: no division needed
  ln(() => f.get(least));
  ln(() => f.get(least).i32(1).op(OP.i32_sub));
  f.op(OP.f64_sub).get(w).get(w).op(OP.f64_add).op(OP.f64_ge).brIf(0);
  // else lower the threshold while the next smaller rank draws the same
  draw(() => f.get(least));
  f.set(best);
  f.loop();
  f.get(least).op(OP.i32_eqz).brIf(1);
  draw(() => f.get(least).i32(1).op(OP.i32_sub));
  f.get(best).op(OP.f64_ne).brIf(1);
  f.get(least).i32(1).op(OP.i32_sub).set(least);
  f.br(0).end();
  f.end();
  // the first item at or above it, four at a time
  f.get(least).simd(SIMD.i32x4_splat).set(threshold);
  f.block().loop();
  f.get(i).get(size).op(OP.i32_ge_u).brIf(1);
  f.get(i).i32(2).op(OP.i32_shl).simdMemory(SIMD.v128_load, 2, SCRATCH);
  f.get(threshold).simd(SIMD.i32x4_ge_u).simd(SIMD.i32x4_bitmask).tee(hits).if();
  f.get(i).get(hits).op(OP.i32_ctz).op(OP.i32_add).op(OP.return);
  f.end();
  f.get(i).i32(4).op(OP.i32_add).set(i);
  f.br(0).end().end();
  f.op(OP.unreachable); // the largest rank is some item's
  return f;
}

/**
 * general(ids, weights, size, x, r): Ceph's loop: draw = trunc(ln / weight) (in doubles, exact
 * as in equal), a zero weight never wins, the first of equal draws wins.
 */
function generalBody(): FunctionBody {
  const f = new FunctionBody(5);
  const [ids, weights, size, x, r] = [0, 1, 2, 3, 4];
  const i = f.local(I32);
  const high = f.local(I32);
  const [wt, draw, highDraw] = Array.from({ length: 3 }, () => f.local(F64));
  f.get(ids).get(size).get(x).get(r).i32(SCRATCH).call(0).op(OP.drop);
  f.f64(-Infinity).set(highDraw);
  f.block().loop();
  f.get(i).get(size).op(OP.i32_ge_u).brIf(1);
  f.get(weights).get(i).i32(3).op(OP.i32_shl).op(OP.i32_add).load(OP.f64_load, 3).tee(wt);
  f.f64(0).op(OP.f64_ne).if();
  // ln of rank scratch[i]
  f.get(i).i32(2).op(OP.i32_shl).load(OP.i32_load, 2, SCRATCH);
  f.i32(3).op(OP.i32_shl).load(OP.f64_load, 3, LN);
  f.get(wt).op(OP.f64_div).op(OP.f64_trunc).tee(draw).get(highDraw).op(OP.f64_gt).if();
  f.get(i).set(high).get(draw).set(highDraw);
  f.end().end();
  f.get(i).i32(1).op(OP.i32_add).set(i);
  f.br(0).end().end();
  f.get(high);
  return f;
}
