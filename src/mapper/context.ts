/**
 * What one mapping call needs besides the input: the compiled map, the device reweight vector,
 * the choose_args set in force, the mapper's scratch, and optionally a histogram of retries
 * (crushtool's --show-choose-tries). Built once per Mapper and reused for every call.
 */
import type { CompiledChooseArgs, CompiledMap } from "./compiledMap.js";
import type { MsrRun } from "./msr/msrRun.js";
import type { Straw2Kernel } from "./wasm/straw2Kernel.js";
import type { Workspace } from "./workspace.js";

export interface RuleContext {
  readonly cm: CompiledMap;
  /** 16.16 reweight per device id (0x10000 = fully in). */
  readonly weight: ArrayLike<number>;
  readonly weightMax: number;
  readonly args: CompiledChooseArgs | null;
  /** When set, counts how many tries each successful choice took (index = tries). */
  readonly chooseTries: Float64Array | null;
  /** straw2 on WebAssembly SIMD for this map, when the engine has it. */
  readonly straw2: Straw2Kernel | null;
  /** The mapper's own permutation scratch (the compiled map holds none). */
  readonly work: Workspace;
  /** The MSR interpreter's per-call state, owned by the caller and reused. */
  readonly msr: MsrRun;
}

/** Ceph's marker for an indep slot still being filled. */
export const ITEM_UNDEF = 0x7ffffffe;
export { ITEM_NONE } from "../map/types.js";
