/**
 * The upmap balancer by bytes: groups of one pool differ in size, and what fills a disk is its
 * bytes. Bytes per device and their weight-share targets are recomputed here from the balanced
 * state's mapping and the crush weights, independently of the balancer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BalanceError } from "../../src/balance/errors.js";
import { balanceUpmap } from "../../src/balance/upmapBalance.js";
import { deviceCrushWeights } from "../../src/map/hierarchy.js";
import { loadCrushMap } from "../../src/map/load.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { mapPool } from "../../src/placement/mapPool.js";
import type { ClusterState } from "../../src/placement/types.js";
import { crushmapCli } from "../support/crushtool.js";
import { planCluster } from "../support/planCluster.js";
import { prng } from "../support/randomMap.js";

const GiB = 2 ** 30;

/** Group sizes that differ up to 40× (a few large groups, many small ones). */
function sizes(state: ClusterState, pool: number, seed: number): Map<string, number> {
  const rnd = prng(seed);
  const p = state.pools.find((q) => q.id === pool)!;
  const out = new Map<string, number>();
  for (let ps = 0; ps < p.pgNum; ps++) out.set(`${pool}.${ps.toString(16)}`, Math.round((rnd() < 0.15 ? 20 + rnd() * 20 : 0.5 + rnd() * 3) * GiB));
  return out;
}

/** The worst |bytes − share| over the devices that can take data, in bytes. */
function worstBytes(state: ClusterState, pool: number, bytes: ReadonlyMap<string, number>): number {
  const m = mapPool(state, pool);
  const held = new Map<number, number>();
  let total = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const b = bytes.get(`${pool}.${ps.toString(16)}`)!;
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const o = m.up[ps * m.width + i]!;
      if (o === ITEM_NONE) continue;
      held.set(o, (held.get(o) ?? 0) + b);
      total += b;
    }
  }
  const weights = [...deviceCrushWeights(state.crush)].filter(([o, w]) => w > 0 && state.osds[o]!.up && state.osds[o]!.weight > 0);
  const sum = weights.reduce((a, [o, w]) => a + w * state.osds[o]!.weight, 0);
  let worst = 0;
  for (const [o, w] of weights) worst = Math.max(worst, Math.abs((held.get(o) ?? 0) - (total * w * state.osds[o]!.weight) / sum));
  return worst;
}

function hostsDistinct(state: ClusterState, pool: number, hostOf: ReadonlyMap<number, string>): boolean {
  const m = mapPool(state, pool);
  for (let ps = 0; ps < m.pgNum; ps++) {
    const hosts = new Set<string>();
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const o = m.up[ps * m.width + i]!;
      if (o === ITEM_NONE) continue;
      if (hosts.has(hostOf.get(o)!)) return false;
      hosts.add(hostOf.get(o)!);
    }
  }
  return true;
}

describe("balancing by bytes", () => {
  it("evens out bytes per device as recomputed from the mapping, keeping one replica per host, and beats balancing by count at it", () => {
    let better = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const c = planCluster(seed, { pgNum: 64 + (seed % 64), erasure: false });
        const bytes = sizes(c.state, 1, seed);
        const hostOf = new Map<number, string>([...c.osdsOf].flatMap(([h, ids]) => ids.map((o) => [o, h] as const)));
        const r = balanceUpmap(c.state, 1, { by: "bytes", pgBytes: bytes, maxDeviation: 1 });
        const before = worstBytes(c.state, 1, bytes);
        const after = worstBytes(r.state, 1, bytes);
        expect(r.by).toBe("bytes");
        // the result reports what the mapping gives, in groups of the pool's mean size
        expect(r.maxDeviationBefore * r.unitBytes).toBeCloseTo(before, -3);
        expect(r.maxDeviationAfter * r.unitBytes).toBeCloseTo(after, -3);
        expect(after).toBeLessThanOrEqual(before + 1);
        expect(hostsDistinct(r.state, 1, hostOf)).toBe(true);
        const byCount = balanceUpmap(c.state, 1, { maxDeviation: 1 });
        runs++;
        if (after <= worstBytes(byCount.state, 1, bytes)) better++;
      }),
      { numRuns: 25, seed: 20261221 },
    );
    expect(better / runs).toBeGreaterThanOrEqual(0.8);
  });

  it("with groups all of one size, is exactly the balancer by count", () => {
    const c = planCluster(5, { pgNum: 96, erasure: false });
    const same = new Map(Array.from({ length: 96 }, (_, ps) => [`1.${ps.toString(16)}`, 4 * GiB] as const));
    const a = balanceUpmap(c.state, 1, { by: "bytes", pgBytes: same });
    const b = balanceUpmap(c.state, 1);
    expect(a.pgUpmapItems).toEqual(b.pgUpmapItems);
    expect(a.maxDeviationAfter).toBeCloseTo(b.maxDeviationAfter, 9);
    expect(a.unitBytes).toBe(4 * GiB);
  });

  it("names a group the pg dump does not size, and refuses to guess", () => {
    const c = planCluster(6, { pgNum: 32, erasure: false });
    const partial = new Map(Array.from({ length: 31 }, (_, ps) => [`1.${ps.toString(16)}`, GiB] as const));
    expect(() => balanceUpmap(c.state, 1, { by: "bytes", pgBytes: partial })).toThrow(BalanceError);
    expect(() => balanceUpmap(c.state, 1, { by: "bytes", pgBytes: partial })).toThrow(/pg 1\.1f: the pg dump gives no bytes/);
    expect(() => balanceUpmap(c.state, 1, { by: "bytes" })).toThrow(/needs pgBytes/);
  });
});

