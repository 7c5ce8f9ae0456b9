/**
 * The read balancer and Ceph's read_balance_score, against Ceph 18.2.7 and 20.2.4: every
 * replicated pool's `read_balance` in their `osd dump` JSON, every recorded `osdmaptool --read`
 * run (its scores before and after, its per-OSD report, with Ceph's own proposals applied), and
 * the balancer held to osdmaptool's results at the same number of changes.
 */
import { describe, expect, it } from "vitest";
import { formatOsdmaptoolRead, readBalanceCommands, readBalanceJson, scoreJson } from "../../src/balance/formatReadBalance.js";
import { balanceReads } from "../../src/balance/readBalance.js";
import { primaryCounts, readBalanceScore } from "../../src/balance/readBalanceScore.js";
import { BalanceError } from "../../src/balance/errors.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { releaseFixtures, type RecordedRun } from "../support/releaseFixtures.js";

const fixtures = releaseFixtures().filter((f) => f.release !== "16.2");
const f32 = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_, v: unknown) => (typeof v === "number" ? Math.fround(v) : v)));

/** The state after osdmaptool's proposed commands (its --read file). */
function applyCommands(state: ClusterState, file: string): ClusterState {
  const entries = new Map(state.pgUpmapPrimaries);
  for (const line of file.split("\n").filter(Boolean)) {
    const [, , verb, pgid, osd] = line.split(" ");
    if (verb === "pg-upmap-primary") entries.set(pgid!, Number(osd));
    else throw new Error(`unexpected command ${line}`);
  }
  return createClusterState({ ...clusterStateInput(state), pgUpmapPrimaries: [...entries].map(([pgid, osd]) => ({ pgid, osd })) });
}

/** Load per OSD under Ceph's size-aware model: 100 per primary, 100 - r per other copy. */
function maxLoad(state: ClusterState, pool: number, readRatio: number): number {
  const c = primaryCounts(state, pool);
  let m = 0;
  for (let o = 0; o < c.pgs.length; o++) m = Math.max(m, c.primaries[o]! * 100 + (c.pgs[o]! - c.primaries[o]!) * (100 - readRatio));
  return m;
}

