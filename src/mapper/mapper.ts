/**
 * The mapping API: a Mapper binds a compiled map to a reweight vector and a choose_args set,
 * owns the scratch buffers (the permutation workspace and the rule's working vectors), and
 * answers "which devices hold input x under rule R with N replicas" without allocating on the
 * fast paths. Mappers never write to the compiled map, so several can share one.
 */
import { CrushMappingError } from "../map/errors.js";
import type { CrushMap } from "../map/types.js";
import { compileMap } from "./compile.js";
import type { CompiledChooseArgs, CompiledMap } from "./compiledMap.js";
import { ITEM_NONE, type RuleContext } from "./context.js";
import { doRule, ruleScratchSize } from "./doRule.js";
import { createMsrRun } from "./msr/msrRun.js";
import { straw2Kernel } from "./wasm/straw2Kernel.js";
import { createWorkspace } from "./workspace.js";

/**
 * The largest replica count a single mapping may ask for (2^18). crushtool takes any count but
 * keeps the result and its work space on the stack, so with Linux's 8 MiB stack it crashes
 * somewhere between 4e5 and 1e6; every count it maps, this one maps too.
 *
 * @group Mapping
 */
export const MAX_RESULT = 1 << 18;

/**
 * Ceph's id of the default choose_args set.
 *
 * @group Mapping
 */
export const DEFAULT_CHOOSE_ARGS = -1;

/**
 * How a {@link Mapper} maps: the reweight vector, the choose_args set, and whether to count tries.
 *
 * @group Mapping
 */
export interface MapperOptions {
  /**
   * Reweight per device id in 16.16 fixed point (0x10000 = in, 0 = out, in between: kept for
   * that fraction of inputs). Defaults to what crushtool uses: 0x10000 for every device that
   * sits in some bucket, 0 for the rest.
   */
  readonly reweight?: ArrayLike<number>;
  /**
   * The choose_args set to use. As in Ceph, a missing id falls back to the default set (-1),
   * and no set at all means the buckets' own weights. Default: 0, crushtool's choice.
   */
  readonly chooseArgs?: number;
  /** Collect crushtool's --show-choose-tries histogram (slower). */
  readonly collectChooseTries?: boolean;
}

/**
 * CRUSH's `crush_do_rule`: which devices hold input x under rule R with N replicas, the answer
 * `crushtool --test` and Ceph's OSDs give for the same map, reweight vector and choose_args.
 *
 * A Mapper binds a map (compiled once, on construction) to a reweight vector and a choose_args
 * set, and owns the scratch buffers, so mapping allocates nothing on the fast paths
 * (`mapInto`, `mapRange`). It never writes to the compiled map: several mappers can share one.
 *
 * @group Mapping
 *
 * @throws {@link CrushMapError} from the constructor when the map does not compile (and
 * {@link CrushMappingError} for a bucket hash other than rjenkins1), and
 * {@link CrushMappingError} when the reweight vector is malformed, or a mapping names a rule that
 * does not exist, a replica count outside 0..{@link MAX_RESULT}, an input that is not a 32-bit
 * integer or an output buffer too small.
 *
 * @example
 * ```ts
 * const mapper = new Mapper(parseCrushText(text));
 * mapper.map(0, 1234, 3); // e.g. [4, 1, 7]: the devices of input 1234 under rule 0
 *
 * const out = new Int32Array(3 * 1024);
 * mapper.mapRange(0, 3, 0, 1024, out); // inputs 0..1023, three slots each
 * ```
 */
export class Mapper {
  /** The compiled map this mapper walks. */
  readonly compiled: CompiledMap;
  /** The reweight vector in force (16.16 per device id). */
  readonly reweight: Uint32Array;
  /** Histogram of tries per successful choice, when collected. */
  readonly chooseTries: Float64Array | null;
  private readonly ctx: RuleContext;
  private scratch: Int32Array;
  private result = new Int32Array(16);

  constructor(map: CrushMap | CompiledMap, options: MapperOptions = {}) {
    const cm = isCompiled(map) ? map : compileMap(map);
    this.compiled = cm;
    this.reweight = options.reweight === undefined ? defaultReweight(cm) : checkReweight(options.reweight);
    this.chooseTries = options.collectChooseTries === true ? chooseTriesHistogram(cm) : null;
    this.ctx = {
      cm,
      weight: this.reweight,
      weightMax: this.reweight.length,
      args: pickChooseArgs(cm, options.chooseArgs ?? 0),
      chooseTries: this.chooseTries,
      straw2: straw2Kernel(cm),
      work: createWorkspace(cm),
      msr: createMsrRun(),
    };
    this.scratch = new Int32Array(ruleScratchSize(cm, 16));
  }

  /**
   * Maps x through rule `ruleId` for `numRep` replicas into `out` (which must hold numRep
   * entries) and returns the number of entries written. indep rules leave holes as ITEM_NONE
   * (2147483647); firstn rules return fewer entries when they cannot place every replica.
   */
  mapInto(ruleId: number, x: number, numRep: number, out: Int32Array): number {
    this.check(ruleId, x, numRep);
    if (out.length < numRep) throw new CrushMappingError(`output buffer holds ${out.length} entries, need ${numRep}`);
    this.ensure(numRep);
    return doRule(this.ctx, ruleId, x | 0, out, numRep, this.scratch);
  }

