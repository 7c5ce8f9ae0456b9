/**
 * The mapping half of a crushtool test: every (rule, num-rep) pair of the test is a run over a
 * range of inputs, and mapping a run yields three things — the lines printed per input
 * (--show-mappings, --show-bad-mappings), how many replicas each device got, and how many inputs
 * got how many devices. The report (crushtoolTest) only formats them.
 *
 * Kept apart so that a run can be mapped in chunks, on several threads, and added up: counts
 * add, and the chunks' lines joined in input order are the run's lines, byte for byte.
 */
import { hash32s_2 } from "../hash/rjenkins.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { ITEM_NONE } from "../mapper/context.js";
import { Mapper } from "../mapper/mapper.js";
import type { Simulation } from "./randomPlacement.js";

/** One rule and replica count, mapped over inputs minX..maxX (inclusive). */
export interface TestRun {
  readonly rule: number;
  readonly numRep: number;
  readonly minX: number;
  readonly maxX: number;
}

/** Everything needed to map the runs of a test; structured-cloneable except `onMapping`. */
export interface TestJob {
  readonly compiled: CompiledMap;
  /** crushtool's weight vector (16.16 per device). */
  readonly weight: Uint32Array;
  readonly runs: readonly TestRun[];
  /** crushtool's --pool-id: hash x with the pool id first. */
  readonly poolId?: number;
  readonly showMappings: boolean;
  readonly showBadMappings: boolean;
  readonly collectChooseTries: boolean;
  /** Called with every mapping, in order; only the single-threaded runner can honour it. */
  readonly onMapping?: (rule: number, numRep: number, x: number, devices: Int32Array, n: number) => void;
  /** crushtool's --simulate: place with its random generator instead of CRUSH (single-threaded). */
  readonly simulation?: Simulation;
  /** crushtool's --output-csv: keep each input's `x,a,b,c` line (single-threaded). */
  readonly collectPlacements?: boolean;
  /** crushtool's --batches, for the per-batch counts of --output-csv (single-threaded). */
  readonly batches?: number;
}

/** What mapping one run (or one chunk of it) produced. */
export interface RunTally {
  /** Replicas stored per device id. */
  readonly perDevice: Int32Array;
  /** sizes[n]: inputs whose result held n entries, n = 0..numRep (just 0 for a count of 0 or less). */
  readonly sizes: Float64Array;
  /** The per-input lines, each ending in a newline ("" when none were asked for). */
  text: string;
  /** With `collectPlacements`: the `x,a,b,c` line of every input. */
  placements?: string;
  /** With `batches` > 1: replicas stored per device in each batch, null for a batch of no inputs. */
  batchCounts?: (Int32Array | null)[];
}

export interface JobTally {
  /** One tally per run, in the order of `TestJob.runs`. */
  readonly runs: RunTally[];
  /** The choose-tries histogram, when collected. */
  readonly chooseTries: Float64Array | null;
}

/** Maps the runs of a test; the single-threaded one is {@link mapTestRuns}. */
export type TestRunner = (job: TestJob) => JobTally;

/** An empty tally for `run` on a map of `maxDevices` devices. */
export function emptyRunTally(run: TestRun, maxDevices: number): RunTally {
  // a negative count (crushtool 18.2 and later run them) maps to nothing: size 0
  return { perDevice: new Int32Array(maxDevices), sizes: new Float64Array(Math.max(0, run.numRep) + 1), text: "" };
}

/** The Mapper a test maps with: crushtool's weights, choose_args 0, choose tries on demand. */
export function testMapper(job: TestJob): Mapper {
  return new Mapper(job.compiled, { reweight: job.weight, collectChooseTries: job.collectChooseTries });
}

/** Maps every run on the calling thread, batch by batch when the job asks for batch counts. */
export function mapTestRuns(job: TestJob): JobTally {
  const mapper = testMapper(job);
  const batches = job.batches ?? 1;
  const runs = job.runs.map((run) => {
    const tally = emptyRunTally(run, job.compiled.maxDevices);
    if (job.collectPlacements === true) tally.placements = "";
    if (batches <= 1) {
      tally.text = mapTestChunk(mapper, job, run, run.minX, run.maxX, tally);
      return tally;
    }
    tally.batchCounts = [];
    for (const [first, last] of batchRanges(run.minX, run.maxX, batches)) {
      const before = tally.perDevice.slice();
      tally.text += mapTestChunk(mapper, job, run, first, last, tally);
      for (let d = 0; d < before.length; d++) before[d] = tally.perDevice[d]! - before[d]!;
      tally.batchCounts.push(first <= last ? before : null);
    }
    return tally;
  });
  return { runs, chooseTries: mapper.chooseTries };
}

/**
 * CrushTester's batches of inputs minX..maxX: `batches` consecutive ranges of
 * floor(inputs / batches) inputs, the last one running to maxX. With more batches than inputs
 * every batch but the last is empty (first > last); with 0 or fewer batches there are none.
 */
export function batchRanges(minX: number, maxX: number, batches: number): [number, number][] {
  const ranges: [number, number][] = [];
  if (batches <= 0) return ranges;
  const perBatch = Math.trunc(((maxX - minX + 1) | 0) / batches);
  let first = minX;
  for (let b = 0; b < batches; b++) {
    const last = b === batches - 1 ? maxX : first + perBatch - 1;
    ranges.push([first, last]);
    first = last + 1;
  }
  return ranges;
}

/**
 * Maps inputs first..last (inclusive) of `run`, adds their counts to `tally` and returns their
 * lines. The loop is CrushTester's: map, print, count devices and result sizes.
 */
export function mapTestChunk(mapper: Mapper, job: TestJob, run: TestRun, first: number, last: number, tally: RunTally): string {
  const { rule: r, numRep: nr } = run;
  const per = tally.perDevice;
  const sizes = tally.sizes;
  const out = new Int32Array(Math.max(1, nr));
  const lines: string[] = [];
  const poolId = job.poolId;
  const onMapping = job.onMapping;
  const sim = job.simulation;
  // crushtool tags each mapping line with where it came from
  const tag = sim === undefined ? "CRUSH" : "RNG";
  const placements: string[] = [];
  for (let x = first; x <= last; x++) {
    const realX = poolId === undefined ? x : hash32s_2(x, poolId);
    let n = 0;
    if (sim !== undefined) n = sim.place(r, nr, out);
    else if (nr > 0) n = mapper.mapInto(r, realX, nr, out);
    if (onMapping !== undefined) onMapping(r, nr, x, out, n);
    if (job.showMappings) lines.push(`${tag} rule ${r} x ${x} ${formatVector(out, n)}`);
    if (tally.placements !== undefined) placements.push(`${x}${formatRow(out, n)}\n`);
    let hole = false;
    for (let i = 0; i < n; i++) {
      if (out[i] === ITEM_NONE) hole = true;
      else per[out[i]!]!++;
    }
    sizes[n]!++;
    if (job.showBadMappings && (n !== nr || hole)) {
      lines.push(`bad mapping rule ${r} x ${x} num_rep ${nr} result ${formatVector(out, n)}`);
    }
  }
  if (tally.placements !== undefined) tally.placements += placements.join("");
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

/** `,a,b,c`: the tail of one CSV row. */
function formatRow(v: ArrayLike<number>, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "," + String(v[i]);
  return s;
}

/** Ceph prints vectors as [a,b,c]. */
export function formatVector(v: ArrayLike<number>, n: number): string {
  let s = "[";
  for (let i = 0; i < n; i++) s += (i === 0 ? "" : ",") + String(v[i]);
  return s + "]";
}
