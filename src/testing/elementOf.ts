/**
 * One element of a list, by index: unlike `fc.constantFrom(...list)` it takes no argument per
 * element (a cluster's list of nodes can be long), and it shrinks toward the first element.
 */
import fc from "fast-check";

export function elementOf<T>(list: readonly T[]): fc.Arbitrary<T> {
  if (list.length === 0) throw new TypeError("elementOf: the list is empty");
  return fc.integer({ min: 0, max: list.length - 1 }).map((i) => list[i]!);
}
