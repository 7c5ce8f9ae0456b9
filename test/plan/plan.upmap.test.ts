/**
 * Upmap plans replayed step by step: each step's pg_upmap_items are applied to the new state and
 * the pools are mapped with the library's placement code (the one held to osdmaptool); the
 * rules an operator relies on are checked on what that mapping says, not on the plan's word.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ancestorOfType } from "../../src/map/hierarchy.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import type { ClusterState, UpmapItem } from "../../src/placement/types.js";
import { balanceUpmap } from "../../src/balance/upmapBalance.js";
import { applyChanges, type ClusterChange } from "../../src/plan/changes.js";
import { diffStates } from "../../src/plan/diff.js";
import { formatNextStep, formatUpmapScript } from "../../src/plan/formatUpmapSteps.js";
import { planUpmapSteps, withUpmapItems, type UpmapPlan } from "../../src/plan/planUpmapSteps.js";
import type { UpmapStep } from "../../src/plan/upmapPlan.js";
import { planCluster, type PlanCluster } from "../support/planCluster.js";
import { prng } from "../support/randomMap.js";

const GiB = 2 ** 30;

/** The planned pools' complete item list of a state, as a step lists it. */
function itemList(state: ClusterState): { pgid: string; mappings: readonly UpmapItem[] }[] {
  return [...state.pgUpmapItems].map(([pgid, mappings]) => ({ pgid, mappings }));
}

