/**
 * `crushtool -i A --compare B`: maps the same inputs through both maps, rule by rule, and counts
 * the inputs whose device lists differ. Used to check that an edited map (reclassified, retuned)
 * places data exactly where the original did.
 */
import { CrushMapError } from "../map/errors.js";
import type { CrushMap } from "../map/types.js";
import type { CompiledMap } from "../mapper/compiledMap.js";
import { Mapper } from "../mapper/mapper.js";
import { crushtoolWeights, type CrushtoolReport } from "./crushtoolTest.js";
import { ABORT_STATUS, abortMessage, abortsOn, resolveRange, replicaRange, type CrushtoolRange } from "./crushtoolRange.js";
import { formatG } from "./formatFloat.js";

/** crushtool's ranges (rules, sizes and weights taken from the first map), plus: */
export interface CompareOptions extends CrushtoolRange {
  /** Print `rule N dne` for rule ids the first map lacks. */
  readonly showStatistics?: boolean;
}

export interface CompareReport extends CrushtoolReport {
  /** True when every compared mapping agreed (crushtool exits 0; 1 otherwise, 134 when it aborted). */
  readonly equivalent: boolean;
  /** Mismatched and compared mappings per rule id, in rule order. */
  readonly rules: readonly { readonly rule: number; readonly mismatched: number; readonly total: number }[];
}

/**
 * Compares map A with map B (compiled) as crushtool does: rules, rule sizes and the weight
 * vector come from A. Like crushtool, it ignores --pool-id (inputs are mapped as they are) and
 * uses each map's choose_args 0 (falling back to -1). A rule id past the end of B's rules maps
 * to nothing; a rule A has and B lacks below B's last rule throws (crushtool crashes there).
 * The replica counts are those of `opts.release` (default 20): 16.2 ranges over A's rule sizes
 * when no count is given, 18.2 maps the counts as given (no --num-rep is one run of -1 replicas,
 * which map to nothing), and 20.2 aborts on a negative count after the rules it finished.
 *
 * @example
 * const report = compareMaps(a, compileMap(a), compileMap(b), { minRep: 3, maxRep: 3 });
 * report.equivalent; // false when any input maps differently
 */
export function compareMaps(
  mapA: CrushMap,
  compiledA: CompiledMap,
  compiledB: CompiledMap,
  opts: CompareOptions,
): CompareReport {
  const { firstRule: first, lastRule: last, minX, maxX } = resolveRange(opts, compiledA.ruleExists.length);
  const ruleCount = compiledA.ruleExists.length;

  const weight = crushtoolWeights(compiledA, opts.deviceWeights);
  const mapperA = new Mapper(compiledA, { reweight: weight });
  const mapperB = new Mapper(compiledB, { reweight: weight });
  const rulesA = new Map(mapA.rules.map((rule) => [rule.id, rule]));

  const lines: string[] = [];
  const results: { rule: number; mismatched: number; total: number }[] = [];
  let outA = new Int32Array(16);
  let outB = new Int32Array(16);
  for (let r = first; r < ruleCount && r <= last; r++) {
    if (compiledA.ruleExists[r] === 0) {
      if (opts.showStatistics === true) lines.push(`rule ${r} dne`);
      continue;
    }
    // Ceph's crush_do_rule answers nothing for a rule id past the end of B's rule table but
    // dereferences a null rule for a hole in it (crushtool crashes); refuse that case.
    const inB = r < compiledB.ruleExists.length;
    if (inB && compiledB.ruleExists[r] === 0) {
      throw new CrushMapError(`rule ${r} exists in the first map but not in the second`, r);
    }
    const rule = rulesA.get(r)!;
    const [minRep, maxRep] = replicaRange(opts, rule);
    if (outA.length < maxRep) {
      outA = new Int32Array(maxRep);
      outB = new Int32Array(maxRep);
    }
    let bad = 0;
    for (let nr = minRep; nr <= maxRep; nr++) {
      if (abortsOn(opts, nr) && minX <= maxX) return aborted(lines, results, nr);
      for (let x = minX; x <= maxX; x++) {
        const nA = nr > 0 ? mapperA.mapInto(r, x, nr, outA) : 0;
        const nB = nr > 0 && inB ? mapperB.mapInto(r, x, nr, outB) : 0;
        if (!sameVector(outA, nA, outB, nB)) bad++;
      }
    }
    // crushtool computes the total in a C int
    const total = Math.imul(maxRep - minRep + 1, maxX - minX + 1);
    results.push({ rule: r, mismatched: bad, total });
    lines.push(`rule ${r} had ${bad}/${total} mismatched mappings (${formatG(bad / total)})`);
  }
  const equivalent = results.every((res) => res.mismatched === 0);
  if (equivalent) lines.push("maps appear equivalent");
  return {
    stdout: joinLines(lines),
    stderr: equivalent ? "" : "warning: maps are NOT equivalent\n",
    status: equivalent ? 0 : 1,
    equivalent,
    rules: results,
  };
}

/** crushtool 20.2 aborted in the middle: what it printed for the rules it finished. */
function aborted(lines: readonly string[], results: CompareReport["rules"], numRep: number): CompareReport {
  return { stdout: joinLines(lines), stderr: abortMessage(numRep) + "\n", status: ABORT_STATUS, equivalent: false, rules: results };
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

function sameVector(a: Int32Array, na: number, b: Int32Array, nb: number): boolean {
  if (na !== nb) return false;
  for (let i = 0; i < na; i++) if (a[i] !== b[i]) return false;
  return true;
}
