/**
 * The tunables section of `crushtool --dump`: the values, then what Ceph derives from them and
 * the rules and buckets: the named profile they match, the oldest release that can use the map,
 * and which feature bits it needs (CrushWrapper::dump_tunables).
 */
import type { CephRelease } from "../release.js";
import { isMsrRuleType, type Bucket, type CrushMap, type Tunables } from "../types.js";
import { section, type CephJson } from "./cephJson.js";
import { DEFAULT_MSR_TRIES } from "../tunables.js";

const LEGACY_ALGS = (1 << 1) | (1 << 2) | (1 << 4);
const STRAW2_ALGS = LEGACY_ALGS | (1 << 5);

/** The modern tunables (bobtail on) with these vary_r, stable and allowed algorithms. */
function isModern(t: Tunables, varyR: number, stable: number, algs: number): boolean {
  return t.chooseLocalTries === 0 && t.chooseLocalFallbackTries === 0 && t.chooseTotalTries === 50 && t.chooseleafDescendOnce === 1 && t.chooseleafVaryR === varyR && t.chooseleafStable === stable && t.allowedBucketAlgs === algs;
}

function isArgonaut(t: Tunables): boolean {
  return t.chooseLocalTries === 2 && t.chooseLocalFallbackTries === 5 && t.chooseTotalTries === 19 && t.chooseleafDescendOnce === 0 && t.chooseleafVaryR === 0 && t.chooseleafStable === 0 && t.allowedBucketAlgs === LEGACY_ALGS;
}

/** The profile name Ceph reports, newest match first. */
function profileOf(t: Tunables, msrDefault: boolean): string {
  if (!msrDefault) return "unknown";
  if (isModern(t, 1, 1, STRAW2_ALGS)) return "jewel";
  if (isModern(t, 1, 0, STRAW2_ALGS)) return "hammer";
  if (isModern(t, 1, 0, LEGACY_ALGS)) return "firefly";
  if (isModern(t, 0, 0, LEGACY_ALGS)) return "bobtail";
  if (isArgonaut(t)) return "argonaut";
  return "unknown";
}

/** Which rule steps the map uses (v2: indep and the tries steps, v3: vary_r, v5: stable). */
function ruleFeatures(map: CrushMap): { v2: boolean; v3: boolean; v5: boolean; msr: boolean } {
  let v2 = false;
  let v3 = false;
  let v5 = false;
  let msr = false;
  for (const r of map.rules) {
    if (isMsrRuleType(r.type)) msr = true;
    for (const s of r.steps) {
      if (((s.op === "choose" || s.op === "chooseleaf") && s.mode === "indep") || s.op === "set_choose_tries" || s.op === "set_chooseleaf_tries") v2 = true;
      if (s.op === "set_chooseleaf_vary_r") v3 = true;
      if (s.op === "set_chooseleaf_stable") v5 = true;
    }
  }
  return { v2, v3, v5, msr };
}

/** The tunables section for `release`; `buckets` includes the class shadows. */
export function tunablesSection(map: CrushMap, buckets: readonly Bucket[], release: CephRelease): CephJson {
  const t = map.tunables;
  const withMsr = release >= 20;
  const msrDefault = !withMsr || (t.msrDescents === DEFAULT_MSR_TRIES && t.msrCollisionTries === DEFAULT_MSR_TRIES);
  const rules = ruleFeatures(map);
  const v4 = buckets.some((b) => b.alg === "straw2");
  const nondefault = t.chooseLocalTries !== 2 || t.chooseLocalFallbackTries !== 5 || t.chooseTotalTries !== 19;
  const nondefault2 = t.chooseleafDescendOnce !== 0;
  const nondefault3 = t.chooseleafVaryR !== 0;
  const nondefault5 = t.chooseleafStable !== 0;
  let minimum = "argonaut";
  if (withMsr && (rules.msr || !msrDefault)) minimum = "squid";
  else if (rules.v5 || nondefault5) minimum = "jewel";
  else if (v4) minimum = "hammer";
  else if (nondefault3) minimum = "firefly";
  else if (nondefault2 || nondefault) minimum = "bobtail";
  const profile = profileOf(t, msrDefault);
  const members: (readonly [string, CephJson])[] = [
    ["choose_local_tries", t.chooseLocalTries],
    ["choose_local_fallback_tries", t.chooseLocalFallbackTries],
    ["choose_total_tries", t.chooseTotalTries],
    ["chooseleaf_descend_once", t.chooseleafDescendOnce],
    ["chooseleaf_vary_r", t.chooseleafVaryR],
    ["chooseleaf_stable", t.chooseleafStable],
    ...(withMsr ? ([["msr_descents", t.msrDescents], ["msr_collision_tries", t.msrCollisionTries]] as const) : []),
    ["straw_calc_version", t.strawCalcVersion],
    ["allowed_bucket_algs", t.allowedBucketAlgs],
  ];
  members.push(
    ["profile", profile],
    ["optimal_tunables", profile === "jewel" ? 1 : 0],
    ["legacy_tunables", profile === "argonaut" ? 1 : 0],
    ["minimum_required_version", minimum],
    ["require_feature_tunables", nondefault ? 1 : 0],
    ["require_feature_tunables2", nondefault2 ? 1 : 0],
    ["has_v2_rules", rules.v2 ? 1 : 0],
    ["require_feature_tunables3", nondefault3 ? 1 : 0],
    ["has_v3_rules", rules.v3 ? 1 : 0],
    ["has_v4_buckets", v4 ? 1 : 0],
    ["require_feature_tunables5", nondefault5 ? 1 : 0],
    ["has_v5_rules", rules.v5 ? 1 : 0],
  );
  if (withMsr) members.push(["has_msr_rules", rules.msr ? 1 : 0]);
  return section(members);
}
