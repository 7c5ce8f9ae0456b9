/**
 * Keys become CRUSH inputs: XXH32 (seed 0) of the key's bytes — a string's UTF-8 bytes, or the
 * bytes given. Equal keys give equal inputs on every platform; nothing else about the key
 * (its length, its position in a list) reaches the placement.
 */
import type { NameHasher } from "../hash/xxhash.js";
import { TopologyError } from "./errors.js";

/**
 * A key as placements take it.
 *
 * @group Topology
 */
export type Key = string | Uint8Array;

/** The 32-bit CRUSH input of `key`; a TopologyError naming `key` for anything but a string or bytes. */
export function keyInput(hasher: NameHasher, key: Key): number {
  if (typeof key === "string") return hasher.hash32(key);
  if (key instanceof Uint8Array) return hasher.hash32Bytes(key);
  throw new TopologyError(`key ${describe(key)} is neither a string nor bytes (a Uint8Array)`, "key");
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return `of type ${(v as object).constructor?.name ?? "object"}`;
  return `${String(v)} (${typeof v})`;
}
