/**
 * The exact number of distinct K-sets of units that lose some group, at K = the pool's
 * tolerance (the copyset paper's count, generalised to erasure shards and to units holding
 * several copies). Only groups K units can lose take part; each contributes the K-subsets of its
 * units that hold `need` of its copies.
 *
 * Sets are streamed by their lowest unit: for unit u, every group holding u yields its fatal sets
 * whose lowest unit is u, and only those are held, sorted and told apart at a time — no set
 * recurs under another unit, so the distinct counts add up. Memory is one unit's sets; time is
 * the groups' K-subsets, bounded by `budget` (undefined past it).
 */
import { binomial, pascalTable } from "./combinatorics.js";
import type { LossGroup } from "./lossGroups.js";
import type { UnitIndex } from "./unitIndex.js";

/** One unit's fatal sets: the rest of each set (K − 1 units) as a colex rank, or as its units. */
interface SetBuffer {
  ranks: Float64Array;
  lists: Int32Array;
  count: number;
  /** C(u, j) table for ranks; undefined when ranks do not fit a double (lists are kept). */
  readonly table: Float64Array | undefined;
  readonly rest: number;
  readonly idx: Int32Array;
}

/** `rankLimit`: ranks must stay below it to be exact in a double (lower it to test the list path). */
export function countFatalSets(groups: readonly LossGroup[], index: UnitIndex, N: number, K: number, budget: number, rankLimit = 2 ** 53): number | undefined {
  let work = 0;
  for (const g of groups) if (g.fewest === K) work += binomial(g.units.length, K);
  if (work === 0) return 0;
  if (work > budget) return undefined;
  const rest = K - 1;
  // colex rank Σ C(u_i, i + 1) of the other K − 1 units numbers them below C(N, K − 1)
  const ranked = binomial(N, rest) < rankLimit && N * K <= 1 << 25;
  const buf: SetBuffer = { ranks: new Float64Array(ranked ? 1024 : 0), lists: new Int32Array(ranked ? 0 : 1024 * Math.max(rest, 1)), count: 0, table: ranked ? pascalTable(N, rest) : undefined, rest, idx: new Int32Array(K) };
  let total = 0;
  for (let u = 0; u < N; u++) {
    buf.count = 0;
    for (let e = index.start[u]!; e < index.start[u + 1]!; e++) {
      const g = groups[index.group[e]!]!;
      if (g.fewest === K) pushSetsFrom(buf, g, index.position[e]!);
    }
    total += distinct(buf);
  }
  return total;
}

/** The group's fatal K-sets whose lowest unit is its unit at `pos`: (K − 1)-subsets of the units after it. */
function pushSetsFrom(buf: SetBuffer, g: LossGroup, pos: number): void {
  const n = g.units.length;
  const rest = buf.rest;
  const first = pos + 1;
  if (n - first < rest) return;
  const idx = buf.idx;
  for (let i = 0; i < rest; i++) idx[i] = first + i;
  for (;;) {
    let held = g.mult[pos]!;
    for (let i = 0; i < rest; i++) held += g.mult[idx[i]!]!;
    if (held >= g.need) push(buf, g.units, idx);
    // next (K − 1)-combination of first … n − 1 in lexicographic order (units ascend, so the set is sorted)
    let i = rest - 1;
    while (i >= 0 && idx[i] === n - rest + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < rest; j++) idx[j] = idx[j - 1]! + 1;
  }
}

function push(buf: SetBuffer, units: Int32Array, idx: Int32Array): void {
  const rest = buf.rest;
  if (buf.table !== undefined) {
    if (buf.count === buf.ranks.length) buf.ranks = grow(buf.ranks);
    let r = 0;
    for (let i = 0; i < rest; i++) r += buf.table[units[idx[i]!]! * (rest + 1) + i + 1]!;
    buf.ranks[buf.count++] = r;
    return;
  }
  if ((buf.count + 1) * rest > buf.lists.length) buf.lists = grow(buf.lists);
  for (let i = 0; i < rest; i++) buf.lists[buf.count * rest + i] = units[idx[i]!]!;
  buf.count++;
}

/** Distinct sets in the buffer. */
function distinct(buf: SetBuffer): number {
  const n = buf.count;
  if (n <= 1) return n;
  let d = 1;
  if (buf.table !== undefined) {
    const sorted = buf.ranks.subarray(0, n).sort();
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) d++;
    return d;
  }
  const rest = buf.rest;
  const lists = buf.lists;
  const compare = (a: number, b: number): number => {
    for (let i = 0; i < rest; i++) {
      const x = lists[a * rest + i]! - lists[b * rest + i]!;
      if (x !== 0) return x;
    }
    return 0;
  };
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(compare);
  for (let i = 1; i < n; i++) if (compare(order[i]!, order[i - 1]!) !== 0) d++;
  return d;
}

function grow<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}
