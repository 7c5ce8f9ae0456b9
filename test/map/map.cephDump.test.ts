/**
 * Ceph's JSON crush map (`ceph osd crush dump`, `crushtool --dump`, `ceph report`) as an input.
 * The dumps are crushtool's own, recorded beside the golden maps by record.sh for 16.2, 18.2 and
 * 20.2: read back and encoded for the same release, each must give the very bytes that release's
 * crushtool compiled for that map (class ids included, though the dump leaves them out). The two
 * maps a dump cannot carry exactly are checked for what they lose.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrushMapError, encodeCrushMap, loadCrushMap, Mapper, mapToJSON, printCrushText } from "../../src/index.js";
import { mapFromCephDump } from "../../src/map/cephDump.js";
import { crushmapCli, tempText } from "../support/crushtool.js";

const GOLDEN = join(__dirname, "..", "fixtures", "golden");
const RELEASES = [
  ["out", 16],
  ["out-18", 18],
  ["out-20", 20],
] as const;
/** The hash of one bucket is 7, which the dump prints as "unknown". */
const HASH_UNKNOWN = "42-unnamed-rule-hash7";
/** The map names no type 0; the dump prints the placeholder "device" for it. */
const NO_TYPE_0 = "41-no-type-0";

function dumps(dir: string): string[] {
  return readdirSync(join(GOLDEN, dir))
    .filter((f) => f.endsWith(".dump.json"))
    .map((f) => f.slice(0, -".dump.json".length))
    .sort();
}

function mappings(map: ReturnType<typeof loadCrushMap>): number[][] {
  const m = new Mapper(map);
  const out: number[][] = [];
  for (const rule of map.rules) for (let x = 0; x < 64; x++) out.push(m.map(rule.id, x, 3));
  return out;
}

describe("Ceph's crush dump read back", () => {
  for (const [dir, release] of RELEASES) {
    const names = dumps(dir);
    it(`${dir}: ${names.length} dumps of crushtool ${release}.2 encode to the bytes it compiled`, () => {
      expect(names.length).toBeGreaterThan(40);
      for (const name of names) {
        if (name === HASH_UNKNOWN || name === NO_TYPE_0) continue;
        const map = loadCrushMap(readFileSync(join(GOLDEN, dir, `${name}.dump.json`), "utf8"));
        const bytes = new Uint8Array(readFileSync(join(GOLDEN, dir, `${name}.bin`)));
        expect(Buffer.from(encodeCrushMap(map, { release })).equals(Buffer.from(bytes)), `${dir}/${name}`).toBe(true);
      }
    });
  }

  it("reads a map without type 0 with the dump's placeholder name, mapping as the binary", () => {
    const fromDump = loadCrushMap(readFileSync(join(GOLDEN, "out", `${NO_TYPE_0}.dump.json`), "utf8"));
    const binary = loadCrushMap(new Uint8Array(readFileSync(join(GOLDEN, "out", `${NO_TYPE_0}.bin`))));
    expect(fromDump.types.find((t) => t.id === 0)?.name).toBe("device");
    expect(mappings(fromDump)).toEqual(mappings(binary));
    const diff = printCrushText(fromDump).split("\n").filter((l, i) => l !== printCrushText(binary).split("\n")[i]);
    expect(diff).toEqual(["type 0 device"]);
  });

  it("refuses a bucket whose hash the dump prints as unknown, naming it", () => {
    const text = readFileSync(join(GOLDEN, "out", `${HASH_UNKNOWN}.dump.json`), "utf8");
    expect(() => loadCrushMap(text)).toThrow(CrushMapError);
    expect(() => loadCrushMap(text)).toThrow(/crush dump \$\.buckets\[1\]\.hash: 'unknown'/);
  });

  it("reads the crushmap section of a real ceph report as the monitor's crush map", () => {
    const dir = join(__dirname, "..", "fixtures", "osdmap", "report");
    const fromReport = loadCrushMap(readFileSync(join(dir, "report.json"), "utf8"));
    const binary = loadCrushMap(new Uint8Array(readFileSync(join(dir, "crush.bin"))));
    expect(mapToJSON(fromReport)).toEqual(mapToJSON(binary));
  });

  it("is accepted wherever a crush map is: a ceph report as --crush and --from/--to", () => {
    const dir = join(__dirname, "..", "fixtures", "osdmap", "report");
    const report = join(dir, "report.json");
    const a = crushmapCli(["map-pgs", "--osdmap", report, "--crush", report, "--mark-up-in"]);
    const b = crushmapCli(["map-pgs", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), "--mark-up-in"]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^pool 1 pg_num \d+/m);
    const plan = crushmapCli(["plan", "--osdmap", report, "--from", report, "--to", join(dir, "crush.bin"), "--mark-up-in"]);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/^groups changing: 0 /m);
  });

  it("tells crushmap's own JSON form from Ceph's", () => {
    const map = loadCrushMap(readFileSync(join(GOLDEN, "maps", "23-classes-ids-straw2.txt"), "utf8"));
    expect(mapToJSON(loadCrushMap(JSON.stringify(mapToJSON(map))))).toEqual(mapToJSON(map));
  });
});

