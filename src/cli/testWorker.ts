/**
 * A worker thread of a parallel `crushmap test`: claims chunks of the test's runs, maps them with
 * its own Mapper over its copy of the compiled map, then posts its counts and lines on its port
 * and marks itself reported in the control block. The calling thread waits on that block, not on
 * the event loop, so the command can stay synchronous.
 */
import { CONTROL, WORKER, mapClaimedChunks, planChunks, signal, type TestWorkerData, type TestWorkerReply } from "./testChunks.js";

export function runTestWorker(data: TestWorkerData): void {
  const control = new Int32Array(data.control);
  const state = CONTROL.STATE + data.slot;
  // the calling thread may already have mapped everything and dismissed this worker
  if (Atomics.compareExchange(control, state, WORKER.IDLE, WORKER.WORKING) !== WORKER.IDLE) return;
  let reply: TestWorkerReply;
  try {
    const tally = mapClaimedChunks(data.job, planChunks(data.job, data.chunkSize), control);
    reply = {
      ok: true,
      runs: tally.runs.map((r) => ({ perDevice: r.perDevice, sizes: r.sizes })),
      texts: tally.texts,
      chooseTries: tally.chooseTries,
    };
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  data.port.postMessage(reply);
  if (!reply.ok) Atomics.store(control, CONTROL.FAILED, 1);
  Atomics.store(control, state, reply.ok ? WORKER.REPORTED : WORKER.FAILED);
  signal(control);
}
