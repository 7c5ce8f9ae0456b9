/**
 * Known answers for the hash layer, one test per function, taken from Ceph's own libceph-common
 * (test/fixtures/known/record.sh calls crush_hash32_N, ceph_str_hash_* and reads crush_ln out of
 * Ceph's straw2 code). A broken function fails here under its own name, before any placement
 * diff against crushtool shows it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushLn, STRAW2_LN } from "../../src/hash/crushLn.js";
import { hash32_1, hash32_2, hash32_3, hash32_4, hash32_5, hash32s_1, hash32s_2, hash32s_3, hash32s_4, hash32s_5 } from "../../src/hash/rjenkins.js";
import { strHashLinux, strHashRjenkins } from "../../src/hash/strHash.js";
import { utf8Decode, utf8Encode } from "../../src/hash/utf8.js";

const KNOWN = join(import.meta.dirname, "..", "fixtures", "known");
const read = <T>(name: string): T => JSON.parse(readFileSync(join(KNOWN, name), "utf8")) as T;

type Row = number[];
const hashes = read<Record<`hash32_${1 | 2 | 3 | 4 | 5}`, Row[]> & { strings: { text?: string; hex?: string; rjenkins: number; linux: number }[] }>("hash.json");
const ln = read<{ sha256: string; sample: [number, number][] }>("crushln.json");

const unsigned: Record<string, (...a: number[]) => number> = {
  hash32_1: (a) => hash32_1(a!),
  hash32_2: (a, b) => hash32_2(a!, b!),
  hash32_3: (a, b, c) => hash32_3(a!, b!, c!),
  hash32_4: (a, b, c, d) => hash32_4(a!, b!, c!, d!),
  hash32_5: (a, b, c, d, e) => hash32_5(a!, b!, c!, d!, e!),
};
const signed: Record<string, (...a: number[]) => number> = {
  hash32_1: (a) => hash32s_1(a!),
  hash32_2: (a, b) => hash32s_2(a!, b!),
  hash32_3: (a, b, c) => hash32s_3(a!, b!, c!),
  hash32_4: (a, b, c, d) => hash32s_4(a!, b!, c!, d!),
  hash32_5: (a, b, c, d, e) => hash32s_5(a!, b!, c!, d!, e!),
};

describe("rjenkins1 (crush_hash32_rjenkins1_N)", () => {
  for (const name of ["hash32_1", "hash32_2", "hash32_3", "hash32_4", "hash32_5"] as const) {
    it(`${name} gives Ceph's value on each of ${hashes[name].length} inputs, edges of the 32-bit range included`, () => {
      expect(hashes[name].length).toBeGreaterThanOrEqual(64);
      for (const row of hashes[name]) {
        const args = row.slice(0, -1);
        const want = row[row.length - 1]!;
        expect(unsigned[name]!(...args), `${name}(${args.join(", ")})`).toBe(want);
        // the signed variant the mapper calls carries the same 32 bits, for inputs given either way
        expect(signed[name]!(...args.map((v) => v | 0)) >>> 0, `${name.replace("_", "s_")}(${args.join(", ")})`).toBe(want);
      }
    });
  }
});

describe("Ceph's string hashes (ceph_str_hash_*)", () => {
  const cases = hashes.strings.map((s) => ({ ...s, bytes: s.hex !== undefined ? hexBytes(s.hex) : utf8Encode(s.text!) }));

  it("strHashRjenkins gives ceph_str_hash_rjenkins on names and on raw bytes of every length 0..40", () => {
    for (const c of cases) expect(strHashRjenkins(c.bytes), c.text ?? c.hex).toBe(c.rjenkins);
  });

  it("strHashLinux gives ceph_str_hash_linux, bytes of 0x80 and above read unsigned", () => {
    for (const c of cases) expect(strHashLinux(c.bytes), c.text ?? c.hex).toBe(c.linux);
  });

  it("utf8Encode writes the bytes Ceph hashed for each name (accents, 4-byte emoji, control bytes)", () => {
    // the recorder's names are UTF-8 in its C source; Node's TextEncoder is the second witness
    for (const c of cases) {
      if (c.text === undefined) continue;
      expect(Array.from(utf8Encode(c.text))).toEqual(Array.from(new TextEncoder().encode(c.text)));
      expect(utf8Decode(utf8Encode(c.text))).toBe(c.text);
    }
    expect(Array.from(utf8Encode("a\ud800b"))).toEqual(Array.from(new TextEncoder().encode("a\ud800b")));
  });
});

describe("crush_ln (the straw2 logarithm)", () => {
  it("crushLn gives Ceph's crush_ln on the sampled inputs (all of 0..511 and 0xfe00..0xffff)", () => {
    expect(ln.sample.length).toBeGreaterThan(2000);
    for (const [u, want] of ln.sample) expect(crushLn(u), `crush_ln(${u})`).toBe(want);
  });

  it("crushLn gives Ceph's crush_ln on all 65,536 inputs (digest of the whole table)", () => {
    const bytes = new Uint8Array(8 * 0x10000);
    const view = new DataView(bytes.buffer);
    for (let u = 0; u < 0x10000; u++) view.setBigUint64(8 * u, BigInt(crushLn(u)), true);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(ln.sha256);
  });

  it("the straw2 draw table holds crush_ln(u) - 2^48 for the sampled inputs", () => {
    for (const [u, want] of ln.sample) expect(STRAW2_LN[u], `STRAW2_LN[${u}]`).toBe(want - 2 ** 48);
  });
});

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
