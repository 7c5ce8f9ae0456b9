/**
 * Maps, states and compiled maps are values: whatever made them, nothing can edit them in place,
 * so caches keyed by their identity (a state's placers, the class population, the hierarchy
 * index, the straw2 kernel) never answer for a map that has since changed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { assignClassIds } from "../../src/map/classes.js";
import { deepFreeze, FrozenMap } from "../../src/map/freeze.js";
import { mapFromJSON, mapToJSON } from "../../src/map/json.js";
import { loadCrushMap } from "../../src/map/load.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import type { CrushMap, Rule, RuleStep } from "../../src/map/types.js";
import { compileMap } from "../../src/mapper/compile.js";
import type { CompiledMap } from "../../src/mapper/compiledMap.js";
import { Mapper } from "../../src/mapper/mapper.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { placePg } from "../../src/placement/place.js";
import { createClusterState } from "../../src/placement/state.js";

const GOLDEN = join(import.meta.dirname, "..", "fixtures", "golden");
const OSDMAP = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
const text = (name: string): string => readFileSync(join(GOLDEN, "maps", `${name}.txt`), "utf8");
const binary = (name: string): Uint8Array => readFileSync(join(GOLDEN, "out", `${name}.bin`));

/** Every object reachable from `value` that is not frozen, by path (empty when deeply frozen). */
function unfrozen(value: unknown): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, "$"]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (!Object.isFrozen(v)) found.push(path);
    if (v instanceof Map) {
      if (!(v instanceof FrozenMap)) found.push(`${path} (an editable Map)`);
      for (const [k, x] of v) stack.push([x, `${path}.get(${String(k)})`]);
    }
    for (const [k, x] of Object.entries(v)) stack.push([x, `${path}.${k}`]);
  }
  return found;
}

const classMap = "22-classes-noids-straw2";
const loaders: [string, () => CrushMap][] = [
  ["loadCrushMap (text)", () => loadCrushMap(text(classMap))],
  ["loadCrushMap (binary)", () => loadCrushMap(binary(classMap))],
  ["parseCrushText", () => parseCrushText(text(classMap))],
  ["decodeCrushMap", () => decodeCrushMap(binary(classMap))],
  ["mapFromJSON", () => mapFromJSON(JSON.parse(JSON.stringify(mapToJSON(loadCrushMap(text(classMap))))))],
  ["assignClassIds", () => assignClassIds(parseCrushText(text(classMap)))],
  ["CrushMapBuilder", () => CrushMapBuilder.from(loadCrushMap(text(classMap))).reweight("osd.0", 2).build()],
];

describe("every loader returns a deeply frozen map", () => {
  for (const [name, load] of loaders) {
    it(`${name}: no part of the map can be edited`, () => {
      const map = load();
      expect(unfrozen(map)).toEqual([]);
      const rule = map.rules[0]!;
      expect(() => (rule.steps as RuleStep[]).splice(0, 1)).toThrow(TypeError);
      expect(() => ((rule as { name: string }).name = "renamed")).toThrow(TypeError);
      expect(() => ((map.buckets[0]!.items[0] as { weight: number }).weight = 0)).toThrow(TypeError);
      expect(() => ((map.tunables as { chooseTotalTries: number }).chooseTotalTries = 1)).toThrow(TypeError);
      expect(() => (map.devices as unknown[]).push({ id: 99, name: "osd.99" })).toThrow(TypeError);
    });
  }
});

describe("a state is a value", () => {
  const crush = loadCrushMap(readFileSync(join(OSDMAP, "crush.txt"), "utf8"));
  const fromJson = clusterStateFromOsdmapJson(readFileSync(join(OSDMAP, "osdmap.json"), "utf8"), crush);

  it("clusterStateFromOsdmapJson: the state, its pools, OSDs and exception maps refuse edits", () => {
    expect(unfrozen(fromJson)).toEqual([]);
    expect(() => (fromJson.pgUpmap as Map<string, readonly number[]>).set("1.0", [0, 1, 2])).toThrow(TypeError);
    expect(() => (fromJson.pgTemp as Map<string, readonly number[]>).delete("1.0")).toThrow(TypeError);
    expect(() => (fromJson.primaryTemp as Map<string, number>).clear()).toThrow(TypeError);
    expect(() => ((fromJson.pools[0] as { pgNum: number }).pgNum = 1)).toThrow(TypeError);
  });

  it("createClusterState freezes a map made by hand before it caches placements for it", () => {
    const literal = JSON.parse(JSON.stringify(crush)) as CrushMap;
    expect(Object.isFrozen(literal)).toBe(false);
    const state = createClusterState({ crush: literal, pools: [{ id: 1, pgNum: 32, objectHash: "rjenkins" }] });
    expect(unfrozen(state)).toEqual([]);
    const before = placePg(state, "1.7").up;
    // the edit that used to go unnoticed: placePg kept answering from the compiled old rule
    expect(() => ((state.crush.rules[0]!.steps as RuleStep[]).length = 0)).toThrow(TypeError);
    expect(placePg(state, "1.7").up).toEqual(before);
    expect(new Mapper(state.crush).map(state.pools[0]!.crushRule, placePg(state, "1.7").seed, 3)).toEqual(placePg(state, "1.7").raw);
  });

  it("an edited map is a new value, and a state made from it places by the new rule", () => {
    const state = createClusterState({ crush, pools: [{ id: 1, pgNum: 32, objectHash: "rjenkins" }] });
    const rule = crush.rules[0]!;
    const emptied: Rule = { ...rule, steps: [] };
    const edited: CrushMap = { ...crush, rules: [emptied, ...crush.rules.slice(1)] };
    const after = createClusterState({ crush: edited, pools: state.pools });
    expect(placePg(state, "1.7").up.length).toBe(3);
    expect(placePg(after, "1.7").up).toEqual([]);
    expect(new Mapper(after.crush).map(rule.id, placePg(after, "1.7").seed, 3)).toEqual([]);
  });
});

