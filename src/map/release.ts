/**
 * The Ceph releases whose formats crushmap reads and writes, and how their names are spelt.
 *
 * CRUSH placement is the same in all of them; what differs is around it: the text `crushtool -d`
 * prints (16.2 has rule min_size/max_size and 3-decimal weights, 18.2 and later neither), the
 * binary `crushtool -c` writes (18.2 stores 1 and 100 for the sizes, 20.2 appends the MSR
 * tunables), and MSR rules (19 and later). 19 (Squid) reads and writes what 20 does, so it is an
 * alias of 20 here.
 */
import { CrushMapError } from "./errors.js";

/** A release with its own formats: 16.2 Pacific, 18.2 Reef, 20.2 Tentacle. */
export type CephRelease = 16 | 18 | 20;

/** What a `release` option accepts: a number or a code name (19 / squid stand for 20). */
export type CephReleaseName =
  | CephRelease
  | 19
  | "16"
  | "18"
  | "19"
  | "20"
  | "pacific"
  | "reef"
  | "squid"
  | "tentacle";

/** The release used when none is named: the current one. */
export const DEFAULT_RELEASE: CephRelease = 20;

/** What Ceph 18 and later store for a rule's min_size and max_size, and what text without them gives. */
export const DEFAULT_MIN_SIZE = 1;
export const DEFAULT_MAX_SIZE = 100;

const BY_NAME: ReadonlyMap<string, CephRelease> = new Map<string, CephRelease>([
  ["16", 16],
  ["pacific", 16],
  ["18", 18],
  ["reef", 18],
  ["19", 20],
  ["squid", 20],
  ["20", 20],
  ["tentacle", 20],
]);

/**
 * The release a name stands for (`undefined` gives the default, 20). Throws a `CrushMapError`
 * naming the release for anything else.
 *
 * @example cephRelease("reef") // 18
 */
export function cephRelease(name: CephReleaseName | string | number | undefined): CephRelease {
  if (name === undefined) return DEFAULT_RELEASE;
  const release = BY_NAME.get(String(name).toLowerCase());
  if (release === undefined) {
    throw new CrushMapError(`unknown Ceph release ${JSON.stringify(name)} (known: 16/pacific, 18/reef, 19/squid, 20/tentacle)`, String(name));
  }
  return release;
}
