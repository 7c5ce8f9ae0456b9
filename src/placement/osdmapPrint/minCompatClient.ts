/**
 * OSDMap::get_min_compat_client: the oldest client release that can use the map, from the
 * features a client needs for it (OSDMap::get_features of a client): the crush tunables and
 * bucket algorithms, the rules the pools use, primary affinity, cache tiers, upmaps, weight
 * sets. Returned as a ceph_release_t number.
 */
import type { CephRelease } from "../../map/release.js";
import type { CrushMap } from "../../map/types.js";
import type { OsdMapRecord } from "../osdmapBinary/record.js";

const ARGONAUT = 1;
const DUMPLING = 4;
const FIREFLY = 6;
const HAMMER = 8;
const JEWEL = 10;
const LUMINOUS = 12;
const REEF = 18;
const POOL_HASHPSPOOL = 1;
const AFFINITY_DEFAULT = 0x10000;

/** CrushWrapper::has_incompat_choose_args: weight sets beyond a single-position compat set. */
function incompatChooseArgs(crush: CrushMap): boolean {
  if (crush.chooseArgs.length === 0) return false;
  if (crush.chooseArgs.length > 1 || crush.chooseArgs[0]!.id !== -1) return true;
  return crush.chooseArgs[0]!.buckets.some((b) => (b.weightSet?.length ?? 0) > 1 || (b.ids?.length ?? 0) > 0);
}

/** Which of is_v3_rule / is_v5_rule hold for the rules the pools use. */
function ruleFeatures(m: OsdMapRecord): { v3: boolean; v5: boolean } {
  let v3 = false;
  let v5 = false;
  for (const p of m.pools) {
    const rule = m.crush.rules.find((r) => r.id === p.crushRule);
    for (const s of rule?.steps ?? []) {
      if (s.op === "set_chooseleaf_vary_r") v3 = true;
      if (s.op === "set_chooseleaf_stable") v5 = true;
    }
  }
  return { v3, v5 };
}

/**
 * The map's min_compat_client as the osdmaptool of `release` computes it (16.2 does not know
 * pg_upmap_primaries, so its answer stops at luminous).
 */
export function minCompatClient(m: OsdMapRecord, release: CephRelease): number {
  const t = m.crush.tunables;
  if (release >= 18 && m.pgUpmapPrimaries.length > 0) return REEF;
  if (m.pgUpmap.length > 0 || m.pgUpmapItems.length > 0 || incompatChooseArgs(m.crush)) return LUMINOUS;
  const rules = ruleFeatures(m);
  if (t.chooseleafStable !== 0 || rules.v5) return JEWEL;
  if (m.crush.buckets.some((b) => b.alg === "straw2")) return HAMMER;
  const affinity = m.osds.some((o) => o.primaryAffinity !== AFFINITY_DEFAULT);
  const tiers = m.pools.some((p) => p.detail.tiers.length > 0 || p.detail.tierOf >= 0);
  if (affinity || t.chooseleafVaryR !== 0 || rules.v3 || tiers) return FIREFLY;
  if (t.chooseleafDescendOnce !== 0 || m.pools.some((p) => (p.flags & POOL_HASHPSPOOL) !== 0)) return DUMPLING;
  return ARGONAUT;
}
