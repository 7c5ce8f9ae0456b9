/**
 * Properties of crushtool's edits as library operations: whatever edit is asked of whatever map,
 * the result is a valid, frozen map and the input is untouched; a refused edit leaves nothing
 * half-done (the CLI then writes no file).
 */
import fc from "fast-check";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildLayers } from "../../src/map/buildLayers.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { fullLocation } from "../../src/map/location.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { validateMap } from "../../src/map/validate.js";
import { crushmapCli } from "../support/crushtool.js";
import { randomMap } from "../support/randomMap.js";

const ALGS = ["uniform", "list", "tree", "straw", "straw2"];

describe("crushtool's edits keep maps valid", () => {
  it("--build makes a valid frozen map whose devices all sit under the first root", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(fc.tuple(fc.constantFrom(...ALGS), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 4 }), (n, spec) => {
        const layers = spec.map(([alg, size], i) => ({ name: `t${i}`, alg, size }));
        const map = buildLayers(n, layers);
        expect(Object.isFrozen(map)).toBe(true);
        validateMap(map);
        expect(map.devices.length).toBe(n);
        const last = layers[layers.length - 1]!;
        if (last.size === 0) for (const d of map.devices) expect(fullLocation(map, d.id).map(([t]) => t)).toContain(last.name);
      }),
      { numRuns: 200 },
    );
  });

  it("reweighting, tunables and rule edits return a new valid map and leave the input as it was", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.nat(), (seed, w, pick) => {
        const map = parseCrushText(randomMap(seed).text);
        fc.pre(map.devices.length > 0); // some random maps hold no device to reweight
        const before = JSON.stringify(map);
        const device = map.devices[pick % map.devices.length]!;
        const root = map.buckets.find((b) => fullLocation(map, b.id).length === 0)!;
        const b = CrushMapBuilder.from(map).reweight(device.name, w / 1000).setTunables({ chooseTotalTries: 1 + (pick % 100) });
        try {
          b.createReplicatedRule("edited", root.name, map.types[pick % map.types.length]!.name);
        } catch {
          // a taken name or a type the root cannot hold: refused, and the builder is unchanged
        }
        const out = b.build();
        expect(Object.isFrozen(out)).toBe(true);
        validateMap(out);
        expect(JSON.stringify(map)).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it("never writes a file when an edit is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "crushtool-edit-"));
    const input = join(dir, "in.txt");
    writeFileSync(input, randomMap(7).text);
    const refused = [
      ["--reweight-item", "no-such", "1"],
      ["--create-replicated-rule", "x", "no-such-root", "host"],
      ["--create-replicated-rule", "x", "default", "no-such-type"],
      ["--create-replicated-rule", "x", "default", "host", "--device-class", "no-such-class"],
    ];
    for (const edit of refused) {
      const r = crushmapCli(["-i", input, ...edit, "-o", join(dir, "out.bin")]);
      expect(r.status).not.toBe(0);
    }
    expect(readdirSync(dir)).toEqual(["in.txt"]);
  });
});
