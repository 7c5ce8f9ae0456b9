/**
 * The same cluster through reference placement algorithms, side by side: how evenly each spreads
 * replicas against the weights, how much each moves for the same change, how fast it places,
 * and which guarantees it does not give. `crushmap spread --compare` prints these rows.
 */
import { SpreadError } from "./errors.js";
import { CephBucketPlacer, cephWeightScale } from "./reference/cephBucket.js";
import { CephChooseleafPlacer, checkDomains } from "./reference/cephChooseleaf.js";
import { JumpPlacer } from "./reference/jump.js";
import { MaglevPlacer, maglevTableSize } from "./reference/maglev.js";
import { minimumMoves } from "./reference/minimumMoves.js";
import { countObserved, movedReplicas, placeAll, sharedDomainInputs, type PlacedInputs } from "./reference/placeAll.js";
import { checkWeights, liveDevices, type ReferencePlacer } from "./reference/placer.js";
import { RendezvousPlacer } from "./reference/rendezvous.js";
import { DEFAULT_RING_POINTS, RingPlacer } from "./reference/ring.js";
import { spreadStatistics } from "./stats.js";

/**
 * A cluster for {@link compareAlgorithms}: device i has effective weight `weights[i]` (crush
 * weight × reweight; 0 = absent) and sits in failure domain `domains[i]`. Index i is the same
 * device in the `after` cluster, which may append devices.
 *
 * @group Spread
 */
export interface CompareCluster {
  readonly weights: ArrayLike<number>;
  /** Failure-domain index (0, 1, …) per device; adds the chooseleaf row and the shared-domain count. */
  readonly domains?: ArrayLike<number>;
}

/**
 * One algorithm's row of {@link compareAlgorithms}.
 *
 * @group Spread
 */
export interface CompareRow {
  readonly algorithm: string;
  /** Population stddev of observed − expected replicas per device (see spreadStatistics). */
  readonly stddev: number;
  /** What independent weighted placement would give. */
  readonly idealStddev: number;
  /** Highest and lowest observed ÷ expected over devices of weight > 0. */
  readonly maxRatio: number;
  readonly minRatio: number;
  /** With `after`: replicas that land on a device not holding that input before. */
  readonly moved?: number;
  /** With `after`: the least any placement could move (see minimumMoves). */
  readonly minimum?: number;
  /** With `timing`: inputs placed (numRep devices each) per second, set-up excluded. */
  readonly placementsPerSecond?: number;
  /** With domains: inputs with two replicas in one failure domain. */
  readonly sharedDomainInputs?: number;
  /** The guarantees the algorithm does not give. */
  readonly lacks: readonly string[];
}

/**
 * Options of {@link compareAlgorithms}: inputs minX..maxX (inclusive, as crushtool's), numRep
 * replicas each; `after` the changed cluster for movement; `timing` adds the speed column (the
 * one number that differs between runs).
 *
 * @group Spread
 */
export interface CompareOptions {
  readonly numRep: number;
  readonly minX: number;
  readonly maxX: number;
  readonly after?: CompareCluster;
  readonly timing?: boolean;
}

/**
 * The parameters that must not change between the clusters compared (a ring's points per
 * weight, Maglev's table size, the Ceph weight scale), fixed from both clusters at once.
 *
 * @group Spread
 */
export interface ReferenceSettings {
  readonly pointsPerWeight: number;
  readonly tableSize: number;
  readonly weightScale: number;
}

/** Settings for `before` and, if given, `after` (the larger of the two sizes the Maglev table). */
export function referenceSettings(before: ArrayLike<number>, after?: ArrayLike<number>): ReferenceSettings {
  const w = checkWeights(before);
  const a = after === undefined ? w : checkWeights(after, "after.weights");
  const live = liveDevices(w);
  let sum = 0;
  for (let i = 0; i < live.length; i++) sum += w[live[i]!]!;
  const both = new Float64Array(Math.max(w.length, a.length));
  for (let d = 0; d < both.length; d++) both[d] = Math.max(w[d] ?? 0, a[d] ?? 0);
  return {
    pointsPerWeight: DEFAULT_RING_POINTS / (sum / live.length),
    tableSize: maglevTableSize(Math.max(live.length, liveDevices(a).length)),
    weightScale: cephWeightScale(both, undefined),
  };
}

/**
 * Every reference algorithm set up for one cluster, in table order: straw2 by failure domain
 * (only with domains), the five Ceph bucket algorithms on a flat bucket, weighted rendezvous,
 * the consistent-hash ring, jump hash, Maglev.
 *
 * @group Spread
 */
