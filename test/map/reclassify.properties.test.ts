/**
 * What reclassify is for: moving a legacy map to device classes moves no data. On random legacy
 * maps (straw2 buckets, bucket weights that are the sums of their items, as Ceph's own
 * reclassify.t asks for equivalence) the reclassified map maps every input of every rule exactly
 * as the original, and comes back frozen with the input untouched. So it does through weight sets
 * (choose_args), as far as Ceph carries them: a compat set of one position whose bucket weights are
 * the sums of their items' (as Ceph's balancer keeps it) maps the same after a root is
 * reclassified; moving devices into other buckets (--reclassify-bucket) gives them their crush
 * weight in the weight set (insert_item does), so that keeps mappings when that was their weight.
 * With more than one position Ceph's shadow copies weigh their child copies 0 at every position
 * but the last: not equivalent, in crushtool as here (reclassify.weightSets.differential.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMaps } from "../../src/analysis/compareMaps.js";
import { compileMap } from "../../src/mapper/compile.js";
import { reclassify } from "../../src/map/reclassify/reclassify.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { legacyMap } from "../support/legacyClassMap.js";
import { weightSetText, withWeightSets, type WeightSetTextOptions } from "../support/weightSetText.js";
import type { CrushMap } from "../../src/map/types.js";
import type { ReclassifyOptions } from "../../src/map/reclassify/reclassify.js";

describe("reclassify never changes a mapping", () => {
  it("the classified map places every input as the legacy one (compare says equivalent)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 2, 3), (seed, numRep) => {
        const m = legacyMap(seed, { straw2Only: true, tidy: true });
        const map = parseCrushText(m.text);
        const before = encodeCrushMap(map, { release: 16 });
        const { map: next, report } = reclassify(map, {
          subtreeClasses: [{ bucket: "default", class: "hdd" }],
          roots: [{ root: "default", class: "hdd" }],
          buckets: [
            { match: m.ssdMatch, class: "ssd", defaultParent: "default" },
            { match: "ssd", class: "ssd", defaultParent: "default" },
          ],
        });
        expect(report[0]).toMatch(/^classify_root default \(-\d+\) as hdd$/);
        expect(Object.isFrozen(next)).toBe(true);
        expect(encodeCrushMap(map, { release: 16 })).toEqual(before);
        // every take now names a class
        for (const rule of next.rules) for (const s of rule.steps) if (s.op === "take") expect(s.class).toBeDefined();
        const cmp = compareMaps(map, compileMap(map), compileMap(next), { minRep: numRep, maxRep: numRep, minX: 0, maxX: 255 });
        expect(cmp.stdout).not.toContain("NOT");
        expect(cmp.equivalent).toBe(true);
        // and what it writes reads back as the same map
        expect(decodeCrushMap(encodeCrushMap(next, { release: 16 }))).toEqual(next);
      }),
      { numRuns: 60 },
    );
  });

  it("reclassifying a root maps the same through a compat weight set whose buckets weigh their items' sum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 2, 3), (seed, numRep) => {
        const { map } = weighted(seed, { positions: [1], summed: true });
        expect(map.chooseArgs.length).toBeGreaterThan(0);
        const options = { subtreeClasses: [{ bucket: "default", class: "hdd" }], roots: [{ root: "default", class: "hdd" }] };
        expectSameMappings(map, options, numRep);
      }),
      { numRuns: 40 },
    );
  });

  it("the whole reclassify maps the same through a compat weight set that gives the moved devices their crush weight", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 2, 3), (seed, numRep) => {
        // the devices of the ssd buckets move into their base buckets; the others keep their own weights
        const moved = (bucket: string) => (bucket.startsWith("ssd-") || bucket.endsWith("-ssd") ? "crush" : "random");
        const { map, ssdMatch } = weighted(seed, { positions: [1], summed: true, deviceWeights: moved });
        expectSameMappings(map, {
          subtreeClasses: [{ bucket: "default", class: "hdd" }],
          roots: [{ root: "default", class: "hdd" }],
          buckets: [
            { match: ssdMatch, class: "ssd", defaultParent: "default" },
            { match: "ssd", class: "ssd", defaultParent: "default" },
          ],
        }, numRep);
      }),
      { numRuns: 40 },
    );
  });
});

/** A tidy legacy map with random weight sets. */
function weighted(seed: number, ws: WeightSetTextOptions): { map: CrushMap; ssdMatch: string } {
  const m = legacyMap(seed, { straw2Only: true, tidy: true });
  return { map: parseCrushText(withWeightSets(m.text, weightSetText(parseCrushText(m.text), seed, ws))), ssdMatch: m.ssdMatch };
}

function expectSameMappings(map: CrushMap, options: ReclassifyOptions, numRep: number): void {
  const before = encodeCrushMap(map, { release: 16 });
  const { map: next } = reclassify(map, options);
  expect(Object.isFrozen(next)).toBe(true);
  expect(encodeCrushMap(map, { release: 16 })).toEqual(before);
  // the weight sets went along: the classified map still has them, for its shadow copies too
  expect(next.chooseArgs.length).toBe(map.chooseArgs.length);
  const cmp = compareMaps(map, compileMap(map), compileMap(next), { minRep: numRep, maxRep: numRep, minX: 0, maxX: 255 });
  expect(cmp.stdout).not.toContain("NOT");
  expect(cmp.equivalent).toBe(true);
  expect(decodeCrushMap(encodeCrushMap(next, { release: 16 }))).toEqual(next);
}
