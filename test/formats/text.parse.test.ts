import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapError, CrushParseError } from "../../src/map/errors.js";
import { loadCrushMap } from "../../src/map/load.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import type { CrushMapWarning } from "../../src/map/warnings.js";
import { LEGACY_TUNABLES, tunablesProfile } from "../../src/map/tunables.js";
import type { CrushMap } from "../../src/map/types.js";
import { decimalToFloat32, weightFromCephText, weightFromDecimal, weightToText } from "../../src/map/weight.js";

const DIR = join(import.meta.dirname, "..", "fixtures/text");
const read = (name: string): string => readFileSync(join(DIR, name), "utf8");
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".in.txt"))
  .map((f) => f.slice(0, -".in.txt".length))
  .sort();

interface Dump {
  devices: { id: number; name: string }[];
  buckets: { id: number; name: string; type_id: number; alg: string; hash: string; items: { id: number; weight: number; pos: number }[] }[];
  rules: { rule_id: number; rule_name: string; type: number; min_size: number; max_size: number; steps: Record<string, unknown>[] }[];
  tunables: Record<string, number>;
  choose_args: Record<string, { bucket_id: number; weight_set?: number[][]; ids?: number[] }[]>;
}

/** The map as crushtool --dump showed it, checked against ours field by field. */
function expectMatchesDump(map: CrushMap, dump: Dump): void {
  expect(map.devices.map((d) => [d.id, d.name])).toEqual(
    dump.devices.filter((d) => d.name !== `device${d.id}`).map((d) => [d.id, d.name]),
  );
  const real = dump.buckets.filter((b) => !b.name.includes("~"));
  expect([...map.buckets].sort((a, b) => b.id - a.id).map((b) => ({ id: b.id, name: b.name, type: b.type, alg: b.alg, hash: b.hash === 0 ? 0 : "other", items: b.items }))).toEqual(
    real
      .sort((a, b) => b.id - a.id)
      .map((b) => ({
        id: b.id,
        name: b.name,
        type: b.type_id,
        alg: b.alg,
        hash: b.hash === "rjenkins1" ? 0 : "other", // --dump names hashes, "unknown" for any but 0
        items: b.items.map((it) => ({ id: it.id, weight: it.weight >>> 0 })),
      })),
  );
  const t = map.tunables;
  expect([t.chooseLocalTries | 0, t.chooseLocalFallbackTries | 0, t.chooseTotalTries | 0, t.chooseleafDescendOnce, t.chooseleafVaryR, t.chooseleafStable, t.strawCalcVersion, t.allowedBucketAlgs]).toEqual([
    dump.tunables.choose_local_tries,
    dump.tunables.choose_local_fallback_tries,
    dump.tunables.choose_total_tries,
    dump.tunables.chooseleaf_descend_once,
    dump.tunables.chooseleaf_vary_r,
    dump.tunables.chooseleaf_stable,
    dump.tunables.straw_calc_version,
    dump.tunables.allowed_bucket_algs,
  ]);
  expect(map.rules.map((r) => [r.id, r.name, r.type, r.minSize, r.maxSize, r.steps.length])).toEqual(
    dump.rules.map((r) => [r.rule_id, r.rule_name ?? "", r.type, r.min_size, r.max_size, r.steps.length]),
  );
  const args = Object.entries(dump.choose_args).map(([id, buckets]) => ({
    id: Number(BigInt.asIntN(64, BigInt(id))),
    buckets: buckets.map((b) => ({
      bucketId: b.bucket_id,
      ...(b.weight_set ? { weightSet: b.weight_set.map((ws) => ws.map((w) => Math.round(w * 0x10000))) } : {}),
      ...(b.ids ? { ids: b.ids } : {}),
    })),
  }));
  expect([...map.chooseArgs].sort((a, b) => a.id - b.id)).toEqual(args.sort((a, b) => a.id - b.id));
}

