/**
 * The ranges crushtool's --test and --compare walk, with crushtool's defaults: a rule range or
 * an input range counts only when both ends are given and non-negative (else every rule, and
 * inputs 0..1023). The replica range is where the releases part:
 *
 * - 16.2: a negative end means each rule's min_size..max_size;
 * - 18.2 and later: rules have no sizes; the ends are used as given, and a test with neither
 *   (no --num-rep) is refused. A negative count maps to nothing;
 * - 20.2: mapping with a negative count aborts crushtool (its do_rule sizes a std::vector by
 *   the count: std::length_error), after what it printed so far.
 */
import { DEFAULT_RELEASE, type CephRelease } from "../map/release.js";
import type { Rule } from "../map/types.js";

export interface CrushtoolRange {
  readonly minRule?: number;
  readonly maxRule?: number;
  readonly minRep: number;
  readonly maxRep: number;
  readonly minX?: number;
  readonly maxX?: number;
  /** Reweights by device id, 16.16 (crushtool's --weight DEV W). */
  readonly deviceWeights?: ReadonlyMap<number, number>;
  /** Whose crushtool to behave as (default 20, the current release). */
  readonly release?: CephRelease;
}

export interface ResolvedRange {
  readonly firstRule: number;
  readonly lastRule: number;
  readonly minX: number;
  readonly maxX: number;
}

export function resolveRange(range: CrushtoolRange, ruleCount: number): ResolvedRange {
  const explicitX = range.minX !== undefined && range.maxX !== undefined && range.minX >= 0 && range.maxX >= 0;
  const explicitRules =
    range.minRule !== undefined && range.maxRule !== undefined && range.minRule >= 0 && range.maxRule >= 0;
  return {
    firstRule: explicitRules ? range.minRule! : 0,
    lastRule: explicitRules ? range.maxRule! : ruleCount - 1,
    minX: explicitX ? range.minX! : 0,
    maxX: explicitX ? range.maxX! : 1023,
  };
}

/** The release a range is run as. */
export function rangeRelease(range: CrushtoolRange): CephRelease {
  return range.release ?? DEFAULT_RELEASE;
}

/** The replica counts to run for `rule`. */
export function replicaRange(range: CrushtoolRange, rule: Rule): [number, number] {
  if (rangeRelease(range) === 16 && (range.minRep < 0 || range.maxRep < 0)) return [rule.minSize, rule.maxSize];
  return [range.minRep, range.maxRep];
}

/** What crushtool 18.2 and later say (exit status 1) to a test with no replica count. */
export const NO_REPLICA_COUNT = "must specify --num-rep or both --min-rep and --max-rep";

/** True when crushtool of the range's release refuses to test it: 18.2 on, neither end given. */
export function lacksReplicaCount(range: CrushtoolRange): boolean {
  return rangeRelease(range) >= 18 && range.minRep < 0 && range.maxRep < 0;
}

/** The exit status of a crushtool that aborted (128 + SIGABRT), as a shell reports it. */
export const ABORT_STATUS = 134;

/**
 * True when crushtool of the range's release aborts on mapping `numRep` replicas (20.2, a
 * negative count); then `abortMessage` is crushmap's one line for it.
 */
export function abortsOn(range: CrushtoolRange, numRep: number): boolean {
  return rangeRelease(range) >= 20 && numRep < 0;
}

export function abortMessage(numRep: number): string {
  return `crushtool 20.2 aborts here (std::length_error in do_rule): it cannot map ${numRep} replicas; give --num-rep, or --min-rep and --max-rep of 0 or more`;
}
