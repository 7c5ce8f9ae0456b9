/**
 * `--next` from the live cluster: fed the OSD map with its pins and the pg list, it hands out one
 * safe batch at a time, never on top of backfills beyond the limits, and run until done it ends
 * at CRUSH's placement under the new map.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool, setOf } from "../../src/placement/mapPool.js";
import { clusterStateInput, createClusterState } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";
import { applyChanges } from "../../src/plan/changes.js";
import { PlanError } from "../../src/plan/errors.js";
import { nextUpmapStep } from "../../src/plan/nextUpmapStep.js";
import { parsePgStates, type PgState } from "../../src/plan/pgStates.js";
import { withUpmapItems } from "../../src/plan/planUpmapSteps.js";
import { planCluster } from "../support/planCluster.js";

/** `ceph pg ls -f json` of a state: every group clean, or moving from `from` where it differs. */
function pgList(state: ClusterState, from?: ClusterState): PgState[] {
  const out: PgState[] = [];
  for (const pool of state.pools) {
    const m = mapPool(state, pool.id);
    const f = from === undefined ? undefined : mapPool(from, pool.id);
    for (let ps = 0; ps < m.pgNum; ps++) {
      const up = setOf(m.up, m.upLength, m.width, ps);
      const acting = f === undefined ? up : setOf(f.up, f.upLength, f.width, ps);
      const same = up.length === acting.length && up.every((o, i) => o === acting[i]);
      out.push({ pgid: `${pool.id}.${ps.toString(16)}`, state: same ? ["active", "clean"] : ["active", "remapped", "backfilling"], up, acting });
    }
  }
  return out;
}

function cluster(seed: number): { before: ClusterState; after: ClusterState } {
  const c = planCluster(seed, { pgNum: 32 });
  const osds = [...c.osdsOf.values()].flat();
  const after = applyChanges(c.state, [
    { kind: "addBucket", name: "new", type: "host", under: c.racks[0]! },
    { kind: "addDevice", under: "new", weight: 4 },
    { kind: "markOut", osd: osds[seed % osds.length]! },
  ]);
  return { before: c.state, after };
}

/** The cluster once a step's list is in: the new crush map and OSD facts, with the step's items. */
function applyStep(target: ClusterState, items: readonly { pgid: string; mappings: readonly { from: number; to: number }[] }[]): ClusterState {
  return withUpmapItems(target, new Map(items.map((e) => [e.pgid, e.mappings])));
}

describe("plan --next", () => {
  it("run until done, one batch at a time, ends at CRUSH's placement under the new map", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { before, after } = cluster(seed);
        let current = before;
        let rounds = 0;
        for (;;) {
          const next = nextUpmapStep(current, after, pgList(current), { maxBackfills: 1 });
          if (next.done) break;
          expect(next.step).not.toBeNull();
          current = applyStep(after, next.step!.pgUpmapItems);
          expect(++rounds).toBeLessThan(500);
        }
        for (const pool of after.pools) expect(Array.from(mapPool(current, pool.id).up)).toEqual(Array.from(mapPool(after, pool.id).up));
      }),
      { numRuns: 10, seed: 20261205 },
    );
  });

  it("never releases a batch on top of backfills that fill the limits, nor touches a group on the move", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { before, after } = cluster(seed);
        const current = applyStep(after, nextUpmapStep(before, after, pgList(before)).step!.pgUpmapItems);
        const first = nextUpmapStep(current, after, pgList(current), { maxBackfills: 1 });
        if (first.step === null) return;
        // Ceph is backfilling that batch: acting still the old sets
        const moving = applyStep(after, first.step.pgUpmapItems);
        const pgs = pgList(moving, current);
        const temp = pgs.filter((p) => p.state.includes("backfilling")).map((p) => ({ pgid: p.pgid, osds: p.acting }));
        const live = createClusterState({ ...clusterStateInput(moving), pgTemp: temp });
        const next = nextUpmapStep(live, after, pgs, { maxBackfills: 1 });
        const busyIn = new Set(first.step.moves.filter((m) => m.to !== null).map((m) => m.to!));
        const busyOut = new Set(first.step.moves.filter((m) => m.source !== null).map((m) => m.source!));
        for (const m of next.step?.moves ?? []) {
          expect(next.moving).not.toContain(m.pg);
          if (m.to !== null) expect(busyIn.has(m.to)).toBe(false);
          if (m.source !== null) expect(busyOut.has(m.source)).toBe(false);
        }
      }),
      { numRuns: 10, seed: 20261206 },
    );
  });

  it("names the group when the pg list and the OSD map disagree", () => {
    const { before, after } = cluster(1);
    const pgs = pgList(before);
    expect(() => nextUpmapStep(before, after, [...pgs, { pgid: "9.0", state: [], up: [], acting: [] }])).toThrow(/pg 9\.0: the OSD map has no pool 9/);
    expect(() => nextUpmapStep(before, after, [{ ...pgs[0]!, up: [...pgs[0]!.up].reverse() }])).toThrow(PlanError);
    expect(() => parsePgStates({ pg_stats: [{ pgid: "1.0", up: "x", acting: [] }] })).toThrow(/pg 1\.0: up is not a list/);
    const parsed = parsePgStates({ pg_ready: true, pg_stats: [{ pgid: "1.0", state: "active+clean", up: [1, 2147483647], acting: [1, 2], stat_sum: { num_bytes: 4096, num_objects: 2 } }] });
    expect(parsed).toEqual([{ pgid: "1.0", state: ["active", "clean"], up: [1, ITEM_NONE], acting: [1, 2], bytes: 4096, objects: 2 }]);
  });
});
