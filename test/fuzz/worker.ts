/**
 * The fuzz worker: runs cases seed/start, start+1, … until the campaign terminates it, and
 * reports each case's start, its cost bound (before mapping) and its outcome. It never
 * yields, so a case that hangs is seen by the campaign's clock and ended by terminate().
 */
import { parentPort } from "node:worker_threads";
import { loadCorpus } from "./corpus.js";
import { makeCase, runCase, type CaseOutcome } from "./cases.js";

export interface WorkerData {
  readonly seed: number;
  readonly start: number;
  /** Heap plus typed arrays a case may leave alive, in MiB. */
  readonly memoryMb: number;
}

export type WorkerMessage =
  | { readonly t: "start"; readonly i: number }
  | { readonly t: "cost"; readonly i: number; readonly cost: number }
  | { readonly t: "done"; readonly i: number; readonly kind: string; readonly outcome: CaseOutcome };

export function runFuzzWorker(data: WorkerData): void {
  const port = parentPort!;
  const corpus = loadCorpus();
  for (let i = data.start; ; i++) {
    port.postMessage({ t: "start", i } satisfies WorkerMessage);
    const c = makeCase(corpus, data.seed, i);
    let outcome = runCase(c, (cost) => port.postMessage({ t: "cost", i, cost } satisfies WorkerMessage));
    const m = process.memoryUsage();
    const mb = (m.heapUsed + m.arrayBuffers) / 2 ** 20;
    if (mb > data.memoryMb) outcome = { status: "finding", detail: `${mb.toFixed(0)} MiB of heap and typed arrays alive after the case` };
    port.postMessage({ t: "done", i, kind: c.kind, outcome } satisfies WorkerMessage);
  }
}