describe("parseCrushText on recorded crushtool fixtures", () => {
  for (const name of cases) {
    it(`reads ${name} as crushtool compiled it (ids, weights, rules, tunables, choose_args)`, () => {
      const dump = JSON.parse(read(`${name}.dump.json`)) as Dump;
      expectMatchesDump(parseCrushText(read(`${name}.in.txt`)), dump);
    });
    if (name !== "tunables-wrapped") {
      it(`reads what crushtool -d printed for ${name} as crushtool compiles that text`, () => {
        const dump = JSON.parse(read(`${name}.out.dump.json`)) as Dump;
        const map = parseCrushText(read(`${name}.out.txt`));
        expectMatchesDump(map, dump);
      });
    }
  }

  it("refuses the -1 crushtool prints for a wrapped 32-bit tunable, as crushtool does", () => {
    expect(() => parseCrushText(read("tunables-wrapped.out.txt"))).toThrow(CrushParseError);
  });

  it("gives buckets without ids the ids crushtool gives, skipping every first-line id", () => {
    const map = parseCrushText(read("autoid.in.txt"));
    const ids = new Map(map.buckets.map((b) => [b.name, b.id]));
    expect([ids.get("a"), ids.get("b"), ids.get("c"), ids.get("r")]).toEqual([-2, -4, -3, -5]);
  });

  it("keeps per-class ids as written and does not invent missing ones", () => {
    const map = parseCrushText(read("autoid.in.txt"));
    const a = map.buckets.find((b) => b.name === "a")!;
    expect(a.classIds).toEqual([{ class: "hdd", id: -1 }]);
    expect(map.buckets.find((b) => b.name === "b")!.classIds).toBeUndefined();
    const full = parseCrushText(read("autoid.out.txt"));
    expect(full.buckets.find((b) => b.name === "r")!.classIds).toEqual([
      { class: "hdd", id: -8 },
      { class: "ssd", id: -12 },
    ]);
    expect(full.classes).toEqual([
      { id: 0, name: "hdd" },
      { id: 1, name: "ssd" },
    ]);
  });

  it("treats __proto__, constructor and toString as ordinary names", () => {
    const map = parseCrushText(read("protonames.in.txt"));
    expect(map.devices.map((d) => d.name)).toEqual(["__proto__", "constructor", "hasOwnProperty"]);
    expect(map.types.map((t) => t.name)).toEqual(["valueOf", "__defineGetter__"]);
    expect(map.rules[0]!.name).toBe("toString");
    expect(map.classes.map((c) => c.name)).toEqual(["toString", "__proto__"]);
  });

  it("keeps take class, multi take/emit and set_* steps", () => {
    const map = parseCrushText(read("rules.in.txt"));
    const two = map.rules.find((r) => r.name === "two_roots")!;
    expect(two.steps.map((s) => s.op)).toEqual([
      "set_choose_tries",
      "set_chooseleaf_tries",
      "set_choose_local_tries",
      "set_choose_local_fallback_tries",
      "set_chooseleaf_vary_r",
      "set_chooseleaf_stable",
      "take",
      "choose",
      "chooseleaf",
      "emit",
      "take",
      "chooseleaf",
      "emit",
    ]);
    expect(two.steps[11]).toEqual({ op: "chooseleaf", mode: "firstn", num: -1, type: 1 });
    const unnamed = map.rules.find((r) => r.id === 7)!;
    expect(unnamed).toMatchObject({ name: "", type: 3, minSize: 3, maxSize: 300 & 0xff });
    const ssd = parseCrushText(read("hand.in.txt")).rules[1]!;
    expect(ssd.steps[0]).toEqual({ op: "take", item: -2, class: "ssd" });
  });

  it("starts from legacy tunables", () => {
    expect(parseCrushText(read("hand.in.txt")).tunables).toEqual({ ...LEGACY_TUNABLES, chooseTotalTries: 50 });
    for (const p of ["bobtail", "firefly", "hammer", "jewel", "optimal", "legacy"] as const) {
      expect(parseCrushText(read(`tunables-${p}.in.txt`)).tunables).toEqual(tunablesProfile(p));
    }
  });
});

describe("weights", () => {
  it("converts decimals through a float and truncates, like CrushCompiler", () => {
    expect(weightFromDecimal("1.819")).toBe(119209);
    expect(weightFromDecimal("0.333")).toBe(21823);
    expect(weightFromDecimal("0.1")).toBe(6553);
    expect(weightFromDecimal(1)).toBe(0x10000);
    expect(weightFromDecimal("1e1")).toBe(10 * 0x10000);
    expect(() => weightFromDecimal("-1")).toThrow(CrushMapError);
    expect(() => weightFromDecimal("nan")).toThrow(CrushMapError);
  });
  it("wraps negative text the way crushtool reads its own output for weights of 32768 and more", () => {
    expect(weightToText(40000 * 0x10000)).toBe("-25536.000");
    expect(weightFromCephText("-25536.000")).toBe(40000 * 0x10000);
  });
  it("prints %.3f of a float, rounding ties to even like glibc", () => {
    expect(weightToText(0x1000)).toBe("0.062");
    expect(weightToText(0x3000)).toBe("0.188");
    expect(weightToText(119209)).toBe("1.819");
    expect(weightToText(0)).toBe("0.000");
  });
  it("rounds decimals to float once, as strtof does", () => {
    // 1 + 2^-24 + 2^-60: Number() rounds it to the float midpoint 1 + 2^-24, fround then to 1.
    expect(decimalToFloat32("1.00000005960464477539930")).toBe(Math.fround(1 + 2 ** -23));
    expect(decimalToFloat32("1.00000005960464477539062")).toBe(1);
  });
});

