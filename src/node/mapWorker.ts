/**
 * The one mapping worker, for mapRangeParallel and for `crushmap test --threads`: claims chunks
 * of its task from the control block, maps them with its own Mapper over its copy of the compiled
 * map, then posts its reply (on its port, or to the parent) and marks itself in the control block.
 * It is started by workerScript.ts's bootstrap, which calls {@link runMapWorker}.
 */
import { Mapper } from "../mapper/mapper.js";
import { claimChunks, planChunks } from "./chunks.js";
import type { NodeMessagePort } from "./nodeApi.js";
import { mapTestChunks } from "./testTask.js";
import { CONTROL, signal, WORKER, type RangeTask, type TestTask, type WorkerReply, type WorkerStart } from "./workerProtocol.js";

export function runMapWorker(data: WorkerStart, parentPort: NodeMessagePort | null): void {
  const control = new Int32Array(data.control);
  const state = CONTROL.STATE + data.slot;
  // the calling thread may already have mapped everything and dismissed this worker
  if (Atomics.compareExchange(control, state, WORKER.IDLE, WORKER.WORKING) !== WORKER.IDLE) return;
  let reply: WorkerReply;
  try {
    const { task, chunkSize } = data;
    reply = task.kind === "range" ? mapRangeTask(task, chunkSize, control) : mapTestTask(task, chunkSize, control);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const item = (err as { item?: unknown }).item;
    reply = { ok: false, name: err.name, message: err.message, item: typeof item === "string" || typeof item === "number" ? item : undefined };
  }
  (data.port ?? parentPort)?.postMessage(reply);
  if (!reply.ok) Atomics.store(control, CONTROL.FAILED, 1);
  Atomics.store(control, state, reply.ok ? WORKER.REPORTED : WORKER.FAILED);
  signal(control);
}

function mapRangeTask(task: RangeTask, chunkSize: number, control: Int32Array): WorkerReply {
  const mapper = new Mapper(task.compiled, { reweight: task.reweight, chooseArgs: task.chooseArgs });
  const out = new Int32Array(task.out);
  const plan = planChunks([{ minX: 0, maxX: task.count - 1 }], chunkSize);
  const { rule, numRep } = task;
  claimChunks(control, plan.count, (c) => {
    const start = plan.first[c]!;
    const n = plan.last[c]! - start + 1;
    // inputs wrap at 32 bits exactly as one mapRange over the whole range wraps them
    mapper.mapRange(rule, numRep, (task.firstX + start) | 0, n, out.subarray(start * numRep, (start + n) * numRep));
  });
  return { ok: true };
}

function mapTestTask(task: TestTask, chunkSize: number, control: Int32Array): WorkerReply {
  const { job } = task;
  const tally = mapTestChunks(job, planChunks(job.runs, chunkSize), control);
  return { ok: true, tally: { runs: tally.runs.map((r) => ({ perDevice: r.perDevice, sizes: r.sizes })), texts: tally.texts, chooseTries: tally.chooseTries } };
}
