/** utf8Decode: strict UTF-8, with ASCII made in pieces rather than a character at a time. */
import { describe, expect, it } from "vitest";
import { utf8Decode, utf8Encode } from "../../src/hash/utf8.js";

describe("utf8Decode", () => {
  it("gives back ASCII text of every length around its 4 KiB pieces", () => {
    for (const n of [0, 1, 12, 13, 4095, 4096, 4097, 8192, 10_000]) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + (i % 95))).join("");
      expect(utf8Decode(utf8Encode(text))).toBe(text);
    }
  });

  it("decodes multi-byte text and refuses malformed bytes, ASCII before them or not", () => {
    const text = `${"osd.".repeat(2000)}ünïcode €𝄞`;
    expect(utf8Decode(utf8Encode(text))).toBe(text);
    expect(utf8Decode(Uint8Array.from([0x61, 0xc0, 0x80]))).toBeUndefined();
    expect(utf8Decode(Uint8Array.from([0x61, 0x62, 0xe2, 0x82]))).toBeUndefined();
    expect(utf8Decode(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeUndefined();
  });
});