describe.each(fixtures.map((f) => [`${f.release} ${f.cluster}`, f] as const))("read balance of %s", (_, f) => {
  const replicated = f.dump.pools.filter((p) => p["type"] === 1);
  const reads = f.runs.filter((r): r is RecordedRun => r.kind === "read");

  it.each(replicated.map((p) => [p["pool_name"] as string, p] as const))("scores pool %s as the dump does", (_, p) => {
    const ours = scoreJson(readBalanceScore(f.state, p["pool"] as number), { release: f.release === "18.2" ? 18 : 20 });
    const want = (p["read_balance"] ?? {}) as Record<string, unknown>;
    if (!f.weightsExact) {
      // the one field that sums crush weights: the decompiled text rounds them (see releaseFixtures)
      delete ours["primary_affinity_weighted"];
      delete want["primary_affinity_weighted"];
    }
    expect(f32(ours)).toEqual(f32(want));
  });

  it.each(reads.map((r) => [r.args.join(" "), r] as const))("osdmaptool %s: same scores and report, with its own moves applied", (_, run) => {
    const pool = f.state.pools.find((p) => p.id === run.pool)!;
    const after = applyCommands(f.state, run.file ?? "");
    const changes = (run.file ?? "").split("\n").filter(Boolean).length;
    if (run.status !== undefined) {
      // osdmaptool refuses pools whose score carries a message (or cannot be computed)
      expect(readBalanceScore(f.state, pool.id).message ?? "").not.toBe("");
      return;
    }
    const sizeAware = run.sizeAware === true ? { sizeAwareReadRatio: pool.readRatio! } : {};
    expect(formatOsdmaptoolRead({ before: f.state, after, pool: pool.id, changes, file: "read.out", ...sizeAware })).toBe(run.stdout);
  });

  it.each(reads.filter((r) => r.status === undefined).map((r) => [r.args.join(" "), r] as const))(
    "%s: at osdmaptool's number of changes, the busiest OSD is no busier than osdmaptool leaves it",
    (_, run) => {
      const pool = f.state.pools.find((p) => p.id === run.pool)!;
      const cephAfter = applyCommands(f.state, run.file ?? "");
      const cephChanges = (run.file ?? "").split("\n").filter(Boolean).length;
      const sizeAware = run.sizeAware === true;
      const r = balanceReads(f.state, pool.id, { maxChanges: cephChanges, ...(sizeAware ? { sizeAware } : {}) });
      expect(r.changes.length).toBeLessThanOrEqual(cephChanges);
      if (sizeAware) {
        expect(maxLoad(r.state, pool.id, pool.readRatio!)).toBeLessThanOrEqual(maxLoad(cephAfter, pool.id, pool.readRatio!));
      } else {
        expect(r.maxPrimariesAfter).toBeLessThanOrEqual(Math.max(...primaryCounts(cephAfter, pool.id).primaries));
      }
      expect(r.scoreAfter.stable).toBeLessThanOrEqual(readBalanceScore(cephAfter, pool.id).stable);
    },
  );

  it.each(replicated.map((p) => [p["pool_name"] as string, p["pool"] as number] as const))(
    "pool %s: the moves happen as claimed, never onto an OSD that declines, never making the busiest OSD busier",
    (_, id) => {
      const r = balanceReads(f.state, id);
      const m = mapPool(r.state, id);
      const before = mapPool(f.state, id);
      const counts = new Map<number, number>();
      for (let ps = 0; ps < m.pgNum; ps++) if (m.upPrimary[ps]! >= 0) counts.set(m.upPrimary[ps]!, (counts.get(m.upPrimary[ps]!) ?? 0) + 1);
      for (const o of r.osds) expect(counts.get(o.osd) ?? 0).toBe(o.after);
      expect(r.maxPrimariesAfter).toBeLessThanOrEqual(r.maxPrimariesBefore);
      for (const c of r.changes) {
        const ps = parseInt(c.pgid.split(".")[1]!, 16);
        expect(before.upPrimary[ps]).toBe(c.from);
        expect(m.upPrimary[ps]).toBe(c.to);
        expect(f.state.osds[c.to]!.primaryAffinity).toBeGreaterThan(0);
        // the set of OSDs holding the group does not change, only which one is first
        expect([...m.up.subarray(ps * m.width, ps * m.width + m.upLength[ps]!)].sort()).toEqual(
          [...before.up.subarray(ps * before.width, ps * before.width + before.upLength[ps]!)].sort(),
        );
      }
      expect(readBalanceCommands(r).length).toBe(r.changes.length);
      const json = readBalanceJson(r) as { pg_upmap_primaries: { pgid: string; primary_osd: number }[]; rm_pg_upmap_primaries: string[] };
      expect(json.pg_upmap_primaries.length + json.rm_pg_upmap_primaries.length).toBe(r.changes.length);
      for (const e of json.pg_upmap_primaries) expect(r.state.pgUpmapPrimaries.get(e.pgid)).toBe(e.primary_osd);
      for (const pgid of json.rm_pg_upmap_primaries) expect(r.state.pgUpmapPrimaries.has(pgid)).toBe(false);
    },
  );
});

describe("balanceReads refuses what it cannot do", () => {
  const f = fixtures.find((x) => x.release === "20.2" && x.cluster === "reads")!;
  it("an erasure pool, as osdmaptool does", () => {
    expect(() => balanceReads(f.state, "ec21")).toThrow(BalanceError);
    expect(() => balanceReads(f.state, "ec21")).toThrow(/erasure/);
  });
  it("a size-aware balance of a pool without read_ratio unless told the ratio", () => {
    expect(() => balanceReads(f.state, "even", { sizeAware: true })).toThrow(/read_ratio/);
    expect(balanceReads(f.state, "even", { sizeAware: true, readRatio: 70 }).sizeAware).toBe(true);
  });
  it.each([{ maxChanges: -1 }, { maxChanges: 1.5 }, { tolerance: 0 }, { maxChain: 0 }, { maxChain: 9 }, { readRatio: 0 }, { readRatio: 101 }])("bad options %j", (o) => {
    expect(() => balanceReads(f.state, "even", o)).toThrow(BalanceError);
  });
  it("keeps to maxChanges, and changes nothing with 0", () => {
    for (const max of [0, 1, 2, 5]) expect(balanceReads(f.state, "big", { maxChanges: max }).changes.length).toBeLessThanOrEqual(max);
    const r = balanceReads(f.state, "big", { maxChanges: 0 });
    expect(r.state).toBe(f.state);
    expect(r.scoreAfter).toEqual(r.scoreBefore);
  });
  it("is deterministic", () => {
    expect(readBalanceCommands(balanceReads(f.state, "big"))).toEqual(readBalanceCommands(balanceReads(f.state, "big")));
  });
  it("removes an entry rather than naming the primary CRUSH gives anyway", () => {
    // "big" starts with ten entries osdmaptool proposed; with them removed by hand the balancer
    // may want some back, and must never write an entry equal to the group's own first OSD
    const r = balanceReads(f.state, "big");
    for (const c of r.changes) {
      if (c.entry === -1) expect(f.state.pgUpmapPrimaries.has(c.pgid)).toBe(true);
    }
  });
});
