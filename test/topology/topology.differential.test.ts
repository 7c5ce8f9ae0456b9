/**
 * A placement's map and rule are plain Ceph: crushtool compiles the map crushmap prints and maps
 * every key's input to the devices `place` returns. Random topologies from crushmap/testing,
 * replicated, erasure-coded and several copies per domain. Skipped without crushtool.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createNameHasher, createPlacement, ITEM_NONE, printCrushText, type PlacementOptions } from "../../src/index.js";
import { arbitraryTopology } from "../../src/testing/index.js";
import { crushtool, crushtoolCompile, hasCrushtool, SKIP_MESSAGE, tempText } from "../support/crushtool.js";

const hasher = await createNameHasher();
const INPUTS = 500;

describe.skipIf(!hasCrushtool)("placement maps against crushtool", () => {
  const cases: [string, PlacementOptions][] = [
    ["3 replicas, one per zone", { replicas: 3, failureDomain: "zone", hasher }],
    ["2 replicas, one per node", { replicas: 2, failureDomain: "node", hasher }],
    ["erasure 2+1, one shard per zone", { k: 2, m: 1, failureDomain: "zone", hasher }],
    ["6 replicas, two per zone on distinct nodes", { replicas: 6, failureDomain: "zone", perDomain: 2, hasher }],
    ["erasure 4+2, two shards per zone", { k: 4, m: 2, failureDomain: "zone", perDomain: 2, hasher }],
  ];
  for (const [name, options] of cases) {
    it(`${name}: crushtool maps every key's input where place() puts it`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryTopology({ minDomains: 3, minChildren: 2, weights: "skewed" }), async (t) => {
          const p = await createPlacement(t, options);
          const bin = crushtoolCompile(tempText(printCrushText(p.crushMap, { release: 16 }))) // the installed crushtool is 16.2;
          // a range of inputs in one run, and a few keys' own inputs
          const range = crushtool(["-i", bin, "--test", "--rule", "0", "--num-rep", String(p.size), "--min-x", "0", "--max-x", String(INPUTS - 1), "--show-mappings"]);
          expect(range.status).toBe(0);
          const expected = range.stdout.trim().split("\n");
          const out = new Int32Array(p.size);
          const ours: string[] = [];
          for (let x = 0; x < INPUTS; x++) ours.push(`CRUSH rule 0 x ${x} [${Array.from(out.subarray(0, p.placeInputInto(x, out))).join(",")}]`);
          for (const key of ["ключ/photos/cat.jpg"]) {
            const x = p.inputOf(key) | 0;
            const r = crushtool(["-i", bin, "--test", "--rule", "0", "--num-rep", String(p.size), "--min-x", String(x), "--max-x", String(x), "--show-mappings"]);
            expect(r.status).toBe(0);
            expected.push(r.stdout.trim());
            const ids = p.place(key).map((d) => (d === null ? ITEM_NONE : t.node(d)!.id));
            ours.push(`CRUSH rule 0 x ${x} [${ids.join(",")}]`);
          }
          expect(ours).toEqual(expected);
        }),
        { numRuns: 2, seed: 11 },
      );
    });
  }
});

describe.skipIf(hasCrushtool)("placement maps against crushtool", () => {
  it.skip(SKIP_MESSAGE, () => undefined);
});
