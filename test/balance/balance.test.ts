/**
 * The balancer: exceptions that even a pool out, checked by recomputing placements from
 * scratch; the weight set checked against crushtool.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balanceUpmap } from "../../src/balance/upmapBalance.js";
import { balanceWeightSet } from "../../src/balance/weightSetBalance.js";
import { BalanceError } from "../../src/balance/errors.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { printCrushText } from "../../src/map/text/print.js";
import { loadCrushMap } from "../../src/map/load.js";
import { clusterStateFromOsdmapJson } from "../../src/placement/osdmapJson.js";
import { Mapper } from "../../src/mapper/mapper.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { planRebalance } from "../../src/plan/planRebalance.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { hasCrushtool, SKIP_MESSAGE } from "../support/crushtool.js";
import { planCluster, type PlanCluster } from "../support/planCluster.js";

/** Counts and weight-share targets computed here from the crush map, independently of the balancer. */
function spread(state: ClusterState, pool: number): { worst: number; count: Map<number, number> } {
  const m = mapPool(state, pool);
  const count = new Map<number, number>();
  let total = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    for (let i = 0; i < m.upLength[ps]!; i++) {
      const o = m.up[ps * m.width + i]!;
      if (o === ITEM_NONE) continue;
      count.set(o, (count.get(o) ?? 0) + 1);
      total++;
    }
  }
  const weight = new Map<number, number>();
  for (const b of state.crush.buckets) {
    for (const it of b.items) {
      const o = state.osds[it.id];
      if (it.id >= 0 && o !== undefined && o.up && o.weight > 0) weight.set(it.id, (it.weight / 0x10000) * (o.weight / 0x10000));
    }
  }
  const sum = [...weight.values()].reduce((a, b) => a + b, 0);
  let worst = 0;
  for (const [d, w] of weight) worst = Math.max(worst, Math.abs((count.get(d) ?? 0) - (total * w) / sum));
  return { worst, count };
}

function hostOf(c: PlanCluster): Map<number, string> {
  const m = new Map<number, string>();
  for (const [h, osds] of c.osdsOf) for (const o of osds) m.set(o, h);
  return m;
}