describe("deepFreeze", () => {
  it("walks deep nesting without recursion and leaves typed arrays alone", () => {
    let deep: { next?: unknown; data: Uint8Array } = { data: new Uint8Array(4) };
    for (let i = 0; i < 200_000; i++) deep = { next: deep, data: deep.data };
    deepFreeze(deep);
    expect(Object.isFrozen(deep)).toBe(true);
    deep.data[0] = 7;
    expect(deep.data[0]).toBe(7);
  });
});

/** Copies of every typed array of a compiled map, to check that mapping never writes one. */
function snapshot(cm: CompiledMap): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [k, v] of Object.entries(cm)) if (ArrayBuffer.isView(v)) out.set(k, Array.from(v as Int32Array));
  for (const [id, ca] of cm.chooseArgs) {
    for (const [k, v] of Object.entries(ca)) if (ArrayBuffer.isView(v)) out.set(`chooseArgs ${id}.${k}`, Array.from(v as Int32Array));
  }
  return out;
}

/** Maps whose mappings use the permutation scratch (uniform buckets, the local fallback) and straw2. */
const shared: [string, number[]][] = [
  ["02-uniform-flat", [0, 1]],
  ["03-uniform-hosts", [0, 1, 2, 3]],
  ["05-list-hosts", [0, 1, 2]],
  ["09-tree-hosts", [0, 1]],
  ["16-legacy-local-fallback", [0, 1, 2, 3, 4, 5]],
  ["15-straw2-hosts", [0, 1]],
  ["26-choose-args-positions", [0]],
];

describe("a compiled map is a value that mappers share", () => {
  it("is frozen and holds no scratch", () => {
    const cm = compileMap(loadCrushMap(text("26-choose-args-positions")));
    expect(Object.isFrozen(cm)).toBe(true);
    expect(Object.keys(cm).filter((k) => k.startsWith("perm") || k === "work")).toEqual([]);
    expect(() => (cm.chooseArgs as Map<number, unknown>).set(7, null)).toThrow(TypeError);
    for (const ca of cm.chooseArgs.values()) expect(Object.isFrozen(ca)).toBe(true);
  });

  for (const [name, rules] of shared) {
    it(`${name}: mapping writes nothing into the compiled map, and two mappers interleaved map as each alone`, () => {
      const map = loadCrushMap(text(name));
      const cm = compileMap(map);
      const before = snapshot(cm);
      // two mappers on one compiled map, the second with a device out so that they disagree
      const out = new Uint32Array(cm.maxDevices).fill(0x10000);
      out[1] = 0;
      const a = new Mapper(cm);
      const b = new Mapper(cm, { reweight: out });
      const aloneA = new Mapper(compileMap(map));
      const aloneB = new Mapper(compileMap(map), { reweight: out });
      for (const rule of rules) {
        for (let x = 0; x < 200; x++) {
          // same x for both, then the other's next x: any shared scratch would leak between them
          const ra = a.map(rule, x, 4);
          const rb = b.map(rule, x, 4);
          const rb2 = b.map(rule, x + 1, 3);
          const ra2 = a.map(rule, x + 1, 3);
          expect([ra, ra2]).toEqual([aloneA.map(rule, x, 4), aloneA.map(rule, x + 1, 3)]);
          expect([rb, rb2]).toEqual([aloneB.map(rule, x, 4), aloneB.map(rule, x + 1, 3)]);
        }
      }
      expect(snapshot(cm)).toEqual(before);
    });
  }
});
