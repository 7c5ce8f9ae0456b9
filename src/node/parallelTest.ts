/**
 * A crushtool test on several threads, synchronously: a TestRunner that maps large tests with
 * the mapping workers and returns exactly what the single-threaded runner returns, so the report
 * is byte for byte the same. `crushmap test --threads` uses it; it is not part of crushmap/node.
 *
 * The calling thread maps chunks itself, then blocks on the control block (Atomics.wait) until
 * every worker that took part has posted its reply, and reads the replies with
 * receiveMessageOnPort. Should a worker fail to load, throw, or stop making progress, the
 * workers are dropped and the whole job runs again on the calling thread, which also reports any
 * real mapping error exactly as the single-threaded command would.
 */
import { mapTestRuns, type JobTally, type TestJob, type TestRunner } from "../analysis/crushtoolRuns.js";
import { planChunks } from "./chunks.js";
import type { NodeMessagePort, NodeWorker, WorkerThreadsModule } from "./nodeApi.js";
import { mapTestChunks, type ThreadTally } from "./testTask.js";
import { workerBootstrap } from "./workerScript.js";
import { CONTROL, controlBlock, WORKER, type WorkerReply, type WorkerStart } from "./workerProtocol.js";

/** Tests mapping fewer inputs in all (runs × inputs) stay on the calling thread. */
export const PARALLEL_TEST_THRESHOLD = 200_000;

/** Chunks per thread: enough that a worker starting late only maps fewer of them. */
const CHUNKS_PER_THREAD = 32;
const MIN_CHUNK = 2048;

/** Without a single chunk mapped for this many one-second waits, the workers are given up on. */
const STALL_WAITS = 60;

/** How to start workers: Node's worker_threads, and the URL of the worker script. */
export interface TestWorkers {
  readonly workerThreads: WorkerThreadsModule;
  readonly workerUrl: string;
}

/**
 * A runner that uses `threads` threads (the calling one and threads - 1 workers) when the job
 * maps at least {@link PARALLEL_TEST_THRESHOLD} inputs, and the calling thread alone otherwise.
 */
export function parallelTestRunner(threads: number, workers: TestWorkers): TestRunner {
  return (job) => {
    let inputs = 0;
    for (const run of job.runs) inputs += Math.max(0, run.maxX - run.minX + 1);
    // a callback per mapping cannot cross threads
    if (threads <= 1 || inputs < PARALLEL_TEST_THRESHOLD || job.onMapping !== undefined) return mapTestRuns(job);
    const chunkSize = Math.max(MIN_CHUNK, Math.ceil(inputs / (threads * CHUNKS_PER_THREAD)));
    return mapOnWorkers(job, threads, chunkSize, workers) ?? mapTestRuns(job);
  };
}

interface Started {
  readonly worker: NodeWorker;
  readonly port: NodeMessagePort;
}

/**
 * Maps the job on the calling thread and `threads - 1` workers, in chunks of `chunkSize` inputs;
 * null when the workers failed (the caller then maps on its own).
 */
export function mapOnWorkers(job: TestJob, threads: number, chunkSize: number, workers: TestWorkers): JobTally | null {
  const { Worker, MessageChannel, receiveMessageOnPort } = workers.workerThreads;
  const plan = planChunks(job.runs, chunkSize);
  const count = threads - 1;
  const control = controlBlock(count);
  const started: Started[] = [];
  try {
    const code = workerBootstrap(workers.workerUrl);
    for (let slot = 0; slot < count; slot++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: WorkerStart = { task: { kind: "test", job }, chunkSize, control: control.buffer as SharedArrayBuffer, slot, port: port2 };
      const worker = new Worker(code, { eval: true, workerData, transferList: [port2] });
      // failures are read from the control block; the event would only arrive after the command
      worker.on("error", () => undefined);
      worker.unref();
      started.push({ worker, port: port1 });
    }
    const tallies: ThreadTally[] = [mapTestChunks(job, plan, control)];
    if (!awaitWorkers(control, plan.count, count)) return null;
    for (const { port } of started) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) continue; // dismissed before it started
      const reply = received.message as WorkerReply;
      if (!reply.ok || reply.tally === undefined) return null;
      const t = reply.tally;
      tallies.push({ runs: t.runs.map((r) => ({ ...r, text: "" })), texts: [...t.texts], chooseTries: t.chooseTries });
    }
    return addUp(plan.runStart, plan.count, tallies);
  } catch {
    return null;
  } finally {
    // stop claiming (after a failure) and let no worker outlive the command
    Atomics.store(control, CONTROL.FAILED, 1);
    for (const { worker, port } of started) {
      port.close();
      void worker.terminate();
    }
  }
}

/**
 * Blocks until every chunk is mapped and every worker that took part has reported; workers that
 * had not started by then are dismissed. False when a worker failed or nothing moved for
 * {@link STALL_WAITS} waits of a second.
 */
function awaitWorkers(control: Int32Array, chunks: number, workers: number): boolean {
  let lastDone = -1;
  let idle = 0;
  for (;;) {
    const epoch = Atomics.load(control, CONTROL.EPOCH);
    if (Atomics.load(control, CONTROL.FAILED) !== 0) return false;
    const done = Atomics.load(control, CONTROL.DONE);
    if (done === chunks) {
      let waiting = false;
      for (let w = 0; w < workers; w++) {
        const state = Atomics.compareExchange(control, CONTROL.STATE + w, WORKER.IDLE, WORKER.DISMISSED);
        if (state === WORKER.WORKING) waiting = true;
        else if (state === WORKER.FAILED) return false;
      }
      if (!waiting) return true;
    }
    if (done !== lastDone) {
      lastDone = done;
      idle = 0;
    }
    if (Atomics.wait(control, CONTROL.EPOCH, epoch, 1000) === "timed-out" && Atomics.load(control, CONTROL.DONE) === lastDone && ++idle > STALL_WAITS) {
      return false;
    }
  }
}

/** Adds the threads' counts up and joins the chunks' lines in input order. */
function addUp(runStart: Int32Array, chunks: number, tallies: readonly ThreadTally[]): JobTally {
  const texts = new Array<string>(chunks).fill("");
  for (const t of tallies) for (const [c, text] of t.texts) texts[c] = text;
  const [first, ...rest] = tallies;
  const runs = first!.runs;
  runs.forEach((run, r) => {
    for (const t of rest) {
      const per = t.runs[r]!.perDevice;
      for (let i = 0; i < per.length; i++) run.perDevice[i] = (run.perDevice[i]! + per[i]!) | 0;
      const sizes = t.runs[r]!.sizes;
      for (let i = 0; i < sizes.length; i++) run.sizes[i]! += sizes[i]!;
    }
    run.text = texts.slice(runStart[r], runStart[r + 1]).join("");
  });
  const chooseTries = first!.chooseTries;
  if (chooseTries !== null) {
    for (const t of rest) {
      for (let i = 0; i < chooseTries.length; i++) chooseTries[i]! += t.chooseTries![i]!;
    }
  }
  return { runs, chooseTries };
}