describe("upmap balancing", () => {
  it("reaches the deviation it reports, recomputed from scratch, keeping one replica per host", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(1, 2, 5), (seed, limit) => {
        const c = planCluster(seed, { pgNum: 256 });
        for (const pool of [1, 2]) {
          const r = balanceUpmap(c.state, pool, { maxDeviation: limit });
          const before = spread(c.state, pool);
          const after = spread(r.state, pool);
          expect(r.maxDeviationBefore).toBeCloseTo(before.worst, 9);
          expect(r.maxDeviationAfter).toBeCloseTo(after.worst, 9);
          expect(after.worst).toBeLessThanOrEqual(Math.max(before.worst, limit) + 1e-9);
          const hosts = hostOf(c);
          const m = mapPool(r.state, pool);
          for (let ps = 0; ps < m.pgNum; ps++) {
            const set = Array.from(m.up.subarray(ps * m.width, ps * m.width + m.upLength[ps]!)).filter((o) => o !== ITEM_NONE);
            expect(new Set(set.map((o) => hosts.get(o))).size).toBe(set.length);
          }
          // the moves it counts are the replicas whose place changed
          const m0 = mapPool(c.state, pool);
          let moved = 0;
          for (let ps = 0; ps < m.pgNum; ps++) {
            const a = Array.from(m0.up.subarray(ps * m0.width, ps * m0.width + m0.upLength[ps]!));
            const b = Array.from(m.up.subarray(ps * m.width, ps * m.width + m.upLength[ps]!));
            moved += pool === 2 ? b.filter((o, i) => o !== a[i]).length : b.filter((o) => !a.includes(o)).length;
          }
          expect(r.moves).toBe(moved);
        }
      }),
      { numRuns: 25, seed: 20261122 },
    );
  });

  it("brings every device within one replica of its share on clusters with room to do so", () => {
    const c = planCluster(77, { racks: 4, hostsPerRack: 5, pgNum: 1024 });
    const r = balanceUpmap(c.state, 1, { maxDeviation: 1 });
    expect(r.maxDeviationBefore).toBeGreaterThan(10);
    expect(r.maxDeviationAfter).toBeLessThanOrEqual(1);
    // fewest moves: every replica above target + 1 had to leave its device, and no more moved
    let excess = 0;
    for (const d of r.devices) excess += Math.max(0, Math.ceil(d.before - d.target - 1));
    expect(r.moves).toBe(excess);
  });

  it("never moves a replica onto a device that is out, down or weightless", () => {
    const c = planCluster(5, { pgNum: 256 });
    const osds = c.state.osds.filter((o) => o.exists).map((o) => o.id);
    const [out, down] = [osds[0]!, osds[1]!];
    const state = createClusterState({
      ...clusterStateInput(c.state),
      osds: c.state.osds.filter((o) => o.exists).map((o) => (o.id === out ? { ...o, weight: 0 } : o.id === down ? { ...o, up: false } : o)),
    });
    const r = balanceUpmap(state, 1, { maxDeviation: 0.5 });
    for (const e of r.pgUpmapItems) for (const m of e.mappings) expect([out, down]).not.toContain(m.to);
  });

  it("keeps, replaces or removes existing exceptions and is deterministic", () => {
    const c = planCluster(9, { pgNum: 128, erasure: false });
    const first = balanceUpmap(c.state, 1, { maxDeviation: 1 });
    expect(first.pgUpmapItems.length).toBeGreaterThan(0);
    expect(balanceUpmap(c.state, 1, { maxDeviation: 1 }).pgUpmapItems).toEqual(first.pgUpmapItems);
    // balancing the balanced state changes nothing
    const again = balanceUpmap(first.state, 1, { maxDeviation: 1 });
    expect(again.moves).toBe(0);
    expect(again.changes).toEqual([]);
    // a loose band on the balanced state keeps its exceptions as they are
    expect(balanceUpmap(first.state, 1, { maxDeviation: 50 }).pgUpmapItems).toEqual(first.pgUpmapItems);
  });

  it("feeds the plan: the migration to the balanced layout replays cleanly", () => {
    const c = planCluster(13, { pgNum: 256 });
    const r = balanceUpmap(c.state, 1, { maxDeviation: 1 });
    const plan = planRebalance(c.state, r.state, { pools: [1], pgBytes: 2 ** 30 });
    expect(plan.report.movedReplicas).toBe(r.moves);
    expect(verifyPlan(c.state, r.state, plan).ok).toBe(true);
  });

  it("respects --max-moves", () => {
    const c = planCluster(17, { pgNum: 512 });
    const r = balanceUpmap(c.state, 1, { maxDeviation: 0, maxMoves: 7 });
    expect(r.moves).toBe(7);
  });

  it("rejects bad options and pools it cannot balance with a typed error", () => {
    const c = planCluster(3, { pgNum: 64 });
    expect(() => balanceUpmap(c.state, 1, { maxDeviation: -1 })).toThrow(BalanceError);
    expect(() => balanceUpmap(c.state, 9)).toThrow(/pool 9 does not exist/);
    const allDown = createClusterState({ ...clusterStateInput(c.state), osds: c.state.osds.filter((o) => o.exists).map((o) => ({ ...o, up: false })) });
    expect(() => balanceUpmap(allDown, 1)).toThrow(/reaches no device that is up and in/);
    expect(() => balanceWeightSet(c.state, 1, { step: 0 })).toThrow(BalanceError);
  });
});

