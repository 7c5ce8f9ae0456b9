/**
 * One fuzz case: generated from (seed, index), loaded through the public entry points, and, if
 * it loads, mapped. What counts as a finding:
 * - an error that is not one of the library's typed errors (a TypeError, RangeError, …);
 * - a mapping that returns an item the map does not have (not a declared device, not a bucket,
 *   not CRUSH_ITEM_NONE, not what a `take` step names);
 * - (found by the campaign, not here) a case that runs past its time or memory bound.
 */
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { CrushmapError } from "../../src/hash/crushmapError.js";
import { mapFromJSON } from "../../src/map/json.js";
import { loadCrushMap } from "../../src/map/load.js";
import type { CrushMap } from "../../src/map/types.js";
import { ITEM_NONE, SET_STEP_OPS } from "../../src/map/types.js";
import { Mapper } from "../../src/mapper/mapper.js";
import type { Corpus } from "./corpus.js";
import { mutateBinary, mutateJson, mutateText } from "./mutate.js";
import { Rng } from "./random.js";

export type CaseKind = "text" | "binary" | "json";

export interface FuzzCase {
  readonly index: number;
  readonly kind: CaseKind;
  readonly data: string | Uint8Array;
  readonly note: string;
}

export interface CaseOutcome {
  /** loaded and mapped; refused with a typed error; or a finding. */
  readonly status: "mapped" | "refused" | "finding";
  readonly detail?: string;
}

export function makeCase(corpus: Corpus, seed: number, index: number): FuzzCase {
  const rng = Rng.forCase(seed, index);
  const r = rng.int(10);
  const kind: CaseKind = r < 5 ? "text" : r < 8 ? "binary" : "json";
  const m = kind === "text" ? mutateText(rng, corpus) : kind === "binary" ? mutateBinary(rng, corpus) : mutateJson(rng, corpus);
  return { index, kind, data: m.data, note: m.note };
}

/** The library's typed errors: every one derives from `CrushmapError`. */
export function isLibraryError(e: unknown): boolean {
  return e instanceof CrushmapError;
}

/**
 * How many draws the map's rules may make for one input, roughly: the largest replica count of
 * a choose step (at least the 6 replicas asked for) times the largest tries value (tunables and
 * `set_*` steps). Ceph draws as often — its loops are the same — so a case past its time bound
 * with a large value here is as slow as Ceph and not a finding (the campaign counts it as
 * "slow like Ceph"): `chooseleaf firstn 2147483647` on two hosts runs 2^31 rounds in crushtool.
 */
export function costBound(map: CrushMap): number {
  const t = map.tunables;
  let tries = Math.max(t.chooseTotalTries + 1, t.chooseLocalTries, t.chooseLocalFallbackTries);
  let count = 6;
  const sets: readonly string[] = SET_STEP_OPS;
  for (const r of map.rules) {
    for (const s of r.steps) {
      if (sets.includes(s.op)) tries = Math.max(tries, (s as { value: number }).value);
      if (s.op === "choose" || s.op === "chooseleaf") count = Math.max(count, Math.abs(s.num));
    }
  }
  return count * Math.max(1, tries);
}

/** Runs one case; `beforeMapping` is told the map's cost bound before any mapping starts. */
export function runCase(c: FuzzCase, beforeMapping: (cost: number) => void): CaseOutcome {
  let map: CrushMap;
  try {
    map = c.kind === "json" ? mapFromJSON(JSON.parse(c.data as string)) : loadCrushMap(c.data);
  } catch (e) {
    if (c.kind === "json" && e instanceof SyntaxError) return { status: "refused" };
    if (!isLibraryError(e)) return untyped("load", e);
    return c.kind === "binary" ? unvalidated(c.data as Uint8Array, beforeMapping) : { status: "refused" };
  }
  beforeMapping(costBound(map));
  const bad = checkMappings(map, false);
  if (bad !== undefined) return bad;
  return c.kind === "binary" ? unvalidated(c.data as Uint8Array, beforeMapping) : { status: "mapped" };
}

/** A binary that decodes goes to the mapper without validation too: `new Mapper(decodeCrushMap(b))`. */
function unvalidated(bytes: Uint8Array, beforeMapping: (cost: number) => void): CaseOutcome {
  let map: CrushMap;
  try {
    map = decodeCrushMap(bytes);
  } catch (e) {
    return isLibraryError(e) ? { status: "refused" } : untyped("decode", e);
  }
  beforeMapping(costBound(map));
  return checkMappings(map, true) ?? { status: "mapped" };
}

function untyped(phase: string, e: unknown): CaseOutcome {
  const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e);
  return { status: "finding", detail: `untyped error in ${phase}: ${what}` };
}

const XS = 12;

/** Maps a few inputs through every rule (at most 6) with 1, 3 and 6 replicas; checks the items. */
function checkMappings(map: CrushMap, unchecked: boolean): CaseOutcome | undefined {
  let mapper: Mapper;
  try {
    mapper = new Mapper(map);
  } catch (e) {
    return isLibraryError(e) ? { status: "refused" } : untyped(unchecked ? "compile (unvalidated)" : "compile", e);
  }
  const allowed = new Set<number>([ITEM_NONE, ...map.devices.map((d) => d.id), ...mapper.compiled.bucketId]);
  for (const r of map.rules) for (const s of r.steps) if (s.op === "take") allowed.add(s.item);
  for (const rule of map.rules.slice(0, 6)) {
    for (const numRep of [1, 3, 6]) {
      for (let x = 0; x < XS; x++) {
        let got: number[];
        try {
          got = mapper.map(rule.id, x, numRep);
        } catch (e) {
          if (isLibraryError(e)) continue;
          return untyped(`map rule ${rule.id} x ${x} num-rep ${numRep}`, e);
        }
        for (const item of got) {
          if (!allowed.has(item)) {
            return { status: "finding", detail: `rule ${rule.id} x ${x} num-rep ${numRep} gave ${item}, not an item of the map: [${got}]` };
          }
        }
      }
    }
  }
  return undefined;
}
