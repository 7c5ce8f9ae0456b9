/**
 * The crushtool-test task: a thread's share of a test's runs, mapped chunk by chunk. Counts add
 * up in any order; each chunk's lines are kept under the chunk's number, so that the report
 * joins them in input order, byte for byte what one thread prints.
 */
import { emptyRunTally, mapTestChunk, testMapper, type RunTally, type TestJob } from "../analysis/crushtoolRuns.js";
import { claimChunks, type ChunkPlan } from "./chunks.js";

/** What one thread mapped of a test. */
export interface ThreadTally {
  readonly runs: RunTally[];
  /** [chunk number, lines] for every chunk that printed something. */
  readonly texts: [number, string][];
  chooseTries: Float64Array | null;
}

/** Claims chunks of `plan` and maps them with a Mapper of this thread. */
export function mapTestChunks(job: TestJob, plan: ChunkPlan, control: Int32Array): ThreadTally {
  const mapper = testMapper(job);
  const tally: ThreadTally = { runs: job.runs.map((run) => emptyRunTally(run, job.compiled.maxDevices)), texts: [], chooseTries: null };
  claimChunks(control, plan.count, (c) => {
    const t = plan.runOf[c]!;
    const text = mapTestChunk(mapper, job, job.runs[t]!, plan.first[c]!, plan.last[c]!, tally.runs[t]!);
    if (text !== "") tally.texts.push([c, text]);
  });
  tally.chooseTries = mapper.chooseTries;
  return tally;
}
