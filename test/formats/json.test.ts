import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { CrushMapError } from "../../src/map/errors.js";
import { mapFromJSON, mapToJSON } from "../../src/map/json.js";
import type { BucketAlg, ChooseArgs, CrushMap, RuleStep } from "../../src/map/types.js";
import { crushBinarySections, intMapBytes, readIntMap, splice } from "../support/crushBinary.js";

const ALGS: readonly BucketAlg[] = ["uniform", "list", "tree", "straw", "straw2"];
const CLASSES = ["hdd", "ssd", "nvme", "__proto__"];

type Command =
  | { kind: "bucket"; type: string; alg: BucketAlg; parent: number }
  | { kind: "device"; parent: number; weight: number; cls: number }
  | { kind: "reweight"; device: number; weight: number }
  | { kind: "move"; bucket: number; parent: number }
  | { kind: "removeDevice"; device: number }
  | { kind: "rule"; root: number; domain: string; mode: "firstn" | "indep"; cls: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("bucket" as const), type: fc.constantFrom("host", "rack", "row", "root"), alg: fc.constantFrom(...ALGS), parent: fc.nat(30) }),
  fc.record({ kind: fc.constant("device" as const), parent: fc.nat(30), weight: fc.double({ min: 0, max: 20, noNaN: true }), cls: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ kind: fc.constant("reweight" as const), device: fc.nat(60), weight: fc.double({ min: 0, max: 20, noNaN: true }) }),
  fc.record({ kind: fc.constant("move" as const), bucket: fc.nat(30), parent: fc.nat(30) }),
  fc.record({ kind: fc.constant("removeDevice" as const), device: fc.nat(60) }),
  fc.record({ kind: fc.constant("rule" as const), root: fc.nat(30), domain: fc.constantFrom("osd", "host", "rack"), mode: fc.constantFrom("firstn" as const, "indep" as const), cls: fc.integer({ min: -1, max: 3 }) }),
);

/** Applies commands to a builder, skipping those the builder refuses (they must change nothing). */
function buildFrom(commands: readonly Command[]): CrushMap {
  const b = new CrushMapBuilder().addBucket("default", "root");
  const buckets = ["default"];
  let devices = 0;
  let rules = 0;
  for (const c of commands) {
    const pick = (xs: readonly string[], i: number): string => xs[i % xs.length]!;
    const before = b.build();
    try {
      switch (c.kind) {
        case "bucket": {
          const name = `b${buckets.length}`;
          b.addBucket(name, c.type, { alg: c.alg, under: pick(buckets, c.parent) });
          buckets.push(name);
          break;
        }
        case "device":
          b.addDevice({ id: devices++, weight: c.weight, under: pick(buckets, c.parent), ...(c.cls >= 0 ? { class: CLASSES[c.cls]! } : {}) });
          break;
        case "reweight":
          b.reweight(`osd.${c.device % Math.max(devices, 1)}`, c.weight);
          break;
        case "move":
          b.moveBucket(pick(buckets, c.bucket), pick(buckets, c.parent));
          break;
        case "removeDevice":
          b.removeDevice(`osd.${c.device % Math.max(devices, 1)}`);
          break;
        case "rule":
          b.createSimpleRule(`r${rules++}`, pick(buckets, c.root), c.domain, c.mode, c.cls >= 0 ? { deviceClass: CLASSES[c.cls]! } : {});
          break;
      }
    } catch (e) {
      if (!(e instanceof CrushMapError)) throw e;
      expect(b.build()).toEqual(before);
    }
  }
  return b.build();
}

/** Adds what the builder does not make: weight sets, ids, and every kind of rule step. */
function decorate(map: CrushMap, seed: number): CrushMap {
  let s = seed >>> 0;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const chooseArgs: ChooseArgs[] = [];
  if (rnd(2) === 0) {
    chooseArgs.push({
      id: rnd(3) - 1,
      buckets: map.buckets
        .filter(() => rnd(2) === 0)
        .map((b) => {
          const positions = rnd(3) + 1;
          const weightSet = Array.from({ length: positions }, () => b.items.map(() => rnd(0x40000)));
          return rnd(2) === 0 ? { bucketId: b.id, weightSet } : { bucketId: b.id, weightSet, ids: b.items.map((it) => it.id + 1000) };
        }),
    });
  }
  const extra: RuleStep[] = [
    { op: "noop" },
    { op: "set_choose_local_tries", value: rnd(5) },
    { op: "set_choose_local_fallback_tries", value: rnd(5) },
    { op: "set_chooseleaf_vary_r", value: rnd(2) },
    { op: "set_chooseleaf_stable", value: rnd(2) },
  ];
  const rules = map.rules.map((r) => (rnd(2) === 0 ? { ...r, steps: [...extra, ...r.steps] } : r));
  // Binary maps may carry their own straw lengths for straw buckets.
  const buckets = map.buckets.map((b) => (b.alg === "straw" && rnd(2) === 0 ? { ...b, straws: b.items.map(() => rnd(0x20000)) } : b));
  return { ...map, buckets, rules, chooseArgs };
}

const roundTrip = (m: CrushMap): CrushMap => mapFromJSON(JSON.parse(JSON.stringify(mapToJSON(m))));

