/**
 * What `ceph pg dump pgs_brief -f json`, `ceph pg ls -f json` and `ceph pg dump -f json` say of
 * each placement group: its state, up and acting sets, and (when the dump has them) its bytes
 * and objects. Checked against the cluster state so that no command is planned for a group the
 * OSD map does not know.
 */
import { ITEM_NONE } from "../map/types.js";
import { parsePgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import { PlanError } from "./errors.js";

/**
 * One placement group as `ceph pg dump` or `ceph pg ls` reports it: its state words, up and
 * acting sets and, when the dump has them, bytes and objects.
 *
 * @group Plans
 */
export interface PgState {
  readonly pgid: string;
  /** The state words, e.g. ["active", "remapped", "backfilling"]. */
  readonly state: readonly string[];
  readonly up: readonly number[];
  readonly acting: readonly number[];
  readonly bytes?: number;
  readonly objects?: number;
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new PlanError(`not JSON (${(e as Error).message})`);
  }
}

/** Ceph prints a missing shard as 2147483647 (CRUSH_ITEM_NONE). */
const NONE_JSON = 2147483647;

/**
 * The groups of a pg dump or pg ls, in the order given: the JSON text Ceph printed, or its
 * parsed value.
 *
 * @group Plans
 *
 * @throws {@link PlanError} when the text is not JSON, or naming the first entry that is not a
 * placement group record (no pgid, a bad size, …).
 */
export function parsePgStates(json: unknown): PgState[] {
  const list = pgList(typeof json === "string" ? parseText(json) : json);
  return list.map((e, i) => {
    if (typeof e !== "object" || e === null) throw new PlanError(`pg list entry ${i} is not an object`, i);
    const o = e as Record<string, unknown>;
    const pgid = o["pgid"];
    if (typeof pgid !== "string") throw new PlanError(`pg list entry ${i} has no pgid`, i);
    const state = typeof o["state"] === "string" ? o["state"].split("+") : [];
    const sum = (o["stat_sum"] ?? {}) as Record<string, unknown>;
    const bytes = sum["num_bytes"];
    const objects = sum["num_objects"];
    if (bytes !== undefined && !(typeof bytes === "number" && bytes >= 0)) throw new PlanError(`pg ${pgid}: num_bytes is not a size (${String(bytes)})`, pgid);
    return {
      pgid,
      state,
      up: osdList(o["up"], pgid, "up"),
      acting: osdList(o["acting"], pgid, "acting"),
      ...(typeof bytes === "number" ? { bytes } : {}),
      ...(typeof objects === "number" ? { objects } : {}),
    };
  });
}

function pgList(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (typeof json === "object" && json !== null) {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o["pg_stats"])) return o["pg_stats"];
    const map = o["pg_map"] as Record<string, unknown> | undefined;
    if (map !== undefined && Array.isArray(map["pg_stats"])) return map["pg_stats"];
  }
  throw new PlanError("not a pg list: expected the JSON of 'ceph pg dump pgs_brief', 'ceph pg ls' or 'ceph pg dump' (pg_stats)");
}

function osdList(v: unknown, pgid: string, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw new PlanError(`pg ${pgid}: ${what} is not a list of OSD ids`, pgid);
  return (v as number[]).map((x) => (x === NONE_JSON ? ITEM_NONE : x));
}

/**
 * Every listed group belongs to a pool of `state` and lies within its pg_num.
 *
 * @group Plans
 *
 * @throws {@link PlanError} naming the first group that is not a group id, or whose pool or seed
 * the OSD map does not have.
 */
export function checkPgStates(state: ClusterState, pgs: readonly PgState[]): void {
  for (const p of pgs) {
    let id;
    try {
      id = parsePgId(p.pgid);
    } catch {
      throw new PlanError(`pg ${p.pgid}: not a placement group id`, p.pgid);
    }
    const pool = state.pools.find((q) => q.id === id.pool);
    if (pool === undefined) throw new PlanError(`pg ${p.pgid}: the OSD map has no pool ${id.pool}`, p.pgid);
    if (id.ps >= pool.pgNum) throw new PlanError(`pg ${p.pgid}: pool ${pool.id} has only ${pool.pgNum} groups in the OSD map`, p.pgid);
  }
}

/** A group whose data is on the move or being repaired: its transfers occupy their OSDs. */
export function inFlight(p: PgState): boolean {
  const busy = p.state.some((s) => s.startsWith("backfill") || s.startsWith("recover") || s === "degraded" || s === "remapped");
  return busy || p.up.length !== p.acting.length || p.up.some((o, i) => o !== p.acting[i]);
}
