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
import { CrushMappingError, mapToJSON, Mapper, type CrushMap } from "../index.js";
import type { MapChunkReply, MapChunkRequest } from "./mapChunk.js";
import { loadModule, loadOs, loadUrl, loadWorkerThreads, resolveUrl, type FileUrl, type NodeWorker } from "./nodeApi.js";

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
}

/**
 * Below this many inputs the range is mapped on the calling thread: starting workers and
 * rebuilding the map in each costs more than it saves.
 */
export const PARALLEL_THRESHOLD = 50_000;

/**
 * `Mapper.mapRange` over worker threads: the same `count * numRep` entries in the same layout
 * (input i's replicas at `i * numRep`, unused slots of short firstn results ITEM_NONE), equal
 * entry for entry to the single-threaded result.
 *
 * The range is split into one contiguous chunk per thread; the map travels to the workers once
 * as JSON, each builds its own Mapper and writes into a shared buffer, so the returned array is
 * backed by a `SharedArrayBuffer` when workers were used. Small ranges (under
 * {@link PARALLEL_THRESHOLD}) and `threads: 1` run on the calling thread.
 *
 * Rejects with `CrushMappingError` when the request is one `Mapper.mapRange` would refuse (unknown
 * rule, bad replica count, input or reweight) or `count` or `threads` is not a valid count.
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
  const mapText = JSON.stringify(mapToJSON(map));
  const chunks = Math.min(threads, count);
  const requests: MapChunkRequest[] = [];
  for (let c = 0; c < chunks; c++) {
    // chunk c covers inputs [start, end): sizes differ by at most one
    const start = Math.floor((count * c) / chunks);
    const end = Math.floor((count * (c + 1)) / chunks);
    requests.push({
      mapText,
      rule,
      numRep,
      firstX: (firstX + start) | 0,
      count: end - start,
      reweight: mapper.reweight,
      chooseArgs,
      out: shared,
      offset: start * numRep,
    });
  }
  await runWorkers(requests);
  return new Int32Array(shared);
}

async function runWorkers(requests: readonly MapChunkRequest[]): Promise<void> {
  const { Worker } = await loadWorkerThreads();
  const { script, eval: isCode } = await workerScript();
  const workers: NodeWorker[] = [];
  try {
    await Promise.all(
      requests.map(
        (workerData) =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(script, { workerData, eval: isCode });
            workers.push(w);
            let answered = false;
            w.on("message", (value) => {
              answered = true;
              const reply = value as MapChunkReply;
              if (reply.ok) resolve();
              else reject(reply.name === "CrushMappingError" ? new CrushMappingError(reply.message, reply.item) : new Error(`${reply.name}: ${reply.message}`));
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (!answered) reject(new Error(`mapping worker exited with code ${code} before answering`));
            });
          }),
      ),
    );
  } finally {
    // after a failure the other workers' results are useless; after success they have exited
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * The worker script sits next to this module: `mapWorker.js` / `.cjs` in the built package
 * (matching the format of this file), `mapWorker.ts` when running from source (under vitest or
 * tsx, the only ways to run the source). Node 20 ignores `--import tsx` in a worker's execArgv,
 * so from source the worker is a small eval'd script that registers tsx's loader, resolved from
 * this file's location, and then imports `mapWorker.ts`.
 */
async function workerScript(): Promise<{ script: FileUrl | string; eval: boolean }> {
  const self = (import.meta as unknown as { url: string }).url;
  const ext = /\.(c|m)?[jt]s$/.exec(self)?.[0] ?? ".js";
  const worker = resolveUrl(`./mapWorker${ext}`, self);
  if (!ext.endsWith("ts")) return { script: worker, eval: false };
  const require = (await loadModule()).createRequire(self);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = require("tsx/package.json") as { exports: Record<string, { import: { default: string } }> };
  const api = resolveUrl(pkg.exports["./esm/api"]!.import.default, (await loadUrl()).pathToFileURL(pkgPath).href);
  const code = `import(${JSON.stringify(api.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker.href)}); });`;
  return { script: code, eval: true };
}
