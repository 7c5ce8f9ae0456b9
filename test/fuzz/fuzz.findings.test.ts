/**
 * What fuzzing found (issue 17, "Found by fuzzing"), one guarantee per finding. The maps and
 * crushtool's answers are in test/fixtures/fuzz (recorded by record.sh there from Ceph 16.2's
 * crushtool); nothing here needs Ceph installed.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCrushMap } from "../../src/map/binary/decode.js";
import { encodeCrushMap } from "../../src/map/binary/encode.js";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { assignClassIds, classTrees } from "../../src/map/classes.js";
import { strawLengths } from "../../src/map/derived/strawLengths.js";
import { CrushMapError, CrushMappingError } from "../../src/map/errors.js";
import { loadCrushMap } from "../../src/map/load.js";
import { parseCrushText } from "../../src/map/text/parse.js";
import { tunablesProfile } from "../../src/map/tunables.js";
import { validateMap } from "../../src/map/validate.js";
import type { Bucket, CrushMap } from "../../src/map/types.js";
import { ITEM_NONE } from "../../src/map/types.js";
import type { CrushMapWarning } from "../../src/map/warnings.js";
import { treeChoose } from "../../src/mapper/buckets/tree.js";
import { compileMap } from "../../src/mapper/compile.js";
import { ALG } from "../../src/mapper/compiledMap.js";
import { Mapper } from "../../src/mapper/mapper.js";

const DIR = join(__dirname, "..", "fixtures", "fuzz");
const text = (name: string): string => readFileSync(join(DIR, name), "utf8");
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

/** Replays `CRUSH rule R x X [..]` lines (after `# --rule R --num-rep N [--weight D W]…` headers). */
function replay(map: CrushMap, recorded: string): void {
  let mapper = new Mapper(map);
  let numRep = 0;
  let lines = 0;
  for (const line of recorded.trim().split("\n")) {
    if (line.startsWith("#")) {
      numRep = Number(/--num-rep (\d+)/.exec(line)![1]);
      const reweight = new Uint32Array(compileMap(map).maxDevices).fill(0x10000);
      for (const m of line.matchAll(/--weight (\d+) (\d+)/g)) reweight[Number(m[1])] = Number(m[2]) * 0x10000;
      mapper = new Mapper(map, { reweight });
      continue;
    }
    const m = /^CRUSH rule (\d+) x (\d+) \[(.*)\]$/.exec(line)!;
    const want = m[3] === "" ? [] : m[3]!.split(",").map(Number);
    expect(mapper.map(Number(m[1]), Number(m[2]), numRep), line).toEqual(want);
    lines++;
  }
  expect(lines).toBeGreaterThan(0);
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("tree buckets with device classes, compiled by crushtool (uninitialised node weights)", () => {
  for (const name of ["tree-classes-a", "tree-classes-b"]) {
    const map = decodeCrushMap(bytes(`${name}.bin`));

    it(`${name}: a tree bucket only ever yields one of its own items, or none`, () => {
      const cm = compileMap(map);
      let none = 0;
      for (let b = 0; b < cm.maxBuckets; b++) {
        if (cm.alg[b] !== ALG.TREE) continue;
        const own = new Set(cm.items.subarray(cm.start[b]!, cm.start[b]! + cm.size[b]!));
        for (let x = 0; x < 500; x++) {
          for (let r = 0; r < 4; r++) {
            const item = treeChoose(cm, b, x, r);
            if (item === ITEM_NONE) none++;
            else expect(own.has(item)).toBe(true);
          }
        }
      }
      // the recorded binary does descend past the last item, or it would prove nothing
      expect(none).toBeGreaterThan(0);
    });

    it(`${name}: every mapping terminates with devices of the class, one per host`, () => {
      const hostOf = new Map<number, number>();
      for (const b of map.buckets) for (const it of b.items) if (it.id >= 0) hostOf.set(it.id, b.id);
      const mapper = new Mapper(map);
      for (const rule of map.rules) {
        const cls = rule.steps.find((s) => s.op === "take" && s.class !== undefined) as { class: string };
        const ofClass = new Set(map.devices.filter((d) => d.class === cls.class).map((d) => d.id));
        for (let x = 0; x < 1000; x++) {
          const got = mapper.map(rule.id, x, 3).filter((d) => d !== ITEM_NONE);
          for (const d of got) expect(ofClass.has(d), `rule ${rule.name} x ${x}: ${got}`).toBe(true);
          expect(new Set(got.map((d) => hostOf.get(d))).size, `rule ${rule.name} x ${x}: ${got}`).toBe(got.length);
        }
      }
    });
  }
});

describe("bucket ids are bounded by what Ceph can hold, and compiled arrays by counts", () => {
  const base = loadCrushMap(text("shadow-id-is-host-id.txt").replace("id -3 class hdd", ""));

  it("refuses a shadow id of -2^31 (0x80000000) in text, quickly and typed", () => {
    const t = text("shadow-id-is-host-id.txt").replace("id -3 class hdd", "id -2147483648 class hdd");
    const err = errorOf(() => loadCrushMap(t));
    expect(err).toBeInstanceOf(CrushMapError);
    expect((err as CrushMapError).message).toMatch(/-2147483648/);
  });

  it("refuses it on a map that was never validated, when compiling", () => {
    const corrupt: CrushMap = {
      ...base,
      buckets: base.buckets.map((b) => (b.name === "h0" ? { ...b, classIds: [{ class: "hdd", id: -0x80000000 }] } : b)),
    };
    expect(() => new Mapper(corrupt)).toThrow(CrushMapError);
  });

  it("compiles the most negative id Ceph can hold into arrays sized by the bucket count", () => {
    const far = -0x40000000;
    const map: CrushMap = {
      ...base,
      buckets: base.buckets.map((b) => {
        if (b.name === "h1") return { ...b, id: far };
        return { ...b, items: b.items.map((it) => (it.id === -3 ? { ...it, id: far } : it)) };
      }),
    };
    const cm = compileMap(map);
    expect(cm.maxBuckets).toBe(6); // 3 buckets and their hdd copies
    expect(cm.indexDirect.length + cm.indexHashIds.length).toBeLessThan(2048);
    expect(cm.size.length).toBe(6);
    const devices = new Set(base.devices.map((d) => d.id));
    for (let x = 0; x < 100; x++) for (const d of new Mapper(cm).map(0, x, 2)) expect(devices.has(d)).toBe(true);
    expect(() => compileMap({ ...map, buckets: map.buckets.map((b) => (b.id === far ? { ...b, id: far - 1 } : b)) })).toThrow(CrushMapError);
  });
});

describe("the binary encoding of far bucket ids", () => {
  const base = loadCrushMap(text("shadow-id-is-host-id.txt").replace("id -3 class hdd", ""));
  const withHostId = (id: number): CrushMap => ({
    ...base,
    buckets: base.buckets.map((b) => {
      if (b.name === "h1") return { ...b, id };
      return { ...b, items: b.items.map((it) => (it.id === -3 ? { ...it, id } : it)) };
    }),
  });

  it("refuses, typed and before writing, a bucket array Ceph's bufferlist cannot hold (id -2^30: 2^30 slots, 4 GiB)", () => {
    const err = errorOf(() => encodeCrushMap(withHostId(-0x40000000)));
    expect(err).toBeInstanceOf(CrushMapError);
    expect((err as CrushMapError).item).toBe("h1");
    expect((err as CrushMapError).message).toMatch(/-1073741824.*bucket array of 1073741824 slots/);
  });

  it("writes the empty slots before a far id as Ceph's array has them, and reads back the same map", () => {
    const map = withHostId(-(1 << 20));
    const bytes = encodeCrushMap(map, { release: 16 });
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getInt32(4, true)).toBe(1 << 20); // max_buckets: 8 doubled until index 2^20 - 1 fits
    expect(bytes.length).toBeGreaterThan(4 * (1 << 20));
    const back = decodeCrushMap(bytes);
    const ids = (m: CrushMap): [string, number][] => m.buckets.map((b): [string, number] => [b.name, b.id]).sort((p, q) => q[1] - p[1]);
    expect(ids(back)).toEqual(ids(map));
    const a = new Mapper(map);
    const b = new Mapper(back);
    for (let x = 0; x < 64; x++) expect(b.map(0, x, 2)).toEqual(a.map(0, x, 2));
  });
});

