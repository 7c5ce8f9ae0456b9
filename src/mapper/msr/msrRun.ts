/**
 * The state one MSR mapping carries through its recursion: Ceph's crush_msr_input,
 * crush_msr_workspace and crush_msr_output folded into one object. A Mapper owns one and every
 * call overwrites it, so an MSR mapping allocates nothing.
 */
import { CrushMappingError } from "../../map/errors.js";

export interface MsrRun {
  /** Rule being mapped, its offset in `CompiledMap.steps`, and the input x (for messages too). */
  ruleId: number;
  ruleBase: number;
  x: number;
  resultMax: number;
  /** Local retries of one choice that collided (set_msr_collision_tries). */
  collisionTries: number;
  /** msr_firstn packs the result in emission order; msr_indep writes each item at its position. */
  firstn: boolean;
  result: Int32Array;
  /** Items emitted so far (Ceph's returned_so_far). */
  returned: number;
  /**
   * The block being mapped: its first choosemsr step and its emit step (step numbers within the
   * rule). scratch[(s - blockFirst) * resultMax …] holds what step s chose at each position;
   * the undo vector of nesting level d follows at undoBase + d * resultMax.
   */
  blockFirst: number;
  blockEnd: number;
  undoBase: number;
  scratch: Int32Array;
}

export function createMsrRun(): MsrRun {
  const empty = new Int32Array(0);
  return {
    ruleId: 0, ruleBase: 0, x: 0, resultMax: 0, collisionTries: 0, firstn: false,
    result: empty, returned: 0, blockFirst: 0, blockEnd: 0, undoBase: 0, scratch: empty,
  };
}

/**
 * A rule or map on which Ceph's own mapper stops (an assertion, or a read past its arrays):
 * there is no answer to reproduce, so the mapping is refused by name.
 */
export function msrFault(run: MsrRun, what: string): CrushMappingError {
  return new CrushMappingError(`MSR rule ${run.ruleId}, input x ${run.x}: ${what}; Ceph's mapper aborts here`, run.ruleId);
}
