/**
 * The Ceph rows of the comparison are exactly Ceph: each flat bucket placer gives what the
 * Mapper gives on the same map written by hand in Ceph's text format, and what crushtool --test
 * prints for its own map (where crushtool is installed); the chooseleaf placer never puts two
 * replicas in one failure domain.
 */
import { describe, expect, it } from "vitest";
import type { BucketAlg } from "../../src/map/types.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { printCrushText } from "../../src/map/text/print.js";
import { Mapper } from "../../src/mapper/mapper.js";
import { SpreadError } from "../../src/spread/errors.js";
import { CephBucketPlacer } from "../../src/spread/reference/cephBucket.js";
import { CephChooseleafPlacer } from "../../src/spread/reference/cephChooseleaf.js";
import { crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";
import { standInUnless } from "../support/standIn.js";

const ALGS: readonly BucketAlg[] = ["uniform", "list", "tree", "straw", "straw2"];
/** Weights exact in 16.16, one device weightless (left out of the bucket). */
const WEIGHTS = [1, 1.5, 0, 2.25, 3, 0.5, 1, 4, 2, 1.25, 0.75, 2];

const OPTIMAL = [
  "tunable choose_local_tries 0",
  "tunable choose_local_fallback_tries 0",
  "tunable choose_total_tries 50",
  "tunable chooseleaf_descend_once 1",
  "tunable chooseleaf_vary_r 1",
  "tunable chooseleaf_stable 1",
  "tunable straw_calc_version 1",
  "tunable allowed_bucket_algs 54",
].join("\n");

/** The flat map in Ceph's text format, written here rather than by the builder. */
function flatText(alg: BucketAlg, weights: readonly number[]): string {
  // a tree keeps weightless leaves in place (Ceph removes a tree item by zeroing it)
  const live = weights.map((w, d) => [d, w] as const).filter(([, w]) => w > 0 || alg === "tree");
  const items = live.map(([d, w]) => `\titem osd.${d} weight ${(alg === "uniform" ? 1 : w).toFixed(5)}`).join("\n");
  return `${OPTIMAL}
${live.map(([d]) => `device ${d} osd.${d}`).join("\n")}
type 0 osd
type 11 root
root flat {
\tid -1
\talg ${alg}
\thash 0
${items}
}
rule flat {
\tid 0
\ttype replicated
\tstep take flat
\tstep choose firstn 0 type osd
\tstep emit
}
`;
}

function placements(placer: { place(x: number, n: number, out: Int32Array): number }, numRep: number, inputs: number): string[] {
  const out = new Int32Array(numRep);
  const lines: string[] = [];
  for (let x = 0; x < inputs; x++) lines.push(`CRUSH rule 0 x ${x} [${Array.from(out.subarray(0, placer.place(x, numRep, out))).join(",")}]`);
  return lines;
}

describe("the Ceph bucket placers", () => {
  for (const alg of ALGS) {
    it(`place as the Mapper does on a hand-written flat ${alg} map`, () => {
      const placer = new CephBucketPlacer(WEIGHTS, alg);
      const mapper = new Mapper(parseCrushText(flatText(alg, WEIGHTS)));
      const out = new Int32Array(3);
      for (let x = 0; x < 2000; x++) {
        const n = placer.place(x, 3, out);
        expect(Array.from(out.subarray(0, n))).toEqual(mapper.map(0, x, 3));
      }
    });
  }

  it("keep a removed device as a weightless leaf in a tree, so the other leaves keep their places", () => {
    const removed = [...WEIGHTS];
    removed[3] = 0;
    const before = new CephBucketPlacer(WEIGHTS, "tree");
    const after = new CephBucketPlacer(removed, "tree");
    expect(after.map.buckets[0]!.items.map((i) => i.id)).toEqual(before.map.buckets[0]!.items.map((i) => i.id));
    expect(after.map.buckets[0]!.items[3]!.weight).toBe(0);
    // a tree moves data along the removed leaf's path (the node weights above it change), so some
    // inputs move between other leaves too, but only those whose descent crossed that path
    const a = new Int32Array(1);
    const b = new Int32Array(1);
    let strays = 0;
    for (let x = 0; x < 3000; x++) {
      before.place(x, 1, a);
      after.place(x, 1, b);
      expect(b[0]).not.toBe(3);
      if (a[0] !== 3 && b[0] !== a[0]) strays++;
    }
    expect(strays).toBeLessThan(3000 / 6);
  });

  it("spread straw2 replicas by weight (first replicas, generous bounds)", () => {
    const placer = new CephBucketPlacer(WEIGHTS, "straw2");
    const counts = new Float64Array(WEIGHTS.length);
    const out = new Int32Array(1);
    const inputs = 40000;
    for (let x = 0; x < inputs; x++) {
      placer.place(x, 1, out);
      counts[out[0]!]!++;
    }
    const total = WEIGHTS.reduce((a, b) => a + b, 0);
    for (let d = 0; d < WEIGHTS.length; d++) {
      const expected = (inputs * WEIGHTS[d]!) / total;
      expect(Math.abs(counts[d]! - expected)).toBeLessThanOrEqual(5 * Math.sqrt(expected) + 1);
    }
  });

  it("scale weights above Ceph's 32767 down, the same for every device", () => {
    const big = new CephBucketPlacer([1e6, 2e6], "straw2");
    const weights = big.map.buckets[0]!.items.map((i) => i.weight);
    expect(weights[1]! / weights[0]!).toBeCloseTo(2, 4);
    expect(() => new CephBucketPlacer([1, 2], "straw2", { weightScale: 1e5 })).toThrow(SpreadError);
  });
});

describe("the chooseleaf placer", () => {
  const domains = WEIGHTS.map((_, d) => d % 4);

  it("never puts two replicas in one failure domain", () => {
    const placer = new CephChooseleafPlacer(WEIGHTS, domains);
    const out = new Int32Array(3);
    for (let x = 0; x < 3000; x++) {
      expect(placer.place(x, 3, out)).toBe(3);
      expect(new Set(Array.from(out).map((d) => domains[d]))).toHaveProperty("size", 3);
    }
  });

  it("keeps a domain's bucket id when other domains come and go", () => {
    const a = new CephChooseleafPlacer(WEIGHTS, domains).map;
    const b = new CephChooseleafPlacer([...WEIGHTS, 1], [...domains, 9]).map;
    const ids = (m: typeof a) => new Map(m.buckets.map((bk) => [bk.name, bk.id]));
    for (const [name, id] of ids(a)) expect(ids(b).get(name)).toBe(id);
  });

  it("rejects domains that do not match the devices", () => {
    expect(() => new CephChooseleafPlacer([1, 1], [0])).toThrow(SpreadError);
    expect(() => new CephChooseleafPlacer([1, 1], [0, -1])).toThrow(/domain -1/);
    expect(() => new CephChooseleafPlacer([1, 1], [0, 0.5])).toThrow(SpreadError);
  });
});

describe.skipIf(!hasCrushtool)("the Ceph placers against crushtool", () => {
  const cases: [string, { map: Parameters<typeof printCrushText>[0]; place(x: number, n: number, out: Int32Array): number }][] = [
    ...ALGS.map((alg) => [alg, new CephBucketPlacer(WEIGHTS, alg)] as [string, CephBucketPlacer]),
    ["chooseleaf", new CephChooseleafPlacer(WEIGHTS, WEIGHTS.map((_, d) => d % 4))],
  ];
  for (const [name, placer] of cases) {
    it(`gives crushtool's --show-mappings for the ${name} map`, () => {
      const bin = crushtoolCompile(tempText(printCrushText(placer.map, { release: "16" })));
      const r = crushtool(["-i", bin, "--test", "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", "999", "--show-mappings"]);
      expect(r.status).toBe(0);
      expect(placements(placer, 3, 1000)).toEqual(r.stdout.trim().split("\n"));
    });
  }
});

standInUnless(hasCrushtool, "the Ceph placers against crushtool", SKIP_MESSAGE);
