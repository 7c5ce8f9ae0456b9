/**
 * OSDMap::clean_pg_upmaps (check_pg_upmaps), which osdmaptool runs before every --upmap: the
 * exceptions Ceph drops or trims. A group's pg_upmap and pg_upmap_items both go when its pool or
 * group is gone, when its set no longer passes the rule (verify_upmap), or when an OSD of the set
 * has left the rule's tree or carries no weight there; a pg_upmap goes when it equals CRUSH's own
 * result or has the wrong size; pg_upmap_items lose the pairs whose source CRUSH no longer picks or
 * whose target is out (all of them: the entry goes). Groups are checked in Ceph's order (every
 * pg_upmap, then every pg_upmap_items, each in pg order; a group with both is checked twice).
 *
 * Ceph 20.2 also drops pg_upmap_primaries entries (`rm-pg-upmap-primary`; its check_pg_upmaps
 * logs "invalid or redundant primary"): those of groups whose other exceptions go, of gone
 * groups, and those naming an OSD that is not in the group's CRUSH result or is its first OSD
 * already. Tentacle's source was not at hand: the rule is what osdmaptool 20.2 was seen to do
 * (its debug log and its output on test/fixtures/osdmap/tentacle/primaries with OSDs marked out),
 * held by the replay and differential tests. 16.2 and 18.2 leave the entries alone.
 */
import { clusterStateInput, createClusterState } from "../../placement/state.js";
import type { ClusterState, UpmapItem } from "../../placement/types.js";
import { ruleWeightOsdMap } from "../ruleWeightMap.js";
import { origOfState } from "./upmapCalc.js";
import { pgKey, pgKeyText } from "./pgsByOsd.js";
import { parsePgId } from "../../placement/pgId.js";
import { RuleQueries } from "./ruleQueries.js";
import { verifyUpmap } from "./verifyUpmap.js";

const f32 = Math.fround;

/**
 * What {@link cleanPgUpmaps} found: the Incremental's removals and rewrites.
 *
 * @group Balancing
 */
export interface UpmapCleanup {
  /** Whether anything changes (Ceph's return value). */
  readonly changed: boolean;
  /** Groups whose pg_upmap goes (`ceph osd rm-pg-upmap`), in pg order. */
  readonly removedUpmap: readonly string[];
  /** Groups whose pg_upmap_items go (`ceph osd rm-pg-upmap-items`), in pg order. */
  readonly removedItems: readonly string[];
  /** Groups whose pg_upmap_items are trimmed, with what stays (`ceph osd pg-upmap-items`), in pg order. */
  readonly items: ReadonlyMap<string, readonly UpmapItem[]>;
  /** Groups whose pg_upmap_primaries entry goes (`ceph osd rm-pg-upmap-primary`; Ceph 20.2), in pg order. */
  readonly removedPrimaries: readonly string[];
  /** The state with the cleanup applied. */
  readonly state: ClusterState;
}

function byPgOrder(keys: Iterable<string>): string[] {
  return [...keys].map((t) => parsePgId(t)).map((id) => pgKey(id.pool, id.ps)).sort((a, b) => a - b).map(pgKeyText);
}

/**
 * Ceph's clean_pg_upmaps on `state`.
 *
 * @group Balancing
 */
export function cleanPgUpmaps(state: ClusterState): UpmapCleanup {
  const toCheck = [...byPgOrder(state.pgUpmap.keys()), ...byPgOrder(state.pgUpmapItems.keys())];
  const cancel: string[] = [];
  const remap = new Map<string, readonly UpmapItem[]>();
  const checker = new UpmapChecker(state);
  for (const pg of toCheck) checker.check(pg, cancel, remap);
  const removedUpmap = new Set<string>();
  const removedItems = new Set<string>();
  for (const pg of cancel) {
    if (state.pgUpmap.has(pg)) removedUpmap.add(pg);
    if (state.pgUpmapItems.has(pg)) removedItems.add(pg);
  }
  const primaries = state.release >= 20 ? invalidPrimaries(state, checker, new Set(cancel)) : [];
  const changed = cancel.length > 0 || checker.anyRemap || primaries.length > 0;
  const items = new Map(byPgOrder(remap.keys()).map((pg) => [pg, remap.get(pg)!] as const));
  const next = changed ? applyCleanup(state, removedUpmap, removedItems, items, new Set(primaries)) : state;
  return Object.freeze({
    changed,
    removedUpmap: Object.freeze(byPgOrder(removedUpmap)),
    removedItems: Object.freeze(byPgOrder(removedItems)),
    items,
    removedPrimaries: Object.freeze(primaries),
    state: next,
  });
}

/** The pg_upmap_primaries entries Ceph 20.2 drops (see the file's comment). */
function invalidPrimaries(state: ClusterState, checker: UpmapChecker, cancelled: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const pg of byPgOrder(state.pgUpmapPrimaries.keys())) {
    const id = parsePgId(pg);
    const pool = state.pools.find((p) => p.id === id.pool);
    if (cancelled.has(pg) || pool === undefined || id.ps >= pool.pgNum) {
      out.push(pg);
      continue;
    }
    const raw = checker.rawOf(pool.id, id.ps);
    const primary = state.pgUpmapPrimaries.get(pg)!;
    if (!raw.includes(primary) || raw[0] === primary) out.push(pg);
  }
  return out;
}

