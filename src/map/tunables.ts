/**
 * Tunable profiles, with the values CrushWrapper's set_tunables_* give them (Ceph 16.2).
 *
 * The text format starts from LEGACY_TUNABLES: crushtool compiles every map from the legacy
 * profile so that a given text always compiles to the same map, and `crushtool -d` leaves out
 * each tunable that still has its legacy value.
 */
import type { Tunables } from "./types.js";

/** Bucket algorithms allowed by maps older than hammer: uniform, list and straw (1<<1 | 1<<2 | 1<<4). */
export const LEGACY_ALLOWED_BUCKET_ALGS = 22;

/** Hammer and later also allow straw2 (1<<5). */
const HAMMER_ALLOWED_BUCKET_ALGS = 54;

/**
 * msr_descents and msr_collision_tries of every map (CrushWrapper::set_default_msr_tunables,
 * Ceph 19 and later); no profile changes them.
 */
export const DEFAULT_MSR_TRIES = 100;

/**
 * argonaut, also called legacy: the values of the very first CRUSH release.
 *
 * @group Maps
 */
export const LEGACY_TUNABLES: Tunables = Object.freeze({
  chooseLocalTries: 2,
  chooseLocalFallbackTries: 5,
  chooseTotalTries: 19,
  chooseleafDescendOnce: 0,
  chooseleafVaryR: 0,
  chooseleafStable: 0,
  strawCalcVersion: 0,
  allowedBucketAlgs: LEGACY_ALLOWED_BUCKET_ALGS,
  msrDescents: DEFAULT_MSR_TRIES,
  msrCollisionTries: DEFAULT_MSR_TRIES,
});

/*
 * The named set_tunables_* functions never touch straw_calc_version; only legacy (0), optimal
 * and default (1) set it. A profile applied to a map keeps that map's straw_calc_version, so
 * these values are the ones a freshly created (default, straw_calc_version 1) map would get,
 * except argonaut which is legacy's own definition.
 */
const BOBTAIL: Tunables = Object.freeze({
  chooseLocalTries: 0,
  chooseLocalFallbackTries: 0,
  chooseTotalTries: 50,
  chooseleafDescendOnce: 1,
  chooseleafVaryR: 0,
  chooseleafStable: 0,
  strawCalcVersion: 0,
  allowedBucketAlgs: LEGACY_ALLOWED_BUCKET_ALGS,
  msrDescents: DEFAULT_MSR_TRIES,
  msrCollisionTries: DEFAULT_MSR_TRIES,
});

const FIREFLY: Tunables = Object.freeze({ ...BOBTAIL, chooseleafVaryR: 1 });
const HAMMER: Tunables = Object.freeze({ ...FIREFLY, allowedBucketAlgs: HAMMER_ALLOWED_BUCKET_ALGS });
const JEWEL: Tunables = Object.freeze({ ...HAMMER, chooseleafStable: 1 });
/** optimal and default are jewel plus straw_calc_version 1 in Ceph 16.2. */
const OPTIMAL: Tunables = Object.freeze({ ...JEWEL, strawCalcVersion: 1 });

/**
 * Names accepted by `tunablesProfile`, as Ceph spells them (`ceph osd crush tunables NAME`).
 *
 * @group Maps
 */
export type TunablesProfileName =
  | "legacy"
  | "argonaut"
  | "bobtail"
  | "firefly"
  | "hammer"
  | "jewel"
  | "optimal"
  | "default";

const PROFILES: ReadonlyMap<string, Tunables> = new Map<string, Tunables>([
  ["legacy", LEGACY_TUNABLES],
  ["argonaut", LEGACY_TUNABLES],
  ["bobtail", BOBTAIL],
  ["firefly", FIREFLY],
  ["hammer", HAMMER],
  ["jewel", JEWEL],
  ["optimal", OPTIMAL],
  ["default", OPTIMAL],
]);

/**
 * The tunables of a named profile.
 *
 * Note that bobtail, firefly, hammer and jewel leave `strawCalcVersion` at 0 here: Ceph's
 * set_tunables_* for them do not change it, so apply them with
 * `{ ...tunablesProfile("jewel"), strawCalcVersion: map.tunables.strawCalcVersion }` to mimic
 * `ceph osd crush tunables jewel` on an existing map.
 *
 * @group Maps
 *
 * @example tunablesProfile("optimal").chooseTotalTries // 50
 */
export function tunablesProfile(name: TunablesProfileName): Tunables;
export function tunablesProfile(name: string): Tunables | undefined;
export function tunablesProfile(name: string): Tunables | undefined {
  return PROFILES.get(name);
}
