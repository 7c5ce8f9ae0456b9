/**
 * The balancer at scale: its device order (two heaps) picks the moves a full scan picks, its
 * report prints any number of commands, and deep hierarchies do not grow the call stack.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeviationHeap, HeapWalk } from "../../src/balance/deviationHeap.js";
import { formatUpmapBalance } from "../../src/balance/formatBalance.js";
import { balanceUpmap, type BalanceResult } from "../../src/balance/upmapBalance.js";
import { balanceWeightSet } from "../../src/balance/weightSetBalance.js";
import { LEGACY_TUNABLES } from "../../src/map/tunables.js";
import type { Bucket, CrushMap } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { createClusterState } from "../../src/placement/state.js";
import { planCluster } from "../support/planCluster.js";
import { scanBalance } from "../support/scanBalance.js";

/** Device ids in the order a sort by key gives (largest or smallest first, then lower id). */
function sorted(ids: readonly number[], key: Float64Array, largestFirst: boolean): number[] {
  return [...ids].sort((a, b) => (largestFirst ? key[b]! - key[a]! : key[a]! - key[b]!) || a - b);
}

describe("devices ordered by deviation", () => {
  it("hands out devices in sorted order, and stays sorted as keys change", () => {
    const keys = fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 1, maxLength: 60 });
    const updates = fc.array(fc.tuple(fc.nat(), fc.integer({ min: -8, max: 8 })), { maxLength: 40 });
    fc.assert(
      fc.property(keys, updates, fc.boolean(), (k, changes, largestFirst) => {
        // a few ids left out, and halves so that ties and near-ties both occur
        const ids = k.map((_, i) => i).filter((i) => i % 7 !== 3);
        const key = Float64Array.from(k, (v) => v / 2);
        const heap = new DeviationHeap(ids, k.length, key, largestFirst);
        const walk = new HeapWalk(heap);
        const check = (): void => {
          walk.reset();
          const order: number[] = [];
          for (let o = walk.next(); o >= 0; o = walk.next()) order.push(o);
          expect(order).toEqual(sorted(ids, key, largestFirst));
          expect(heap.top()).toBe(order[0] ?? -1);
        };
        check();
        for (const [at, v] of changes) {
          const o = at % k.length;
          key[o] = v / 2;
          heap.update(o);
          check();
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("devices leaving and rejoining the order (the read balancer's use)", () => {
  it("keeps the head and the walk sorted as devices are removed, pushed back and re-keyed", () => {
    const keys = fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 1, maxLength: 60 });
    const ops = fc.array(fc.tuple(fc.constantFrom("push", "remove", "update"), fc.nat(), fc.integer({ min: -8, max: 8 })), { maxLength: 60 });
    fc.assert(
      fc.property(keys, ops, fc.boolean(), (k, steps, largestFirst) => {
        const key = Float64Array.from(k, (v) => v / 2);
        const heap = new DeviationHeap([], k.length, key, largestFirst);
        const walk = new HeapWalk(heap);
        const inHeap = new Set<number>();
        for (const [op, at, v] of steps) {
          const o = at % k.length;
          if (op === "push") {
            heap.push(o);
            inHeap.add(o);
          } else if (op === "remove") {
            heap.remove(o);
            inHeap.delete(o);
          } else {
            key[o] = v / 2;
            heap.update(o);
          }
          const want = sorted([...inHeap], key, largestFirst);
          walk.reset();
          const order: number[] = [];
          for (let d = walk.next(); d >= 0; d = walk.next()) order.push(d);
          expect(order).toEqual(want);
          expect(heap.top()).toBe(want[0] ?? -1);
          expect(heap.size).toBe(inHeap.size);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("upmap balancing picks the moves a scan of every device picks", () => {
  it("gives the same up sets as the plain greedy scan, replicated and erasure, any band", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(0, 0.5, 1, 2), fc.constantFrom(Infinity, 5), (seed, limit, maxMoves) => {
        const c = planCluster(seed, { pgNum: 128 });
        for (const pool of [1, 2]) {
          const r = balanceUpmap(c.state, pool, { maxDeviation: limit, maxMoves });
          const ref = scanBalance(c.state, pool, limit, maxMoves);
          const m = mapPool(r.state, pool);
          expect(m.width).toBe(ref.width);
          expect(Array.from(m.up)).toEqual(Array.from(ref.up));
          expect(r.moves).toBe(ref.moves);
        }
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });
});

describe("the balance report at scale", () => {
  it("prints every command of a balance that changes more than 125,000 groups", () => {
    const changes = Array.from({ length: 130_000 }, (_, ps) => ({ pgid: `1.${ps.toString(16)}`, before: [], after: [{ from: ps % 7, to: 7 + (ps % 5) }] }));
    const r: BalanceResult = {
      state: planCluster(1, { pgNum: 8 }).state,
      pgUpmapItems: [],
      changes,
      moves: 130_000,
      maxDeviationBefore: 40,
      maxDeviationAfter: 1,
      by: "pgs",
      unitBytes: 0,
      devices: [],
    };
    const lines = formatUpmapBalance(r, "1 (rbd)", 1).trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("ceph osd pg-upmap-items "))).toHaveLength(130_000);
    expect(lines[lines.length - 1]).toBe(`ceph osd pg-upmap-items 1.${(129_999).toString(16)} ${129_999 % 7} ${7 + (129_999 % 5)}`);
  });
});

describe("balancing on a deep hierarchy", () => {
  /** Root over a chain of `levels` racks, then 4 hosts of 3 devices; pool 1 with 3 replicas over hosts. */
  function chainState(levels: number) {
    const hosts: Bucket[] = [0, 1, 2, 3].map((h) => ({
      id: -2 - levels - h,
      name: `host${h}`,
      type: 1,
      alg: "straw2",
      hash: 0,
      items: [0, 1, 2].map((i) => ({ id: 3 * h + i, weight: 0x10000 * (1 + ((h + i) % 3)) })),
    }));
    const hostWeight = (b: Bucket): number => b.items.reduce((s, it) => s + it.weight, 0);
    const total = hosts.reduce((s, b) => s + hostWeight(b), 0);
    const chain: Bucket[] = [];
    for (let l = 0; l <= levels; l++) {
      const items = l === levels ? hosts.map((b) => ({ id: b.id, weight: hostWeight(b) })) : [{ id: -2 - l, weight: total }];
      chain.push({ id: -1 - l, name: l === 0 ? "default" : `rack${l}`, type: l === 0 ? 3 : 2, alg: "straw2", hash: 0, items });
    }
    const crush: CrushMap = {
      tunables: LEGACY_TUNABLES,
      devices: Array.from({ length: 12 }, (_, id) => ({ id, name: `osd.${id}` })),
      types: ["osd", "host", "rack", "root"].map((name, id) => ({ id, name })),
      buckets: [...chain, ...hosts],
      rules: [{ id: 0, name: "r", type: 1, minSize: 1, maxSize: 10, steps: [{ op: "take", item: -1 }, { op: "chooseleaf", mode: "firstn", num: 0, type: 1 }, { op: "emit" }] }],
      classes: [],
      chooseArgs: [],
    };
    return createClusterState({ crush, pools: [{ id: 1, name: "rbd", pgNum: 64, objectHash: "rjenkins" }] });
  }

  it("balances a pool whose rule descends 6,000 levels, by upmap and by weight set", () => {
    const state = chainState(6_000);
    const r = balanceUpmap(state, 1, { maxDeviation: 1 });
    expect(r.maxDeviationAfter).toBeLessThanOrEqual(r.maxDeviationBefore);
    const ws = balanceWeightSet(state, 1, { maxSteps: 1 });
    expect(ws.maxDeviationAfter).toBeLessThanOrEqual(ws.maxDeviationBefore);
  });
});
