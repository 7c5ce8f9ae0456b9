/**
 * Expected yearly losses under independent exponential failures (rate λ = −ln(1 − AFR) per
 * unit) with recovery time T ≪ 1/λ: a given set of r units fails within one recovery window at
 * the rate r·λ^r·T^(r−1) (one fails, the other r − 1 before it is recovered), and data is lost
 * when that set is one of the fatal r-sets — the MTTDL-style approximation the copyset paper
 * uses. r is the pool's tolerance; larger sets fail far less often and are left out.
 */

/**
 * The yearly estimate of a durability result.
 *
 * @group Failure analysis
 */
export interface AnnualLoss {
  readonly afr: number;
  readonly recoveryHours: number;
  /** Expected data-loss events per year. */
  readonly lossRate: number;
  /** Probability of at least one data-loss event in a year. */
  readonly probability: number;
  /** False when the fatal sets were too many to count one by one and an upper bound was used. */
  readonly exact: boolean;
}

/** `fatal`: the fatal sets at the tolerance (0 when nothing can be lost), exact or an upper bound. */
export function annualLoss(fatal: number, exact: boolean, tolerance: number, afr: number, hours: number): AnnualLoss {
  if (fatal === 0) return { afr, recoveryHours: hours, lossRate: 0, probability: 0, exact };
  const lambda = -Math.log(1 - afr);
  const T = hours / 8760;
  const lossRate = fatal * tolerance * lambda ** tolerance * T ** (tolerance - 1);
  return { afr, recoveryHours: hours, lossRate, probability: -Math.expm1(-lossRate), exact };
}
