/**
 * What reclassify is for: moving a legacy map to device classes moves no data. On random legacy
 * maps (straw2 buckets, bucket weights that are the sums of their items, as Ceph's own
 * reclassify.t asks for equivalence) the reclassified map maps every input of every rule exactly
 * as the original, and comes back frozen with the input untouched.
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
});
