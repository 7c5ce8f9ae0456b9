/**
 * The spread report as `crushmap spread --json` prints it (SPREAD-CONTRACT.md), declared here so
 * the pictures depend on the JSON and nothing else: a report read back from a file draws the
 * same as one just computed.
 */

/** One device of the report. */
export interface SpreadDeviceJson {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly observed: number;
  readonly expected: number;
  readonly ratio: number;
  /** Id of its failure-domain bucket. */
  readonly domain: number | null;
}

/** The most over- or under-full device. */
export interface SpreadExtremeJson {
  readonly id: number;
  readonly name: string;
  readonly ratio: number;
  readonly observed: number;
  readonly expected: number;
}

/** One failure-domain bucket of the report. */
export interface SpreadDomainJson {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly observed: number;
  readonly expected: number;
  readonly ratio: number;
}

/** One device's replicas before and after a change. */
export interface SpreadMovementDeviceJson {
  readonly id: number;
  readonly name: string;
  readonly before: number;
  readonly after: number;
  readonly gained: number;
  readonly lost: number;
}

/** Replicas moved by a change against the least any placement could move. */
export interface SpreadMovementJson {
  readonly moved: number;
  readonly minimum: number;
  readonly total: number;
  readonly devices: readonly SpreadMovementDeviceJson[];
}

/** One algorithm of `spread --compare`. */
export interface SpreadCompareRowJson {
  readonly algorithm: string;
  readonly stddev: number;
  readonly idealStddev: number;
  readonly maxRatio: number;
  readonly minRatio: number;
  readonly moved?: number;
  readonly minimum?: number;
  readonly placementsPerSecond?: number;
  readonly lacks: readonly string[];
}

/** The spread of the failure-domain buckets themselves (as the devices', one level up). */
export interface SpreadDomainStatisticsJson {
  readonly stddev: number;
  readonly idealStddev: number;
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly maxOverfull: SpreadExtremeJson | null;
  readonly maxUnderfull: SpreadExtremeJson | null;
}

/** The whole report. */
export interface SpreadReportJson {
  /** The pool whose groups were placed, for a report of a real pool (`--osdmap … --pool P`). */
  readonly pool?: { readonly id: number; readonly name: string };
  readonly rule: number;
  readonly numRep: number;
  readonly minX: number;
  readonly maxX: number;
  readonly placed: number;
  readonly devices: readonly SpreadDeviceJson[];
  readonly stddev: number;
  readonly idealStddev: number;
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly maxOverfull: SpreadExtremeJson | null;
  readonly maxUnderfull: SpreadExtremeJson | null;
  readonly domainType: string;
  readonly domains: readonly SpreadDomainJson[];
  readonly domainStats?: SpreadDomainStatisticsJson;
  readonly movement?: SpreadMovementJson;
  readonly compare?: readonly SpreadCompareRowJson[];
}