describe("Ceph's crush dump, bad input", () => {
  const base = JSON.parse(readFileSync(join(GOLDEN, "out", "15-straw2-hosts.dump.json"), "utf8")) as {
    buckets: { items: { weight: unknown }[] }[];
    rules: { steps: Record<string, unknown>[] }[];
    choose_args: Record<string, unknown>;
  };
  const edited = (edit: (d: typeof base) => void): string => {
    const d = structuredClone(base);
    edit(d);
    return JSON.stringify(d);
  };
  const cases: [string, string, RegExp][] = [
    ["JSON of neither kind", '{"osds": []}', /neither Ceph's crush dump .* nor crushmap's map JSON/],
    ["broken JSON", '{"devices": [', /starts with '\{' but is not JSON/],
    ["a step naming a type the map lacks", edited((d) => (d.rules[0]!.steps[1]!.type = "rack")), /\$\.rules\[0\]\.steps\[1\]\.type: type 'rack' is not among the map's types/],
    ["an unknown step", edited((d) => (d.rules[0]!.steps[1]!.op = "choose_sideways")), /unknown rule step 'choose_sideways'/],
    ["a fractional item weight", edited((d) => (d.buckets[0]!.items[0]!.weight = 1.5)), /\$\.buckets\[0\]\.items\[0\]\.weight: must be an integer/],
    ["a weight-set key that is no id", edited((d) => (d.choose_args = { x: [] })), /\$\.choose_args\.x: the key must be a weight-set id/],
  ];
  for (const [what, text, message] of cases) {
    it(`says what is wrong for ${what}`, () => {
      expect(() => loadCrushMap(text)).toThrow(CrushMapError);
      expect(() => loadCrushMap(text)).toThrow(message);
    });
  }

  it("is what the CLI reads wherever it takes a map: tree of a dump, one line on a bad one", () => {
    const dump = join(GOLDEN, "out", "15-straw2-hosts.dump.json");
    const fromDump = crushmapCli(["tree", "-i", dump]);
    const fromText = crushmapCli(["tree", "-i", join(GOLDEN, "maps", "15-straw2-hosts.txt")]);
    expect(fromDump.status).toBe(0);
    expect(fromDump.stdout).toBe(fromText.stdout);
    const bad = crushmapCli(["tree", "-i", tempText(cases[2]![1])]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads choose_args weights printed as decimals back to the same 16.16 integers", () => {
    const name = "26-choose-args-positions";
    const fromDump = mapFromCephDump(JSON.parse(readFileSync(join(GOLDEN, "out", `${name}.dump.json`), "utf8")));
    const binary = loadCrushMap(new Uint8Array(readFileSync(join(GOLDEN, "out", `${name}.bin`))));
    expect(fromDump.chooseArgs).toEqual(binary.chooseArgs);
    expect(fromDump.chooseArgs.length).toBeGreaterThan(0);
  });
});
