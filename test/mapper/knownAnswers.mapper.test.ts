/**
 * Known answers for the mapper, one test per algorithm and per rule mode, so that a broken
 * function fails under its own name:
 *
 * - each bucket algorithm against Ceph's own crush_bucket_choose (test/fixtures/known/
 *   buckets.json, recorded from libceph-common by record.sh): the item chosen for x and r;
 * - firstn and indep against crushtool's --show-mappings for the golden maps (test/fixtures/
 *   golden), picked rule by rule for the branch of the search each one drives.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crushtoolWeights } from "../../src/analysis/crushtoolTest.js";
import { loadCrushMap } from "../../src/map/load.js";
import { LEGACY_TUNABLES } from "../../src/map/tunables.js";
import type { BucketAlg, CrushMap } from "../../src/map/types.js";
import { bucketChoose } from "../../src/mapper/bucketChoose.js";
import { listChoose } from "../../src/mapper/buckets/list.js";
import { permChoose } from "../../src/mapper/buckets/perm.js";
import { straw2Choose } from "../../src/mapper/buckets/straw2.js";
import { strawChoose } from "../../src/mapper/buckets/straw.js";
import { treeChoose } from "../../src/mapper/buckets/tree.js";
import { compileMap } from "../../src/mapper/compile.js";
import type { CompiledMap } from "../../src/mapper/compiledMap.js";
import type { RuleContext } from "../../src/mapper/context.js";
import { Mapper } from "../../src/mapper/mapper.js";
import { straw2Kernel } from "../../src/mapper/wasm/straw2Kernel.js";
import { createWorkspace } from "../../src/mapper/workspace.js";
import { createMsrRun } from "../../src/mapper/msr/msrRun.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

interface KnownBucket {
  readonly name: string;
  readonly alg: number;
  readonly strawCalcVersion: number;
  readonly items: readonly number[];
  readonly weights: readonly number[];
  /** [x, [item for r = 0, 1, …]] */
  readonly choices: readonly [number, readonly number[]][];
}

const known = JSON.parse(readFileSync(join(FIXTURES, "known", "buckets.json"), "utf8")) as { buckets: KnownBucket[] };
const ALG_NAME: Record<number, BucketAlg> = { 1: "uniform", 2: "list", 3: "tree", 4: "straw", 5: "straw2" };

/** The recorded bucket as a one-bucket map, compiled; the bucket is index 0 (id -1). */
function compiled(k: KnownBucket): CompiledMap {
  const map: CrushMap = {
    tunables: { ...LEGACY_TUNABLES, strawCalcVersion: k.strawCalcVersion },
    devices: k.items.map((id) => ({ id, name: `osd.${id}` })),
    types: [{ id: 0, name: "osd" }, { id: 1, name: "root" }],
    buckets: [{ id: -1, name: "b", type: 1, alg: ALG_NAME[k.alg]!, hash: 0, items: k.items.map((id, i) => ({ id, weight: k.weights[i]! })) }],
    rules: [],
    classes: [],
    chooseArgs: [],
  };
  return compileMap(map);
}

const byAlg = (alg: BucketAlg): KnownBucket[] => known.buckets.filter((k) => ALG_NAME[k.alg] === alg);

/** Checks `choose(x, r)` against Ceph for every recorded x and r. */
function expectChoices(k: KnownBucket, choose: (x: number, r: number) => number): void {
  expect(k.choices.length).toBeGreaterThanOrEqual(256);
  for (const [x, items] of k.choices) {
    items.forEach((want, r) => expect(choose(x, r), `${k.name}: x ${x} r ${r}`).toBe(want));
  }
}

