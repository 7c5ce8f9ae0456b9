/**
 * What the calling thread and the workers of a parallel `crushmap test` share: the test's runs
 * cut into chunks of consecutive inputs, a control block in shared memory through which every
 * thread claims the next chunk, and the loop that claims and maps chunks until none is left.
 *
 * Claiming chunks one at a time balances the threads by itself (a worker that starts late just
 * maps fewer). Counts add up in any order; each chunk's lines are kept under the chunk's number,
 * so the report joins them in input order.
 */
import type { MessagePort } from "node:worker_threads";
import { emptyRunTally, mapTestChunk, testMapper, type RunTally, type TestJob } from "../analysis/crushtoolRuns.js";

/** Slots of the control block (an Int32Array over a SharedArrayBuffer). */
export const CONTROL = Object.freeze({
  /** The next chunk to claim. */
  NEXT: 0,
  /** Chunks mapped. */
  DONE: 1,
  /** Bumped (and notified) on every event the calling thread may be waiting for. */
  EPOCH: 2,
  /** Non-zero once a thread failed: the others stop claiming. */
  FAILED: 3,
  /** The first worker's state; worker w's is at STATE + w. */
  STATE: 4,
});

/** A worker's state in the control block. */
export const WORKER = Object.freeze({
  /** Not started yet. */
  IDLE: 0,
  /** Claiming and mapping chunks; holds counts not yet reported. */
  WORKING: 1,
  /** Its reply is on its port. */
  REPORTED: 2,
  FAILED: 3,
  /** Started too late to find any chunk left: the calling thread no longer waits for it. */
  DISMISSED: 4,
});

/** The runs of a job cut into chunks: chunk c maps inputs first[c]..last[c] of run runOf[c]. */
export interface ChunkPlan {
  readonly count: number;
  readonly runOf: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** Chunks of run t are runStart[t] .. runStart[t + 1] - 1. */
  readonly runStart: Int32Array;
}

export function planChunks(job: TestJob, chunkSize: number): ChunkPlan {
  const runStart = new Int32Array(job.runs.length + 1);
  let count = 0;
  job.runs.forEach((run, t) => {
    runStart[t] = count;
    count += Math.max(0, Math.ceil((run.maxX - run.minX + 1) / chunkSize));
  });
  runStart[job.runs.length] = count;
  const runOf = new Int32Array(count);
  const first = new Float64Array(count);
  const last = new Float64Array(count);
  job.runs.forEach((run, t) => {
    for (let c = runStart[t]!, x = run.minX; c < runStart[t + 1]!; c++, x += chunkSize) {
      runOf[c] = t;
      first[c] = x;
      last[c] = Math.min(run.maxX, x + chunkSize - 1);
    }
  });
  return { count, runOf, first, last, runStart };
}

/** What one thread mapped: counts per run, the lines of each chunk it mapped, choose tries. */
export interface ThreadTally {
  readonly runs: RunTally[];
  /** [chunk number, lines] for every chunk that printed something. */
  readonly texts: [number, string][];
  chooseTries: Float64Array | null;
}

/** Claims chunks of `plan` until none is left (or a thread failed) and maps them. */
export function mapClaimedChunks(job: TestJob, plan: ChunkPlan, control: Int32Array): ThreadTally {
  const mapper = testMapper(job);
  const tally: ThreadTally = {
    runs: job.runs.map((run) => emptyRunTally(run, job.compiled.maxDevices)),
    texts: [],
    chooseTries: null,
  };
  while (Atomics.load(control, CONTROL.FAILED) === 0) {
    const c = Atomics.add(control, CONTROL.NEXT, 1);
    if (c >= plan.count) break;
    const t = plan.runOf[c]!;
    const text = mapTestChunk(mapper, job, job.runs[t]!, plan.first[c]!, plan.last[c]!, tally.runs[t]!);
    if (text !== "") tally.texts.push([c, text]);
    Atomics.add(control, CONTROL.DONE, 1);
    signal(control);
  }
  tally.chooseTries = mapper.chooseTries;
  return tally;
}

/** Wakes the calling thread if it waits on the control block. */
export function signal(control: Int32Array): void {
  Atomics.add(control, CONTROL.EPOCH, 1);
  Atomics.notify(control, CONTROL.EPOCH);
}

/** A worker's start-up data. */
export interface TestWorkerData {
  /** The job without its `onMapping` callback (functions do not cross threads). */
  readonly job: TestJob;
  readonly chunkSize: number;
  readonly control: SharedArrayBuffer;
  /** This worker's number: its state sits at CONTROL.STATE + slot. */
  readonly slot: number;
  /** Where the worker posts its {@link TestWorkerReply}. */
  readonly port: MessagePort;
}

export type TestWorkerReply =
  | {
      readonly ok: true;
      readonly runs: readonly { readonly perDevice: Int32Array; readonly sizes: Float64Array }[];
      readonly texts: readonly [number, string][];
      readonly chooseTries: Float64Array | null;
    }
  | { readonly ok: false; readonly message: string };
