/**
 * The scratch one mapper writes while it maps (Ceph's crush_work): for each bucket, the partial
 * permutation that uniform buckets and the exhaustive local fallback build lazily for one input.
 * It belongs to a Mapper, never to the compiled map, so a compiled map stays a value that any
 * number of mappers (and threads, each with its own copy) can share.
 *
 * Ceph clears the scratch at the start of every crush_do_rule (crush_init_workspace). Here each
 * mapping call bumps `gen` instead, and a bucket's scratch counts as empty until it is stamped
 * with the current generation, which makes the clearing free.
 */
import type { CompiledMap } from "./compiledMap.js";

export interface Workspace {
  /** Permutation entries, at the bucket's `start` offset like its items. */
  readonly perm: Int32Array;
  /** The input the bucket's permutation was built for. */
  readonly permX: Int32Array;
  /** Positions of the permutation built so far (0xffff: only the r = 0 shortcut). */
  readonly permN: Int32Array;
  /** The generation the bucket's scratch belongs to; older means empty. */
  readonly permGen: Float64Array;
  /** The current generation: one per mapping call. */
  gen: number;
}

/** Fresh scratch sized for `cm`. */
export function createWorkspace(cm: CompiledMap): Workspace {
  return {
    perm: new Int32Array(cm.items.length),
    permX: new Int32Array(cm.maxBuckets),
    permN: new Int32Array(cm.maxBuckets),
    permGen: new Float64Array(cm.maxBuckets).fill(-1),
    gen: 0,
  };
}