/** Changes an operator makes with upmap steps: hosts added, OSDs out or reweighted, hosts moved. */
function randomChanges(c: PlanCluster, seed: number): ClusterChange[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const osds = [...c.osdsOf.values()].flat();
  const changes: ClusterChange[] = [];
  for (let i = 1 + Math.floor(rnd() * 3); i > 0; i--) {
    switch (Math.floor(rnd() * 6)) {
      case 0: {
        const host = `new${seed}-${i}`;
        changes.push({ kind: "addBucket", name: host, type: "host", under: pick(c.racks) }, { kind: "addDevice", under: host, weight: pick([1, 2, 4]) });
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
      default:
        changes.push({ kind: "moveBucket", name: pick(c.hosts), under: pick(c.racks) });
    }
  }
  return changes;
}

type Sets = Map<string, number[]>;

/** Every group's up set in `state` with a step's items (the planned pools' list replaces the state's). */
function upSets(state: ClusterState, plan: UpmapPlan, list: readonly { pgid: string; mappings: readonly UpmapItem[] }[]): Sets {
  const items = new Map<string, readonly UpmapItem[]>([...state.pgUpmapItems].filter(([pg]) => !plan.pools.includes(Number(pg.split(".")[0]))));
  for (const e of list) items.set(e.pgid, e.mappings);
  const pinned = withUpmapItems(state, items);
  const out: Sets = new Map();
  for (const pool of plan.pools) {
    const m = mapPool(pinned, pool);
    for (let ps = 0; ps < m.pgNum; ps++) out.set(`${pool}.${ps.toString(16)}`, setOf(m.up, m.upLength, m.width, ps));
  }
  return out;
}

/** Copies arriving (OSD → count) and leaving between two sets of a group. */
function arrivals(a: readonly number[], b: readonly number[], erasure: boolean): { into: number[]; outOf: number[] } {
  // a copy dropped with nothing arriving is no transfer: only replaced copies count as read
  if (erasure) {
    const into: number[] = [];
    const outOf: number[] = [];
    b.forEach((o, i) => {
      if (o !== a[i] && o !== ITEM_NONE) {
        into.push(o);
        if (a[i] !== undefined && a[i] !== ITEM_NONE) outOf.push(a[i]!);
      }
    });
    return { into, outOf };
  }
  const into = b.filter((o) => !a.includes(o));
  const leaving = a.filter((o) => !b.includes(o));
  return { into, outOf: leaving.length === into.length ? leaving : [] };
}

function clashes(set: readonly number[], hostOf: ReadonlyMap<number, number>): number {
  const hosts = set.filter((o) => o !== ITEM_NONE).map((o) => hostOf.get(o));
  return hosts.length - new Set(hosts).size;
}

/** Replays `plan` and returns what went wrong (empty when every rule holds). */
function replay(before: ClusterState, after: ClusterState, plan: UpmapPlan, maxBackfills: number, hostLimit = Infinity): string[] {
  const bad: string[] = [];
  const changes = diffStates(before, after, { pgBytes: GiB });
  const erasure = (pg: string): boolean => after.pools.find((p) => p.id === Number(pg.split(".")[0]))!.type === "erasure";
  const minSize = (pg: string): number => after.pools.find((p) => p.id === Number(pg.split(".")[0]))!.minSize;
  const hostOf = ancestorOfType([after.crush], "host");
  const final = upSets(after, plan, [...after.pgUpmapItems].map(([pgid, mappings]) => ({ pgid, mappings })).filter((e) => plan.pools.includes(Number(e.pgid.split(".")[0]))));
  // where the data is before step 0: the live copies of changed groups, the final set of the rest
  let previous: Sets = new Map(final);
  for (const g of changes) previous.set(g.pgid, [...g.live]);
  const lost = new Set(plan.lost);
  const withheld = new Set(plan.withheld.map((w) => w.pg));
  const startClash = new Map<string, number>();
  let replayed = 0;
  plan.steps.forEach((step, k) => {
    const now = upSets(after, plan, step.pgUpmapItems);
    const into = new Map<number, number>();
    const outOf = new Map<number, number>();
    let moved = 0;
    for (const [pg, set] of now) {
      if (lost.has(pg)) continue;
      const a = arrivals(previous.get(pg)!, set, erasure(pg));
      moved += a.into.length;
      for (const o of a.into) into.set(o, (into.get(o) ?? 0) + 1);
      for (const o of a.outOf) outOf.set(o, (outOf.get(o) ?? 0) + 1);
      if (k === 0 && a.into.length > 0 && !plan.unpinned.includes(pg)) bad.push(`step 0 moves ${pg}, which it claims to pin`);
      const c = clashes(set, hostOf);
      if (k === 0) startClash.set(pg, c);
      else if (c > Math.max(startClash.get(pg)!, clashes(final.get(pg)!, hostOf))) bad.push(`step ${k}: ${pg} has two copies in one host [${set.join(",")}]`);
      const copies = set.filter((o) => o !== ITEM_NONE).length;
      if (copies < Math.min(minSize(pg), previous.get(pg)!.filter((o) => o !== ITEM_NONE).length)) bad.push(`step ${k}: ${pg} below min_size`);
    }
    if (moved !== step.movedReplicas) bad.push(`step ${k}: the mapping moves ${moved} replicas, the plan says ${step.movedReplicas}`);
    replayed += moved;
    if (!step.overLimit) {
      for (const [o, n] of into) if (n > maxBackfills) bad.push(`step ${k}: ${n} backfills into osd.${o}`);
      for (const [o, n] of outOf) if (n > maxBackfills) bad.push(`step ${k}: ${n} backfills out of osd.${o}`);
      for (const [dir, counts] of [["into", into], ["out of", outOf]] as const) {
        const perHost = new Map<number, number>();
        for (const [o, n] of counts) perHost.set(hostOf.get(o)!, (perHost.get(hostOf.get(o)!) ?? 0) + n);
        for (const [h, n] of perHost) if (n > hostLimit) bad.push(`step ${k}: ${n} backfills ${dir} host ${h}`);
      }
    }
    previous = now;
  });
  for (const [pg, set] of final) if (!lost.has(pg) && !withheld.has(pg) && JSON.stringify(previous.get(pg)) !== JSON.stringify(set) && (erasure(pg) || [...set].sort().join() !== [...previous.get(pg)!].sort().join())) bad.push(`the last step leaves ${pg} on [${previous.get(pg)!.join(",")}], CRUSH says [${set.join(",")}]`);
  const last = plan.steps[plan.steps.length - 1]!.pgUpmapItems;
  const own = [...after.pgUpmapItems].filter(([pg]) => plan.pools.includes(Number(pg.split(".")[0])));
  const ownIds = new Set(own.map(([pg]) => pg));
  if (last.filter((e) => !ownIds.has(e.pgid) && !withheld.has(e.pgid)).length > 0) bad.push(`the last step leaves ${last.length - own.length} pins the plan added`);
  const held = plan.withheld.filter((w) => w.to !== null).length;
  if (replayed !== plan.movedReplicas || plan.movedReplicas + held !== plan.minimumReplicas) bad.push(`moves ${replayed} (plan says ${plan.movedReplicas}, withholds ${held}), the change needs ${plan.minimumReplicas}`);
  return bad;
}

function scenario(seed: number): { c: PlanCluster; before: ClusterState; after: ClusterState } {
  const c = planCluster(seed, { pgNum: 32 + (seed % 64) });
  return { c, before: c.state, after: applyChanges(c.state, randomChanges(c, seed)) };
}

describe("upmap steps", () => {
  it("replay on random clusters: step 0 pins, limits, failure domains, min_size, the end state, the minimum moves", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 3 }), (seed, maxBackfills) => {
        const { before, after } = scenario(seed);
        const plan = planUpmapSteps(before, after, { pgBytes: GiB, maxBackfills });
        expect(replay(before, after, plan, maxBackfills)).toEqual([]);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  });

  it("keep every bucket of a limited type within its limit (--limit host=1)", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { before, after } = scenario(seed);
        const plan = planUpmapSteps(before, after, { pgBytes: GiB, maxBackfills: 2, domainLimits: { host: 1 } });
        expect(replay(before, after, plan, 2, 1)).toEqual([]);
      }),
      { numRuns: 25, seed: 20261202 },
    );
  });

  it("keep the balancer's earlier items: pins compose with them and the last step restores them", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const c = planCluster(seed, { pgNum: 64 });
        const before = balanceUpmap(c.state, 1, { maxMoves: 8 }).state;
        const after = applyChanges(before, randomChanges(c, seed));
        const plan = planUpmapSteps(before, after, { pgBytes: GiB, maxBackfills: 1 });
        expect(replay(before, after, plan, 1)).toEqual([]);
        // the last step lists exactly the cluster's own items (plus pins of groups it holds back)
        const own = new Map(itemList(after).map((e) => [e.pgid, e.mappings]));
        const held = new Set(plan.withheld.map((w) => w.pg));
        const last = plan.steps[plan.steps.length - 1]!.pgUpmapItems.filter((e) => !held.has(e.pgid));
        expect(new Map(last.map((e) => [e.pgid, e.mappings]))).toEqual(new Map([...own].filter(([pg]) => !held.has(pg))));
        expect(own.size).toBeGreaterThan(0);
      }),
      { numRuns: 20, seed: 20261203 },
    );
  });

  it("survive a rack failure half-way: replanned from the step reached, every rule still holds", () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 2 }), (seed, maxBackfills) => {
        const { c, before, after } = scenario(seed);
        const plan = planUpmapSteps(before, after, { pgBytes: GiB, maxBackfills });
        const reached = plan.steps[Math.floor(plan.steps.length / 2)]!;
        const current = withUpmapItems(after, new Map(reached.pgUpmapItems.map((e) => [e.pgid, e.mappings])));
        const rack = c.racks[seed % c.racks.length]!;
        const down: ClusterChange[] = c.hosts.filter((h) => c.rackOf.get(h) === rack).flatMap((h) => c.osdsOf.get(h)!.map((osd) => ({ kind: "markDown" as const, osd })));
        const target = applyChanges(after, down);
        const replan = planUpmapSteps(current, target, { pgBytes: GiB, maxBackfills });
        expect(replay(current, target, replan, maxBackfills)).toEqual([]);
        // degraded groups are served first: when any waits after step 0, step 1 serves one
        const degraded = new Set(diffStates(current, target).filter((g) => g.status === "degraded").map((g) => g.pgid));
        if (replan.steps.some((s, k) => k > 0 && s.moves.some((m) => m.to !== null && degraded.has(m.pg)))) {
          expect(replan.steps[1]!.moves.some((m) => degraded.has(m.pg))).toBe(true);
        }
      }),
      { numRuns: 25, seed: 20261204 },
    );
  });
});

