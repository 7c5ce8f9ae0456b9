/**
 * The descent through a compiled map must end: a bucket that holds itself, directly or through
 * others, would send the rule interpreters down forever (Ceph loops the same way). Validation
 * refuses such maps, but a map may reach `compileMap` unvalidated, so the compiled tables are
 * checked once more here, iteratively (no recursion: hierarchies may be thousands deep).
 */
import { CrushMapError } from "../map/errors.js";
import type { Bucket } from "../map/types.js";
import { bucketIndexOf, type BucketIndexTables } from "./bucketIndex.js";

interface Tables {
  readonly size: Int32Array;
  readonly start: Int32Array;
  readonly items: Int32Array;
}

const GREY = 1;
const BLACK = 2;

/** Throws a `CrushMapError` naming a bucket that lies inside itself. */
export function checkDescentEnds(buckets: readonly Bucket[], t: Tables, index: BucketIndexTables): void {
  const n = buckets.length;
  const colour = new Uint8Array(n);
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== 0) continue;
    let top = 0;
    stack[0] = root;
    next[0] = 0;
    colour[root] = GREY;
    while (top >= 0) {
      const b = stack[top]!;
      const i = next[top]!;
      if (i === t.size[b]) {
        colour[b] = BLACK;
        top--;
        continue;
      }
      next[top] = i + 1;
      const item = t.items[t.start[b]! + i]!;
      if (item >= 0) continue;
      const c = bucketIndexOf(index, item);
      if (colour[c] === BLACK) continue;
      if (colour[c] === GREY) {
        throw new CrushMapError(`bucket ${buckets[c]!.name} lies inside itself (through ${buckets[b]!.name})`, buckets[c]!.name);
      }
      colour[c] = GREY;
      stack[++top] = c;
      next[top] = 0;
    }
  }
}
