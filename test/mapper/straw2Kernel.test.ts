/**
 * The WebAssembly SIMD straw2 kernel is an optimisation only: it must hash exactly as rjenkins1
 * and pick exactly the item the JavaScript loop picks, for any weights Ceph allows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STRAW2_LN } from "../../src/hash/crushLn.js";
import { hash32s_3 } from "../../src/hash/rjenkins.js";
import { straw2Choose } from "../../src/mapper/buckets/straw2.js";
import { ALG, type CompiledMap } from "../../src/mapper/compiledMap.js";
import { straw2Kernel, straw2KernelWith } from "../../src/mapper/wasm/straw2Kernel.js";

const RUNS = { numRuns: 300, seed: 20261122 };

/** A compiled map holding just one straw2 bucket (index 0) with these item ids and weights. */
function oneBucket(ids: readonly number[], weights: readonly number[]): CompiledMap {
  const same = weights.length > 0 && weights[0]! > 0 && weights.every((w) => w === weights[0]) ? weights[0]! : 0;
  return {
    maxBuckets: 1,
    alg: Uint8Array.of(ALG.STRAW2),
    size: Int32Array.of(ids.length),
    start: Int32Array.of(0),
    items: Int32Array.from(ids),
    itemWeights: Float64Array.from(weights),
    sameWeight: Float64Array.of(same),
  } as unknown as CompiledMap;
}

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Ceph's u32 weights, with the edges a 16.16 weight can take. */
const weight = fc.oneof(fc.constantFrom(0, 1, 0x10000, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));

describe("straw2 on WebAssembly SIMD", () => {
  it("is available on Node", () => {
    expect(straw2Kernel(oneBucket([0, 1, 2, 3], [1, 1, 1, 1]))).not.toBeNull();
  });

  it("leaves buckets with weights Ceph cannot hold, and single items, to JavaScript", () => {
    expect(straw2Kernel(oneBucket([0, 1, 2, 3], [1.5, 1, 1, 1]))).toBeNull();
    expect(straw2Kernel(oneBucket([7], [1]))).toBeNull();
  });
});

// both module sizes: Node compiles the larger, a browser's main thread only the smaller
describe.each([3, 2] as const)("straw2 on WebAssembly SIMD, %i groups of four at once", (groups) => {
  const straw2Kernel = (cm: CompiledMap) => straw2KernelWith(cm, groups);

  it("hashes four items at a time exactly as rjenkins1 does, into ranks of the same draw numerator", () => {
    fc.assert(
      fc.property(fc.array(int32, { minLength: 2, maxLength: 40 }), int32, fc.nat(), (ids, x, r) => {
        const cm = oneBucket(ids, ids.map(() => 0x10000));
        const k = straw2Kernel(cm)!;
        const out = k.items + 4 * ids.length + 64; // past the items, inside the weights' room
        const largest = k.hash4(k.items, ids.length, x, r, out);
        const ranks = Array.from(new Int32Array(k.memory.buffer, out, ids.length));
        const lnByRank = new Float64Array(k.memory.buffer, 0, 0x10000);
        expect(ranks.map((rank) => lnByRank[rank])).toEqual(ids.map((id) => STRAW2_LN[hash32s_3(x, id, r) & 0xffff]!));
        expect(largest).toBe(Math.max(...ranks));
      }),
      RUNS,
    );
  });

  it("ranks the draw numerators in order, Ceph's drop at 0xffff included", () => {
    const k = straw2Kernel(oneBucket([0, 1], [1, 1]))!;
    const lnByRank = new Float64Array(k.memory.buffer, 0, 0x10000);
    for (let rank = 1; rank < 0x10000; rank++) expect(lnByRank[rank]! >= lnByRank[rank - 1]!).toBe(true);
    expect(STRAW2_LN[0xffff]!).toBeLessThan(STRAW2_LN[0xfffe]!);
    expect(Array.from(lnByRank)).toEqual(Array.from(STRAW2_LN).sort((a, b) => a - b));
  });

  it("picks the item of hash 0xffff exactly as Ceph does", () => {
    // items whose hash for (x, r) is 0xffff, found by search, against items of other hashes
    const x = 12345;
    const r = 0;
    const top: number[] = [];
    const near: number[] = [];
    for (let id = 0; top.length < 2 || near.length < 40; id++) {
      const u = hash32s_3(x, id, r) & 0xffff;
      if (u === 0xffff && top.length < 2) top.push(id);
      else if (u >= 0xf000 && near.length < 40) near.push(id);
    }
    for (const ids of [[...top, ...near], [...near, ...top], [near[0]!, top[0]!, near[1]!, top[1]!]]) {
      for (const w of [0x10000, 0x123456, 0xffffffff]) {
        const cm = oneBucket(ids, ids.map(() => w));
        const k = straw2Kernel(cm)!;
        expect(straw2Choose(cm, 0, x, r, null, 0, k)).toBe(straw2Choose(cm, 0, x, r, null, 0, null));
        const mixed = oneBucket(ids, ids.map((_, i) => w - (i % 3)));
        expect(straw2Choose(mixed, 0, x, r, null, 0, straw2Kernel(mixed))).toBe(straw2Choose(mixed, 0, x, r, null, 0, null));
      }
    }
  });

  it("picks the item the JavaScript loop picks, for random weights, zeros included", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int32, weight), { minLength: 2, maxLength: 40 }), int32, fc.nat(200), (items, x, r) => {
        const cm = oneBucket(items.map((i) => i[0]), items.map((i) => i[1]));
        const k = straw2Kernel(cm)!;
        expect(k.usable[0]).toBe(1);
        expect(straw2Choose(cm, 0, x, r, null, 0, k)).toBe(straw2Choose(cm, 0, x, r, null, 0, null));
      }),
      RUNS,
    );
  });

  it("picks the item the JavaScript loop picks when all weights are equal, ties included", () => {
    fc.assert(
      fc.property(fc.array(int32, { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 0xffffffff }), int32, fc.nat(200), (ids, w, x, r) => {
        const cm = oneBucket(ids, ids.map(() => w));
        const k = straw2Kernel(cm)!;
        expect(straw2Choose(cm, 0, x, r, null, 0, k)).toBe(straw2Choose(cm, 0, x, r, null, 0, null));
      }),
      RUNS,
    );
  });
});
