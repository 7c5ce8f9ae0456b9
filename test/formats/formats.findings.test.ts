/**
 * What fuzzing found in the formats (issue 17, "Found by fuzzing"), one test per finding, each
 * held to what crushtool 16.2 does with the same input: the golden corpus where crushtool's
 * output is recorded, crushtool itself where it is installed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { CrushMapError, CrushMappingError } from "../../src/map/errors.js";
import { loadCrushMap } from "../../src/map/load.js";
import { findBucketCycle, reorderBuckets } from "../../src/map/text/reorderBuckets.js";
import type { TopNode } from "../../src/map/text/syntax.js";
import type { Token } from "../../src/map/text/tokenize.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { printCrushText } from "../../src/map/text/print.js";
import type { CrushMap } from "../../src/map/types.js";
import { Mapper } from "../../src/mapper/mapper.js";
import { crushBinarySections, intMapBytes, readIntMap, splice } from "../support/crushBinary.js";
import { hasCrushtool, tempText } from "../support/crushtool.js";

const GOLDEN = join(__dirname, "..", "fixtures", "golden");
const read = (path: string): string => readFileSync(join(GOLDEN, path), "utf8");
const bin = (path: string): Uint8Array => new Uint8Array(readFileSync(join(GOLDEN, path)));
const cases: { map: string; args: string[]; stdout: string }[] = JSON.parse(read("cases.json"));

/** The recorded crushtool output of `--test --rule R --num-rep N` over x 0..255 of a golden map. */
function recorded(map: string, rule: number, numRep: number): string {
  const args = ["--test", "--rule", String(rule), "--num-rep", String(numRep), "--min-x", "0", "--max-x", "255", "--show-mappings"];
  const c = cases.find((k) => k.map === map && JSON.stringify(k.args) === JSON.stringify(args));
  if (c === undefined) throw new Error(`no recorded case ${map} ${args.join(" ")}`);
  return read(c.stdout);
}

/** crushtool --show-mappings lines of x 0..255 for a decoded map. */
function showMappings(map: CrushMap, rule: number, numRep: number): string {
  const mapper = new Mapper(map);
  let out = "";
  for (let x = 0; x < 256; x++) out += `CRUSH rule ${rule} x ${x} [${mapper.map(rule, x, numRep).join(",")}]\n`;
  return out;
}

function crushtoolShowMappings(bytes: Uint8Array, rule: number, numRep: number): string {
  const path = tempText("").replace(/\.txt$/, ".bin");
  writeFileSync(path, bytes);
  const args = ["-i", path, "--test", "--rule", String(rule), "--num-rep", String(numRep), "--min-x", "0", "--max-x", "255", "--show-mappings"];
  return spawnSync("crushtool", args, { encoding: "utf8", timeout: 20_000 }).stdout;
}

describe("round trips crushtool makes and crushmap did not", () => {
  it("prints `type 0 osd` for a map without type 0, as crushtool -d does, and reads that text back", () => {
    const map = loadCrushMap(read("maps/41-no-type-0.txt"));
    const printed = printCrushText(map, { release: 16 });
    expect(printed).toBe(read("out/41-no-type-0.decompiled.txt"));
    // crushtool compiles its own output, with the type it added (a different binary)
    expect(Buffer.compare(encodeCrushMap(loadCrushMap(printed), { release: 16 }), bin("out/41-no-type-0.recompiled.bin"))).toBe(0);
  });

  it("reads a map where that added `osd` meets another type called osd, as crushtool does (the later one wins)", () => {
    const text = read("maps/41-no-type-0.txt").replace("type 1 host", "type 1 osd").replace(/type host/g, "type osd").replace(/^host /gm, "osd ");
    const printed = printCrushText(loadCrushMap(text), { release: 16 });
    expect(printed).toContain("type 0 osd\ntype 1 osd\n");
    const again = loadCrushMap(printed);
    expect(again.rules[0]!.steps).toContainEqual({ op: "chooseleaf", mode: "firstn", num: 0, type: 1 });
  });

  it("refuses device id 2147483647, which leaves Ceph's max_devices at -2^31 (crushtool then loses every device)", () => {
    const text = read("maps/41-no-type-0.txt").replace("device 5 osd.5", "device 2147483647 osd.5");
    expect(() => loadCrushMap(text)).toThrow(CrushMapError);
    expect(() => loadCrushMap(text)).toThrow(/osd\.5 has id 2147483647/);
    expect(() => encodeCrushMap(parseCrushText(text), { release: 16 })).toThrow(/2147483647/);
  });

  it("reads crushtool's unnamed rules (`rule  {`) and hash 7 in text and binary, and writes them back", () => {
    const map = loadCrushMap(read("maps/42-unnamed-rule-hash7.txt"));
    expect(map.rules.map((r) => r.name)).toEqual(["", "named"]);
    expect(map.buckets.find((b) => b.name === "h0")!.hash).toBe(7);
    for (const [release, dir] of [[16, "out"], [18, "out-18"], [20, "out-20"]] as const) {
      const decompiled = read(`${dir}/42-unnamed-rule-hash7.decompiled.txt`);
      expect(printCrushText(map, { release })).toBe(decompiled);
      expect(printCrushText(loadCrushMap(decompiled), { release })).toBe(decompiled);
      expect(Buffer.compare(encodeCrushMap(map, { release }), bin(`${dir}/42-unnamed-rule-hash7.bin`))).toBe(0);
      expect(printCrushText(decodeCrushMap(bin(`${dir}/42-unnamed-rule-hash7.bin`)), { release })).toBe(decompiled);
    }
  });

  it("does not map hash 7 (Ceph's hash returns 0 for it): a typed error, not rjenkins1's placement", () => {
    expect(() => new Mapper(loadCrushMap(read("maps/42-unnamed-rule-hash7.txt")))).toThrow(CrushMappingError);
  });
});

