/**
 * The upmap balancer's greedy rule written the plain way, scanning and sorting every device for
 * every move (what the balancer did before it kept devices in heaps): help the device furthest
 * outside the band (ties to the lower id); an overfull device gives its lowest-numbered group
 * that may go to the most underfull device below d − 1, an underfull one takes from the most
 * overfull device above d + 1, trying partners in order; when the furthest device cannot move,
 * the next furthest. Returns each group's up set after the moves.
 */
import { deviation } from "../../src/balance/deviation.js";
import { hierarchy } from "../../src/map/hierarchyIndex.js";
import { ITEM_NONE } from "../../src/map/types.js";
import { mapPool } from "../../src/placement/mapPool.js";
import { findPoolRule } from "../../src/placement/state.js";
import type { ClusterState } from "../../src/placement/types.js";

export function scanBalance(state: ClusterState, poolId: number, limit: number, maxMoves = Infinity): { up: Int32Array; width: number; moves: number } {
  const pool = state.pools.find((p) => p.id === poolId)!;
  const scope = hierarchy(state.crush).ruleScope(findPoolRule(state.crush, pool.crushRule, pool.type, pool.size)!);
  const m = mapPool(state, poolId);
  const dev = deviation(state, scope, m);
  const count = Float64Array.from(dev.count);
  const d = (o: number): number => count[o]! - dev.target[o]!;
  const off = (o: number): number => Math.abs(d(o));
  const cur = Int32Array.from(m.up);
  const w = m.width;
  const setOf = (ps: number): number[] => Array.from(cur.subarray(ps * w, ps * w + m.upLength[ps]!));
  const fixed = new Set([...state.pgUpmap.keys(), ...state.pgTemp.keys()].filter((k) => k.startsWith(`${poolId}.`)).map((k) => parseInt(k.split(".")[1]!, 16)));
  const up = (o: number): boolean => o >= 0 && o < state.maxOsd && state.osds[o]!.up;
  const base = (ps: number): number[] => Array.from(m.raw.subarray(ps * w, ps * w + m.rawLength[ps]!)).filter((o) => up(o) || pool.type === "erasure");
  const allowed = (ps: number, from: number, to: number): boolean => {
    const set = setOf(ps);
    if (fixed.has(ps) || !dev.devices.includes(to) || set.includes(to)) return false;
    if (pool.type === "erasure" && base(ps).includes(to)) return false;
    const [dt, df] = [scope.domains.get(to), scope.domains.get(from)];
    if (scope.take.get(to) !== scope.take.get(from) || dt === undefined || df === undefined) return false;
    if (dt.slice(0, -1).some((x, k) => x !== df[k])) return false;
    return !set.some((o) => o !== ITEM_NONE && o !== from && dt.length > 0 && scope.domains.get(o)?.[dt.length - 1] === dt[dt.length - 1]);
  };
  const groupsOf = (o: number): number[] => Array.from({ length: m.pgNum }, (_, ps) => ps).filter((ps) => setOf(ps).includes(o));
  let moves = 0;
  const move = (from: number, to: number): boolean => {
    const ps = groupsOf(from).find((g) => allowed(g, from, to));
    if (ps === undefined) return false;
    cur[ps * w + setOf(ps).indexOf(from)] = to;
    count[from]!--;
    count[to]!++;
    moves++;
    return true;
  };
  const help = (o: number): boolean => {
    const partners = dev.devices.filter((p) => (d(o) > 0 ? d(p) < d(o) - 1 : d(p) > d(o) + 1));
    partners.sort((a, b) => (d(o) > 0 ? d(a) - d(b) : d(b) - d(a)) || a - b);
    return partners.some((p) => (d(o) > 0 ? move(o, p) : move(p, o)));
  };
  while (moves < maxMoves) {
    const worst = dev.devices.filter((o) => off(o) > limit).sort((a, b) => off(b) - off(a) || a - b);
    if (!worst.some(help)) break;
  }
  return { up: cur, width: w, moves };
}