/** Each bad input with what crushtool said (recorded) and what we must name. */
const BAD: readonly { file: string; error: typeof CrushParseError | typeof CrushMapError; names: readonly string[]; line?: number; column?: number }[] = [
  { file: "rule-order", error: CrushParseError, names: ["'type'", "min_size"], line: 9, column: 2 },
  { file: "missing-alg", error: CrushParseError, names: ["'alg'", "item"], line: 8, column: 2 },
  { file: "bad-char", error: CrushParseError, names: ["'@'"], line: 6, column: 7 },
  { file: "step-noop", error: CrushParseError, names: ["noop"], line: 7 },
  { file: "numeric-rule-type", error: CrushParseError, names: ["'replicated', 'erasure', 'msr_firstn' or 'msr_indep'", "'5'"], line: 7 },
  { file: "nan-weight", error: CrushParseError, names: ["decimal weight", "nan"], line: 6 },
  { file: "tunable-late", error: CrushParseError, names: ["tunable", "before"], line: 7, column: 1 },
  { file: "unclosed", error: CrushParseError, names: ["end of input"], line: 6 },
  { file: "no-steps", error: CrushParseError, names: ["'step'"], line: 7 },
  { file: "unknown-item", error: CrushMapError, names: ["osd.7", "'h'"] },
  { file: "duplicate-bucket-name", error: CrushMapError, names: ["'h'"] },
  { file: "duplicate-bucket-id", error: CrushMapError, names: ["-1", "'g'"] },
  { file: "duplicate-device-name", error: CrushMapError, names: ["osd.1"] },
  { file: "unknown-bucket-type", error: CrushMapError, names: ["chassis"] },
  { file: "unknown-alg", error: CrushMapError, names: ["straw3"] },
  { file: "negative-weight", error: CrushMapError, names: ["osd.0", "negative"] },
  { file: "device-weight-over-100", error: CrushMapError, names: ["osd.0", "100"] },
  { file: "take-missing", error: CrushMapError, names: ["nowhere"] },
  { file: "unknown-class", error: CrushMapError, names: ["nvme"] },
  { file: "take-class-device", error: CrushMapError, names: ["osd.0"] },
  { file: "bucket-in-itself", error: CrushMapError, names: ["'h'", "itself"] },
  { file: "contain-each-other", error: CrushMapError, names: ["cycle", "h", "g"] },
  { file: "cycle", error: CrushMapError, names: ["cycle", "a -> b -> c -> a"] },
  { file: "unknown-tunable", error: CrushMapError, names: ["choose_faster"] },
  { file: "choose-args-missing-bucket", error: CrushMapError, names: ["-9"] },
  { file: "choose-args-count", error: CrushMapError, names: ["-1", "1 weights", "got 2"] },
  { file: "duplicate-rule-id", error: CrushMapError, names: ["rule 0"] },
  { file: "duplicate-rule-name", error: CrushMapError, names: ["'r'"] },
  { file: "unknown-step-type", error: CrushMapError, names: ["rack"] },
  { file: "bucket-after-rule", error: CrushMapError, names: ["'g'", "before rules"] },
  { file: "pos-occupied", error: CrushMapError, names: ["osd.1", "pos 0"] },
  { file: "pos-too-big", error: CrushMapError, names: ["osd.1", "pos 2"] },
  { file: "uniform-weights", error: CrushMapError, names: ["osd.1", "uniform"] },
  { file: "parent-first", error: CrushMapError, names: ["'a'", "'r'", "not defined"] },
];

describe("parseCrushText on bad input", () => {
  for (const bad of BAD) {
    it(`refuses bad/${bad.file} with ${bad.error.name}, naming ${bad.names.join(", ")}`, () => {
      const text = read(`bad/${bad.file}.txt`);
      const crushtool = read(`bad/${bad.file}.crushtool.txt`);
      // crushtool refused every case (an item listed twice, which it accepts, is tested below)
      expect(crushtool.includes("crushtool accepted it")).toBe(false);
      let caught: unknown;
      try {
        parseCrushText(text);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(bad.error);
      const err = caught as Error;
      for (const n of bad.names) expect(err.message).toContain(n);
      if (err instanceof CrushParseError) {
        if (bad.line !== undefined) expect(err.line).toBe(bad.line);
        if (bad.column !== undefined) expect(err.column).toBe(bad.column);
        expect(err.message.startsWith(`${err.line}:${err.column}: expected`) || err.message.includes("unexpected") || err.message.includes("must come before")).toBe(true);
      }
    });
  }

  it("accepts a bucket that lists an item twice, as crushtool does, and loadCrushMap warns of it", () => {
    expect(read("bad/item-twice.crushtool.txt")).toContain("crushtool accepted it");
    const text = read("bad/item-twice.txt");
    expect(parseCrushText(text).buckets[0]!.items.map((i) => i.id)).toEqual([0, 0]);
    const warnings: CrushMapWarning[] = [];
    loadCrushMap(text, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => [w.code, w.item])).toEqual([["item-listed-twice", "h"]]);
    expect(warnings[0]!.message).toContain("osd.0");
  });

  it("reports a parse error with the position of the offending token on its own line", () => {
    expect(() => parseCrushText("device 0 osd.0\ntype 0 osd\nhost h { id 1 alg straw2 }")).toThrow(
      /^3:13: expected a negative bucket id, found '1'/,
    );
  });
});
