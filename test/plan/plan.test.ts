/**
 * Rebalance plans: every plan replays cleanly (verifyPlan), moves exactly what the change
 * requires, and never claims to beat the lower bound.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { CrushMapBuilder } from "../../src/map/builder.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import { applyChanges, type ClusterChange } from "../../src/plan/changes.js";
import { diffStates } from "../../src/plan/diff.js";
import { PlanError } from "../../src/plan/errors.js";
import { planRebalance, type RebalancePlan } from "../../src/plan/planRebalance.js";
import { verifyPlan } from "../../src/plan/verifyPlan.js";
import { planCluster, type PlanCluster } from "../support/planCluster.js";
import { prng } from "../support/randomMap.js";

const GiB = 2 ** 30;

/** A few random changes an operator might make. */
function randomChanges(c: PlanCluster, seed: number): ClusterChange[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const osds = [...c.osdsOf.values()].flat();
  const changes: ClusterChange[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  let hostNo = 0;
  for (let i = 0; i < n; i++) {
    switch (Math.floor(rnd() * 7)) {
      case 0: {
        const host = `new${seed}-${hostNo++}`;
        changes.push({ kind: "addBucket", name: host, type: "host", under: pick(c.racks) });
        changes.push({ kind: "addDevice", under: host, weight: pick([1, 2, 4]) });
        break;
      }
      case 1:
        changes.push({ kind: "markOut", osd: pick(osds) });
        break;
      case 2: {
        const osd = pick(osds);
        changes.push({ kind: "markDown", osd }, { kind: "markOut", osd });
        break;
      }
      case 3:
        changes.push({ kind: "crushReweight", device: pick(osds), weight: pick([0.5, 3, 6]) });
        break;
      case 4:
        changes.push({ kind: "reweight", osd: pick(osds), weight: pick([0.3, 0.7]) });
        break;
      case 5:
        changes.push({ kind: "moveBucket", name: pick(c.hosts), under: pick(c.racks) });
        break;
      default:
        changes.push({ kind: "setPgNum", pool: 1, pgNum: c.state.pools[0]!.pgNum * 2 });
    }
  }
  return changes;
}

function planFor(seed: number, maxBackfills: number, fullRatio = 0.95): { plan: RebalancePlan; verdict: ReturnType<typeof verifyPlan>; before: PlanCluster["state"]; after: PlanCluster["state"] } {
  const c = planCluster(seed);
  const after = applyChanges(c.state, randomChanges(c, seed));
  const plan = planRebalance(c.state, after, { pgBytes: GiB, maxBackfills, fullRatio, bytesPerWeight: 64 * GiB });
  return { plan, verdict: verifyPlan(c.state, after, plan), before: c.state, after };
}

describe("rebalance plans", () => {
  it("replay cleanly: limits, make before break, min_size, full ratio and the end state all hold", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 3 }), (seed, maxBackfills) => {
        const { verdict } = planFor(seed, maxBackfills);
        expect(verdict.violations).toEqual([]);
        expect(verdict.ok).toBe(true);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it("move exactly the diff: every copy the new layout needs, every drop it allows, nothing else", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { plan, before, after } = planFor(seed, 2);
        // copies and drops the change requires, per group; a group the full ratio blocks may stop short
        const needed = new Set<string>();
        const unneeded = new Set<string>();
        const blockedNeeded = new Set<string>();
        for (const g of diffStates(before, after, { pgBytes: GiB })) {
          if (g.status === "lost") continue;
          const blocked = plan.blocked.includes(g.pgid);
          g.after.forEach((o, i) => {
            const has = g.erasure ? g.live[i] === o : g.live.includes(o);
            if (o !== ITEM_NONE && !has) (blocked ? blockedNeeded : needed).add(`${g.pgid}/${g.erasure ? i : "-"}/${o}`);
          });
          g.live.forEach((o, i) => {
            const keeps = g.erasure ? g.after[i] === o : g.after.includes(o);
            if (o !== ITEM_NONE && !keeps && !blocked) unneeded.add(`${g.pgid}/${g.erasure ? i : "-"}/${o}`);
          });
        }
        for (const w of plan.withheld) unneeded.delete(`${w.pg}/${w.shard ?? "-"}/${w.osd}`);
        const copies = plan.moves.filter((m) => m.to !== null).map((m) => `${m.pg}/${m.shard ?? "-"}/${m.to}`);
        const drops = plan.moves.filter((m) => m.from !== null).map((m) => `${m.pg}/${m.shard ?? "-"}/${m.from}`);
        expect(new Set(copies).size).toBe(copies.length);
        expect(new Set(copies.filter((k) => !blockedNeeded.has(k)))).toEqual(needed);
        expect(new Set(drops)).toEqual(unneeded);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it("never report a minimum above the moves it plans", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { plan } = planFor(seed, 1);
        if (plan.blocked.length > 0) return;
        expect(plan.report.minimumReplicas).toBeLessThanOrEqual(plan.report.movedReplicas);
        expect(plan.report.minimumBytes).toBeLessThanOrEqual(plan.report.movedBytes);
      }),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it("keep at most maxBackfills transfers into and out of each device per wave", () => {
    const { plan } = planFor(9, 2);
    for (let w = 0; w < plan.waves; w++) {
      const into = new Map<number, number>();
      const out = new Map<number, number>();
      for (const m of plan.moves.filter((x) => x.wave === w && x.to !== null)) {
        into.set(m.to!, (into.get(m.to!) ?? 0) + 1);
        out.set(m.source!, (out.get(m.source!) ?? 0) + 1);
      }
      expect(Math.max(0, ...into.values())).toBeLessThanOrEqual(2);
      expect(Math.max(0, ...out.values())).toBeLessThanOrEqual(2);
    }
  });

  it("stop before a device would pass the full ratio and name the groups it blocks", () => {
    // devices so small that no copy fits: nothing may be scheduled onto them
    const c = planCluster(3, { racks: 3, hostsPerRack: 2, pgNum: 64, erasure: false });
    const after = applyChanges(c.state, [
      { kind: "addBucket", name: "tiny", type: "host", under: "rack0" },
      { kind: "addDevice", under: "tiny", weight: 4, id: 900 },
    ]);
    const plan = planRebalance(c.state, after, { pgBytes: GiB, capacity: new Map([[900, 0.5 * GiB]]) });
    expect(plan.moves.some((m) => m.to === 900)).toBe(false);
    expect(plan.blocked.length).toBeGreaterThan(0);
    expect(verifyPlan(c.state, after, plan).ok).toBe(true);
  });

  it("find nothing to do when nothing changes", () => {
    const c = planCluster(4);
    const plan = planRebalance(c.state, c.state, { pgBytes: GiB });
    expect(plan.moves).toEqual([]);
    expect(plan.waves).toBe(0);
    expect(verifyPlan(c.state, c.state, plan).ok).toBe(true);
  });

  it("catches a plan that breaks its promises", () => {
    const c = planCluster(12, { pgNum: 64 });
    const after = applyChanges(c.state, [{ kind: "markOut", osd: 0 }]);
    const plan = planRebalance(c.state, after, { pgBytes: GiB, maxBackfills: 1 });
    expect(plan.moves.length).toBeGreaterThan(0);
    // everything in one wave: limits and make-before-break break
    const squashed = { ...plan, moves: plan.moves.map((m) => ({ ...m, wave: 0, dropWave: m.dropWave === null ? null : 0 })), waves: 1 };
    expect(verifyPlan(c.state, after, squashed).ok).toBe(false);
    // a missing move: the end state is wrong
    const short = { ...plan, moves: plan.moves.slice(1) };
    expect(verifyPlan(c.state, after, short).violations.join("\n")).toMatch(/ends on|does not hold|not on the state after/);
  });
});

describe("a whole rack fails", () => {
  const c = planCluster(21, { racks: 3, hostsPerRack: 3, pgNum: 256 });
  const failed = c.hosts.filter((h) => c.rackOf.get(h) === "rack1").flatMap((h) => c.osdsOf.get(h)!);
  const changes: ClusterChange[] = failed.flatMap((osd) => [{ kind: "markDown" as const, osd }, { kind: "markOut" as const, osd }]);
  // pool 2 is erasure 2+1 over hosts: a group with two shards in rack1 is lost
  const after = applyChanges(c.state, changes);
  const plan = planRebalance(c.state, after, { pgBytes: GiB, maxBackfills: 2 });

  it("reports as lost exactly the groups with too few readable copies left", () => {
    const expected: string[] = [];
    for (const pool of c.state.pools) {
      const m = mapPool(c.state, pool.id);
      const need = pool.type === "erasure" ? pool.erasureK! : 1;
      for (let ps = 0; ps < m.pgNum; ps++) {
        const set = Array.from(m.acting.subarray(ps * m.width, ps * m.width + m.actingLength[ps]!)).filter((o) => o !== ITEM_NONE);
        if (set.filter((o) => !failed.includes(o)).length < need) expected.push(`${pool.id}.${ps.toString(16)}`);
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    expect([...plan.lost].sort()).toEqual(expected.sort());
    expect(plan.moves.some((m) => plan.lost.includes(m.pg))).toBe(false);
  });

  it("repairs degraded groups first", () => {
    expect(verifyPlan(c.state, after, plan).ok).toBe(true);
    const recovery = plan.moves.filter((m) => m.recovery && m.to !== null);
    expect(recovery.length).toBeGreaterThan(0);
    expect(recovery.some((m) => m.wave === 0)).toBe(true);
    // no device receives a rebalance copy while a recovery copy for it still waits
    for (const m of plan.moves.filter((x) => !x.recovery && x.to !== null)) {
      const waiting = recovery.filter((r) => r.to === m.to && r.wave > m.wave);
      expect(waiting).toEqual([]);
    }
  });

  it("reads every copy from a surviving OSD", () => {
    for (const m of plan.moves) if (m.source !== null) expect(failed).not.toContain(m.source);
  });
});

describe("plan errors", () => {
  const c = planCluster(8, { pgNum: 32 });
  it("rejects limits of 0 or below, and bad ratios and bandwidths", () => {
    expect(() => planRebalance(c.state, c.state, { maxBackfills: 0 })).toThrow(PlanError);
    expect(() => planRebalance(c.state, c.state, { maxBackfills: 1.5 })).toThrow(/positive integer/);
    expect(() => planRebalance(c.state, c.state, { domainLimits: { host: 0 } })).toThrow(/host limit/);
    expect(() => planRebalance(c.state, c.state, { fullRatio: 1.5 })).toThrow(/fullRatio/);
    expect(() => planRebalance(c.state, c.state, { bandwidth: -1 })).toThrow(/bandwidth/);
  });

  it("builds the changed crush map once, however many devices are added", () => {
    const build = vi.spyOn(CrushMapBuilder.prototype, "build");
    try {
      const after = applyChanges(c.state, [
        { kind: "addBucket", name: "new0", type: "host", under: "rack0" },
        { kind: "addDevice", under: "new0", weight: 1 },
        { kind: "addDevice", under: "new0", weight: 1 },
        { kind: "addDevice", under: "new0", weight: 2, id: 700 },
      ]);
      expect(build).toHaveBeenCalledTimes(1);
      const added = after.crush.devices.filter((x) => !c.state.crush.devices.some((y) => y.id === x.id)).map((x) => x.id);
      const free = [...Array(c.state.maxOsd + 2).keys()].filter((i) => !c.state.crush.devices.some((y) => y.id === i));
      expect(added).toEqual([free[0], free[1], 700]);
      expect(after.osds.filter((o) => added.includes(o.id)).every((o) => o.exists && o.up)).toBe(true);
    } finally {
      build.mockRestore();
    }
  });

  it("rejects a change naming a missing device", () => {
    expect(() => applyChanges(c.state, [{ kind: "markOut", osd: 999 }])).toThrow(/change 0 \(markOut\): osd\.999 does not exist/);
    expect(() => applyChanges(c.state, [{ kind: "removeDevice", device: "osd.999" }])).toThrow(PlanError);
    expect(() => applyChanges(c.state, [{ kind: "addDevice", under: "nohost", weight: 1 }])).toThrow(PlanError);
  });

  it("rejects states with different pools or pool types", () => {
    const onePool = createClusterState({ ...clusterStateInput(c.state), pools: [c.state.pools[0]!] });
    expect(() => planRebalance(c.state, onePool)).toThrow(/different pools/);
    const retyped = createClusterState({
      ...clusterStateInput(c.state),
      pools: [c.state.pools[0]!, { ...c.state.pools[1]!, type: "replicated", crushRule: 0, erasureK: undefined }],
    });
    expect(() => planRebalance(c.state, retyped)).toThrow(/erasure before and replicated after/);
  });

  it("rejects states that cannot be compared", () => {
    const shrunk = applyChanges(c.state, [{ kind: "setPgNum", pool: 1, pgNum: 16 }]);
    expect(() => planRebalance(c.state, shrunk)).toThrow(/merges are not planned/);
    expect(() => planRebalance(shrunk, c.state)).not.toThrow();
  });
});
