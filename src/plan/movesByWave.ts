/**
 * A plan's moves indexed by wave once, for the replays and reports that walk a plan wave by wave
 * (filtering every move per wave is quadratic in the plan's size).
 */
import type { PlannedMove } from "./rebalancePlan.js";

export interface MovesByWave {
  /** Moves that copy (`to` set), by the wave they run in, in plan order. */
  readonly copies: ReadonlyMap<number, readonly PlannedMove[]>;
  /** Moves that drop (`from` set), by the wave at whose end they drop, in plan order. */
  readonly drops: ReadonlyMap<number, readonly PlannedMove[]>;
  /** The last wave anything happens in or waits for (-1 for none; Infinity if a move says so). */
  readonly last: number;
}

export function movesByWave(moves: readonly PlannedMove[]): MovesByWave {
  const copies = new Map<number, PlannedMove[]>();
  const drops = new Map<number, PlannedMove[]>();
  let last = -1;
  for (const m of moves) {
    if (m.to !== null) {
      add(copies, m.wave, m);
      if (m.wave > last) last = m.wave;
    }
    if (m.from !== null && m.dropWave !== null) {
      add(drops, m.dropWave, m);
      if (m.dropWave > last) last = m.dropWave;
    }
  }
  return { copies, drops, last };
}

function add(index: Map<number, PlannedMove[]>, wave: number, m: PlannedMove): void {
  const list = index.get(wave);
  if (list === undefined) index.set(wave, [m]);
  else list.push(m);
}
