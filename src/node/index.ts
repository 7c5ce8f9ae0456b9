/**
 * crushmap/node: what only Node can do. Today that is mapping a large range of inputs on
 * several worker threads.
 *
 * ```ts
 * import { mapRangeParallel } from "crushmap/node";
 *
 * // every placement group of a 1M-PG pool, 3 replicas, on all cores
 * const up = await mapRangeParallel(map, { rule: 0, numRep: 3, firstX: 0, count: 1_000_000 });
 * ```
 *
 * @packageDocumentation
 */
import { CrushMappingError, Mapper, type CrushMap } from "../index.js";
import { MapWorkerError } from "./errors.js";
import { loadOs, loadWorkerThreads, type NodeWorker } from "./nodeApi.js";
import { defaultWorkerUrl, workerBootstrap } from "./workerScript.js";
import { CONTROL, controlBlock, type RangeTask, type WorkerReply, type WorkerStart } from "./workerProtocol.js";

export { MapWorkerError } from "./errors.js";

/**
 * The range {@link mapRangeParallel} maps (rule, replicas, first input, count), the reweight and choose_args, and the threads.
 *
 * @group Mapping
 */
export interface MapRangeParallelOptions {
  /** The rule id. */
  readonly rule: number;
  /** Replicas per input: the result holds `count * numRep` entries. */
  readonly numRep: number;
  /** The first input; inputs wrap to 32 bits exactly as in `Mapper.mapRange`. */
  readonly firstX: number;
  /** How many consecutive inputs to map. */
  readonly count: number;
  /** 16.16 reweight per device id, as in `MapperOptions.reweight`. */
  readonly reweight?: ArrayLike<number>;
  /** The choose_args set, as in `MapperOptions.chooseArgs`. */
  readonly chooseArgs?: number;
  /** Worker threads to use. Default: `os.availableParallelism()`. */
  readonly threads?: number;
  /**
   * Where the worker script is, for when a bundler moved this module away from it: the URL or
   * file path of crushmap/node's `mapWorker.js` (ESM) or `mapWorker.cjs`, e.g.
   * `import.meta.resolve("crushmap/node/mapWorker")`. Default: the file next to this module.
   */
  readonly workerUrl?: string | { readonly href: string };
}

/**
 * Below this many inputs the range is mapped on the calling thread: starting workers and
 * rebuilding the map in each costs more than it saves.
 *
 * @group Mapping
 */
export const PARALLEL_THRESHOLD = 50_000;

/**
 * `Mapper.mapRange` over worker threads: the same `count * numRep` entries in the same layout
 * (input i's replicas at `i * numRep`, unused slots of short firstn results ITEM_NONE), equal
 * entry for entry to the single-threaded result.
 *
 * The range is cut into chunks the workers claim one at a time; the compiled map travels to each
 * worker once, each builds its own Mapper and writes into a shared buffer, so the returned array
 * is backed by a `SharedArrayBuffer` when workers were used. Small ranges (under
 * {@link PARALLEL_THRESHOLD}) and `threads: 1` run on the calling thread.
 *
 * Rejects with `CrushMappingError` when the request is one `Mapper.mapRange` would refuse (unknown
 * rule, bad replica count, input or reweight) or `count` or `threads` is not a valid count, and
 * with `MapWorkerError` when the workers cannot run (the worker script is not where it was
 * looked for: see `workerUrl`).
 *
 * @group Mapping
 *
 * @example
 * ```ts
 * const out = await mapRangeParallel(map, { rule: 0, numRep: 3, firstX: 0, count: 1 << 20, threads: 4 });
 * out.subarray(3 * 42, 3 * 42 + 3); // the devices of input 42
 * ```
 */
