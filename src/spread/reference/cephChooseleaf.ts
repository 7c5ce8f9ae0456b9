/**
 * crushmap as Ceph deployments use it: a straw2 root over one straw2 bucket per failure domain
 * (type host), the devices under their domain, and the rule `create-replicated` writes (`take
 * root; chooseleaf firstn 0 type host; emit`), mapped by crushmap's Mapper. Domain k is bucket
 * id −(k+2), so a domain keeps its id (and its hashes) across the clusters being compared.
 */
import { CrushMapBuilder } from "../../map/builder.js";
import type { CrushMap } from "../../map/types.js";
import { Mapper } from "../../mapper/mapper.js";
import { cephWeightScale, type CephPlacerOptions } from "./cephBucket.js";
import { SpreadError } from "../errors.js";
import { checkNumRep, checkWeights, type ReferencePlacer } from "./placer.js";

/** Most failure domains (bucket ids stay far from the 32-bit limit). */
const MAX_DOMAINS = 1 << 20;

/**
 * Checks a failure-domain vector against its weights: one integer in 0..2^20 per device.
 */
export function checkDomains(domains: ArrayLike<number>, devices: number, what = "domains"): Int32Array {
  if (domains.length !== devices) {
    throw new SpreadError(`${what}: ${domains.length} entries for ${devices} devices`, what);
  }
  const out = new Int32Array(devices);
  for (let d = 0; d < devices; d++) {
    const v = domains[d]!;
    if (!Number.isInteger(v) || v < 0 || v >= MAX_DOMAINS) {
      throw new SpreadError(`${what}: device ${d} has domain ${String(v)}, need an integer in 0..${MAX_DOMAINS - 1}`, d);
    }
    out[d] = v;
  }
  return out;
}

/**
 * straw2 by failure domain, the way a replicated pool places: no two replicas in one domain.
 *
 * @group Spread
 */
export class CephChooseleafPlacer implements ReferencePlacer {
  readonly algorithm = "straw2 (crushmap, chooseleaf by failure domain)";
  readonly lacks: readonly string[] = Object.freeze([
    "exact weights when domains weigh very differently (one replica per domain and input skews the shares; see docs/spread.md)",
    "minimal movement when a device inside a domain changes (the domain's weight changes too, and later replicas shift)",
  ]);
  /** The two-level map (root −1, domains −(k+2), rule 0). */
  readonly map: CrushMap;
  private readonly mapper: Mapper;

  constructor(weights: ArrayLike<number>, domains: ArrayLike<number>, options: CephPlacerOptions = {}) {
    const w = checkWeights(weights);
    const dom = checkDomains(domains, w.length);
    const scale = cephWeightScale(w, options.weightScale);
    const b = new CrushMapBuilder().addBucket("root", "root", { alg: "straw2", id: -1 });
    const made = new Set<number>();
    for (let d = 0; d < w.length; d++) {
      if (w[d]! <= 0) continue;
      const k = dom[d]!;
      if (!made.has(k)) {
        b.addBucket(`domain${k}`, "host", { alg: "straw2", id: -(k + 2), under: "root" });
        made.add(k);
      }
      b.addDevice({ id: d, weight: w[d]! * scale, under: `domain${k}` });
    }
    b.createReplicatedRule("by_domain", "root", "host");
    this.map = b.build();
    this.mapper = new Mapper(this.map);
  }

  place(x: number, numRep: number, out: Int32Array): number {
    checkNumRep(numRep);
    return this.mapper.mapInto(0, x | 0, numRep, out);
  }
}