function applyCleanup(state: ClusterState, upmap: ReadonlySet<string>, items: ReadonlySet<string>, trimmed: ReadonlyMap<string, readonly UpmapItem[]>, primaries: ReadonlySet<string>): ClusterState {
  const input = clusterStateInput(state);
  return createClusterState({
    ...input,
    pgUpmapPrimaries: (input.pgUpmapPrimaries ?? []).filter((e) => !primaries.has(e.pgid)),
    pgUpmap: (input.pgUpmap ?? []).filter((e) => !upmap.has(e.pgid)),
    pgUpmapItems: (input.pgUpmapItems ?? []).filter((e) => !items.has(e.pgid)).map((e) => (trimmed.has(e.pgid) ? { pgid: e.pgid, mappings: trimmed.get(e.pgid)! } : e)),
  });
}

/** check_pg_upmaps for one group at a time, with the rules' weight maps kept. */
class UpmapChecker {
  anyRemap = false;
  private readonly weights = new Map<number, ReadonlyMap<number, number> | undefined>();
  private readonly queries = new Map<number, RuleQueries | undefined>();
  private readonly reweight: Uint32Array;

  constructor(private readonly state: ClusterState) {
    this.reweight = new Uint32Array(state.maxOsd);
    for (const o of state.osds) this.reweight[o.id] = o.weight;
  }

  check(pg: string, cancel: string[], remap: Map<string, readonly UpmapItem[]>): void {
    const id = parsePgId(pg);
    const pool = this.state.pools.find((p) => p.id === id.pool);
    if (pool === undefined || id.ps >= pool.pgNum) {
      cancel.push(pg);
      return;
    }
    const { raw, up } = origOfState(this.state, pool.id, id.ps, this.reweight);
    const q = this.queriesOf(pool.crushRule);
    if (q === undefined || !verifyUpmap(q, pool.size, up)) {
      cancel.push(pg);
      return;
    }
    const weights = this.weightsOf(pool.crushRule);
    if (weights === undefined) return;
    for (const osd of up) {
      const w = weights.get(osd);
      const reweight = osd >= 0 && osd < this.reweight.length ? f32(this.reweight[osd]! / 0x10000) : 0;
      if (w === undefined || f32(reweight * w) === 0) {
        cancel.push(pg);
        break;
      }
    }
    if (cancel.length > 0 && cancel[cancel.length - 1] === pg) return;
    this.checkNeeded(pg, pool.size, raw, cancel, remap);
  }

  /** The second half: a valid exception that no longer does anything goes, or is trimmed. */
  private checkNeeded(pg: string, size: number, raw: readonly number[], cancel: string[], remap: Map<string, readonly UpmapItem[]>): void {
    const full = this.state.pgUpmap.get(pg);
    if (full !== undefined && (sameSet(full, raw) || full.length !== size)) {
      cancel.push(pg);
      return;
    }
    const items = this.state.pgUpmapItems.get(pg);
    if (items === undefined) return;
    const kept = items.filter((p) => raw.includes(p.from) && !(p.to >= 0 && p.to < this.reweight.length && p.to !== 0x7fffffff && this.reweight[p.to] === 0));
    if (kept.length === 0) cancel.push(pg);
    else if (kept.length !== items.length) {
      if (!remap.has(pg)) remap.set(pg, Object.freeze(kept));
      this.anyRemap = true;
    }
  }

  /** CRUSH's result for a group (existing OSDs only). */
  rawOf(pool: number, ps: number): number[] {
    return origOfState(this.state, pool, ps, this.reweight).raw;
  }

  private queriesOf(rule: number): RuleQueries | undefined {
    if (!this.queries.has(rule)) {
      const r = this.state.crush.rules.find((x) => x.id === rule);
      this.queries.set(rule, r === undefined ? undefined : new RuleQueries(this.state.crush, r));
    }
    return this.queries.get(rule);
  }

  private weightsOf(rule: number): ReadonlyMap<number, number> | undefined {
    if (!this.weights.has(rule)) {
      const r = this.state.crush.rules.find((x) => x.id === rule);
      if (r === undefined) this.weights.set(rule, undefined);
      else {
        const m = ruleWeightOsdMap(this.state.crush, r);
        this.weights.set(rule, new Map(Array.from(m.osds, (o, i) => [o, m.weights[i]!] as const)));
      }
    }
    return this.weights.get(rule);
  }
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}


/**
 * The `ceph osd …` commands osdmaptool writes for a cleanup (print_inc_upmaps): pg_upmap
 * removals, pg_upmap_items removals, the trimmed items, then pg_upmap_primaries removals;
 * `prefix` before each line.
 *
 * @group Balancing
 */
export function formatUpmapCleanup(r: UpmapCleanup, prefix = ""): string[] {
  const lines: string[] = [];
  for (const pg of r.removedUpmap) lines.push(`${prefix}ceph osd rm-pg-upmap ${pg}\n`);
  for (const pg of r.removedItems) lines.push(`${prefix}ceph osd rm-pg-upmap-items ${pg}\n`);
  for (const [pg, items] of r.items) lines.push(`${prefix}ceph osd pg-upmap-items ${pg}${items.map((p) => ` ${p.from} ${p.to}`).join("")}\n`);
  for (const pg of r.removedPrimaries) lines.push(`${prefix}ceph osd rm-pg-upmap-primary ${pg}\n`);
  return lines;
}
