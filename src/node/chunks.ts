/**
 * A task cut into chunks of consecutive inputs, and the loop in which a thread claims chunks
 * from the control block until none is left or some thread failed.
 */
import { CONTROL, signal } from "./workerProtocol.js";

/** Runs of inputs minX..maxX (inclusive) cut into chunks: chunk c maps first[c]..last[c] of run runOf[c]. */
export interface ChunkPlan {
  readonly count: number;
  readonly runOf: Int32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** Chunks of run t are runStart[t] .. runStart[t + 1] - 1. */
  readonly runStart: Int32Array;
}

export function planChunks(runs: readonly { readonly minX: number; readonly maxX: number }[], chunkSize: number): ChunkPlan {
  const runStart = new Int32Array(runs.length + 1);
  let count = 0;
  runs.forEach((run, t) => {
    runStart[t] = count;
    count += Math.max(0, Math.ceil((run.maxX - run.minX + 1) / chunkSize));
  });
  runStart[runs.length] = count;
  const runOf = new Int32Array(count);
  const first = new Float64Array(count);
  const last = new Float64Array(count);
  runs.forEach((run, t) => {
    for (let c = runStart[t]!, x = run.minX; c < runStart[t + 1]!; c++, x += chunkSize) {
      runOf[c] = t;
      first[c] = x;
      last[c] = Math.min(run.maxX, x + chunkSize - 1);
    }
  });
  return { count, runOf, first, last, runStart };
}

/** Claims chunks until none is left (or a thread failed) and maps each with `mapChunk`. */
export function claimChunks(control: Int32Array, chunks: number, mapChunk: (chunk: number) => void): void {
  while (Atomics.load(control, CONTROL.FAILED) === 0) {
    const c = Atomics.add(control, CONTROL.NEXT, 1);
    if (c >= chunks) break;
    mapChunk(c);
    Atomics.add(control, CONTROL.DONE, 1);
    signal(control);
  }
}
