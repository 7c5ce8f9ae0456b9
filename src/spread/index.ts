// The spread layer: how evenly a placement lands against the weights, and how much it moves.
// Each of the #15 branches adds its own lines here (reference: compareAlgorithms).
export { SpreadError } from "./errors.js";
export { chiSquarePValue, upperRegularizedGamma } from "./gamma.js";
export { spreadStatistics, type DeviceSpread, type SpreadStatistics } from "./stats.js";
export { MAX_SPREAD_INPUTS, type SpreadOptions } from "./inputs.js";
export {
  spreadReport,
  type SpreadDevice,
  type SpreadDomain,
  type SpreadDomainStatistics,
  type SpreadExtreme,
  type SpreadReport,
} from "./spreadReport.js";
export { poolSpreadReport } from "./poolSpread.js";
export { poolSpreadMovement, spreadMovement, type MovementDevice, type MovementOptions, type SpreadMovement } from "./movement.js";
export { checkComparableMaps } from "./comparableMaps.js";
export { formatMovement, formatPValue, formatSpread } from "./formatSpread.js";
export { compareClusters, type CompareDevice } from "./compareClusters.js";
export { compareAlgorithms, referencePlacers, referenceSettings, type CompareCluster, type CompareOptions, type CompareRow, type ReferenceSettings } from "./compare.js";
export { CephBucketPlacer, CephChooseleafPlacer, JumpPlacer, MaglevPlacer, RendezvousPlacer, RingPlacer, jumpConsistentHash, maglevTableSize, type CephPlacerOptions, type MaglevOptions, type ReferencePlacer, type RingOptions } from "./reference/index.js";
export { formatCompare } from "./formatCompare.js";
export { staleBucketWeights, type StaleBucketWeight } from "./staleWeights.js";