describe("decodeCrushMap maps what the binary says, as Ceph does", () => {
  const name = "22-classes-noids-straw2";
  const original = bin(`out/${name}.bin`);
  const sections = crushBinarySections(original);
  const classMap = readIntMap(original, sections.classMap);
  const device = classMap.find(([k]) => k === 0)!;
  const otherClass = classMap.find(([k, v]) => k >= 0 && v !== device[1])![1];
  const at = classMap.indexOf(device);
  const withClassMap = (pairs: [number, number][]): Uint8Array => splice(original, sections.classMap, intMapBytes(pairs));
  const moved = withClassMap(classMap.map(([k, v]): [number, number] => [k, k === 0 ? otherClass : v]));
  const className = (id: number): string => decodeCrushMap(original).classes.find((c) => c.id === id)!.name;

  it("keeps the stored shadow buckets when class_map moved a device to another class", () => {
    const map = decodeCrushMap(moved);
    expect(map.devices[0]!.class).toBe(className(otherClass));
    // crushtool maps through the shadow buckets it stored: the output recorded for the unedited map
    for (const rule of [0, 1, 3]) expect(showMappings(map, rule, 3)).toBe(recorded(name, rule, 3));
    expect(Buffer.compare(encodeCrushMap(map, { release: 16 }), moved)).toBe(0);
  });

  it("keeps the first of two class_map entries for one device, as Ceph's decoder does", () => {
    const twice = (first: [number, number], second: [number, number]): Uint8Array =>
      withClassMap([...classMap.slice(0, at), first, second, ...classMap.slice(at + 1)]);
    expect(decodeCrushMap(twice(device, [0, otherClass])).devices[0]!.class).toBe(className(device[1]));
    expect(decodeCrushMap(twice([0, otherClass], device)).devices[0]!.class).toBe(className(otherClass));
  });

  it("refuses a class_bucket entry naming a real bucket instead of dropping that bucket", () => {
    const bad = original.slice();
    // class_bucket: u32 count, then s32 bucket, u32 n, n × (s32 class, s32 shadow bucket)
    new DataView(bad.buffer).setInt32(sections.classBucket.start + 4 + 8 + 4, -2, true);
    expect(() => decodeCrushMap(bad)).toThrow(CrushMapError);
    expect(() => decodeCrushMap(bad)).toThrow(/bucket -2 named 'h0', not a shadow bucket/);
  });

  it("reads a list bucket's stored sum_weights instead of recomputing them", () => {
    const list = bin("out/05-list-hosts.bin");
    const s = crushBinarySections(list);
    const patched = list.slice();
    const v = new DataView(patched.buffer);
    const slot = s.bucketSlots.get(0)!; // the root, a list bucket of 4 hosts
    const size = v.getUint32(slot.start + 16, true);
    const sumAt = slot.start + 20 + 4 * size + 8 + 4; // sum_weight of item 1
    v.setUint32(sumAt, v.getUint32(sumAt, true) * 3, true);
    const map = decodeCrushMap(patched);
    const root = map.buckets.find((b) => b.id === -1)!;
    expect(root.sumWeights?.[1]).toBe(v.getUint32(sumAt, true));
    expect(Buffer.compare(encodeCrushMap(map, { release: 16 }), patched)).toBe(0);
    expect(showMappings(map, 0, 3)).not.toBe(showMappings(decodeCrushMap(list), 0, 3));
    if (hasCrushtool) {
      expect(showMappings(map, 0, 3)).toBe(crushtoolShowMappings(patched, 0, 3));
      expect(showMappings(decodeCrushMap(moved), 1, 3)).toBe(crushtoolShowMappings(moved, 1, 3));
    }
  });
});