function rejects(json: unknown, path: string): void {
  let err: unknown;
  try {
    mapFromJSON(json);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CrushMapError);
  expect((err as CrushMapError).message).toContain(path);
}

describe("crushmap JSON", () => {
  it("round-trips every map exactly", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), fc.integer(), (commands, seed) => {
        const m = decorate(buildFrom(commands), seed);
        expect(roundTrip(m)).toStrictEqual(m);
      }),
      { numRuns: 150 },
    );
  });

  it("writes weights as 16.16 integers under fixedWeight", () => {
    const m = new CrushMapBuilder().addBucket("default", "root").addDevice({ weight: 1.5, under: "default" }).build();
    const json = mapToJSON(m);
    expect(json.buckets[0]!.items).toEqual([{ id: 0, fixedWeight: 0x18000 }]);
    expect(json.format).toBe("crushmap");
    expect(json.version).toBe(1);
  });

  it("keeps what a binary map stored (shadow items, straws, list sums, node weights) through a round trip", () => {
    const golden = join(import.meta.dirname, "..", "fixtures", "golden", "out");
    const original = new Uint8Array(readFileSync(join(golden, "22-classes-noids-straw2.bin")));
    const sections = crushBinarySections(original);
    const moved = splice(original, sections.classMap, intMapBytes(readIntMap(original, sections.classMap).map(([k, v]) => [k, k === 0 ? (v + 1) % 3 : v])));
    const list = new Uint8Array(readFileSync(join(golden, "05-list-hosts.bin")));
    new DataView(list.buffer).setUint32(crushBinarySections(list).bucketSlots.get(0)!.start + 20 + 16 + 12, 12345, true);
    for (const bytes of [moved, list, new Uint8Array(readFileSync(join(golden, "06-tree-sizes.bin")))]) {
      const map = decodeCrushMap(bytes);
      const again = mapFromJSON(JSON.parse(JSON.stringify(mapToJSON(map))));
      expect(again).toEqual(map);
      expect(Buffer.compare(encodeCrushMap(again, { release: 16 }), bytes)).toBe(0);
    }
    expect(decodeCrushMap(moved).buckets.some((b) => b.classIds?.some((c) => c.items !== undefined))).toBe(true);
  });

  it("returns a frozen map", () => {
    const m = roundTrip(new CrushMapBuilder().addBucket("default", "root").build());
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.buckets[0])).toBe(true);
  });

  describe("rejects malformed JSON with the path of the problem", () => {
    const good = (): Record<string, unknown> =>
      JSON.parse(
        JSON.stringify(
          mapToJSON(
            new CrushMapBuilder()
              .addBucket("default", "root")
              .addDevice({ weight: 1, under: "default", class: "ssd" })
              .createReplicatedRule("r", "default", "osd")
              .build(),
          ),
        ),
      ) as Record<string, unknown>;
    const cases: [string, (j: any) => unknown, string][] = [
      ["not an object", () => 42, "$"],
      ["null", () => null, "$"],
      ["a wrong format marker", (j) => ({ ...j, format: "ceph" }), "$.format"],
      ["a missing field", (j) => ({ ...j, devices: undefined }), "$.devices"],
      ["an unknown field", (j) => ({ ...j, extra: 1 }), "$.extra"],
      ["a __proto__ field", () => JSON.parse('{"__proto__": {}}'), "$.__proto__"],
      ["a string weight", (j) => (j.buckets[0].items[0].fixedWeight = "1.0", j), "buckets[0].items[0].fixedWeight"],
      ["a decimal weight field", (j) => ((j.buckets[0].items[0] = { id: 0, weight: 1 }), j), "buckets[0].items[0].weight"],
      ["a fractional id", (j) => ((j.devices[0].id = 0.5), j), "devices[0].id"],
      ["an array where an object belongs", (j) => ((j.tunables = []), j), "tunables"],
      ["a missing tunable", (j) => (delete j.tunables.chooseTotalTries, j), "tunables.chooseTotalTries"],
      ["an unknown alg", (j) => ((j.buckets[0].alg = "straw3"), j), "buckets[0].alg"],
      ["an unknown step", (j) => ((j.rules[0].steps[0] = { op: "jump" }), j), "rules[0].steps[0].op"],
      ["a bad mode", (j) => ((j.rules[0].steps[1].mode = "all"), j), "rules[0].steps[1].mode"],
      ["a non-array weight set", (j) => ((j.chooseArgs = [{ id: 1, buckets: [{ bucketId: -1, fixedWeightSet: 5 }] }]), j), "chooseArgs[0].buckets[0].fixedWeightSet"],
      ["a class that is a number", (j) => ((j.devices[0].class = 1), j), "devices[0].class"],
    ];
    for (const [what, mutate, path] of cases) it(what, () => rejects(mutate(good()), path));

    it("content errors from validateMap", () => {
      const j = good() as any;
      j.buckets[0].items.push({ id: 99, fixedWeight: 0 });
      expect(() => mapFromJSON(j)).toThrow(CrushMapError);
      expect(() => mapFromJSON(j)).toThrow(/default/);
    });
  });
});