  /** Like `mapInto`, returning a fresh array. */
  map(ruleId: number, x: number, numRep: number): number[] {
    this.check(ruleId, x, numRep);
    this.ensure(numRep);
    const n = doRule(this.ctx, ruleId, x | 0, this.result, numRep, this.scratch);
    return Array.from(this.result.subarray(0, n));
  }

  /**
   * Maps `count` consecutive inputs starting at `firstX` into `out`, numRep slots per input
   * (unused slots of short firstn results are ITEM_NONE). `lengths`, if given, receives each
   * result's length.
   */
  mapRange(ruleId: number, numRep: number, firstX: number, count: number, out: Int32Array, lengths?: Uint8Array | Uint16Array): void {
    this.check(ruleId, firstX, numRep);
    if (!Number.isInteger(count) || count < 0) throw new CrushMappingError(`count ${count} is not a non-negative integer`);
    if (out.length < count * numRep) throw new CrushMappingError(`output buffer holds ${out.length} entries, need ${count * numRep}`);
    this.ensure(numRep);
    const res = this.result;
    for (let i = 0; i < count; i++) {
      const n = doRule(this.ctx, ruleId, (firstX + i) | 0, res, numRep, this.scratch);
      const base = i * numRep;
      for (let k = 0; k < n; k++) out[base + k] = res[k]!;
      for (let k = n; k < numRep; k++) out[base + k] = ITEM_NONE;
      if (lengths !== undefined) lengths[i] = n;
    }
  }

  private check(ruleId: number, x: number, numRep: number): void {
    const cm = this.compiled;
    if (!Number.isInteger(ruleId) || ruleId < 0 || ruleId >= cm.ruleExists.length || cm.ruleExists[ruleId] === 0) {
      throw new CrushMappingError(`rule ${String(ruleId)} does not exist`, ruleId);
    }
    if (!Number.isInteger(numRep) || numRep < 0 || numRep > MAX_RESULT) {
      throw new CrushMappingError(`num-rep ${String(numRep)} is outside 0..${MAX_RESULT}`, numRep);
    }
    if (!Number.isInteger(x) || x < -0x80000000 || x > 0xffffffff) {
      throw new CrushMappingError(`input x ${String(x)} is not a 32-bit integer`, x);
    }
  }

  private ensure(numRep: number): void {
    if (this.result.length < numRep) {
      this.result = new Int32Array(numRep);
      this.scratch = new Int32Array(ruleScratchSize(this.compiled, numRep));
    }
  }
}

function isCompiled(map: CrushMap | CompiledMap): map is CompiledMap {
  return (map as CompiledMap).steps instanceof Int32Array;
}

/**
 * Most device ids a default reweight vector covers (64 MiB). Ceph's vector, like this one, has
 * an entry per id up to max_devices; crushtool needs 23 GB for a map whose one device has id
 * 2e9. Beyond this many ids, pass `reweight` (it may be shorter: devices past its end are out).
 */
const MAX_DEFAULT_REWEIGHT = 1 << 24;

/** crushtool's default reweight vector: devices present in some bucket are in, others out. */
export function defaultReweight(cm: CompiledMap): Uint32Array {
  if (cm.maxDevices > MAX_DEFAULT_REWEIGHT) {
    throw new CrushMappingError(
      `the map's largest device id is ${cm.maxDevices - 1}: a default reweight vector covers ids below ${MAX_DEFAULT_REWEIGHT}; pass one`,
      cm.maxDevices - 1,
    );
  }
  const w = new Uint32Array(cm.maxDevices);
  for (let b = 0; b < cm.maxBuckets; b++) {
    const start = cm.start[b]!;
    for (let i = 0; i < cm.size[b]!; i++) {
      const item = cm.items[start + i]!;
      if (item >= 0) w[item] = 0x10000;
    }
  }
  return w;
}

function checkReweight(reweight: ArrayLike<number>): Uint32Array {
  const w = new Uint32Array(reweight.length);
  for (let i = 0; i < reweight.length; i++) {
    const v = reweight[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new CrushMappingError(`reweight of device ${i} is ${String(v)}, not a 16.16 value`, i);
    }
    w[i] = v;
  }
  return w;
}

/** Most counters a choose-tries histogram may have (crushtool would allocate one per try). */
const MAX_HISTOGRAM = 1 << 20;

/** One counter per number of tries, 0..choose_total_tries, as crushtool's --show-choose-tries. */
function chooseTriesHistogram(cm: CompiledMap): Float64Array {
  if (cm.chooseTotalTries >= MAX_HISTOGRAM) {
    throw new CrushMappingError(
      `choose_total_tries ${cm.chooseTotalTries} is too large to collect choose tries (limit ${MAX_HISTOGRAM - 1})`,
      "choose_total_tries",
    );
  }
  return new Float64Array(cm.chooseTotalTries + 1);
}

function pickChooseArgs(cm: CompiledMap, id: number): CompiledChooseArgs | null {
  return cm.chooseArgs.get(id) ?? cm.chooseArgs.get(DEFAULT_CHOOSE_ARGS) ?? null;
}
