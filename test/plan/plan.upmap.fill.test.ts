/**
 * Upmap plans on nearly full clusters, replayed step by step with the placement code: the
 * bytes on every OSD are counted here from the mapped sets (copies arrive during a step, the
 * leaving ones go at its end, as Ceph drops them once the group is clean), and no step after
 * step 0 may fill an OSD past the backfillfull ratio. The fullest OSD the plan reports per step
 * is the one this count finds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import type { ClusterState, UpmapItem } from "../../src/placement/types.js";
import { applyChanges, type ClusterChange } from "../../src/plan/changes.js";
import { formatNextStep, formatUpmapScript, upmapPlanJson } from "../../src/plan/formatUpmapSteps.js";
import { nextUpmapStep } from "../../src/plan/nextUpmapStep.js";
import type { PgState } from "../../src/plan/pgStates.js";
import { planUpmapSteps, withUpmapItems, type UpmapPlan } from "../../src/plan/planUpmapSteps.js";
import { planCluster, type PlanCluster } from "../support/planCluster.js";
import { prng } from "../support/randomMap.js";

const GiB = 2 ** 30;

type Sets = Map<string, number[]>;

function upSets(state: ClusterState, pools: readonly number[], list: readonly { pgid: string; mappings: readonly UpmapItem[] }[] | null): Sets {
  const items = new Map<string, readonly UpmapItem[]>([...state.pgUpmapItems].filter(([pg]) => list === null || !pools.includes(Number(pg.split(".")[0]))));
  for (const e of list ?? []) items.set(e.pgid, e.mappings);
  const pinned = withUpmapItems(state, items);
  const out: Sets = new Map();
  for (const pool of pools) {
    const m = mapPool(pinned, pool);
    for (let ps = 0; ps < m.pgNum; ps++) out.set(`${pool}.${ps.toString(16)}`, setOf(m.up, m.upLength, m.width, ps));
  }
  return out;
}

/** Members of `b` that `a` lacks (by position for erasure groups), and members of `a` that go. */
function delta(a: readonly number[], b: readonly number[], erasure: boolean): { into: number[]; outOf: number[] } {
  if (erasure) {
    const into: number[] = [];
    const outOf: number[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i] ?? ITEM_NONE;
      const y = b[i] ?? ITEM_NONE;
      if (x === y) continue;
      if (y !== ITEM_NONE) into.push(y);
      if (x !== ITEM_NONE) outOf.push(x);
    }
    return { into, outOf };
  }
  return { into: b.filter((o) => o !== ITEM_NONE && !a.includes(o)), outOf: a.filter((o) => o !== ITEM_NONE && !b.includes(o)) };
}

interface Scenario {
  readonly before: ClusterState;
  readonly after: ClusterState;
  readonly capacity: Map<number, number>;
}

/** A cluster filled to 60–93 % per OSD, then changed: hosts added (small disks), OSDs out. */
function nearlyFull(seed: number): Scenario {
  const c: PlanCluster = planCluster(seed, { pgNum: 32 + (seed % 48), erasure: seed % 2 === 0 });
  const rnd = prng(seed ^ 0x5eed);
  const osds = [...c.osdsOf.values()].flat();
  const changes: ClusterChange[] = [];
  const host = `new${seed}`;
  changes.push({ kind: "addBucket", name: host, type: "host", under: c.racks[seed % c.racks.length]! }, { kind: "addDevice", under: host, weight: 2 }, { kind: "addDevice", under: host, weight: 1 });
  changes.push({ kind: "markOut", osd: osds[Math.floor(rnd() * osds.length)]! });
  const after = applyChanges(c.state, changes);
  const held = new Map<number, number>();
  for (const p of c.state.pools) {
    const m = mapPool(c.state, p.id);
    for (let i = 0; i < m.acting.length; i++) if (m.acting[i] !== ITEM_NONE) held.set(m.acting[i]!, (held.get(m.acting[i]!) ?? 0) + GiB);
  }
  const capacity = new Map<number, number>();
  for (let o = 0; o < after.maxOsd; o++) {
    const bytes = held.get(o);
    capacity.set(o, bytes === undefined ? (4 + Math.floor(rnd() * 20)) * GiB : bytes / (0.6 + rnd() * 0.33));
  }
  return { before: c.state, after, capacity };
}