describe("tunables wrap at 32 bits as Ceph computes them", () => {
  for (const name of ["tunables-total-tries-wrap", "tunables-fallback-wrap", "tunables-fallback-wrap-2", "tunables-saturating"]) {
    it(`${name}: maps exactly as crushtool, at once`, () => {
      replay(loadCrushMap(text(`${name}.txt`)), text(`${name}.mappings.txt`));
    });
  }

  it("collecting choose tries with choose_total_tries 4294967295 is refused, typed", () => {
    const map = loadCrushMap(text("tunables-total-tries-wrap.txt"));
    expect(() => new Mapper(map, { collectChooseTries: true })).toThrow(CrushMappingError);
  });
});

describe("a bucket type above 16 bits", () => {
  it("is refused, naming the bucket (crushtool truncates it to 16 bits and then maps nothing)", () => {
    expect(text("type-above-16-bits.crushtool-status.txt").trim()).toBe("0");
    expect(text("type-above-16-bits.mappings.txt")).toContain("CRUSH rule 0 x 0 []");
    const err = errorOf(() => loadCrushMap(text("type-above-16-bits.txt")));
    expect(err).toBeInstanceOf(CrushMapError);
    expect((err as CrushMapError).item).toBe("h0");
    expect((err as CrushMapError).message).toMatch(/type 70000 \(host\).*16 bits/);
  });

  it("is refused when compiling a map that was never validated", () => {
    const map = parseCrushText(text("type-above-16-bits.txt"));
    expect(() => compileMap(map)).toThrow(/16 bits/);
  });
});

