/**
 * The parts of crushmap's calc_pg_upmaps that can break on their own: the replay of libstdc++'s
 * std::shuffle with std::default_random_engine (known answers from stdshuffle.cc, compiled and
 * run by test/fixtures/upmap/record-shuffle.sh), the options it refuses, what it returns, and the
 * Ceph config options osdmaptool's spelling reads from the command line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BalanceError } from "../../src/balance/errors.js";
import { calcPgUpmaps } from "../../src/balance/cephUpmap/calcPgUpmaps.js";
import { cleanPgUpmaps, formatUpmapCleanup } from "../../src/balance/cephUpmap/cleanPgUpmaps.js";
import { MinstdRand0 } from "../../src/balance/cephUpmap/minstdRand0.js";
import { formatUpmapCommands, osdmaptoolUpmap } from "../../src/balance/cephUpmap/osdmaptoolUpmap.js";
import { stdShuffle } from "../../src/balance/cephUpmap/stdShuffle.js";
import { upmapConfig } from "../../src/cli/osdmaptoolConfig.js";
import { decodeOsdMap } from "../../src/placement/osdmapBinary/decodeOsdMap.js";
import { clusterStateFromOsdmapBinary } from "../../src/placement/osdmapBinary/clusterState.js";
import { markAllUpIn } from "../../src/placement/markUpIn.js";
import type { ClusterState } from "../../src/placement/types.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures/upmap");

function conf0(): ClusterState {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, "reef", "conf0.osdmap")));
  return markAllUpIn(clusterStateFromOsdmapBinary(decodeOsdMap(bytes), { strict: false, onWarning: () => undefined }));
}

describe("std::shuffle with std::default_random_engine, as libstdc++ runs it", () => {
  const lines = readFileSync(join(FIXTURES, "stdshuffle.txt"), "utf8").trim().split("\n");
  it("has the recorded answers", () => {
    expect(lines.length).toBeGreaterThan(70);
  });
  for (const line of lines) {
    const [head, body] = line.split(": ");
    const [seed, n] = head!.split(" ").map(Number);
    it(`seed ${seed}, ${n} elements`, () => {
      const v = Array.from({ length: n! }, (_, i) => i);
      stdShuffle(v, new MinstdRand0(seed!));
      if (body!.includes("...")) {
        const [first, last] = body!.split(" ... ");
        expect(v.slice(0, 20).join(" ")).toBe(first);
        expect(String(v[n! - 1])).toBe(last);
      } else {
        expect(v.join(" ")).toBe(body);
      }
    });
  }
});

describe("calcPgUpmaps", () => {
  const state = conf0();
  it("refuses options that are not Ceph's integers", () => {
    expect(() => calcPgUpmaps(state, { maxDeviation: 1.5, max: 10, pools: [1] })).toThrow(BalanceError);
    expect(() => calcPgUpmaps(state, { maxDeviation: -1, max: 10, pools: [1] })).toThrow(BalanceError);
    expect(() => calcPgUpmaps(state, { maxDeviation: 5, max: Number.NaN, pools: [1] })).toThrow(BalanceError);
  });
  it("makes no change when it may make none", () => {
    const r = calcPgUpmaps(state, { maxDeviation: 1, max: 0, pools: [1] });
    expect(r.changes).toBe(0);
    expect(r.items.size).toBe(0);
  });
  it("makes at most max changes, one group each, and returns frozen values", () => {
    const r = calcPgUpmaps(state, { maxDeviation: 1, max: 7, pools: [1], aggressive: false });
    expect(r.changes).toBeLessThanOrEqual(7);
    expect(r.items.size + r.removed.length).toBe(r.changes);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.removed)).toBe(true);
    for (const items of r.items.values()) expect(Object.isFrozen(items)).toBe(true);
  });
  it("gives the same changes for the same seed, and counts the engines it made", () => {
    const a = calcPgUpmaps(state, { maxDeviation: 1, max: 20, pools: [1], seed: 99 });
    const b = calcPgUpmaps(state, { maxDeviation: 1, max: 20, pools: [1], seed: 99 });
    expect([...a.items]).toEqual([...b.items]);
    expect(a.enginesMade).toBeGreaterThan(0);
  });
  it("prints osdmaptool's command lines", () => {
    const r = osdmaptoolUpmap(state, { pools: [1], max: 3, deviation: 1, aggressive: false });
    const lines = formatUpmapCommands(r, "./bin/");
    expect(lines.length).toBe(r.changes);
    for (const l of lines) expect(l).toMatch(/^\.\/bin\/ceph osd pg-upmap-items 1\.[0-9a-f]+( \d+ \d+)+\n$/);
  });
});

describe("cleanPgUpmaps", () => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, "tentacle", "rep-upmap.osdmap")));
  const state = clusterStateFromOsdmapBinary(decodeOsdMap(bytes), { strict: false, onWarning: () => undefined });
  it("drops what no longer holds, and then finds nothing more to drop", () => {
    const r = cleanPgUpmaps(state);
    expect(r.changed).toBe(true);
    expect(formatUpmapCleanup(r).length).toBeGreaterThan(0);
    for (const pg of r.removedItems) expect(r.state.pgUpmapItems.has(pg)).toBe(false);
    for (const pg of r.removedUpmap) expect(r.state.pgUpmap.has(pg)).toBe(false);
    for (const [pg, items] of r.items) expect(r.state.pgUpmapItems.get(pg)).toEqual(items);
    const again = cleanPgUpmaps(r.state);
    expect(again.changed).toBe(false);
    expect(again.state).toBe(r.state);
    expect(Object.isFrozen(r)).toBe(true);
  });
});

describe("the upmap config options on osdmaptool's command line", () => {
  it("reads booleans as Ceph's binary flags, dashes and underscores alike", () => {
    expect(upmapConfig(["--osd_calc_pg_upmaps_aggressively=false", "om"])).toEqual({ aggressive: false });
    expect(upmapConfig(["--osd-calc-pg-upmaps-aggressively=0", "--osd_calc_pg_upmaps_aggressively_fast"])).toEqual({ aggressive: false, fast: true });
    expect(upmapConfig(["--osd_calc_pg_upmaps_aggressively=maybe"])).toEqual({});
  });
  it("reads the retries in either spelling, and the --upmap-pool order", () => {
    expect(upmapConfig(["--osd_calc_pg_upmaps_local_fallback_retries", "3", "--upmap-pool", "b", "--upmap-pool=a", "--upmap-pool", "b"])).toEqual({ localFallbackRetries: 3, poolOrder: ["b", "a"] });
  });
  it("stops at --", () => {
    expect(upmapConfig(["--", "--osd_calc_pg_upmaps_aggressively=false"])).toEqual({});
  });
});