/** Replays the plan's bytes from the mapped sets; returns the problems found. */
function replayFill(s: Scenario, plan: UpmapPlan, limit: number): string[] {
  const bad: string[] = [];
  const erasure = (pg: string): boolean => s.after.pools.find((p) => p.id === Number(pg.split(".")[0]))!.type === "erasure";
  const usage = new Map<number, number>();
  const beforeSets = new Map<string, number[]>();
  for (const pool of plan.pools) {
    const m = mapPool(s.before, pool);
    for (let ps = 0; ps < m.pgNum; ps++) {
      const set = setOf(m.acting, m.actingLength, m.width, ps);
      beforeSets.set(`${pool}.${ps.toString(16)}`, set);
      for (const o of set) if (o !== ITEM_NONE) usage.set(o, (usage.get(o) ?? 0) + GiB);
    }
  }
  let previous: Sets = beforeSets;
  const lost = new Set(plan.lost);
  plan.steps.forEach((step, k) => {
    const now = upSets(s.after, plan.pools, step.pgUpmapItems);
    const peak = new Map(usage);
    const leaving = new Map<number, number>();
    const received = new Set<number>();
    for (const [pg, set] of now) {
      if (lost.has(pg)) continue;
      const d = delta(previous.get(pg)!, set, erasure(pg));
      for (const o of d.into) {
        peak.set(o, (peak.get(o) ?? 0) + GiB);
        received.add(o);
      }
      for (const o of d.outOf) leaving.set(o, (leaving.get(o) ?? 0) + GiB);
    }
    let fullest = 0;
    for (const [o, b] of peak) fullest = Math.max(fullest, b / s.capacity.get(o)!);
    if (step.fullest === null || Math.abs(step.fullest.ratio - fullest) > 1e-9) bad.push(`step ${k}: fullest ${fullest}, the plan says ${step.fullest?.ratio}`);
    if (k > 0) for (const o of received) if (peak.get(o)! > limit * s.capacity.get(o)!) bad.push(`step ${k}: osd.${o} filled to ${(peak.get(o)! / s.capacity.get(o)!).toFixed(3)}`);
    for (const [o, b] of peak) usage.set(o, Math.max(0, b - (leaving.get(o) ?? 0)));
    previous = now;
  });
  // every copy the change needs is moved, held back for min_size, or blocked by the ratio
  const withheld = plan.withheld.filter((w) => w.to !== null).length;
  const blocked = plan.blocked.filter((w) => w.to !== null).length;
  if (plan.movedReplicas + withheld + blocked !== plan.minimumReplicas) bad.push(`moves ${plan.movedReplicas} + withheld ${withheld} + blocked ${blocked} ≠ ${plan.minimumReplicas}`);
  // a group not held back ends where CRUSH places it
  const held = new Set([...plan.withheld, ...plan.blocked].map((w) => w.pg));
  const final = upSets(s.after, plan.pools, null);
  for (const [pg, set] of final) {
    const got = previous.get(pg)!;
    const same = erasure(pg) ? got.join() === set.join() : [...got].sort().join() === [...set].sort().join();
    if (!lost.has(pg) && !held.has(pg) && !same) bad.push(`${pg} ends on [${got.join(",")}], CRUSH says [${set.join(",")}]`);
  }
  return bad;
}

