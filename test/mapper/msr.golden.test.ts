/**
 * MSR golden tests: every crushtool run recorded in test/fixtures/msr/cases.json (Ceph 20.2.4,
 * by test/fixtures/msr/record.sh) is replayed and must give the same mappings byte for byte:
 * random maps with MSR rules (firstn and indep, one to three choosemsr levels, several take/emit
 * blocks, every bucket algorithm, device classes, choose_args weight sets, MSR tunables in the
 * map and in set_msr_* steps) under out and reweighted devices. Needs nothing installed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import type { CrushMap } from "../../src/map/types.js";
import { compileMap } from "../../src/mapper/compile.js";
import { defaultReweight, Mapper } from "../../src/mapper/mapper.js";
import { crushmapCli } from "../support/crushtool.js";

interface MsrGoldenCase {
  readonly map: string;
  readonly args: readonly string[];
  readonly stdout: string;
}

const ROOT = join(__dirname, "..", "fixtures", "msr");
const cases: MsrGoldenCase[] = JSON.parse(readFileSync(join(ROOT, "cases.json"), "utf8"));

/** The run a case recorded: rule, replica count, x range, reweights, extra reports. */
function parseArgs(args: readonly string[]): { rule: number; numRep: number; minX: number; maxX: number; weights: [number, number][]; reports: boolean } {
  const get = (flag: string): number => Number(args[args.indexOf(flag) + 1]);
  const weights: [number, number][] = [];
  args.forEach((a, i) => {
    if (a === "--weight") weights.push([Number(args[i + 1]), Number(args[i + 2])]);
  });
  return { rule: get("--rule"), numRep: get("--num-rep"), minX: get("--min-x"), maxX: get("--max-x"), weights, reports: args.includes("--show-statistics") };
}

/** crushtool's reweight vector: devices in buckets in, then each --weight as CrushTester converts it (float). */
function reweight(map: CrushMap, weights: readonly (readonly [number, number])[]): Uint32Array {
  const w = defaultReweight(compileMap(map));
  for (const [dev, f] of weights) w[dev] = Math.trunc(Math.fround(Math.fround(f) * 0x10000));
  return w;
}

function mappingLines(map: CrushMap, c: ReturnType<typeof parseArgs>): string {
  const mapper = new Mapper(map, { reweight: reweight(map, c.weights) });
  const out: string[] = [];
  for (let x = c.minX; x <= c.maxX; x++) out.push(`CRUSH rule ${c.rule} x ${x} [${mapper.map(c.rule, x, c.numRep).join(",")}]\n`);
  return out.join("");
}

function recorded(c: MsrGoldenCase): string {
  return gunzipSync(readFileSync(join(ROOT, c.stdout))).toString("utf8");
}

/** The `CRUSH rule R x X [...]` lines of a recorded run. */
function recordedMappings(c: MsrGoldenCase): string {
  return recorded(c).split("\n").filter((l) => l.startsWith("CRUSH rule ")).map((l) => l + "\n").join("");
}

const textMaps = new Map<string, CrushMap>();
function textMap(name: string): CrushMap {
  let m = textMaps.get(name);
  if (m === undefined) textMaps.set(name, (m = parseCrushText(readFileSync(join(ROOT, "maps", `${name}.txt`), "utf8"))));
  return m;
}

describe("MSR golden: crushmap maps MSR rules exactly as Ceph 20.2.4's crushtool", () => {
  it("has a few hundred thousand recorded mappings over at least 30 maps", () => {
    expect(new Set(cases.map((c) => c.map)).size).toBeGreaterThanOrEqual(30);
    expect(cases.reduce((n, c) => n + parseArgs(c.args).maxX - parseArgs(c.args).minX + 1, 0)).toBeGreaterThanOrEqual(300_000);
    expect(readFileSync(join(ROOT, "out", "VERSION.txt"), "utf8")).toMatch(/^ceph-base 20\.2\.4/);
  });

  const byMap = new Map<string, MsrGoldenCase[]>();
  for (const c of cases) byMap.set(c.map, [...(byMap.get(c.map) ?? []), c]);
  for (const [name, list] of byMap) {
    describe(name, () => {
      for (const c of list) {
        it(c.args.slice(1).join(" "), () => {
          expect(mappingLines(textMap(name), parseArgs(c.args))).toBe(recordedMappings(c));
        });
      }
      it("maps the same from the binary Ceph 20 compiled", () => {
        const bin = decodeCrushMap(readFileSync(join(ROOT, "out", `${name}.bin`)));
        expect(mappingLines(bin, parseArgs(list[0]!.args))).toBe(recordedMappings(list[0]!));
      });
    });
  }
});

describe("MSR golden through the CLI: `crushmap test` prints what crushtool --test printed", () => {
  for (const c of cases.filter((k) => parseArgs(k.args).reports)) {
    it(`${c.map} ${c.args.slice(1).join(" ")}`, () => {
      const got = crushmapCli(["-i", join(ROOT, "maps", `${c.map}.txt`), ...c.args]);
      expect(got.stderr).toBe("");
      expect(got.stdout).toBe(recorded(c));
      expect(got.status).toBe(0);
    });
  }
});
