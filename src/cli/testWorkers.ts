/**
 * How `crushmap test --threads` starts its workers: Node's worker_threads, and crushmap/node's
 * one mapping worker — `node/mapWorker.js` next to the bundled CLI (dist/cli.js), or
 * src/node/mapWorker.ts when the CLI runs from source.
 */
import { availableParallelism } from "node:os";
import * as workerThreads from "node:worker_threads";
import type { WorkerThreadsModule } from "../node/nodeApi.js";
import type { TestWorkers } from "../node/parallelTest.js";

export function testWorkers(): TestWorkers {
  const self = import.meta.url;
  const workerUrl = /\.[cm]?ts$/.test(self) ? new URL("../node/mapWorker.ts", self).href : new URL("./node/mapWorker.js", self).href;
  // src/node describes the module structurally (it compiles without Node's types); Node's own
  // signatures are wider in places (a URL filename, Transferable lists)
  return { workerThreads: workerThreads as unknown as WorkerThreadsModule, workerUrl };
}

/** The default thread count: what the machine offers. */
export function defaultThreads(): number {
  return availableParallelism();
}
