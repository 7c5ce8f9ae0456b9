/**
 * crushmap: deterministic, Ceph-compatible CRUSH placement.
 *
 * ```ts
 * import { loadCrushMap, Mapper } from "crushmap";
 *
 * const map = loadCrushMap(textOrBinaryBytes); // what `crushtool -d` prints, or `ceph osd getcrushmap`
 * const mapper = new Mapper(map);
 * mapper.map(0, 1234, 3); // rule 0, input 1234, 3 replicas: the devices Ceph would choose
 * ```
 *
 * @packageDocumentation
 */

// the model
export type {
  Bucket,
  BucketAlg,
  BucketItem,
  ChooseArgBucket,
  ChooseArgs,
  ClassBucketId,
  CrushMap,
  Device,
  DeviceClass,
  Rule,
  RuleStep,
  Tunables,
  TypeDef,
} from "./map/types.js";
export { BUCKET_ALG_ID, HASH_RJENKINS1, ITEM_NONE, RULE_TYPE, isMsrRuleType } from "./map/types.js";
export { SET_STEP_OPS } from "./map/types.js";
export { CrushmapError } from "./hash/crushmapError.js";
export { CrushEditError, CrushMapError, CrushMappingError, CrushParseError, type CrushEditErrorCode } from "./map/errors.js";
export { WEIGHT_ONE, weightFromDecimal, weightToText } from "./map/weight.js";
export { LEGACY_TUNABLES, tunablesProfile, type TunablesProfileName } from "./map/tunables.js";

// reading, writing and checking maps
export { parseCrushText, type ParseOptions } from "./map/text/parse.js";
export { printCrushText, type PrintOptions } from "./map/text/print.js";
export { compileTrace, compileWithTrace, type CompileTraceOptions, type CompileTraceResult } from "./map/text/compileTrace.js";
export { crushtoolDump, dumpFormat, type DumpFormat, type DumpOptions } from "./map/dump/crushtoolDump.js";
export { decodeCrushMap } from "./map/binary/decode.js";
export { encodeCrushMap, type EncodeOptions } from "./map/binary/encode.js";
export { cephRelease, DEFAULT_RELEASE, type CephRelease, type CephReleaseName } from "./map/release.js";
export { isBinaryCrushMap, loadCrushMap, type LoadOptions } from "./map/load.js";
export type { CrushMapWarning, CrushMapWarningCode, CrushMapWarningHandler } from "./map/warnings.js";
export { assignClassIds, classTrees } from "./map/classes.js";
export { rebuildClassRoots, reclassify, ReclassifyError, setSubtreeClasses, type ReclassifyOptions, type ReclassifyResult } from "./map/reclassify/reclassify.js";
export { validateMap, type ValidateOptions } from "./map/validate.js";
export { mapFromJSON, mapToJSON, type CrushMapJSON } from "./map/json.js";
export { isCephCrushDump, mapFromCephDump } from "./map/cephDump.js";
export type { BucketItemJSON, BucketJSON, ChooseArgBucketJSON, ChooseArgsJSON, ClassBucketIdJSON, StoredDerivedJSON } from "./map/json.js";
export {
  CrushMapBuilder,
  DEFAULT_TYPES,
  type BuildOptions,
  type ErasureProfile,
  type NewBucketOptions,
  type NewDevice,
  type MsrRuleOptions,
  type RuleOptions,
  type RuleStepSpec,
} from "./map/builder.js";
export { checkItemLoc, insertItem, updateItem, type CrushLocation, type PlacedDevice, type UpdateItemResult } from "./map/insertItem.js";

// placement
export { compileMap } from "./mapper/compile.js";
export type { CompiledChooseArgs, CompiledMap } from "./mapper/compiledMap.js";
export { DEFAULT_CHOOSE_ARGS, MAX_RESULT, Mapper, type MapperOptions } from "./mapper/mapper.js";

// hashing
export { hash32_1, hash32_2, hash32_3, hash32_4, hash32_5 } from "./hash/rjenkins.js";
export { strHashLinux, strHashRjenkins } from "./hash/strHash.js";
export { createNameHasher, type NameHasher } from "./hash/xxhash.js";