describe("the upmap script at scale", () => {
  it("prints a step of more commands than V8 passes as arguments (200,000)", () => {
    const commands = Array.from({ length: 200_000 }, (_, i) => `ceph osd pg-upmap-items 1.${i.toString(16)} 0 1`);
    const step = (n: number): UpmapStep => ({ step: n, pgUpmapItems: [], commands, moves: [], movedReplicas: 0, bytes: 0, seconds: 0, overLimit: false, fullest: null, pastFullRatio: [] });
    const plan = {
      steps: [step(0), step(1)],
      movedReplicas: 0,
      movedBytes: 0,
      minimumReplicas: 0,
      lost: [],
      withheld: [],
      blocked: [],
      overFull: [],
      startFullest: null,
      options: { bandwidth: GiB, fullRatio: 0.95, backfillFullRatio: 0.9 },
    } as unknown as UpmapPlan;
    const script = formatUpmapScript(plan, { crushFile: "new.bin" });
    expect(script.split("\n").filter((l) => l.startsWith("ceph osd pg-upmap-items")).length).toBe(400_000);
    const next = formatNextStep({ step: step(1), done: false, moving: [], plan }, { crushFile: "new.bin" });
    expect(next.split("\n").filter((l) => l.startsWith("ceph osd pg-upmap-items")).length).toBe(200_000);
  });
});