describe("parsing is linear in the buckets and never recursive", () => {
  const token = (text: string): Token => ({ text, bracket: false, line: 1, column: 1 });
  const bucket = (name: string, items: readonly string[]): TopNode =>
    ({ kind: "bucket", type: token("host"), name: token(name), ids: [], alg: token("straw2"), hashes: [], items: items.map((i) => ({ name: token(i), weight: undefined, pos: undefined })) }) as TopNode;

  /** CrushCompiler's adjust_bucket_item_place as crushmap did it before: every pair of buckets. */
  function quadraticReorder(nodes: TopNode[]): void {
    const names: string[] = [];
    const position = new Map<string, number>();
    const itemsOf = new Map<string, Set<string>>();
    nodes.forEach((node, index) => {
      if (node.kind !== "bucket") return;
      names.push(node.name.text);
      position.set(node.name.text, index);
      const items = itemsOf.get(node.name.text) ?? new Set<string>();
      for (const item of node.items) items.add(item.name.text);
      itemsOf.set(node.name.text, items);
    });
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = names[i]!;
        const b = names[j]!;
        if (!itemsOf.get(a)!.has(b)) continue;
        if (itemsOf.get(b)!.has(a)) throw new CrushMapError("contain each other", a);
        const pa = position.get(a)!;
        const pb = position.get(b)!;
        [nodes[pa], nodes[pb]] = [nodes[pb]!, nodes[pa]!];
      }
    }
  }

  it("reorders buckets exactly as CrushCompiler's pairwise swaps do, quirks and repeated names included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 })), { maxLength: 9 }),
        (spec) => {
          const nodes = spec.map(([n, items]) => bucket(`b${n}`, items.map((i) => (i < 8 ? `b${i}` : `osd.${i}`))));
          const names = (list: TopNode[]): string[] => list.map((n) => (n.kind === "bucket" ? n.name.text : ""));
          const expected = [...nodes];
          let expectedError: string | undefined;
          try {
            quadraticReorder(expected);
          } catch (e) {
            expectedError = (e as Error).name;
          }
          const got = [...nodes];
          let gotError: string | undefined;
          try {
            reorderBuckets(got);
          } catch (e) {
            gotError = (e as Error).name;
          }
          expect(gotError).toBe(expectedError);
          if (expectedError === undefined) expect(names(got)).toEqual(names(expected));
        },
      ),
      { numRuns: 3000, seed: 17 },
    );
  });

  it("gives buckets without an id the ids crushtool's scan from -1 gives (the scan resumes instead of restarting)", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }), { minLength: 1, maxLength: 12 }), (given) => {
        const seen = new Set<number>();
        const ids = given.map((g) => (g === undefined || seen.has(g) ? undefined : (seen.add(g), -g)));
        let text = "device 0 osd.0\ntype 0 osd\ntype 1 host\ntype 2 root\n";
        ids.forEach((id, i) => (text += `host h${i} {\n${id === undefined ? "" : `\tid ${id}\n`}\talg straw2\n\thash 0\n}\n`));
        text += `root r {\n\talg straw2\n\thash 0\n${ids.map((_, i) => `\titem h${i} weight 1.000\n`).join("")}}\n`;
        // CrushCompiler: every explicit id is reserved first, then each bucket without one, in
        // order, takes the first free id scanning down from -1
        const used = new Set(ids.filter((id) => id !== undefined));
        const want = [...ids, undefined].map((id) => {
          if (id !== undefined) return id;
          let free = -1;
          while (used.has(free)) free--;
          used.add(free);
          return free;
        });
        const map = parseCrushText(text);
        const byName = new Map(map.buckets.map((b) => [b.name, b.id]));
        expect([...ids.map((_, i) => byName.get(`h${i}`)), byName.get("r")]).toEqual(want);
      }),
      { numRuns: 500, seed: 17 },
    );
  });

  it("parses a chain of 20,000 buckets without ids, each holding the previous one", () => {
    const depth = 20_000;
    let text = "device 0 osd.0\ntype 0 osd\n";
    for (let l = 1; l <= depth; l++) text += `type ${l} t${l}\n`;
    for (let l = 1; l <= depth; l++) text += `t${l} b${l} {\n\talg straw2\n\thash 0\n\titem ${l === 1 ? "osd.0" : `b${l - 1}`}\n}\n`;
    const map = parseCrushText(text);
    expect(map.buckets.length).toBe(depth);
    expect(map.buckets.every((b) => b.id === -Number(b.name.slice(1)))).toBe(true);
    expect(map.buckets.find((b) => b.name === `b${depth}`)!.items[0]!.weight).toBe(0x10000);
  });

  it("finds containment cycles in a hierarchy 200,000 levels deep without overflowing the stack", () => {
    const depth = 200_000;
    const nodes: TopNode[] = [];
    for (let i = 0; i < depth; i++) nodes.push(bucket(`b${i}`, i + 1 < depth ? [`b${i + 1}`] : ["osd.0"]));
    expect(findBucketCycle(nodes)).toBeUndefined();
    nodes[depth - 1] = bucket(`b${depth - 1}`, ["b0"]);
    expect(findBucketCycle(nodes)).toHaveLength(depth + 1);
  });
});
