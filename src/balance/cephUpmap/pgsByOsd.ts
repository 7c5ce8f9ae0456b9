/**
 * Ceph's map<int, set<pg_t>> of which groups each OSD holds, in calc_pg_upmaps. Groups are keys
 * `pool · 2^32 + ps` (pg_t's order: pool, then seed) kept sorted per OSD. Ceph copies the whole
 * map for every attempt (temp_pgs_by_osd); here a copy shares the per-OSD lists and clones one
 * only when it changes. Like std::map's operator[], touching an OSD that holds nothing adds it.
 */

/** The key of group (pool, ps), ordered as Ceph orders pg_t. */
export function pgKey(pool: number, ps: number): number {
  return pool * 4294967296 + (ps >>> 0);
}

/** Ceph's spelling of the group with key `key` (`1.1f`). */
export function pgKeyText(key: number): string {
  const pool = Math.floor(key / 4294967296);
  return `${pool}.${(key - pool * 4294967296).toString(16)}`;
}

export class PgsByOsd {
  private readonly lists: Map<number, readonly number[]>;
  private readonly owned = new Set<number>();

  constructor(from?: PgsByOsd) {
    this.lists = from === undefined ? new Map() : new Map(from.lists);
  }

  /** A copy that shares the lists until one changes. */
  copy(): PgsByOsd {
    return new PgsByOsd(this);
  }

  has(osd: number): boolean {
    return this.lists.has(osd);
  }

  /** The groups of `osd`, ascending (empty when it holds none). */
  of(osd: number): readonly number[] {
    return this.lists.get(osd) ?? [];
  }

  /** The OSDs, ascending (std::map order). */
  osds(): number[] {
    return [...this.lists.keys()].sort((a, b) => a - b);
  }

  /** Adds an OSD holding nothing, if absent (map::emplace / operator[]). */
  touch(osd: number): void {
    if (!this.lists.has(osd)) {
      this.lists.set(osd, []);
      this.owned.add(osd);
    }
  }

  insert(osd: number, key: number): void {
    const list = this.mutable(osd);
    const at = lowerBound(list, key);
    if (list[at] !== key) list.splice(at, 0, key);
  }

  erase(osd: number, key: number): void {
    const list = this.mutable(osd);
    const at = lowerBound(list, key);
    if (list[at] === key) list.splice(at, 1);
  }

  private mutable(osd: number): number[] {
    const list = this.lists.get(osd);
    if (list !== undefined && this.owned.has(osd)) return list as number[];
    const mine = list === undefined ? [] : [...list];
    this.lists.set(osd, mine);
    this.owned.add(osd);
    return mine;
  }
}

function lowerBound(list: readonly number[], key: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