describe("upmap steps on nearly full clusters", () => {
  it("never fill an OSD past the backfillfull ratio after step 0, and report each step's fullest OSD as the mapping counts it", () => {
    let blockedSeen = 0;
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 2 }), (seed, maxBackfills) => {
        const s = nearlyFull(seed);
        const plan = planUpmapSteps(s.before, s.after, { pgBytes: GiB, maxBackfills, capacity: s.capacity, fullRatio: 0.95, backfillFullRatio: 0.9 });
        expect(replayFill(s, plan, 0.9)).toEqual([]);
        for (const step of plan.steps.slice(1)) expect(step.pastFullRatio).toEqual([]);
        if (plan.blocked.length > 0) blockedSeen++;
      }),
      { numRuns: 30, seed: 20261211 },
    );
    // the clusters are tight enough that some moves have to stay pinned
    expect(blockedSeen).toBeGreaterThan(0);
  });

  it("with room to spare, blocks nothing and moves exactly the minimum", () => {
    const s = nearlyFull(7);
    const roomy = new Map([...s.capacity].map(([o, b]) => [o, b * 10]));
    const plan = planUpmapSteps(s.before, s.after, { pgBytes: GiB, capacity: roomy });
    expect(plan.blocked).toEqual([]);
    expect(plan.overFull).toEqual([]);
    expect(plan.movedReplicas + plan.withheld.filter((w) => w.to !== null).length).toBe(plan.minimumReplicas);
  });

  it("says so when the start is already past the full ratio, and moves nothing onto those OSDs", () => {
    const s = nearlyFull(12);
    // the OSDs that gain copies under the new map are made over-full before anything moves
    const gains = new Set<number>();
    const from = upSets(s.before, [1, 2], null);
    const to = upSets(s.after, [1, 2], null);
    for (const [pg, set] of to) for (const o of delta(from.get(pg)!, set, pg.startsWith("2.")).into) gains.add(o);
    const tight = new Map(s.capacity);
    const victim = [...gains].find((o) => o < s.before.maxOsd && s.before.osds[o]!.up)!;
    expect(victim).toBeDefined();
    tight.set(victim, (from.size * GiB) / 1000);
    const plan = planUpmapSteps(s.before, s.after, { pgBytes: GiB, capacity: tight });
    expect(plan.overFull).toContain(victim);
    expect(plan.blocked.some((b) => b.to === victim)).toBe(true);
    for (const step of plan.steps.slice(1)) expect(step.moves.some((m) => m.to === victim)).toBe(false);
    const text = formatUpmapScript(plan, { crushFile: "after.bin" });
    expect(text).toMatch(new RegExp(`# the cluster is ALREADY past the full ratio before anything moves, on [^\\n]*osd\\.${victim}\\b`));
    expect(text).toMatch(/# \d+ group\(s\) stay pinned where they are: their moves would fill an OSD past the backfillfull ratio/);
    expect(text).toMatch(/# fullest while it runs: osd\.\d+ at \d+\.\d%/);
    const json = upmapPlanJson(plan) as { over_full: number[]; blocked: unknown[]; steps: { fullest: { osd: number; ratio: number } | null }[] };
    expect(json.over_full).toEqual(plan.overFull);
    expect(json.blocked.length).toBe(plan.blocked.length);
    expect(json.steps.map((st) => st.fullest)).toEqual(plan.steps.map((st) => st.fullest));
  });
});

describe("--next when the full ratio blocks what is left", () => {
  it("is not done, releases nothing and says the moves need space first", () => {
    const s = nearlyFull(3);
    // the new OSDs (no data yet) take hardly anything: every move onto them stays pinned
    const tiny = new Map([...s.capacity].map(([o, b]) => [o, o >= s.before.maxOsd ? GiB / 2 : b * 10]));
    const options = { pgBytes: GiB, capacity: tiny };
    const plan = planUpmapSteps(s.before, s.after, options);
    expect(plan.blocked.length).toBeGreaterThan(0);
    // the cluster once every step has run: the pins of the last step in place, every group clean
    const last = plan.steps[plan.steps.length - 1]!.pgUpmapItems;
    const current = withUpmapItems(s.after, new Map(last.map((e) => [e.pgid, e.mappings])));
    const pgs: PgState[] = current.pools.flatMap((p) => {
      const m = mapPool(current, p.id);
      return Array.from({ length: m.pgNum }, (_, ps) => {
        const up = setOf(m.up, m.upLength, m.width, ps);
        return { pgid: `${p.id}.${ps.toString(16)}`, state: ["active", "clean"], up, acting: up };
      });
    });
    const target = withUpmapItems(s.after, new Map());
    const next = nextUpmapStep(current, target, pgs, options);
    expect(next.done).toBe(false);
    expect(next.step).toBeNull();
    expect(new Set(next.plan.blocked.map((b) => b.pg))).toEqual(new Set(plan.blocked.map((b) => b.pg)));
    expect(formatNextStep(next, { crushFile: "after.bin" })).toMatch(/# nothing can be released: \d+ group\(s\) would fill an OSD past the backfillfull ratio; free space or add capacity first/);
  });
});