describe("a shadow id equal to a real bucket's id", () => {
  for (const [name, owner, real] of [
    ["shadow-id-is-root-id", "h0", "default"],
    ["shadow-id-is-host-id", "h0", "h1"],
  ] as const) {
    it(`${name}: is refused, naming both buckets, as crushtool refuses it`, () => {
      expect(text(`${name}.crushtool-status.txt`).trim()).toBe("1");
      const err = errorOf(() => loadCrushMap(text(`${name}.txt`)));
      expect(err).toBeInstanceOf(CrushMapError);
      expect((err as CrushMapError).item).toBe(owner);
      expect((err as CrushMapError).message).toContain(`bucket ${owner}: shadow id`);
      expect((err as CrushMapError).message).toContain(`is the id of bucket ${real}`);
    });
  }

  it("is refused even when no rule takes a class (crushtool then drops every class id silently)", () => {
    const t = text("shadow-id-is-root-id.txt").replace("step take default class hdd", "step take default");
    expect(() => loadCrushMap(t)).toThrow(/shadow id -1 for class hdd is the id of bucket default/);
    expect(() => assignClassIds(parseCrushText(t))).toThrow(CrushMapError);
  });
});

describe("deep hierarchies", () => {
  /** A chain of `depth` buckets, one hdd device at the bottom, and a rule taking the hdd class. */
  function chain(depth: number): CrushMap {
    const buckets: Bucket[] = [];
    for (let i = 1; i <= depth; i++) {
      buckets.push({ id: -i, name: `b${i}`, type: 1, alg: "straw2", hash: 0, items: [i < depth ? { id: -(i + 1), weight: 0x10000 } : { id: 0, weight: 0x10000 }] });
    }
    return {
      tunables: tunablesProfile("optimal"),
      devices: [{ id: 0, name: "osd.0", class: "hdd" }],
      types: [{ id: 0, name: "osd" }, { id: 1, name: "level" }],
      buckets,
      rules: [{ id: 0, name: "r", type: 1, minSize: 1, maxSize: 10, steps: [{ op: "take", item: -1, class: "hdd" }, { op: "choose", mode: "firstn", num: 0, type: 0 }, { op: "emit" }] }],
      classes: [{ id: 0, name: "hdd" }],
      chooseArgs: [],
    };
  }

  it("5,000 levels with classes: shadow trees, compile and mapping, with no stack overflow", () => {
    const map = chain(5000);
    const full = assignClassIds(map);
    expect(classTrees(full)).toHaveLength(5000);
    expect(new Mapper(full).map(0, 7, 1)).toEqual([0]);
    expect(validateMap(full)).toBe(full);
  });

  it("a builder 5,000 levels deep re-sums every ancestor when a device is added", () => {
    const deep = chain(5000);
    const b = CrushMapBuilder.from({ ...deep, types: [...deep.types, { id: 2, name: "host" }], rules: [] });
    const map = b.addDevice({ id: 1, weight: 2, under: "b5000", class: "ssd" }).build();
    expect(map.buckets.find((x) => x.name === "b1")!.items[0]!.weight).toBe(3 * 0x10000);
  });

  it("a cycle in a map that was never validated is a typed error, not a hang", () => {
    const map = chain(50);
    const cyclic: CrushMap = { ...map, buckets: map.buckets.map((b) => (b.id === -50 ? { ...b, items: [{ id: -10, weight: 0 }] } : b)) };
    expect(() => assignClassIds(cyclic)).toThrow(CrushMapError);
    expect(() => compileMap({ ...cyclic, rules: [] })).toThrow(/inside itself/);
  });
});

