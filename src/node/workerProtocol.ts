/**
 * What the calling thread and the mapping workers share. One worker script (mapWorker.ts) maps
 * two kinds of task: a range of inputs into a shared result (mapRangeParallel), and the runs of a
 * crushtool test with their counts and lines (`crushmap test --threads`). Either way the task is
 * cut into chunks, and every thread claims the next chunk from a control block in shared memory
 * until none is left — a worker that starts late just maps fewer. Each worker then posts one
 * reply on its port and marks itself in the control block, so the calling thread may wait on
 * either: the promise of a message, or Atomics.wait on the block.
 */
import type { CompiledMap } from "../mapper/compiledMap.js";
import type { TestJob } from "../analysis/crushtoolRuns.js";
import type { NodeMessagePort } from "./nodeApi.js";

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
  /** Claiming and mapping chunks; holds results not yet reported. */
  WORKING: 1,
  /** Its reply is on its port. */
  REPORTED: 2,
  FAILED: 3,
  /** Started too late to find any chunk left: the calling thread no longer waits for it. */
  DISMISSED: 4,
});

/** A control block for `workers` workers. */
export function controlBlock(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CONTROL.STATE + workers)));
}

/** Inputs firstX … firstX + count - 1 (wrapping at 32 bits) of one rule, into a shared result. */
export interface RangeTask {
  readonly kind: "range";
  readonly compiled: CompiledMap;
  readonly reweight: Uint32Array;
  readonly chooseArgs: number;
  readonly rule: number;
  readonly numRep: number;
  readonly firstX: number;
  readonly count: number;
  /** Input i's replicas go to entries i * numRep … of this buffer. */
  readonly out: SharedArrayBuffer;
}

/** The runs of a crushtool test (the job without its `onMapping` callback). */
export interface TestTask {
  readonly kind: "test";
  readonly job: TestJob;
}

export type MapTask = RangeTask | TestTask;

/** A worker's start-up data. */
export interface WorkerStart {
  readonly task: MapTask;
  /** Inputs per chunk. */
  readonly chunkSize: number;
  readonly control: SharedArrayBuffer;
  /** This worker's number: its state sits at CONTROL.STATE + slot. */
  readonly slot: number;
  /**
   * Where the worker posts its {@link WorkerReply}: a port the calling thread can read while
   * blocked (receiveMessageOnPort), or, without one, the parent (the Worker's 'message' event,
   * which Node delivers before its 'exit').
   */
  readonly port?: NodeMessagePort;
}

/** What a test worker mapped: counts per run, the lines of each chunk it mapped, choose tries. */
export interface TestTally {
  readonly runs: readonly { readonly perDevice: Int32Array; readonly sizes: Float64Array }[];
  /** [chunk number, lines] for every chunk that printed something. */
  readonly texts: readonly [number, string][];
  readonly chooseTries: Float64Array | null;
}

export type WorkerReply =
  | { readonly ok: true; readonly tally?: TestTally }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly item: string | number | undefined };

/** Wakes the calling thread if it waits on the control block. */
export function signal(control: Int32Array): void {
  Atomics.add(control, CONTROL.EPOCH, 1);
  Atomics.notify(control, CONTROL.EPOCH);
}