export function referencePlacers(cluster: CompareCluster, settings: ReferenceSettings): ReferencePlacer[] {
  const { weights, domains } = cluster;
  const scale = { weightScale: settings.weightScale };
  const placers: ReferencePlacer[] = [];
  if (domains !== undefined) placers.push(new CephChooseleafPlacer(weights, domains, scale));
  for (const alg of ["straw2", "straw", "tree", "list", "uniform"] as const) placers.push(new CephBucketPlacer(weights, alg, scale));
  placers.push(
    new RendezvousPlacer(weights),
    new RingPlacer(weights, { pointsPerWeight: settings.pointsPerWeight }),
    new JumpPlacer(weights),
    new MaglevPlacer(weights, { tableSize: settings.tableSize }),
  );
  return placers;
}

function checkOptions(cluster: CompareCluster, options: CompareOptions): number {
  const { numRep, minX, maxX, after } = options;
  if (!Number.isInteger(numRep) || numRep < 1 || numRep > 1024) throw new SpreadError(`numRep ${String(numRep)} is not an integer in 1..1024`, "numRep");
  for (const [name, v] of [["minX", minX], ["maxX", maxX]] as const) {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new SpreadError(`${name} ${String(v)} is not a 32-bit integer`, name);
  }
  if (maxX < minX) throw new SpreadError(`no inputs: maxX ${maxX} is below minX ${minX}`, "maxX");
  if (after !== undefined && (after.domains === undefined) !== (cluster.domains === undefined)) {
    throw new SpreadError("domains are given for only one of the two clusters", "after.domains");
  }
  return maxX - minX + 1;
}

/**
 * Runs the cluster through every reference algorithm (see {@link referencePlacers}) for inputs
 * minX..maxX with numRep replicas each, and with `after` the changed cluster too.
 *
 * @throws SpreadError for weights that are not finite and ≥ 0 or all 0, domains that do not
 *   match the devices, numRep outside 1..1024, an empty or too large input range
 *
 * @group Spread
 *
 * @example
 * ```ts
 * const rows = compareAlgorithms({ weights: [1, 1, 2, 2] }, { numRep: 2, minX: 0, maxX: 9999, after: { weights: [1, 1, 2, 2, 2] } });
 * rows.map((r) => `${r.algorithm}: moved ${r.moved} of at least ${r.minimum!.toFixed(0)}`);
 * ```
 */
export function compareAlgorithms(cluster: CompareCluster, options: CompareOptions): CompareRow[] {
  const count = checkOptions(cluster, options);
  const { numRep, minX, after } = options;
  const w = checkWeights(cluster.weights);
  const wAfter = after === undefined ? undefined : checkWeights(after.weights, "after.weights");
  const domains = cluster.domains === undefined ? undefined : checkDomains(cluster.domains, w.length);
  if (after?.domains !== undefined) checkDomains(after.domains, wAfter!.length, "after.domains");
  const settings = referenceSettings(w, wAfter);
  const placers = referencePlacers(cluster, settings);
  const placersAfter = after === undefined ? undefined : referencePlacers(after, settings);
  const rows: CompareRow[] = [];
  for (let i = 0; i < placers.length; i++) {
    const placed = placeAll(placers[i]!, numRep, minX, count, options.timing === true);
    const placedAfter = placersAfter === undefined ? undefined : placeAll(placersAfter[i]!, numRep, minX, count, false);
    rows.push(row(placers[i]!, placed, w, domains, placedAfter, wAfter));
  }
  return rows;
}

function row(
  placer: ReferencePlacer,
  placed: PlacedInputs,
  w: Float64Array,
  domains: Int32Array | undefined,
  placedAfter: PlacedInputs | undefined,
  wAfter: Float64Array | undefined,
): CompareRow {
  const observed = countObserved(placed, w.length);
  const ids = Array.from({ length: w.length }, (_, d) => d);
  const { stats } = spreadStatistics(ids, observed, w);
  let out: CompareRow = {
    algorithm: placer.algorithm,
    stddev: stats.stddev,
    idealStddev: stats.idealStddev,
    maxRatio: stats.maxOverfull === null ? 0 : stats.maxOverfull.ratio,
    minRatio: stats.maxUnderfull === null ? 0 : stats.maxUnderfull.ratio,
    lacks: placer.lacks,
  };
  if (placedAfter !== undefined && wAfter !== undefined) {
    const minimum = minimumMoves(w, stats.placed, wAfter, sum(countObserved(placedAfter, wAfter.length)));
    out = { ...out, moved: movedReplicas(placed, placedAfter), minimum };
  }
  if (placed.seconds !== undefined) out = { ...out, placementsPerSecond: placed.count / Math.max(placed.seconds, 1e-6) };
  if (domains !== undefined) out = { ...out, sharedDomainInputs: sharedDomainInputs(placed, domains) };
  return Object.freeze(out);
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
