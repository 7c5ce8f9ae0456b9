/** The placement API beyond what osdmaptool can show: XXH32 pools, locator keys, JSON output. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNameHasher } from "../../src/hash/xxhash.js";
import { PlacementError } from "../../src/placement/errors.js";
import { strHashLinux, strHashRjenkins } from "../../src/hash/strHash.js";
import { locatorBytes } from "../../src/placement/objectHash.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { objectToPg, placeObject, placePg } from "../../src/placement/place.js";
import { createClusterState } from "../../src/placement/state.js";
import { pgMask, stableMod } from "../../src/placement/stableMod.js";
import { crushmapCli } from "../support/crushtool.js";
import { modelMap } from "../support/modelMap.js";

const { map } = modelMap(5, { minHosts: 2 });

describe("object hashing", () => {
  it("hashes names with XXH32 in crushmap's own pools, through the hasher the caller loaded", async () => {
    const hasher = await createNameHasher();
    const state = createClusterState({ crush: map, pools: [{ id: 4, pgNum: 100 }] });
    expect(state.pools[0]!.objectHash).toBe("xxhash");
    for (const name of ["a", "photos/2026/a.jpg", "ünïcode"]) {
      const seed = hasher.hash32(name);
      const p = placeObject(state, 4, name, { hasher });
      expect(p.objectSeed).toBe(seed);
      expect(p.ps).toBe(stableMod(seed, 100, pgMask(100)));
      expect(p.up).toEqual(placePg(state, { pool: 4, ps: p.ps }).up);
    }
    expect(() => placeObject(state, 4, "a")).toThrow(PlacementError);
  });

  it("hashes the locator key instead of the name, and the namespace before it", () => {
    const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 1 << 12, objectHash: "rjenkins" }] });
    const a = objectToPg(state, 1, "obj-a", { key: "shared" });
    const b = objectToPg(state, 1, "obj-b", { key: "shared" });
    expect(a).toEqual(b);
    expect(placeObject(state, 1, "x", { namespace: "ns" }).objectSeed).toBe(strHashRjenkins(locatorBytes("x", "ns")));
    expect(placeObject(state, 1, "x", { namespace: "ns" }).objectSeed).toBe(placeObject(state, 1, "ns\x1fx").objectSeed);
    expect(placeObject(state, 1, "anything", { hash: 0x1234 }).ps).toBe(0x234);
  });

  it("computes the linux dcache hash over unsigned bytes", () => {
    // h = (h + (c << 4) + (c >> 4)) * 11 per byte, low 32 bits
    let h = 0;
    for (const c of [0x61, 0xc3, 0xbc]) h = Number((BigInt(h) + BigInt(c << 4) + BigInt(c >> 4)) * 11n & 0xffffffffn);
    expect(strHashLinux(Uint8Array.from([0x61, 0xc3, 0xbc]))).toBe(h);
  });
});

describe("map-pgs --json", () => {
  it("lists every group's sets as the library computes them", () => {
    const dir = join(import.meta.dirname, "..", "fixtures", "osdmap", "ec");
    const r = crushmapCli(["map-pgs", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), "--pool", "1", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { pools: { pool: number; pgNum: number; pgs: { pgid: string; up: number[]; acting: number[]; actingPrimary: number }[] }[] };
    expect(out.pools).toHaveLength(1);
    const pool = out.pools[0]!;
    expect(pool.pgs).toHaveLength(pool.pgNum);
    expect(pool.pgs[5]!.pgid).toBe("1.5");
    const one = crushmapCli(["map-pg", "--osdmap", join(dir, "osdmap.json"), "--crush", join(dir, "crush.bin"), "1.5", "--json"]);
    const pg = JSON.parse(one.stdout) as { up: number[]; acting: number[]; actingPrimary: number };
    expect(pool.pgs[5]!.up).toEqual(pg.up);
    expect(pool.pgs[5]!.acting).toEqual(pg.acting);
    expect(pool.pgs[5]!.actingPrimary).toBe(pg.actingPrimary);
  });

  it("maps a pool of 100,000 groups in bulk", () => {
    const state = createClusterState({ crush: map, pools: [{ id: 1, pgNum: 100_000, objectHash: "rjenkins" }] });
    const m = mapPool(state, 1);
    expect(m.up.length).toBe(100_000 * m.width);
    expect(Array.from(m.upLength).every((n) => n === 3)).toBe(true);
  });
});
