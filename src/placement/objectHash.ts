/**
 * Object name → 32-bit placement seed, with the string hashes Ceph offers pools
 * (`object_hash` 1 = linux dcache, 2 = rjenkins, Ceph's default; both in hash/strHash.ts) and
 * crushmap's own default, XXH32 through xxhash-wasm.
 *
 * Ceph hashes the bytes of the locator key when an object has one, else of its name; an object
 * in a namespace hashes `namespace + 0x1f + key` (pg_pool_t::hash_key).
 */
import { strHashLinux, strHashRjenkins } from "../hash/strHash.js";
import { utf8Encode } from "../hash/utf8.js";
import type { NameHasher } from "../hash/xxhash.js";
import { PlacementError } from "./errors.js";

/**
 * How a pool turns names into seeds. Ceph numbers the first two 1 and 2.
 *
 * @group Placement
 */
export type ObjectHash = "linux" | "rjenkins" | "xxhash";

/**
 * Ceph's numbers for its string hashes (CEPH_STR_HASH_*).
 *
 * @group Placement
 */
export const OBJECT_HASH_ID: Readonly<Record<"linux" | "rjenkins", number>> = Object.freeze({ linux: 1, rjenkins: 2 });

/** The bytes Ceph hashes for a name: UTF-8 of a string, or the bytes as given. */
export function nameBytes(name: string | Uint8Array): Uint8Array {
  return typeof name === "string" ? utf8Encode(name) : name;
}

/**
 * The bytes pg_pool_t::hash_key hashes: the key alone, or namespace, the unit separator 0x1f,
 * then the key.
 *
 * @group Placement
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