describe("bucket algorithms (crush_bucket_choose)", () => {
  it("has a recorded bucket of every algorithm", () => {
    expect(new Set(known.buckets.map((k) => ALG_NAME[k.alg]))).toEqual(new Set(["uniform", "list", "tree", "straw", "straw2"]));
  });

  for (const k of byAlg("uniform")) {
    it(`uniform (bucket_perm_choose), ${k.name}: each x and r on a fresh permutation`, () => {
      const cm = compiled(k);
      expectChoices(k, (x, r) => permChoose(cm, createWorkspace(cm), 0, x, r));
    });

    it(`uniform (bucket_perm_choose), ${k.name}: r in any order within one mapping, the permutation built lazily`, () => {
      const cm = compiled(k);
      const work = createWorkspace(cm);
      for (const [x, items] of k.choices) {
        work.gen++; // one mapping call: r = 0 (the shortcut) first, then the rest as the search asks
        items.forEach((want, r) => expect(permChoose(cm, work, 0, x, r), `x ${x} r ${r}`).toBe(want));
        work.gen++;
        for (let r = items.length - 1; r >= 0; r--) expect(permChoose(cm, work, 0, x, r), `x ${x} r ${r} backwards`).toBe(items[r]);
      }
    });
  }

  for (const k of byAlg("list")) {
    it(`list (bucket_list_choose), ${k.name}`, () => {
      const cm = compiled(k);
      expectChoices(k, (x, r) => listChoose(cm, 0, x, r));
    });
  }

  for (const k of byAlg("tree")) {
    it(`tree (bucket_tree_choose), ${k.name}: node weights as crush_make_tree_bucket sets them`, () => {
      const cm = compiled(k);
      expectChoices(k, (x, r) => treeChoose(cm, 0, x, r));
    });
  }

  for (const k of byAlg("straw")) {
    it(`straw (bucket_straw_choose), ${k.name}: straws as crush_calc_straw computes them`, () => {
      const cm = compiled(k);
      expectChoices(k, (x, r) => strawChoose(cm, 0, x, r));
    });
  }

  for (const k of byAlg("straw2")) {
    it(`straw2 (bucket_straw2_choose), ${k.name}: the JavaScript loop`, () => {
      const cm = compiled(k);
      expectChoices(k, (x, r) => straw2Choose(cm, 0, x, r, null, 0, null));
    });

    it(`straw2 (bucket_straw2_choose), ${k.name}: the WebAssembly kernel`, () => {
      const cm = compiled(k);
      const kernel = straw2Kernel(cm);
      if (kernel === null) return; // no WebAssembly SIMD here: the loop above is what runs
      expectChoices(k, (x, r) => straw2Choose(cm, 0, x, r, null, 0, kernel));
    });
  }

  it("bucketChoose sends each bucket to its algorithm", () => {
    for (const k of known.buckets) {
      const cm = compiled(k);
      const ctx: RuleContext = { cm, weight: new Uint32Array(0), weightMax: 0, args: null, chooseTries: null, straw2: null, work: createWorkspace(cm), msr: createMsrRun() };
      expectChoices(k, (x, r) => {
        ctx.work.gen++;
        return bucketChoose(ctx, 0, x, r, 0);
      });
    }
  });
});

interface GoldenCase {
  readonly map: string;
  readonly args: readonly string[];
  readonly stdout: string;
}

const GOLDEN = join(FIXTURES, "golden");
const cases = JSON.parse(readFileSync(join(GOLDEN, "cases.json"), "utf8")) as GoldenCase[];

/** The --show-mappings runs recorded for one rule of a golden map: rule, num-rep, reweights, lines. */
function mappingRuns(mapName: string, rule: number): { numRep: number; weights: Map<number, number>; lines: string[] }[] {
  const runs = [];
  for (const c of cases) {
    if (c.map !== mapName || c.args[0] !== "--test" || !c.args.includes("--show-mappings")) continue;
    const a = [...c.args];
    const at = (flag: string): number | undefined => (a.includes(flag) ? Number(a[a.indexOf(flag) + 1]) : undefined);
    if (at("--rule") !== rule || at("--num-rep") === undefined || at("--min-x") === undefined) continue;
    const allowed = new Set(["--test", "--rule", "--num-rep", "--min-x", "--max-x", "--weight", "--show-mappings"]);
    if (a.some((x) => x.startsWith("--") && !allowed.has(x))) continue;
    const weights = new Map<number, number>();
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== "--weight") continue;
      // crushtool's conversion: through a C float, clamped to 0..1
      const fixed = Math.trunc(Math.fround(Math.fround(Number(a[i + 2])) * 0x10000));
      weights.set(Number(a[i + 1]), Math.min(0x10000, Math.max(0, fixed)));
    }
    const lines = readFileSync(join(GOLDEN, c.stdout), "utf8").split("\n").filter((l) => l.startsWith("CRUSH rule"));
    runs.push({ numRep: at("--num-rep")!, weights, lines });
  }
  return runs;
}

