/**
 * A safe order for moving keys, for storage systems that copy their data themselves: the moves
 * of a {@link PlacementDiff} in waves, with planRebalance's guarantees — every copy is made
 * before an old one is dropped, never below `minCopies`; at most `maxTransfers` copies into and
 * out of each device per wave (and per bucket of any level with `domainLimits`); no device past
 * `fullRatio` of its capacity; keys that lost copies first. keyPlanStates.ts explains how keys
 * become placement groups for planRebalance; verifyKeyPlan replays a plan and checks all of it.
 */
import { planRebalance, type PlannedMove, type RebalancePlan } from "../plan/planRebalance.js";
import { verifyPlan } from "../plan/verifyPlan.js";
import { formatPgId, parsePgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import type { PlacementDiff } from "./diffPlacements.js";
import { TopologyError } from "./errors.js";
import type { Key } from "./keyInput.js";
import { KEY_POOL, keyState, nameIndex, type NameIndex } from "./keyPlanStates.js";

/**
 * Limits of a key plan; see {@link planKeyMoves}.
 *
 * @group Topology
 */
export interface KeyPlanOptions {
  /** Copies into, and out of, one device per wave. Default 1 (Ceph's osd_max_backfills). */
  readonly maxTransfers?: number;
  /** Copies into, and out of, one bucket of a type per wave, e.g. `{ node: 4 }`. */
  readonly domainLimits?: Readonly<Record<string, number>>;
  /** Bytes of one copy of a key. Default 0 (sizes unknown: capacity is not checked). */
  readonly keyBytes?: number;
  /** No device may hold more than this share of its capacity. Default 0.95. */
  readonly fullRatio?: number;
  /** Capacity in bytes by device name; default from weight × `bytesPerWeight`. */
  readonly capacity?: ReadonlyMap<string, number>;
  /** Bytes per weight 1.0. Default 2^40 (weights in TiB). */
  readonly bytesPerWeight?: number;
  /** Bytes on devices from data other than these keys, by device name. */
  readonly usedBytes?: ReadonlyMap<string, number>;
  /** Transfer bandwidth of one device in bytes per second, for the time estimate. Default 100 MiB/s. */
  readonly bandwidth?: number;
  /** Copies a key must keep at every moment. Default as Ceph's min_size: size − ⌊size/2⌋ replicated, k + min(1, m − 1) erasure. */
  readonly minCopies?: number;
}

/**
 * One copy in the plan, by key and device names.
 *
 * @group Topology
 */
export interface KeyPlanMove {
  readonly key: Key;
  /** Erasure shard position; null for replicas. */
  readonly shard: number | null;
  /** The device that gives the copy up (at the end of `dropWave`); null for a pure copy. */
  readonly from: string | null;
  /** The device that receives the copy; null for a pure drop. */
  readonly to: string | null;
  /** The device read; null for a pure drop. */
  readonly source: string | null;
  /** The shard is rebuilt from the key's other shards (its holder is gone). */
  readonly reconstruct: boolean;
  readonly wave: number;
  readonly dropWave: number | null;
  readonly bytes: number;
  /** The key had lost copies: it is served first. */
  readonly recovery: boolean;
}

/**
 * Copies in waves: run each wave's copies (`to` from `source`), then its drops (`from`, at the end of `dropWave`).
 *
 * @group Topology
 */
export interface KeyMovePlan {
  /** In wave order. */
  readonly moves: readonly KeyPlanMove[];
  readonly waves: number;
  /** Keys with no readable copy left. */
  readonly lost: readonly Key[];
  /** Keys the full ratio keeps from finishing; their remaining moves are not in the plan. */
  readonly blocked: readonly Key[];
  /** Drops not made because they would leave a key below minCopies. */
  readonly withheld: readonly { readonly key: Key; readonly device: string; readonly shard: number | null }[];
  readonly report: {
    readonly movedCopies: number;
    /** The least any plan reaching the same layout must copy (PlacementDiff.minimumCopies). */
    readonly minimumCopies: number;
    readonly movedBytes: number;
    readonly waves: number;
    readonly estimatedSeconds: number;
  };
  /**
   * The plan as planRebalance made it, between two states whose pool (id 1) has group i for key
   * `keys[i]` (only keys that move); `verifyPlan(before, after, plan)` replays it. Undefined when
   * nothing moves.
   */
  readonly rebalance: { readonly before: ClusterState; readonly after: ClusterState; readonly plan: RebalancePlan; readonly keys: readonly Key[] } | undefined;
}

/**
 * Plans the moves of `diff`.
 *
 * @group Topology
 *
 * @throws {@link TopologyError} naming the first option out of range.
 *
 * @example
 * ```ts
 * const diff = diffPlacements(before, after, keys);
 * const plan = planKeyMoves(diff, { maxTransfers: 8, domainLimits: { node: 16 }, keyBytes: 4 << 20 });
 * for (const m of plan.moves) copy(m.key, m.source, m.to); // wave by wave; drop m.from after m.dropWave
 * verifyKeyPlan(plan).ok; // true
 * ```
 */
export function planKeyMoves(diff: PlacementDiff, options: KeyPlanOptions = {}): KeyMovePlan {
  const moving = diff.moves;
  if (moving.length === 0) {
    return Object.freeze({ moves: [], waves: 0, lost: [], blocked: [], withheld: [], report: Object.freeze({ movedCopies: 0, minimumCopies: 0, movedBytes: 0, waves: 0, estimatedSeconds: 0 }), rebalance: undefined });
  }
  const index = nameIndex(diff.before.topology, diff.after.topology);
  const before = keyState(diff.before, index, moving, "before", options.minCopies);
  const after = keyState(diff.after, index, moving, "after", options.minCopies);
  const keyBytes = options.keyBytes ?? 0;
  if (!Number.isFinite(keyBytes) || keyBytes < 0) throw new TopologyError(`keyBytes ${keyBytes} is not a finite number ≥ 0`, "keyBytes");
  const plan = planRebalance(before, after, {
    maxBackfills: options.maxTransfers ?? 1,
    ...(options.domainLimits === undefined ? {} : { domainLimits: options.domainLimits }),
    ...(options.fullRatio === undefined ? {} : { fullRatio: options.fullRatio }),
    ...(options.bytesPerWeight === undefined ? {} : { bytesPerWeight: options.bytesPerWeight }),
    ...(options.bandwidth === undefined ? {} : { bandwidth: options.bandwidth }),
    ...(options.capacity === undefined ? {} : { capacity: byId(options.capacity, index, "capacity") }),
    usedBytes: otherBytes(diff, index, keyBytes, options.usedBytes),
    pgBytes: keyBytes,
  });
  const keys = moving.map((m) => m.key);
  const keyOf = (pg: string): Key => keys[parsePgId(pg).ps]!;
  const name = (id: number | null): string | null => (id === null ? null : index.deviceName[id]!);
  return Object.freeze({
    moves: Object.freeze(plan.moves.map((m) => keyMove(m, keys, name))),
    waves: plan.waves,
    lost: Object.freeze(plan.lost.map(keyOf)),
    blocked: Object.freeze(plan.blocked.map(keyOf)),
    withheld: Object.freeze(plan.withheld.map((w) => Object.freeze({ key: keyOf(w.pg), device: name(w.osd)!, shard: w.shard }))),
    report: Object.freeze({
      movedCopies: plan.report.movedReplicas,
      minimumCopies: diff.minimumCopies,
      movedBytes: plan.report.movedBytes,
      waves: plan.waves,
      estimatedSeconds: plan.report.estimatedSeconds,
    }),
    rebalance: Object.freeze({ before, after, plan, keys: Object.freeze(keys) }),
  });
}

/**
 * Replays a key plan and checks every promise planKeyMoves makes (verifyPlan over the plan's
 * states). What is replayed is `plan.moves` — the moves a caller executes, read back into
 * groups — not the plan planRebalance made, so an edited or hand-made list is checked as it is.
 * Violations name keys and devices.
 *
 * @group Topology
 */
export function verifyKeyPlan(plan: KeyMovePlan): { readonly ok: boolean; readonly violations: readonly string[] } {
  const r = plan.rebalance;
  if (r === undefined) {
    const ok = plan.moves.length === 0;
    return Object.freeze({ ok, violations: Object.freeze(ok ? [] : ["the plan has moves but no states to replay them against"]) });
  }
  const psOf = new Map<Key, number>(r.keys.map((k, i) => [k, i] as const));
  const osdOf = new Map<string, number>();
  for (const s of [r.before, r.after]) for (const d of s.crush.devices) osdOf.set(d.name, d.id);
  const problems: string[] = [];
  const id = (name: string | null, m: KeyPlanMove): number | null => {
    if (name === null) return null;
    const o = osdOf.get(name);
    if (o === undefined) problems.push(`key ${JSON.stringify(keyText(m.key))}: ${name} is a device of neither placement`);
    return o ?? null;
  };
  const moves: PlannedMove[] = [];
  for (const m of plan.moves) {
    const ps = psOf.get(m.key);
    if (ps === undefined) {
      problems.push(`key ${JSON.stringify(keyText(m.key))} moves but does not change between the placements`);
      continue;
    }
    const pg = formatPgId(KEY_POOL, ps);
    moves.push({ pg, pool: KEY_POOL, ps, shard: m.shard, from: id(m.from, m), to: id(m.to, m), source: id(m.source, m), reconstruct: m.reconstruct, wave: m.wave, dropWave: m.dropWave, bytes: m.bytes, recovery: m.recovery });
  }
  const v = verifyPlan(r.before, r.after, { ...r.plan, moves, waves: plan.waves });
  const pgPattern = new RegExp(`\\b${KEY_POOL}\\.([0-9a-f]+)\\b`, "g");
  const osdPattern = /\bosd\.(\d+)\b/g;
  const names = new Map<number, string>([...osdOf].map(([n, o]) => [o, n] as const));
  const violations = problems.concat(
    v.violations.map((s) =>
      s.replace(pgPattern, (_, hex: string) => `key ${JSON.stringify(keyText(r.keys[parseInt(hex, 16)]))}`).replace(osdPattern, (t, d: string) => names.get(Number(d)) ?? t),
    ),
  );
  return Object.freeze({ ok: v.ok && problems.length === 0, violations: Object.freeze(violations) });
}

function keyText(key: Key | undefined): string {
  if (key === undefined) return "?";
  return typeof key === "string" ? key : `bytes ${Array.from(key.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}${key.length > 16 ? "…" : ""}`;
}

function keyMove(m: PlannedMove, keys: readonly Key[], name: (id: number | null) => string | null): KeyPlanMove {
  return Object.freeze({
    key: keys[m.ps]!,
    shard: m.shard,
    from: name(m.from),
    to: name(m.to),
    source: name(m.source),
    reconstruct: m.reconstruct,
    wave: m.wave,
    dropWave: m.dropWave,
    bytes: m.bytes,
    recovery: m.recovery,
  });
}

function byId(m: ReadonlyMap<string, number>, index: NameIndex, option: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const [name, v] of m) {
    const id = index.device.get(name);
    if (id === undefined) throw new TopologyError(`${option} names ${name}, which is a device of neither placement`, option);
    out.set(id, v);
  }
  return out;
}

/** Bytes on each device that the plan's groups do not account for: the keys that stay, and other data. */
function otherBytes(diff: PlacementDiff, index: NameIndex, keyBytes: number, used: ReadonlyMap<string, number> | undefined): Map<number, number> {
  const out = used === undefined ? new Map<number, number>() : byId(used, index, "usedBytes");
  if (keyBytes === 0) return out;
  const moving = new Map<string, number>();
  for (const m of diff.moves) for (const d of m.before) if (d !== null) moving.set(d, (moving.get(d) ?? 0) + 1);
  for (const d of diff.devices) {
    const stay = d.before - (moving.get(d.device) ?? 0);
    const id = index.device.get(d.device)!;
    if (stay > 0) out.set(id, (out.get(id) ?? 0) + stay * keyBytes);
  }
  return out;
}