describe("straw lengths of large straw buckets", () => {
  for (const v of [0, 1]) {
    it(`straw_calc_version ${v}: 3,000 items with ties and zeros give crushtool's straws and mappings`, () => {
      const map = decodeCrushMap(bytes(`straw-large-v${v}.bin`));
      // the decoder keeps a bucket's stored straws only when they differ from strawLengths'
      expect(map.buckets[0]!.items).toHaveLength(3000);
      expect(map.buckets[0]!.straws).toBeUndefined();
      replay(map, `# --num-rep 3\n${text(`straw-large-v${v}.mappings.txt`)}`);
    });
  }

  it("are the straws of the quadratic calculation crushmap used before, on any weights", () => {
    const weight = fc.oneof(fc.constantFrom(0, 0x8000, 0x10000, 0x20000), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(weight, { maxLength: 80 }), fc.constantFrom(0, 1), (w, version) => {
        expect(strawLengths(w, version)).toEqual(referenceStrawLengths(w, version));
      }),
      { numRuns: 500, seed: 17 },
    );
  });
});

/**
 * crush_calc_straw as crushmap computed it before (insertion sort, quadratic): the reference the
 * sorted version must equal. The loop is Ceph's; only the ordering of items changed.
 */
function referenceStrawLengths(weights: readonly number[], version: number): number[] {
  const size = weights.length;
  const straws = new Array<number>(size).fill(0);
  const order: number[] = [];
  for (let i = 0; i < size; i++) {
    let j = 0;
    while (j < i && !(weights[i]! < weights[order[j]!]!)) j++;
    order.splice(j, 0, i);
  }
  let numleft = size;
  let straw = 1.0;
  let wbelow = 0;
  let lastw = 0;
  let i = 0;
  while (i < size) {
    if (weights[order[i]!] === 0) {
      i++;
      if (version >= 1) numleft--;
      continue;
    }
    straws[order[i]!] = Math.trunc(straw * 0x10000) % 0x100000000;
    i++;
    if (i === size) break;
    const prev = weights[order[i - 1]!]!;
    const next = weights[order[i]!]!;
    if (version === 0) {
      if (next === prev) continue;
      wbelow += (prev - lastw) * numleft;
      for (let j = i; j < size && weights[order[j]!] === next; j++) numleft--;
    } else {
      wbelow += (prev - lastw) * numleft;
      numleft--;
    }
    const pbelow = wbelow / (wbelow + (Math.imul(numleft, (next - prev) >>> 0) >>> 0));
    const base = 1.0 / pbelow;
    straw *= base === 1 ? 1 : Math.pow(base, 1.0 / numleft);
    lastw = prev;
  }
  return straws;
}

