import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapError } from "../../src/map/errors.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { printCrushText } from "../../src/map/text/print.js";
import { LEGACY_TUNABLES, tunablesProfile } from "../../src/map/tunables.js";
import type { CrushMap } from "../../src/map/types.js";

/** These fixtures were recorded from crushtool 16.2 (the default release is 20). */
const print16 = (map: CrushMap): string => printCrushText(map, { release: 16 });
const DIR = join(import.meta.dirname, "..", "fixtures/text");
const read = (name: string): string => readFileSync(join(DIR, name), "utf8");
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".in.txt"))
  .map((f) => f.slice(0, -".in.txt".length))
  .sort();

/** Inputs that leave per-class ids to crushtool: printing them cannot show ids nobody assigned yet. */
const MISSING_CLASS_IDS = new Set(["autoid", "hand", "protonames"]);

describe("printCrushText matches crushtool -d byte for byte", () => {
  for (const name of cases) {
    if (name !== "tunables-wrapped") {
      it(`prints ${name} exactly as crushtool -d printed it, after reading that output`, () => {
        const decompiled = read(`${name}.out.txt`);
        expect(print16(parseCrushText(decompiled))).toBe(decompiled);
      });
    }
    if (!MISSING_CLASS_IDS.has(name)) {
      it(`prints ${name}'s input exactly as crushtool -d prints its compiled form`, () => {
        expect(print16(parseCrushText(read(`${name}.in.txt`)))).toBe(read(`${name}.out.txt`));
      });
    }
  }

  for (const release of [18, 20] as const) {
    for (const name of cases) {
      if (existsSync(join(DIR, String(release), `${name}.failed.txt`))) {
        it(`refuses to print ${name} for ${release}, which crushtool ${release} cannot read back`, () => {
          expect(() => printCrushText(parseCrushText(read(`${name}.in.txt`)), { release })).toThrow(CrushMapError);
        });
        continue;
      }
      const expected = (): string => read(`${release}/${name}.out.txt`);
      if (name !== "tunables-wrapped") {
        it(`prints ${name} as crushtool ${release} -d printed it, after reading that output`, () => {
          const again = printCrushText(parseCrushText(expected()), { release });
          // 5-decimal weights can read back one unit lower, as in crushtool itself: a fixed point after one round
          expect(printCrushText(parseCrushText(again), { release })).toBe(again);
          expect(again.replace(/\d+\.\d{5}/g, "W")).toBe(expected().replace(/\d+\.\d{5}/g, "W"));
        });
      }
      if (!MISSING_CLASS_IDS.has(name)) {
        it(`prints ${name}'s input exactly as crushtool ${release} -d prints its compiled form`, () => {
          expect(printCrushText(parseCrushText(read(`${name}.in.txt`)), { release })).toBe(expected());
        });
      }
    }
  }

  it("differs from crushtool on inputs without class ids only by the class id lines", () => {
    for (const name of MISSING_CLASS_IDS) {
      const withoutClassIds = (text: string): string =>
        text
          .split("\n")
          .filter((l) => !/^\tid -\d+ class /.test(l))
          .join("\n");
      const ours = print16(parseCrushText(read(`${name}.in.txt`)));
      expect(withoutClassIds(ours)).toBe(withoutClassIds(read(`${name}.out.txt`)));
    }
  });
});

function tinyMap(over: Partial<CrushMap> = {}): CrushMap {
  return {
    tunables: LEGACY_TUNABLES,
    devices: [
      { id: 0, name: "osd.0", class: "ssd" },
      { id: 1, name: "osd.1" },
    ],
    types: [
      { id: 0, name: "osd" },
      { id: 1, name: "host" },
    ],
    buckets: [
      { id: -3, name: "top", type: 1, alg: "straw2", hash: 0, items: [{ id: -1, weight: 0x10000 }, { id: -2, weight: 0x8000 }] },
      { id: -1, name: "b", type: 1, alg: "list", hash: 0, items: [{ id: 0, weight: 0x10000 }] },
      { id: -2, name: "a", type: 1, alg: "uniform", hash: 0, items: [{ id: 1, weight: 0x8000 }] },
    ],
    rules: [],
    classes: [{ id: 0, name: "ssd" }],
    chooseArgs: [],
    ...over,
  };
}

describe("printCrushText layout", () => {
  it("prints children before parents, visiting ids -1, -2, … depth first", () => {
    const text = print16(tinyMap());
    const order = [...text.matchAll(/^host (\S+) \{/gm)].map((m) => m[1]);
    expect(order).toEqual(["b", "a", "top"]);
  });

  it("prints nothing for tunables at legacy values and every tunable of a profile that differs", () => {
    expect(print16(tinyMap())).not.toContain("tunable");
    const text = print16(tinyMap({ tunables: tunablesProfile("optimal") }));
    expect(text.split("\n").filter((l) => l.startsWith("tunable"))).toEqual([
      "tunable choose_local_tries 0",
      "tunable choose_local_fallback_tries 0",
      "tunable choose_total_tries 50",
      "tunable chooseleaf_descend_once 1",
      "tunable chooseleaf_vary_r 1",
      "tunable chooseleaf_stable 1",
      "tunable straw_calc_version 1",
      "tunable allowed_bucket_algs 54",
    ]);
  });

  it("prints pos for uniform and tree items, alg notes, the weight comment and tabs as crushtool", () => {
    const text = print16(tinyMap());
    expect(text).toContain(
      "host a {\n\tid -2\t\t# do not change unnecessarily\n\t# weight 0.500\n\talg uniform\t# do not change bucket size (1) unnecessarily\n\thash 0\t# rjenkins1\n\titem osd.1 weight 0.500 pos 0\n}\n",
    );
    expect(text).toContain("\talg list\t# add new items at the end; do not change order unnecessarily\n");
    expect(text).toContain("\titem b weight 1.000\n\titem a weight 0.500\n}");
  });

  it("orders class id lines by class id and never prints shadow buckets", () => {
    const map = tinyMap({
      classes: [
        { id: 0, name: "ssd" },
        { id: 1, name: "hdd" },
      ],
      buckets: [
        {
          id: -1,
          name: "b",
          type: 1,
          alg: "straw2",
          hash: 0,
          items: [{ id: 0, weight: 0x10000 }],
          classIds: [
            { class: "hdd", id: -9 },
            { class: "ssd", id: -4 },
          ],
        },
      ],
    });
    const text = print16(map);
    expect(text).toContain("\tid -1\t\t# do not change unnecessarily\n\tid -4 class ssd\t\t# do not change unnecessarily\n\tid -9 class hdd\t\t# do not change unnecessarily\n");
    expect(text).not.toContain("~");
  });

  it("prints 'type 0 osd' when type 0 is missing and ends with '# end crush map'", () => {
    const text = print16(tinyMap({ types: [{ id: 1, name: "host" }] }));
    expect(text).toContain("# types\ntype 0 osd\ntype 1 host\n");
    expect(text.endsWith("\n# end crush map\n")).toBe(true);
  });

  it("prints Ceph's warning for a rule id beyond the 8-bit ruleset", () => {
    const text = print16(
      tinyMap({ rules: [{ id: 300, name: "r", type: 1, minSize: 1, maxSize: 10, steps: [{ op: "take", item: -3 }, { op: "emit" }] }] }),
    );
    expect(text).toContain("rule r {\n\tid 300\n\t# WARNING: ruleset 44 != id 300; this will not recompile to the same map\n\ttype replicated\n");
  });
});
