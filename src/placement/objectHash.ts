/**
 * Object name → 32-bit placement seed, with the string hashes Ceph offers pools
 * (`object_hash` 1 = linux dcache, 2 = rjenkins, Ceph's default) and crushmap's own default,
 * XXH32 through xxhash-wasm.
 *
 * Ceph hashes the bytes of the locator key when an object has one, else of its name; an object
 * in a namespace hashes `namespace + 0x1f + key` (pg_pool_t::hash_key).
 */
import type { NameHasher } from "../hash/xxhash.js";
import { PlacementError } from "./errors.js";

/** How a pool turns names into seeds. Ceph numbers the first two 1 and 2. */
export type ObjectHash = "linux" | "rjenkins" | "xxhash";

/** Ceph's numbers for its string hashes (CEPH_STR_HASH_*). */
export const OBJECT_HASH_ID: Readonly<Record<"linux" | "rjenkins", number>> = Object.freeze({ linux: 1, rjenkins: 2 });

/** The bytes Ceph hashes for a name: UTF-8 of a string, or the bytes as given. */
export function nameBytes(name: string | Uint8Array): Uint8Array {
  return typeof name === "string" ? utf8(name) : name;
}

/**
 * UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD); spelled out because the
 * core assumes no host API beyond the language.
 */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/**
 * The bytes pg_pool_t::hash_key hashes: the key alone, or namespace, the unit separator 0x1f,
 * then the key.
 */
export function locatorBytes(key: string | Uint8Array, namespace: string | Uint8Array = ""): Uint8Array {
  const k = nameBytes(key);
  const ns = nameBytes(namespace);
  if (ns.length === 0) return k;
  const buf = new Uint8Array(ns.length + 1 + k.length);
  buf.set(ns, 0);
  buf[ns.length] = 0x1f;
  buf.set(k, ns.length + 1);
  return buf;
}

/**
 * Ceph's ceph_str_hash_rjenkins: Bob Jenkins' 1996 string hash (lookup2) with a zero initial
 * value, over 12-byte little-endian blocks, the length folded into c before the last mix.
 * Returns the unsigned 32-bit hash.
 */
export function strHashRjenkins(bytes: Uint8Array): number {
  let a = 0x9e3779b9 | 0;
  let b = a;
  let c = 0;
  const length = bytes.length;
  let k = 0;
  let len = length;
  while (len >= 12) {
    a = (a + (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))) | 0;
    b = (b + (bytes[k + 4]! | (bytes[k + 5]! << 8) | (bytes[k + 6]! << 16) | (bytes[k + 7]! << 24))) | 0;
    c = (c + (bytes[k + 8]! | (bytes[k + 9]! << 8) | (bytes[k + 10]! << 16) | (bytes[k + 11]! << 24))) | 0;
    // mix(a, b, c)
    a = ((a - b | 0) - c | 0) ^ (c >>> 13); b = ((b - c | 0) - a | 0) ^ (a << 8); c = ((c - a | 0) - b | 0) ^ (b >>> 13);
    a = ((a - b | 0) - c | 0) ^ (c >>> 12); b = ((b - c | 0) - a | 0) ^ (a << 16); c = ((c - a | 0) - b | 0) ^ (b >>> 5);
    a = ((a - b | 0) - c | 0) ^ (c >>> 3); b = ((b - c | 0) - a | 0) ^ (a << 10); c = ((c - a | 0) - b | 0) ^ (b >>> 15);
    k += 12;
    len -= 12;
  }
  c = (c + length) | 0;
  // The tail falls through from the highest remaining byte down, as in C's switch; the lowest
  // byte of c is reserved for the length, so c takes bytes 8..10 at shifts 8..24.
  if (len >= 11) c = (c + (bytes[k + 10]! << 24)) | 0;
  if (len >= 10) c = (c + (bytes[k + 9]! << 16)) | 0;
  if (len >= 9) c = (c + (bytes[k + 8]! << 8)) | 0;
  if (len >= 8) b = (b + (bytes[k + 7]! << 24)) | 0;
  if (len >= 7) b = (b + (bytes[k + 6]! << 16)) | 0;
  if (len >= 6) b = (b + (bytes[k + 5]! << 8)) | 0;
  if (len >= 5) b = (b + bytes[k + 4]!) | 0;
  if (len >= 4) a = (a + (bytes[k + 3]! << 24)) | 0;
  if (len >= 3) a = (a + (bytes[k + 2]! << 16)) | 0;
  if (len >= 2) a = (a + (bytes[k + 1]! << 8)) | 0;
  if (len >= 1) a = (a + bytes[k]!) | 0;
  a = ((a - b | 0) - c | 0) ^ (c >>> 13); b = ((b - c | 0) - a | 0) ^ (a << 8); c = ((c - a | 0) - b | 0) ^ (b >>> 13);
  a = ((a - b | 0) - c | 0) ^ (c >>> 12); b = ((b - c | 0) - a | 0) ^ (a << 16); c = ((c - a | 0) - b | 0) ^ (b >>> 5);
  a = ((a - b | 0) - c | 0) ^ (c >>> 3); b = ((b - c | 0) - a | 0) ^ (a << 10); c = ((c - a | 0) - b | 0) ^ (b >>> 15);
  return c >>> 0;
}

/**
 * Ceph's ceph_str_hash_linux, the Linux dcache hash: h = (h + (c << 4) + (c >> 4)) * 11 per
 * unsigned byte. Ceph computes it in an unsigned long and returns the low 32 bits, which only
 * depend on the low 32 bits of every step.
 */
export function strHashLinux(bytes: Uint8Array): number {
  let h = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    h = Math.imul((h + (c << 4) + (c >>> 4)) | 0, 11);
  }
  return h >>> 0;
}

/** The seed of a locator under a pool's hash; `hasher` is needed for "xxhash" only. */
export function hashLocator(hash: ObjectHash, bytes: Uint8Array, hasher: NameHasher | undefined): number {
  switch (hash) {
    case "rjenkins":
      return strHashRjenkins(bytes);
    case "linux":
      return strHashLinux(bytes);
    case "xxhash":
      if (hasher === undefined) throw new PlacementError("this pool hashes names with xxhash: pass { hasher: await createNameHasher() }");
      return hasher.hash32Bytes(bytes);
  }
}