// pools, placement groups and cluster states (object → group → up and acting sets)
export type { ClusterState, ClusterStateWarning, OsdInfo, Pool, PoolType, UpmapItem } from "./placement/types.js";
export { POOL_TYPE_ID } from "./placement/types.js";
export {
  clusterStateInput,
  createClusterState,
  MAX_OSD,
  MAX_PG_NUM,
  type ClusterStateInput,
  type OsdInput,
  type PoolInput,
} from "./placement/state.js";
export { clusterStateFromOsdmapJson, type OsdmapJsonOptions } from "./placement/osdmapJson.js";
export { decodeOsdMap } from "./placement/osdmapBinary/decodeOsdMap.js";
export { clusterStateFromOsdmapBinary, type OsdmapBinaryOptions } from "./placement/osdmapBinary/clusterState.js";
export type { OsdMapAddr, OsdMapOsdRecord, OsdMapPoolDetail, OsdMapPoolOption, OsdMapPoolRecord, OsdMapRecord, OsdMapTime } from "./placement/osdmapBinary/record.js";
export { printOsdMap, type OsdMapPrintOptions, type PoolReadBalance } from "./placement/osdmapPrint/printOsdMap.js";
export { dumpOsdMap, osdMapDumpTree, type OsdMapDumpFormat } from "./placement/osdmapPrint/dumpOsdMap.js";
export { osdMapRecordOfState } from "./placement/osdmapPrint/recordOfState.js";
export { OsdmapBinaryError } from "./placement/osdmapBinary/errors.js";
export { markAllUpIn } from "./placement/markUpIn.js";
export { markOsdIn, markOsdOut, markOsdUp } from "./placement/markOsd.js";
export { adjustCrushWeight } from "./placement/adjustCrushWeight.js";
export { clearTemp } from "./placement/clearTemp.js";
export {
  objectSeedOf,
  objectToPg,
  placeObject,
  placePg,
  resolvePool,
  type ObjectOptions,
  type ObjectPlacement,
  type PgPlacement,
} from "./placement/place.js";
export { mapPool, replicaMoves, type PoolMapping } from "./placement/mapPool.js";
export { formatPgId, parsePgId, type PgId } from "./placement/pgId.js";
export { pgMask, stableMod } from "./placement/stableMod.js";
export { OBJECT_HASH_ID, locatorBytes, type ObjectHash } from "./placement/objectHash.js";
export { ClusterStateError, PlacementError } from "./placement/errors.js";
export { HashError } from "./hash/hashError.js";
export { formatMapObject, formatMapPg, formatMapPgs, mapPgsChunks, type MapPgsOptions } from "./analysis/osdmaptoolReport.js";

// rebalance plans (two states → safe, throttled waves of moves)
export { applyChanges, type ClusterChange } from "./plan/changes.js";
export { diffStates, groupBytes, type DiffOptions, type GroupBytes, type GroupChange, type GroupStatus } from "./plan/diff.js";
export {
  planRebalance,
  type DeviceTraffic,
  type PlanOptions,
  type PlannedMove,
  type PlanReport,
  type RebalancePlan,
} from "./plan/planRebalance.js";
export { verifyPlan, type PlanVerification } from "./plan/verifyPlan.js";
export { formatPlan, type FormatPlanOptions } from "./plan/formatPlan.js";
export { planUpmapSteps, withUpmapItems, type GroupItems, type InFlight, type UpmapMove, type UpmapPlan, type UpmapStep, type WithheldMove, type FullestOsd } from "./plan/planUpmapSteps.js";
export { formatNextStep, formatUpmapScript, upmapPlanJson, type UpmapScriptOptions } from "./plan/formatUpmapSteps.js";
export { nextUpmapStep, type NextUpmapStep } from "./plan/nextUpmapStep.js";
export { checkPgStates, parsePgStates, type PgState } from "./plan/pgStates.js";
export { checkOsdDf, parseOsdDf, type OsdDf } from "./plan/osdDf.js";
export { osdmapFullRatios, osdmapOfReport } from "./plan/cephReport.js";
export { formatBytes, parseBandwidth, parseBytes } from "./plan/units.js";
export { PlanError } from "./plan/errors.js";

