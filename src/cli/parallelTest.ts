/**
 * `crushmap test` on several threads: a TestRunner that maps large tests with worker threads and
 * returns exactly what the single-threaded runner returns, so the report is byte for byte the same.
 *
 * The command stays synchronous: the calling thread maps chunks itself, then blocks on the
 * shared control block (Atomics.wait) until every worker that took part has posted its reply,
 * and reads the replies with receiveMessageOnPort. Should a worker fail to load, throw, or stop
 * making progress, the workers are dropped and the whole job runs again on the calling thread,
 * which also reports any real mapping error exactly as the single-threaded command would.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { mapTestRuns, type JobTally, type TestJob, type TestRunner } from "../analysis/crushtoolRuns.js";
import { CONTROL, WORKER, mapClaimedChunks, planChunks, type ThreadTally, type TestWorkerData, type TestWorkerReply } from "./testChunks.js";

/** Tests mapping fewer inputs in all (runs × inputs) stay on the calling thread. */
export const PARALLEL_TEST_THRESHOLD = 200_000;

/** Chunks per thread: enough that a worker starting late only maps fewer of them. */
const CHUNKS_PER_THREAD = 32;
const MIN_CHUNK = 2048;

/** Without a single chunk mapped for this long, the workers are given up on. */
const STALL_MS = 60_000;

/** The default thread count: what the machine offers. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * A runner that uses `threads` threads (the calling one and threads - 1 workers) when the job
 * maps at least {@link PARALLEL_TEST_THRESHOLD} inputs, and the calling thread alone otherwise.
 */
export function parallelTestRunner(threads: number): TestRunner {
  return (job) => {
    let inputs = 0;
    for (const run of job.runs) inputs += Math.max(0, run.maxX - run.minX + 1);
    // a callback per mapping cannot cross threads
    if (threads <= 1 || inputs < PARALLEL_TEST_THRESHOLD || job.onMapping !== undefined) return mapTestRuns(job);
    return mapOnWorkers(job, threads, Math.max(MIN_CHUNK, Math.ceil(inputs / (threads * CHUNKS_PER_THREAD)))) ?? mapTestRuns(job);
  };
}

interface Started {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/**
 * Maps the job on the calling thread and `threads - 1` workers, in chunks of `chunkSize` inputs;
 * null when the workers failed (the caller then maps on its own).
 */
export function mapOnWorkers(job: TestJob, threads: number, chunkSize: number): JobTally | null {
  const plan = planChunks(job, chunkSize);
  const workers = threads - 1;
  const control = new Int32Array(new SharedArrayBuffer(4 * (CONTROL.STATE + workers)));
  const started: Started[] = [];
  try {
    const script = workerScript();
    for (let slot = 0; slot < workers; slot++) {
      const { port1, port2 } = new MessageChannel();
      const workerData: TestWorkerData = { job, chunkSize, control: control.buffer as SharedArrayBuffer, slot, port: port2 };
      const worker = new Worker(script, { eval: true, workerData, transferList: [port2] });
      // failures are read from the control block; the event would only arrive after the command
      worker.on("error", () => undefined);
      worker.unref();
      started.push({ worker, port: port1 });
    }
    const own = mapClaimedChunks(job, plan, control);
    if (!awaitWorkers(control, plan.count, workers)) return null;
    const tallies: ThreadTally[] = [own];
    for (const { port } of started) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) continue; // dismissed before it started
      const reply = received.message as TestWorkerReply;
      if (!reply.ok) return null;
      tallies.push({ runs: reply.runs.map((r) => ({ ...r, text: "" })), texts: [...reply.texts], chooseTries: reply.chooseTries });
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
 * {@link STALL_MS}.
 */
function awaitWorkers(control: Int32Array, chunks: number, workers: number): boolean {
  let lastDone = -1;
  let lastMove = Date.now();
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
      lastMove = Date.now();
    } else if (Date.now() - lastMove > STALL_MS) {
      return false;
    }
    Atomics.wait(control, CONTROL.EPOCH, epoch, 1000);
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

/**
 * The code each worker runs: CommonJS evaluated in the worker, so that it cannot fail to load;
 * it imports the worker module next to this one (`testWorker.js` in the build, `testWorker.ts`
 * from source after registering tsx, which is how the source runs) and marks the worker failed
 * if anything goes wrong before the module takes over.
 */
function workerScript(): string {
  const self = import.meta.url;
  const ext = /\.(c|m)?[jt]s$/.exec(self)?.[0] ?? ".js";
  const worker = new URL(`./testWorker${ext}`, self).href;
  let register = "Promise.resolve()";
  if (ext.endsWith("ts")) {
    const require = createRequire(self);
    const pkgPath = require.resolve("tsx/package.json");
    const pkg = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> };
    const api = new URL(pkg.exports["./esm/api"]!.import.default, pathToFileURL(pkgPath).href).href;
    register = `import(${JSON.stringify(api)}).then((tsx) => tsx.register())`;
  }
  return `const { workerData } = require("node:worker_threads");
${register}
  .then(() => import(${JSON.stringify(worker)}))
  .then((m) => m.runTestWorker(workerData))
  .catch(() => {
    const control = new Int32Array(workerData.control);
    Atomics.store(control, ${CONTROL.FAILED}, 1);
    Atomics.store(control, ${CONTROL.STATE} + workerData.slot, ${WORKER.FAILED});
    Atomics.add(control, ${CONTROL.EPOCH}, 1);
    Atomics.notify(control, ${CONTROL.EPOCH});
  });`;
}