/** Replays every recorded mapping of one rule through a Mapper. */
function expectRuleMappings(mapName: string, rule: number): void {
  const map = loadCrushMap(readFileSync(join(GOLDEN, "maps", `${mapName}.txt`), "utf8"));
  const cm = compileMap(map);
  const runs = mappingRuns(mapName, rule);
  expect(runs.length, `${mapName} rule ${rule}: recorded runs`).toBeGreaterThan(0);
  for (const run of runs) {
    const mapper = new Mapper(cm, { reweight: crushtoolWeights(cm, run.weights) });
    for (const line of run.lines) {
      const m = /^CRUSH rule (\d+) x (-?\d+) \[([\d,]*)\]$/.exec(line)!;
      const want = m[3] === "" ? [] : m[3]!.split(",").map(Number);
      expect(mapper.map(rule, Number(m[2]), run.numRep), `${mapName} rule ${rule} num-rep ${run.numRep} x ${m[2]}`).toEqual(want);
    }
  }
}

/** [map, rule id, what the rule exercises]. */
const FIRSTN: [string, number, string][] = [
  ["01-straw2-flat", 0, "distinct devices of one bucket, a collision retried by a new descent"],
  ["01-straw2-flat", 3, "num -1: one replica fewer than asked"],
  ["15-straw2-hosts", 0, "chooseleaf: one leaf under each chosen host"],
  ["15-straw2-hosts", 2, "choose hosts, then one device in each"],
  ["16-legacy-local-fallback", 0, "legacy tunables: local retries, then the exhaustive permutation fallback, then a new descent"],
  ["16-legacy-local-fallback", 3, "no local tries: every collision goes back to the top"],
  ["16-legacy-local-fallback", 4, "the exhaustive fallback alone (bucket_perm_choose once flocal passes half the bucket)"],
  ["16-legacy-local-fallback", 5, "local retries alone, for collisions only"],
  ["10-tunables-argonaut", 0, "chooseleaf_descend_once 0: a failed leaf search retries inside the host"],
  ["12-tunables-firefly", 0, "chooseleaf_vary_r: the outer r feeds the leaf search"],
  ["14-tunables-jewel", 0, "chooseleaf_stable: the leaf search starts at rep 0 for every replica"],
  ["18-chooseleaf-n-values", 6, "choose firstn -1 hosts, then 2 devices each"],
  ["21-unsatisfiable", 0, "2 hosts for 3 replicas: a short list, the replica given up"],
  ["21-unsatisfiable", 4, "a host whose devices all weigh 0: straw2 always draws the first, every other replica collides until given up"],
  ["34-low-total-tries", 0, "choose_total_tries 2: replicas given up early, short lists"],
];

const INDEP: [string, number, string][] = [
  ["01-straw2-flat", 1, "positions of one bucket, each with its own r sequence"],
  ["02-uniform-flat", 1, "a uniform bucket whose size is a multiple of numrep strides r by numrep + 1"],
  ["02-uniform-flat", 2, "num 3 on a uniform bucket of 6"],
  ["15-straw2-hosts", 1, "chooseleaf indep over hosts"],
  ["20-ec-indep-holes", 0, "more positions than hosts: holes (2147483647) where the search runs out"],
  ["20-ec-indep-holes", 1, "choose 3 racks of 2, then chooseleaf 2 hosts in each: holes in place"],
  ["20-ec-indep-holes", 4, "choose indep devices inside one rack"],
  ["35-lrc-rack-host", 0, "LRC: choose indep racks, then chooseleaf indep hosts in each"],
  ["18-chooseleaf-n-values", 5, "num -2: two positions fewer than asked"],
  ["21-unsatisfiable", 5, "an empty root: every position a hole"],
  ["34-low-total-tries", 1, "choose_total_tries 2: holes once the tries run out"],
];

describe("rule mode firstn (crush_choose_firstn), against crushtool --show-mappings", () => {
  for (const [map, rule, what] of FIRSTN) it(`${what} (${map}, rule ${rule})`, () => expectRuleMappings(map, rule));
});

describe("rule mode indep (crush_choose_indep), against crushtool --show-mappings", () => {
  for (const [map, rule, what] of INDEP) it(`${what} (${map}, rule ${rule})`, () => expectRuleMappings(map, rule));
});
