/**
 * Ceph's stable modulo, which lets pg_num grow without reshuffling: with b between two powers of
 * two, a seed keeps its low bits under the larger mask when those name an existing group and
 * falls back to the smaller mask otherwise. Doubling pg_num therefore splits every group into
 * itself and one child (ps + old pg_num); growing by less splits only some groups.
 */

/**
 * ceph_stable_mod(x, b, bmask), for b >= 1 and bmask = pgMask(b).
 *
 * @group Placement
 */
export function stableMod(x: number, b: number, bmask: number): number {
  const low = (x & bmask) >>> 0;
  return low < b ? low : (x & (bmask >>> 1)) >>> 0;
}

/**
 * The mask Ceph keeps beside a group count: the smallest 2^k - 1 covering n - 1.
 *
 * @group Placement
 */
export function pgMask(n: number): number {
  // (1 << cbits(n - 1)) - 1 where cbits counts the bits of n - 1
  const bits = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
  return bits >= 32 ? 0xffffffff : (1 << bits) - 1;
}
