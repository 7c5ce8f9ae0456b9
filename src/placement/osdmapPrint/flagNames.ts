/**
 * Ceph's names of OSD map flags (CEPH_OSDMAP_*), OSD state bits (CEPH_OSD_*) and pool flags
 * (pg_pool_t::FLAG_*), as OSDMap::get_flag_string, calc_state_set and
 * pg_pool_t::get_flags_string spell them.
 */

/** CEPH_OSDMAP_* by bit, in get_flag_string's order; `full` and `nearfull` (bits 0, 1) print no name. */
const OSDMAP_FLAGS: readonly (readonly [number, string])[] = [
  [2, "pauserd"], [3, "pausewr"], [4, "pauserec"], [5, "noup"], [6, "nodown"], [7, "noout"], [8, "noin"],
  [9, "nobackfill"], [14, "norebalance"], [10, "norecover"], [11, "noscrub"], [12, "nodeep-scrub"],
  [13, "notieragent"], [21, "nosnaptrim"], [15, "sortbitwise"], [16, "require_jewel_osds"],
  [17, "require_kraken_osds"], [18, "require_luminous_osds"], [19, "recovery_deletes"],
  [20, "purged_snapdirs"], [22, "pglog_hardlimit"], [23, "noautoscale"],
];

function has(flags: number, bit: number): boolean {
  return Math.floor(flags / 2 ** bit) % 2 === 1;
}

/** OSDMap::get_flag_string: the names, comma-separated, in Ceph's order. */
export function osdmapFlagString(flags: number): string {
  return OSDMAP_FLAGS.filter(([bit]) => has(flags, bit)).map(([, name]) => name).join(",");
}

/** OSDMap::get_flag_set: the names, sorted (a std::set). */
export function osdmapFlagSet(flags: number): string[] {
  return OSDMAP_FLAGS.filter(([bit]) => has(flags, bit)).map(([, name]) => name).sort();
}

const OSD_STATES: readonly string[] = ["exists", "up", "autoout", "new", "full", "nearfull", "backfillfull", "destroyed", "noup", "nodown", "noin", "noout", "stop"];

/** calc_state_set: the names of an OSD's state bits, sorted (a std::set). */
export function osdStateSet(state: number): string[] {
  return OSD_STATES.filter((_, bit) => has(state, bit)).sort();
}

const POOL_FLAGS: readonly string[] = [
  "hashpspool", "full", "ec_overwrites", "incomplete_clones", "nodelete", "nopgchange", "nosizechange",
  "write_fadvise_dontneed", "noscrub", "nodeep-scrub", "full_quota", "nearfull", "backfillfull",
  "selfmanaged_snaps", "pool_snaps", "creating", "eio", "bulk", "crimson", "ec_optimizations",
];

/** pg_pool_t::get_flags_string: every set bit's name, low bits first (`???` for one Ceph has no name for). */
export function poolFlagString(flags: number): string {
  const names: string[] = [];
  for (let bit = 0; bit < 53; bit++) if (has(flags, bit)) names.push(POOL_FLAGS[bit] ?? "???");
  return names.join(",");
}

/** pg_pool_t::FLAG_POOL_SNAPS. */
export const POOL_FLAG_POOL_SNAPS = 1 << 14;
