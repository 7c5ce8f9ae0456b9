/**
 * Groups by unit, flat: for unit u, entries start[u] … start[u + 1] − 1 name a group, the
 * position of u among the group's units, the copies u holds and the group's need (copied per
 * entry so a counter never leaves these arrays). Every counter of failed copies walks this
 * index instead of every group.
 */
import type { LossGroup } from "./lossGroups.js";

export interface UnitIndex {
  readonly start: Int32Array;
  readonly group: Int32Array;
  readonly position: Int32Array;
  readonly mult: Int32Array;
  readonly need: Int32Array;
}

export function unitIndex(groups: readonly LossGroup[], N: number): UnitIndex {
  const start = new Int32Array(N + 1);
  for (const g of groups) for (let i = 0; i < g.units.length; i++) start[g.units[i]! + 1]!++;
  for (let u = 0; u < N; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, N);
  const total = start[N]!;
  const group = new Int32Array(total);
  const position = new Int32Array(total);
  const mult = new Int32Array(total);
  const need = new Int32Array(total);
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    for (let i = 0; i < g.units.length; i++) {
      const at = fill[g.units[i]!]!++;
      group[at] = gi;
      position[at] = i;
      mult[at] = g.mult[i]!;
      need[at] = g.need;
    }
  }
  return { start, group, position, mult, need };
}
