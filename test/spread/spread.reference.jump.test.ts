/**
 * Jump consistent hash: the paper's function bit for bit (checked against a BigInt transcription
 * of the paper and against @subspace/jump-consistent-hash), and its known properties: growing
 * n → n+1 moves exactly the keys that land on bucket n, about 1/(n+1) of them, never a key
 * between old buckets.
 */
import { jumpConsistentHash as subspaceJump } from "@subspace/jump-consistent-hash";
import { describe, expect, it } from "vitest";
import { hash32_2 } from "../../src/hash/rjenkins.js";
import { SpreadError } from "../../src/spread/errors.js";
import { JumpPlacer, jumpConsistentHash } from "../../src/spread/reference/jump.js";

/** The paper's C++ with uint64 as BigInt. */
function paperJump(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = Math.floor((b + 1) * (2147483648 / (Number(key >> 33n) + 1)));
  }
  return b;
}

/** Deterministic 64-bit keys: two rjenkins halves per index. */
function key(i: number): [number, number] {
  return [hash32_2(i, 1), hash32_2(i, 2)];
}

describe("jumpConsistentHash", () => {
  const counts = [1, 2, 3, 10, 97, 1000, 65536, 0x7fffffff];

  it("gives the paper's bucket for every key and bucket count", () => {
    for (let i = 0; i < 3000; i++) {
      const [hi, lo] = key(i);
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      for (const n of counts) expect(jumpConsistentHash(hi, lo, n)).toBe(paperJump(big, n));
    }
  });

  it("agrees with @subspace/jump-consistent-hash on the same 8-byte keys", () => {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 2000; i++) {
      const [hi, lo] = key(i);
      view.setUint32(0, hi);
      view.setUint32(4, lo);
      for (const n of counts) expect(jumpConsistentHash(hi, lo, n)).toBe(subspaceJump(bytes, n));
    }
  });

  it("carries into the high half when the low half of key·M + 1 wraps to 0", () => {
    // lo = −M⁻¹ (mod 2^32) makes lo·M ≡ 2^32 − 1, so the first step's + 1 carries
    const m = 0x87b0b0fdn;
    let inv = 1n;
    for (let i = 0; i < 6; i++) inv = (inv * (2n - m * inv)) & 0xffffffffn; // Newton: inverse mod 2^32
    const lo = Number((0x100000000n - inv) & 0xffffffffn);
    expect(Number((BigInt(lo) * m) & 0xffffffffn)).toBe(0xffffffff);
    for (const hi of [0, 1, 0x12345678, 0xffffffff]) {
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      for (const n of counts) expect(jumpConsistentHash(hi, lo, n)).toBe(paperJump(big, n));
    }
  });

  it("moves, on growth n → n+1, exactly the keys that land on the new bucket, about 1/(n+1) of them", () => {
    const keys = 20000;
    for (const n of [1, 4, 9, 31, 100]) {
      let moved = 0;
      for (let i = 0; i < keys; i++) {
        const [hi, lo] = key(i);
        const before = jumpConsistentHash(hi, lo, n);
        const after = jumpConsistentHash(hi, lo, n + 1);
        if (after !== before) {
          expect(after).toBe(n); // never between old buckets
          moved++;
        }
      }
      const expected = keys / (n + 1);
      // binomial sd is at most sqrt(keys / (n+1)); 6 sd (+1 for tiny expectations) is generous
      expect(Math.abs(moved - expected)).toBeLessThan(6 * Math.sqrt(expected) + 1);
    }
  });

  it("rejects a bucket count outside 1..2^31−1 with a SpreadError", () => {
    for (const n of [0, -1, 1.5, 2 ** 31, Number.NaN]) expect(() => jumpConsistentHash(1, 2, n)).toThrow(SpreadError);
  });
});

describe("JumpPlacer", () => {
  const w = (n: number) => Array.from({ length: n }, () => 1);

  it("moves a primary only to the new device when a device is appended", () => {
    const before = new JumpPlacer(w(12));
    const after = new JumpPlacer(w(13));
    const a = new Int32Array(3);
    const b = new Int32Array(3);
    let moved = 0;
    for (let x = 0; x < 10000; x++) {
      expect(before.place(x, 3, a)).toBe(3);
      expect(after.place(x, 3, b)).toBe(3);
      if (a[0] !== b[0]) {
        expect(b[0]).toBe(12);
        moved++;
      }
    }
    expect(Math.abs(moved - 10000 / 13)).toBeLessThan(6 * Math.sqrt(10000 / 13));
  });

  it("gives distinct devices, and all of them when asked for more than there are", () => {
    const p = new JumpPlacer(w(5));
    const out = new Int32Array(8);
    for (let x = 0; x < 500; x++) {
      expect(p.place(x, 8, out)).toBe(5);
      expect(new Set(out.subarray(0, 5)).size).toBe(5);
    }
  });

  it("skips weightless devices and ignores the other weights (every device gets the same share)", () => {
    const p = new JumpPlacer([5, 0, 1, 1]);
    const counts = [0, 0, 0, 0];
    const out = new Int32Array(1);
    for (let x = 0; x < 30000; x++) {
      p.place(x, 1, out);
      counts[out[0]!]!++;
    }
    expect(counts[1]).toBe(0);
    for (const d of [0, 2, 3]) expect(Math.abs(counts[d]! - 10000)).toBeLessThan(600);
  });
});
