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
import { DEFAULT_MSR_TRIES } from "./tunables.js";
import type { CrushMap } from "./types.js";
import { isMsrRuleType } from "./types.js";

/**
 * A release with its own formats: 16.2 Pacific, 18.2 Reef, 20.2 Tentacle.
 *
 * @group Maps
 */
export type CephRelease = 16 | 18 | 20;

/**
 * What a `release` option accepts: a number or a code name (19 / squid stand for 20).
 *
 * @group Maps
 */
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

/**
 * The release used when none is named: the current one.
 *
 * @group Maps
 */
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
 * @group Maps
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

/**
 * Throws a `CrushMapError` naming the first part of `map` that `release` cannot hold: MSR rules
 * (types msr_firstn / msr_indep), `choosemsr` and `set_msr_*` steps and MSR tunables other than
 * the default exist from Ceph 19 on; from 18 on a rule id must fit a byte (crushtool 18.2 and
 * 20.2 compile rule 300 into a map they then cannot read). Ceph 16.2 and 18.2 would drop such steps silently (a
 * 20.2 map decoded there prints `type 5` with the choosemsr steps gone); crushmap refuses.
 */
export function checkRepresentable(map: CrushMap, release: CephRelease): void {
  if (release >= 18) {
    // 18.2 and later decode a rule only when its stored ruleset byte equals its id.
    const big = map.rules.find((r) => r.id > 0xff);
    if (big !== undefined) throw new CrushMapError(`rule ${big.name} has id ${big.id}; Ceph ${release} reads no rule id above 255`, big.name);
  }
  if (release >= 19) return;
  const t = map.tunables;
  if (t.msrDescents !== DEFAULT_MSR_TRIES || t.msrCollisionTries !== DEFAULT_MSR_TRIES) {
    throw new CrushMapError(
      `Ceph ${release} cannot hold the MSR tunables (msr_descents ${t.msrDescents}, msr_collision_tries ${t.msrCollisionTries}); they need Ceph 19 or later`,
      "msr_descents",
    );
  }
  for (const rule of map.rules) {
    if (isMsrRuleType(rule.type)) {
      throw new CrushMapError(`Ceph ${release} cannot hold MSR rule ${rule.name} (type ${rule.type}); MSR rules need Ceph 19 or later`, rule.name);
    }
    const step = rule.steps.find((s) => s.op === "choosemsr" || s.op === "set_msr_descents" || s.op === "set_msr_collision_tries");
    if (step !== undefined) {
      throw new CrushMapError(`Ceph ${release} cannot hold step ${step.op} of rule ${rule.name}; it needs Ceph 19 or later`, rule.name);
    }
  }
}