export async function mapRangeParallel(map: CrushMap, options: MapRangeParallelOptions): Promise<Int32Array> {
  const { rule, numRep, firstX, count } = options;
  const chooseArgs = options.chooseArgs ?? 0;
  if (!Number.isInteger(count) || count < 0) throw new CrushMappingError(`count ${String(count)} is not a non-negative integer`);
  const threads = options.threads ?? (await loadOs()).availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new CrushMappingError(`threads ${String(threads)} is not a positive integer`);

  // Validate here, with the very checks the workers will make, so a bad request rejects
  // before any thread starts.
  const mapper = new Mapper(map, options.reweight === undefined ? { chooseArgs } : { reweight: options.reweight, chooseArgs });
  if (count === 0) {
    mapper.mapRange(rule, numRep, firstX, 0, new Int32Array(0));
    return new Int32Array(0);
  }
  if (threads === 1 || count < PARALLEL_THRESHOLD) {
    const out = new Int32Array(count * numRep);
    mapper.mapRange(rule, numRep, firstX, count, out);
    return out;
  }
  // a zero-input call runs every check of mapRange (rule, numRep, firstX) without mapping
  mapper.mapRange(rule, numRep, firstX, 0, new Int32Array(0));

  const shared = new SharedArrayBuffer(count * numRep * 4);
  const task: RangeTask = { kind: "range", compiled: mapper.compiled, reweight: mapper.reweight, chooseArgs, rule, numRep, firstX, count, out: shared };
  const workers = Math.min(threads, Math.ceil(count / MIN_CHUNK));
  const chunkSize = Math.max(MIN_CHUNK, Math.ceil(count / (workers * CHUNKS_PER_THREAD)));
  const url = options.workerUrl === undefined ? defaultWorkerUrl(selfUrl()) : typeof options.workerUrl === "string" ? options.workerUrl : options.workerUrl.href;
  await runWorkers(task, chunkSize, workers, url);
  return new Int32Array(shared);
}

/** Inputs per chunk at least, and chunks per worker: enough that a late worker just maps fewer. */
const MIN_CHUNK = 4096;
const CHUNKS_PER_THREAD = 8;

/** Starts `workers` workers on `task` and waits for every one's reply. */
async function runWorkers(task: RangeTask, chunkSize: number, workers: number, url: string): Promise<void> {
  const { Worker } = await loadWorkerThreads();
  const code = workerBootstrap(url);
  const control = controlBlock(workers);
  const started: NodeWorker[] = [];
  try {
    const replies: Promise<void>[] = [];
    for (let slot = 0; slot < workers; slot++) {
      const workerData: WorkerStart = { task, chunkSize, control: control.buffer as SharedArrayBuffer, slot };
      const w = new Worker(code, { eval: true, workerData });
      started.push(w);
      replies.push(answerOf(w, url));
    }
    await Promise.all(replies);
  } finally {
    // after a failure the others stop claiming and their results are useless; after success they have exited
    Atomics.store(control, CONTROL.FAILED, 1);
    await Promise.all(started.map((w) => w.terminate()));
  }
}

/** Resolves on the worker's success reply; rejects with the error it reports, or if it dies first. */
function answerOf(w: NodeWorker, url: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let answered = false;
    w.on("message", (value) => {
      answered = true;
      const reply = value as WorkerReply;
      if (reply.ok) resolve();
      else reject(replyError(reply, url));
    });
    w.on("error", (e) => reject(new MapWorkerError(`mapping worker failed: ${e.message}`, url)));
    w.on("exit", (code) => {
      if (!answered) reject(new MapWorkerError(`mapping worker exited with code ${code} before answering`, url));
    });
  });
}

/** The typed error a worker's failure reply stands for. */
function replyError(reply: Extract<WorkerReply, { ok: false }>, url: string): Error {
  if (reply.name === "CrushMappingError") return new CrushMappingError(reply.message, reply.item);
  if (reply.name === "MapWorkerError") return new MapWorkerError(reply.message, url);
  return new MapWorkerError(`mapping worker failed: ${reply.name}: ${reply.message}`, url);
}

function selfUrl(): string {
  return (import.meta as unknown as { url: string }).url;
}