describe("compiling a map that was never validated checks what the mapper relies on", () => {
  const decoded = decodeCrushMap(bytes("weight-wraps.bin"));

  it("an item that is not a declared device (new Mapper(decodeCrushMap(b)) without validation)", () => {
    const undeclared: CrushMap = { ...decoded, devices: decoded.devices.filter((d) => d.id !== 1) };
    const err = errorOf(() => new Mapper(undeclared));
    expect(err).toBeInstanceOf(CrushMapError);
    expect((err as CrushMapError).item).toBe("h1");
    expect((err as CrushMapError).message).toMatch(/item 1 is neither a device of the map nor a bucket/);
  });

  it("weights, tunables, rule steps and rule ids that are not the integers Ceph stores", () => {
    const h0 = (f: (b: Bucket) => Bucket): CrushMap => ({ ...decoded, buckets: decoded.buckets.map((b) => (b.name === "h0" ? f(b) : b)) });
    expect(() => compileMap(h0((b) => ({ ...b, items: [{ id: 0, weight: Number.NaN }] })))).toThrow(CrushMapError);
    expect(() => compileMap(h0((b) => ({ ...b, id: 5 })))).toThrow(CrushMapError);
    expect(() => compileMap({ ...decoded, tunables: { ...decoded.tunables, chooseLocalTries: Infinity } })).toThrow(CrushMapError);
    const rule = decoded.rules[0]!;
    expect(() => compileMap({ ...decoded, rules: [{ ...rule, id: 2 ** 31 }] })).toThrow(CrushMapError);
    expect(() => compileMap({ ...decoded, rules: [{ ...rule, steps: [{ op: "jump" } as never] }] })).toThrow(CrushMapError);
    expect(() => compileMap({ ...decoded, rules: [{ ...rule, steps: [{ op: "take", item: Number.NaN }] }] })).toThrow(CrushMapError);
    expect(() => compileMap({ ...decoded, devices: [...decoded.devices, { id: 0x7fffffff, name: "osd.x" }] })).toThrow(CrushMapError);
  });
});

describe("a bucket whose items weigh more than 32 bits hold", () => {
  it("loads as crushtool reads it (the total wraps), maps as crushtool maps it, and warns", () => {
    expect(text("weight-wraps.tree.txt")).toMatch(/24464\.00000 +root default/); // 90000 modulo 65536
    const warnings: CrushMapWarning[] = [];
    const map = loadCrushMap(bytes("weight-wraps.bin"), { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => [w.code, w.item])).toEqual([["bucket-weight-wraps", "default"]]);
    replay(map, `# --num-rep 3\n${text("weight-wraps.mappings.txt")}`);
  });

  it("is built the way `ceph osd crush add` and `reweight` leave it: wrapped, with a warning", () => {
    const b = new CrushMapBuilder().addBucket("default", "root");
    for (const h of ["h0", "h1", "h2"]) b.addBucket(h, "host", { under: "default" });
    for (const h of ["h0", "h1", "h2"]) b.addDevice({ weight: 1, under: h });
    for (const osd of ["osd.0", "osd.1", "osd.2"]) b.reweight(osd, 30000);
    const warnings: CrushMapWarning[] = [];
    const map = b.createReplicatedRule("r", "default", "host").build({ onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.item)).toEqual(["default"]);
    replay(map, `# --num-rep 3\n${text("weight-wraps.mappings.txt")}`);
    // a parent of the wrapped bucket gets the wrapped total as its item weight, as in Ceph
    const top = CrushMapBuilder.from(map).addBucket("top", "region").moveBucket("default", "top").build();
    expect(top.buckets.find((x) => x.name === "top")!.items[0]!.weight).toBe((3 * 30000 * 0x10000) % 2 ** 32);
  });
});