describe("crushmap balance --by bytes", () => {
  const fixture = join(import.meta.dirname, "..", "fixtures", "osdmap", "rep-basic");
  const cluster = ["--osdmap", join(fixture, "osdmap.json"), "--crush", join(fixture, "crush.bin")];
  const dir = mkdtempSync(join(tmpdir(), "crushmap-balance-bytes-"));
  const state = clusterStateFromOsdmapJson(readFileSync(join(fixture, "osdmap.json"), "utf8"), loadCrushMap(readFileSync(join(fixture, "crush.bin"))), { strict: false });

  it("takes each group's bytes from a pg dump and prints the library's result", () => {
    const bytes = sizes(state, 1, 99);
    // `ceph pg dump -f json`: pg_map.pg_stats[] with stat_sum.num_bytes (other pools' groups too)
    const stats = state.pools.flatMap((p) => Array.from({ length: p.pgNum }, (_, ps) => {
      const pgid = `${p.id}.${ps.toString(16)}`;
      return { pgid, state: "active+clean", up: [], acting: [], stat_sum: { num_bytes: bytes.get(pgid) ?? GiB, num_objects: 1 } };
    }));
    const pgsPath = join(dir, "pgdump.json");
    writeFileSync(pgsPath, JSON.stringify({ pg_ready: true, pg_map: { version: 1, pg_stats: stats } }));
    const r = crushmapCli(["balance", ...cluster, "--pool", "1", "--by", "bytes", "--pgs", pgsPath, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { pg_upmap_items: unknown; by: string; unitBytes: number };
    const lib = balanceUpmap(state, 1, { by: "bytes", pgBytes: new Map([...bytes]) });
    expect(out.by).toBe("bytes");
    expect(out.unitBytes).toBe(lib.unitBytes);
    expect(out.pg_upmap_items).toEqual(JSON.parse(JSON.stringify(lib.pgUpmapItems)));
    const text = crushmapCli(["balance", ...cluster, "--pool", "1", "--by", "bytes", "--pgs", pgsPath]);
    expect(text.stdout).toMatch(/^worst deviation: [\d.]+ → [\d.]+ mean groups \([\d.]+ GiB each\) from target/m);
    expect(text.stdout).toMatch(/^bytes off target on the worst device: [\d.]+ GiB → [\d.]+ GiB$/m);
  });

  it("needs --pgs, and names a group of the dump the OSD map does not have", () => {
    const r = crushmapCli(["balance", ...cluster, "--pool", "1", "--by", "bytes"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--by bytes needs --pgs/);
    const bad = join(dir, "pgdump-bad.json");
    writeFileSync(bad, JSON.stringify({ pg_stats: [{ pgid: "1.400", state: "active+clean", up: [], acting: [], stat_sum: { num_bytes: 5 } }] }));
    const e = crushmapCli(["balance", ...cluster, "--pool", "1", "--by", "bytes", "--pgs", bad]);
    expect(e.status).not.toBe(0);
    expect(e.stderr).toMatch(/pg 1\.400: pool 1 has only 64 groups/);
    const mode = crushmapCli(["balance", ...cluster, "--pool", "1", "--by", "bytes", "--mode", "read"]);
    expect(mode.status).not.toBe(0);
    expect(mode.stderr).toMatch(/--by bytes balances with pg_upmap_items: it needs --mode upmap/);
  });
});
