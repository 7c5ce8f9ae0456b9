/**
 * XXH32 of object names, through xxhash-wasm (the one runtime dependency; it runs wherever
 * WebAssembly does, browsers included). Names are hashed as their UTF-8 bytes, the way a
 * storage client hashing a name it received as text would.
 *
 * Creating the hasher loads xxhash-wasm and instantiates its WebAssembly module, both
 * asynchronous; after that every call is synchronous. The import is dynamic so that loading
 * crushmap itself never needs xxhash-wasm resolved (a page that imports the bare ESM bundle
 * without an import map still gets the rest of the library).
 */
import type { XXHashAPI } from "xxhash-wasm";
import { HashError } from "./hashError.js";

/**
 * Hashes object names with XXH32; see {@link createNameHasher}.
 *
 * @group Hashing
 */
export interface NameHasher {
  /** XXH32 of the UTF-8 bytes of `name` with `seed` (default 0), as an unsigned 32-bit integer. */
  hash32(name: string, seed?: number): number;
  /** XXH32 of raw bytes with `seed` (default 0), unsigned. */
  hash32Bytes(bytes: Uint8Array, seed?: number): number;
  /**
   * `hash32` of every name, into `out` (which must hold `names.length` entries) or a fresh
   * array: `hashBatch(names)[i] === hash32(names[i])`.
   */
  hashBatch(names: readonly string[], out?: Uint32Array, seed?: number): Uint32Array;
}

/**
 * Instantiates the hasher.
 *
 * @group Hashing
 *
 * @throws {HashError} when an output buffer is too small for the names, or a seed is not a
 *   32-bit integer.
 *
 * @example
 * ```ts
 * const hasher = await createNameHasher();
 * hasher.hash32("abc"); // 0x32d153ff, XXH32("abc", 0)
 * hasher.hashBatch(["a", "b", "c"]); // Uint32Array of three hashes
 * ```
 */
export async function createNameHasher(): Promise<NameHasher> {
  const { h32, h32Raw } = await instantiate();
  return {
    hash32(name: string, seed = 0): number {
      return h32(name, checkSeed(seed)) >>> 0;
    },
    hash32Bytes(bytes: Uint8Array, seed = 0): number {
      return h32Raw(bytes, checkSeed(seed)) >>> 0;
    },
    hashBatch(names: readonly string[], out?: Uint32Array, seed = 0): Uint32Array {
      const s = checkSeed(seed);
      const result = out ?? new Uint32Array(names.length);
      if (result.length < names.length) {
        throw new HashError(`output buffer holds ${result.length} entries, need ${names.length}`, "out");
      }
      for (let i = 0; i < names.length; i++) result[i] = h32(names[i]!, s);
      return result;
    },
  };
}

function checkSeed(seed: number): number {
  // XXH32 takes an unsigned 32-bit seed; accept the signed spelling of the same bits too
  if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0xffffffff) {
    throw new HashError(`seed ${String(seed)} is not a 32-bit integer`, "seed");
  }
  return seed >>> 0;
}

async function instantiate(): Promise<XXHashAPI> {
  const mod = (await import("xxhash-wasm")) as { default: () => Promise<XXHashAPI> };
  return mod.default();
}
