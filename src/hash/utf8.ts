/**
 * UTF-8, the one encoder and decoder of the library: the bytes Ceph hashes for an object name
 * and the names stored in a binary crushmap. The library targets plain ES2022 (no DOM, no Node
 * typings), where TextEncoder/TextDecoder are not declared, so the few lines are here.
 */

/** The UTF-8 bytes of `text` (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** How many bytes the UTF-8 of `text` takes (what C++'s std::string::length() counts). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes per String.fromCharCode call: a fixed bound, far under V8's argument limit. */
const ASCII_SLICE = 4096;

/** Decodes strict UTF-8; returns undefined for malformed input (overlong, surrogate, cut short). */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  // ASCII (device and bucket names, nearly every crush map) is made in pieces of up to 4 KiB:
  // a string grown a character at a time made one string per character, garbage that made the
  // young collections of a large map's load copy its live objects again and again
  let ascii = true;
  for (let k = 0; k < bytes.length && ascii; k++) ascii = bytes[k]! < 0x80;
  if (ascii) {
    let out = "";
    for (let k = 0; k < bytes.length; k += ASCII_SLICE) {
      out += String.fromCharCode.apply(null, bytes.subarray(k, Math.min(bytes.length, k + ASCII_SLICE)) as unknown as number[]);
    }
    return out;
  }
  let s = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let c: number;
    let min: number;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      c = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      c = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      c = b & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    if (i + need >= bytes.length) return undefined;
    for (let k = 1; k <= need; k++) {
      const cont = bytes[i + k]!;
      if ((cont & 0xc0) !== 0x80) return undefined;
      c = (c << 6) | (cont & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return undefined;
    s += String.fromCodePoint(c);
    i += need + 1;
  }
  return s;
}