describe("weight-set balancing", () => {
  it("lowers the worst deviation while no step moves more groups than allowed", () => {
    const c = planCluster(77, { racks: 4, hostsPerRack: 5, pgNum: 1024, erasure: false });
    const r = balanceWeightSet(c.state, 1, { step: 0.05 });
    expect(r.maxDeviationAfter).toBeLessThan(r.maxDeviationBefore / 4);
    expect(r.chooseArgs.id).toBe(-1);
    expect(spread(r.state, 1).worst).toBeCloseTo(r.maxDeviationAfter, 9);
  });

  it.skipIf(!hasCrushtool)("writes a weight set crushtool maps exactly as crushmap does", () => {
    const c = planCluster(21, { racks: 3, hostsPerRack: 3, pgNum: 512, erasure: false });
    const r = balanceWeightSet(c.state, 1, { maxSteps: 10 });
    expect(r.chooseArgs.buckets.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "crushmap-ws-"));
    writeFileSync(join(dir, "map.txt"), printCrushText(r.crush, { release: 16 })); // for the installed crushtool 16.2
    execFileSync("crushtool", ["-c", join(dir, "map.txt"), "-o", join(dir, "map.bin")]);
    const ceph = execFileSync("crushtool", ["-i", join(dir, "map.bin"), "--test", "--rule", "0", "--num-rep", "3", "--min-x", "0", "--max-x", "2047", "--show-mappings"]).toString();
    const mapper = new Mapper(r.crush);
    const ours = Array.from({ length: 2048 }, (_, x) => `CRUSH rule 0 x ${x} [${mapper.map(0, x, 3).join(",")}]\n`).join("");
    expect(ours).toBe(ceph);
    // and the weight set changes mappings: without it the results differ
    const plain = new Mapper({ ...r.crush, chooseArgs: [] });
    expect(Array.from({ length: 2048 }, (_, x) => plain.map(0, x, 3).join(",")).join(";")).not.toBe(
      Array.from({ length: 2048 }, (_, x) => mapper.map(0, x, 3).join(",")).join(";"),
    );
  });
  if (!hasCrushtool) it.skip(SKIP_MESSAGE, () => {});
});

describe("balancing the clusters recorded from Ceph (test/fixtures/osdmap)", () => {
  const root = join(import.meta.dirname, "..", "fixtures", "osdmap");
  const clusters = ["rep-basic", "rep-upmap", "ec", "classes", "pgtemp"];
  it.each(clusters)("%s: exceptions give the reported spread, keep failure domains, avoid out and down OSDs", (cluster) => {
    const dir = join(root, cluster);
    const state = clusterStateFromOsdmapJson(readFileSync(join(dir, "osdmap.json"), "utf8"), loadCrushMap(readFileSync(join(dir, "crush.bin"))));
    const parent = new Map<number, { id: number; type: number }>();
    for (const b of state.crush.buckets) for (const it of b.items) if (!parent.has(it.id)) parent.set(it.id, { id: b.id, type: b.type });
    const ancestor = (osd: number, type: number): number => {
      if (type === 0) return osd;
      let cur = parent.get(osd);
      while (cur !== undefined && cur.type !== type) cur = parent.get(cur.id);
      return cur?.id ?? osd;
    };
    for (const pool of state.pools) {
      const r = balanceUpmap(state, pool.id, { maxDeviation: 1 });
      expect(r.maxDeviationAfter).toBeLessThanOrEqual(r.maxDeviationBefore + 1e-9);
      // recount from the balanced state's up sets
      const m = mapPool(r.state, pool.id);
      const count = new Map<number, number>();
      for (let ps = 0; ps < m.pgNum; ps++) for (let i = 0; i < m.upLength[ps]!; i++) {
        const o = m.up[ps * m.width + i]!;
        if (o !== ITEM_NONE) count.set(o, (count.get(o) ?? 0) + 1);
      }
      for (const d of r.devices) expect(count.get(d.osd) ?? 0).toBe(d.after);
      const worst = Math.max(0, ...r.devices.map((d) => Math.abs(d.after - d.target)));
      expect(worst).toBeCloseTo(r.maxDeviationAfter, 9);
      // every group the balancer touched keeps its replicas in distinct failure domains
      const rule = state.crush.rules.find((x) => x.id === pool.crushRule)!;
      const steps = rule.steps.filter((s) => s.op === "choose" || s.op === "chooseleaf");
      const domain = (steps[steps.length - 1] as { type: number }).type;
      for (const c of r.changes) {
        const ps = parseInt(c.pgid.split(".")[1]!, 16);
        const set = Array.from(m.up.subarray(ps * m.width, ps * m.width + m.upLength[ps]!)).filter((o) => o !== ITEM_NONE);
        expect(new Set(set.map((o) => ancestor(o, domain))).size).toBe(set.length);
        for (const item of c.after) {
          const o = state.osds[item.to]!;
          if (c.before.some((b) => b.from === item.from && b.to === item.to)) continue;
          expect(o.up && o.weight > 0).toBe(true);
        }
      }
    }
  });
});
