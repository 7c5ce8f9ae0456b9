/**
 * Upmap plans replayed step by step: each step's pg_upmap_items are applied to the new state and
 * the pools are mapped with the library's placement code (the one held to osdmaptool); the
 * rules an operator relies on are checked on what that mapping says, not on the plan's word.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ancestorOfType } from "../src/map/hierarchy.js";
import { ITEM_NONE } from "../src/map/types.js";
import { mapPool, setOf } from "../src/placement/mapPool.js";
import type { ClusterState, UpmapItem } from "../src/placement/types.js";
import { applyChanges, type ClusterChange } from "../src/plan/changes.js";
import { diffStates } from "../src/plan/diff.js";
import { planUpmapSteps, withUpmapItems, type UpmapPlan } from "../src/plan/planUpmapSteps.js";
import { planCluster, type PlanCluster } from "./support/planCluster.js";
import { prng } from "./support/randomMap.js";

const GiB = 2 ** 30;

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
  if (erasure) {
    const into: number[] = [];
    const outOf: number[] = [];
    b.forEach((o, i) => {
      if (o !== a[i]) {
        if (o !== ITEM_NONE) into.push(o);
        if (a[i] !== undefined && a[i] !== ITEM_NONE) outOf.push(a[i]!);
      }
    });
    return { into, outOf };
  }
  return { into: b.filter((o) => !a.includes(o)), outOf: a.filter((o) => !b.includes(o)) };
}

function clashes(set: readonly number[], hostOf: ReadonlyMap<number, number>): number {
  const hosts = set.filter((o) => o !== ITEM_NONE).map((o) => hostOf.get(o));
  return hosts.length - new Set(hosts).size;
}

/** Replays `plan` and returns what went wrong (empty when every rule holds). */
function replay(before: ClusterState, after: ClusterState, plan: UpmapPlan, maxBackfills: number): string[] {
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
    if (k > 0 && !step.overLimit) {
      for (const [o, n] of into) if (n > maxBackfills) bad.push(`step ${k}: ${n} backfills into osd.${o}`);
      for (const [o, n] of outOf) if (n > maxBackfills) bad.push(`step ${k}: ${n} backfills out of osd.${o}`);
    }
    previous = now;
  });
  for (const [pg, set] of final) if (!lost.has(pg) && JSON.stringify(previous.get(pg)) !== JSON.stringify(set) && (erasure(pg) || [...set].sort().join() !== [...previous.get(pg)!].sort().join())) bad.push(`the last step leaves ${pg} on [${previous.get(pg)!.join(",")}], CRUSH says [${set.join(",")}]`);
  const last = plan.steps[plan.steps.length - 1]!.pgUpmapItems;
  const own = [...after.pgUpmapItems].filter(([pg]) => plan.pools.includes(Number(pg.split(".")[0])));
  if (last.length !== own.length) bad.push(`the last step leaves ${last.length - own.length} pins the plan added`);
  if (replayed !== plan.minimumReplicas || plan.movedReplicas !== plan.minimumReplicas) bad.push(`moves ${replayed} (plan says ${plan.movedReplicas}), the change needs ${plan.minimumReplicas}`);
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
});
