import { describe, expect, it } from "vitest";
import { scenarios } from "../../bench/scenarios.js";
import { CrushMapBuilder, CrushMappingError, ITEM_NONE, Mapper } from "../../src/index.js";
import { fileURLToPath } from "node:url";
import { CrushmapError } from "../../src/index.js";
import { MapWorkerError, mapRangeParallel } from "../../src/node/index.js";

const [a, , c, d] = scenarios();

function singleThreaded(s: typeof a, firstX: number, count: number): Int32Array {
  const out = new Int32Array(count * s!.numRep);
  const mapper = new Mapper(s!.map, s!.reweight === undefined ? {} : { reweight: s!.reweight });
  mapper.mapRange(s!.rule, s!.numRep, firstX, count, out);
  return out;
}

describe("mapRangeParallel", () => {
  it.each([
    ["(a) 3 replicas", a!],
    ["(c) EC 8+3 indep", c!],
  ])("maps 200k inputs on 2 threads exactly as Mapper.mapRange does: %s", async (_, s) => {
    const count = 200_000;
    const got = await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: 0, count, threads: 2 });
    expect(got.length).toBe(count * s.numRep);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer); // it really went through workers
    expect(Buffer.from(got.buffer).equals(Buffer.from(singleThreaded(s, 0, count).buffer))).toBe(true);
  });

  it("keeps reweight, odd chunk sizes and 32-bit wrap-around of the inputs", async () => {
    const s = d!;
    const firstX = 0xffffffff - 30_000; // the range wraps past 2^32 as mapRange's inputs do
    const count = 60_001;
    const got = await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX, count, reweight: s.reweight!, threads: 3 });
    const want = singleThreaded(s, firstX, count);
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(got.includes(0)).toBe(false); // device 0 is out
  });

  it("fills the slots of short firstn results with ITEM_NONE", async () => {
    // 3 replicas over 2 hosts: firstn places 2 per input
    const b = new CrushMapBuilder().addBucket("default", "root");
    for (const h of ["h0", "h1"]) {
      b.addBucket(h, "host", { under: "default" });
      for (let i = 0; i < 4; i++) b.addDevice({ weight: 1, under: h });
    }
    const map = b.createReplicatedRule("r", "default", "host").build();
    const got = await mapRangeParallel(map, { rule: 0, numRep: 3, firstX: 0, count: 60_000, threads: 2 });
    const want = new Int32Array(3 * 60_000);
    new Mapper(map).mapRange(0, 3, 0, 60_000, want);
    expect(Array.from(got)).toEqual(Array.from(want));
    for (let i = 0; i < 60_000; i++) expect(got[3 * i + 2]).toBe(ITEM_NONE);
  });

  it("maps small ranges on the calling thread with the same result", async () => {
    const s = a!;
    const got = await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: 5, count: 1000, threads: 2 });
    expect(got.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(got)).toEqual(Array.from(singleThreaded(s, 5, 1000)));
    expect(await mapRangeParallel(s.map, { rule: 0, numRep: 3, firstX: 0, count: 0 })).toHaveLength(0);
  });

  it("rejects a request Mapper would refuse with CrushMappingError", async () => {
    const m = a!.map;
    const big = 100_000;
    await expect(mapRangeParallel(m, { rule: 0, numRep: 3, firstX: 0, count: -1 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 0, numRep: 3, firstX: 0, count: 1.5 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 7, numRep: 3, firstX: 0, count: big, threads: 2 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 7, numRep: 3, firstX: 0, count: 10 })).rejects.toThrow(/rule 7 does not exist/);
    await expect(mapRangeParallel(m, { rule: 0, numRep: -1, firstX: 0, count: big, threads: 2 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 0, numRep: 3, firstX: 2 ** 40, count: big, threads: 2 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 0, numRep: 3, firstX: 0, count: big, threads: 0 })).rejects.toThrow(CrushMappingError);
    await expect(mapRangeParallel(m, { rule: 0, numRep: 3, firstX: 0, count: big, reweight: [-1], threads: 2 })).rejects.toThrow(CrushMappingError);
  });

  it("finds its worker where workerUrl says, as a URL or a path", async () => {
    const s = a!;
    const url = new URL("../../src/node/mapWorker.ts", import.meta.url);
    const want = singleThreaded(s, 0, 60_000);
    for (const workerUrl of [url, fileURLToPath(url)]) {
      const got = await mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: 0, count: 60_000, threads: 2, workerUrl });
      expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    }
  });

  it("rejects with a MapWorkerError naming the script when the worker is not where it looks", async () => {
    const s = a!;
    const call = mapRangeParallel(s.map, { rule: s.rule, numRep: s.numRep, firstX: 0, count: 60_000, threads: 2, workerUrl: "/nonexistent/mapWorker.js" });
    const e = await call.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(MapWorkerError);
    expect(e).toBeInstanceOf(CrushmapError);
    expect((e as MapWorkerError).message).toMatch(/cannot load the mapping worker script file:\/\/\/nonexistent\/mapWorker\.js .*workerUrl/);
    expect((e as MapWorkerError).item).toBe("/nonexistent/mapWorker.js");
  });
});