// balancing (pg_upmap_items that even out a pool)
export { balanceUpmap, type BalanceOptions, type BalanceResult, type UpmapChange } from "./balance/upmapBalance.js";
export { BalanceError } from "./balance/errors.js";
export { calcPgUpmaps, type CalcPgUpmapsOptions, type CalcPgUpmapsResult } from "./balance/cephUpmap/calcPgUpmaps.js";
export { formatUpmapCommands, osdmaptoolUpmap, type OsdmaptoolUpmapOptions, type OsdmaptoolUpmapResult } from "./balance/cephUpmap/osdmaptoolUpmap.js";
export { cleanPgUpmaps, formatUpmapCleanup, type UpmapCleanup } from "./balance/cephUpmap/cleanPgUpmaps.js";
export { balanceWeightSet, type WeightSetOptions, type WeightSetResult } from "./balance/weightSetBalance.js";
export { deviationHistogram, formatUpmapBalance, formatWeightSetBalance, upmapCommands } from "./balance/formatBalance.js";
export { balanceReads, type PrimaryChange, type ReadBalanceOptions, type ReadBalanceOsd, type ReadBalanceResult } from "./balance/readBalance.js";
export { readBalanceScore, type LoadedOsd, type ReadBalanceScore } from "./balance/readBalanceScore.js";
export {
  formatOsdmaptoolRead,
  formatReadBalance,
  readBalanceCommands,
  readBalanceJson,
  scoreJson,
  type OsdmaptoolReadReport,
} from "./balance/formatReadBalance.js";

// failure analysis (what a failure does, durability, failure-domain audit)
export { failedState, failureImpact, type FailedGroup, type FailureClass, type FailureImpact } from "./failure/failureImpact.js";
export { failureRecovery, type RecoveryOptions } from "./failure/failureRecovery.js";
export { durability, type AnnualLoss, type DurabilityOptions, type DurabilityResult, type LossMethod } from "./failure/durability/index.js";
export { auditCluster, type AuditFinding } from "./failure/audit.js";
export { resolveFailed } from "./failure/resolveFailed.js";
export { formatAudit, formatDurability, formatFailureImpact } from "./failure/formatFailure.js";
export { FailureError } from "./failure/errors.js";

// placement spread (how evenly a rule or pool lands against the weights, what a change moves)
export * from "./spread/index.js";

// topologies by name, for storage systems that are not Ceph (tree → ids → rule → place(key))
export type { NodeSpec, Topology, TopologyNode, TopologyOptions } from "./topology/types.js";
export { defineTopology } from "./topology/defineTopology.js";
export { applyTopologyChange, type TopologyChange } from "./topology/applyTopologyChange.js";
export { BUCKET_ID_SPACE, DEVICE_ID_SPACE, MAX_PINNED_ID } from "./topology/assignIds.js";
export {
  createPlacement,
  type ErasurePlacement,
  type Placement,
  type PlacementBase,
  type ReplicatedPlacement,
} from "./topology/createPlacement.js";
export type { ErasurePlacementOptions, PlacementOptions, PlacementOptionsBase, ReplicatedPlacementOptions } from "./topology/placementShape.js";
export type { Key } from "./topology/keyInput.js";
export { diffPlacements, type CopyMove, type DeviceChange, type KeyMove, type PlacementDiff } from "./topology/diffPlacements.js";
export { planKeyMoves, verifyKeyPlan, type KeyMovePlan, type KeyPlanMove, type KeyPlanOptions } from "./topology/planKeyMoves.js";
export { formatPlacementDiff } from "./topology/formatPlacementDiff.js";
export { TopologyError } from "./topology/errors.js";

// pictures (SVG and self-contained HTML of spread reports, utilization, plans, failures)
export {
  analyzeCharts,
  analyzeHtml,
  analyzeSvg,
  failureCharts,
  failureHtml,
  failureSvg,
  planCharts,
  planHtml,
  planSvg,
  spreadCharts,
  spreadHtml,
  spreadSvg,
  standardizedResidual,
  type Chart,
  type SpreadCompareRowJson,
  type SpreadDeviceJson,
  type SpreadDomainJson,
  type SpreadDomainStatisticsJson,
  type SpreadExtremeJson,
  type SpreadMovementDeviceJson,
  type SpreadMovementJson,
  type SpreadReportJson,
} from "./svg/index.js";
