/**
 * crushtool's `--simulate`: CrushTester::random_placement, a Monte-Carlo stand-in for CRUSH that
 * draws devices uniformly with glibc's lrand48 and keeps a draw only when it passes
 * CrushTester::check_valid_placement. Its quirks are crushtool's output, so they are kept:
 *
 * - it asks for min(num-rep, the rule's "maximum affected" estimate) devices, all drawn at once,
 *   and retries the whole draw up to 100 times; after 100 rejections the result is empty;
 * - a draw is rejected when it holds a device of weight 0 or the same device twice;
 * - unless the rule's only choose step picks type `osd` (and the lowest type is named `osd`),
 *   a draw is also rejected when two devices share a bucket of any type a step names, by bucket
 *   name along first parents; a device with no ancestor of that type counts as the bucket "",
 *   so two such devices always collide (a rule that chooses hosts and then osds never places
 *   more than one replica);
 * - devices are drawn from 0..max_devices-1 regardless of the rule's take: the rule only
 *   counts through the types its steps name.
 */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap } from "../map/types.js";
import { OP } from "../mapper/compiledMap.js";
import type { Lrand48 } from "./lrand48.js";
import { maximumAffectedByRule, type AffectedContext } from "./maximumAffectedByRule.js";

/** What random_placement needs to know about one rule, computed once per test. */
export interface SimulatedRule {
  /** The type name of every step with opcode >= 2 other than emit, in step order. */
  readonly affectedTypes: readonly string[];
  /** True when the location check is skipped: a single such step, of type `osd`, the lowest type. */
  readonly onlyOsd: boolean;
  /** CrushTester::get_maximum_affected_by_rule. */
  readonly maxAffected: number;
}

/** The rule as random_placement sees it. */
export function simulatedRule(map: CrushMap, affected: AffectedContext, ruleId: number): SimulatedRule {
  const cm = affected.compiled;
  const typeName = new Map(map.types.map((t) => [t.id, t.name]));
  const affectedTypes: string[] = [];
  const end = cm.ruleStart[ruleId]! + 3 * cm.ruleLength[ruleId]!;
  for (let s = cm.ruleStart[ruleId]!; s < end; s += 3) {
    const op = cm.steps[s]!;
    if (op >= OP.CHOOSE_FIRSTN && op !== OP.EMIT) affectedTypes.push(typeName.get(cm.steps[s + 2]!) ?? "");
  }
  // CrushTester starts its search for the lowest type id at the number of types
  let minType = map.types.length;
  for (const t of map.types) if (t.id < minType) minType = t.id;
  const lowest = typeName.get(minType) ?? "";
  const onlyOsd = affectedTypes.length === 1 && affectedTypes[0] === lowest && lowest === "osd";
  return { affectedTypes, onlyOsd, maxAffected: maximumAffectedByRule(affected, ruleId) };
}

/** Each device's ancestors by type name (nearest first wins), as CrushWrapper::get_full_location. */
export class DeviceLocations {
  private readonly cache = new Map<number, ReadonlyMap<string, string>>();
  private readonly typeName: ReadonlyMap<number, string>;

  constructor(private readonly map: CrushMap) {
    this.typeName = new Map(map.types.map((t) => [t.id, t.name]));
  }

  /** Type name → bucket name for the buckets above `device` along first parents. */
  of(device: number): ReadonlyMap<string, string> {
    let found = this.cache.get(device);
    if (found !== undefined) return found;
    const index = hierarchy(this.map);
    const loc = new Map<string, string>();
    const seen = new Set<number>();
    for (let cur = index.parent(device); cur !== undefined && !seen.has(cur); cur = index.parent(cur)) {
      seen.add(cur);
      const b = index.bucket(cur)!;
      const type = this.typeName.get(b.type) ?? "";
      if (!loc.has(type)) loc.set(type, b.name);
    }
    found = loc;
    this.cache.set(device, found);
    return found;
  }
}

/** CrushTester::check_valid_placement for the first `n` devices of `draw`. */
export function isValidPlacement(rule: SimulatedRule, draw: Int32Array, n: number, weight: Uint32Array, locations: DeviceLocations): boolean {
  for (let i = 0; i < n; i++) if (weight[draw[i]!] === 0) return false;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (draw[i] === draw[j]) return false;
  if (rule.onlyOsd) return true;
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const loc = locations.of(draw[i]!);
    for (const type of rule.affectedTypes) {
      const bucket = loc.get(type) ?? "";
      if (seen.has(bucket)) return false;
      seen.add(bucket);
    }
  }
  return true;
}

/** The tries random_placement makes before it gives up. */
const MAX_TRIES = 100;

/**
 * One simulated mapping of `numRep` (>= 0) replicas into `out`; returns how many devices it
 * holds (0 when every try was rejected, or when nothing weighs).
 */
export function randomPlacement(
  rng: Lrand48,
  rule: SimulatedRule,
  numRep: number,
  weight: Uint32Array,
  locations: DeviceLocations,
  out: Int32Array,
): number {
  let total = 0;
  for (let i = 0; i < weight.length; i++) total = (total + weight[i]!) | 0;
  const maxDevices = weight.length;
  if (total === 0 || maxDevices === 0) return 0;
  const n = Math.min(numRep, rule.maxAffected);
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    for (let i = 0; i < n; i++) out[i] = rng.next() % maxDevices;
    if (isValidPlacement(rule, out, n, weight, locations)) return n;
  }
  return 0;
}

/**
 * The --simulate placer of one test: one generator for the whole test (crushtool's draws run on
 * from rule to rule and count to count), the test's weight vector, and each rule as
 * random_placement sees it.
 */
export class Simulation {
  private readonly rules = new Map<number, SimulatedRule>();
  private readonly locations: DeviceLocations;

  constructor(
    private readonly map: CrushMap,
    private readonly affected: AffectedContext,
    private readonly weight: Uint32Array,
    private readonly rng: Lrand48,
  ) {
    this.locations = new DeviceLocations(map);
  }

  /** One simulated mapping of rule `ruleId` into `out`; returns its length. */
  place(ruleId: number, numRep: number, out: Int32Array): number {
    let rule = this.rules.get(ruleId);
    if (rule === undefined) {
      rule = simulatedRule(this.map, this.affected, ruleId);
      this.rules.set(ruleId, rule);
    }
    return randomPlacement(this.rng, rule, numRep, this.weight, this.locations, out);
  }
}
