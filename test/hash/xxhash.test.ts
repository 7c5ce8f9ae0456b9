import { HashError } from "../../src/hash/hashError.js";
import fc from "fast-check";
import xxhash from "xxhash-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { createNameHasher, type NameHasher } from "../../src/index.js";

let hasher: NameHasher;
let reference: Awaited<ReturnType<typeof xxhash>>;
beforeAll(async () => {
  hasher = await createNameHasher();
  reference = await xxhash();
});

describe("createNameHasher", () => {
  it("gives the published XXH32 test vectors", () => {
    // checked against an independent XXH32 written from the specification
    expect(hasher.hash32("")).toBe(0x02cc5d05);
    expect(hasher.hash32("abc")).toBe(0x32d153ff);
    expect(hasher.hash32("Nobody inspects the spammish repetition")).toBe(0xe2293b2f);
  });

  it("agrees with xxhash-wasm's own h32, for any name and seed", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.nat({ max: 0xffffffff }), (name, seed) => {
        expect(hasher.hash32(name, seed)).toBe(reference.h32(name, seed));
        expect(hasher.hash32(name)).toBe(reference.h32(name, 0));
      }),
      { numRuns: 500 },
    );
  });

  it("returns unsigned 32-bit integers", () => {
    for (let i = 0; i < 1000; i++) {
      const h = hasher.hash32(`rbd_data.${i}`);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });

  it("hashes a batch exactly as it hashes each name", () => {
    const names = Array.from({ length: 2000 }, (_, i) => `obj-${i}-${"x".repeat(i % 40)}`);
    const batch = hasher.hashBatch(names);
    expect(batch).toHaveLength(names.length);
    names.forEach((n, i) => expect(batch[i]).toBe(hasher.hash32(n)));
    const seeded = hasher.hashBatch(names, undefined, 42);
    names.forEach((n, i) => expect(seeded[i]).toBe(hasher.hash32(n, 42)));
  });

  it("writes a batch into the caller's buffer and refuses one too short", () => {
    const out = new Uint32Array(4);
    expect(hasher.hashBatch(["a", "b"], out)).toBe(out);
    expect(Array.from(out)).toEqual([hasher.hash32("a"), hasher.hash32("b"), 0, 0]);
    expect(() => hasher.hashBatch(["a", "b", "c"], new Uint32Array(2))).toThrow(HashError);
  });

  it("is deterministic across calls and hasher instances", async () => {
    const other = await createNameHasher();
    for (const n of ["", "a", "rbd_header.1234", "x".repeat(1000)]) {
      expect(hasher.hash32(n)).toBe(hasher.hash32(n));
      expect(other.hash32(n, 7)).toBe(hasher.hash32(n, 7));
    }
  });

  it("hashes unicode names as their UTF-8 bytes", () => {
    for (const n of ["é", "日本語のオブジェクト", "🦑 squid", "e\u0301", "\u{10ffff}"]) {
      const bytes = new TextEncoder().encode(n);
      const viaString = hasher.hash32(n);
      expect(viaString).toBe(reference.h32Raw(bytes));
      expect(viaString).toBe(reference.h32(n));
    }
    // composed and decomposed forms are different byte strings, so different names
    expect(hasher.hash32("é")).not.toBe(hasher.hash32("e\u0301"));
  });

  it("treats a signed seed as the same 32 bits and rejects a seed that is not one", () => {
    expect(hasher.hash32("abc", -1)).toBe(hasher.hash32("abc", 0xffffffff));
    expect(() => hasher.hash32("abc", 1.5)).toThrow(HashError);
    expect(() => hasher.hash32("abc", 2 ** 32)).toThrow(HashError);
  });
});
