/** Keys to check: the list given, or the count keys "0", "1", … (as diffPlacements counts them). */
import type { Key } from "../index.js";

export function keysOf(keys: readonly Key[] | number): readonly Key[] {
  if (typeof keys === "number") return Array.from({ length: Math.max(0, Math.floor(keys)) }, (_, i) => String(i));
  return keys;
}

export function keyText(key: Key): string {
  return typeof key === "string" ? JSON.stringify(key) : `bytes ${Array.from(key.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
