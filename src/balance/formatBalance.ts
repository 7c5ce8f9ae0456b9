/** Balancer results as people read them: deviation before and after, moves, Ceph commands. */
import type { BalanceResult } from "./upmapBalance.js";
import type { WeightSetResult } from "./weightSetBalance.js";

const EDGES = [-Infinity, -16, -8, -4, -2, -1, 1, 2, 4, 8, 16, Infinity];

/** Devices per band of deviation (replicas above or below target), one line per band. */
export function deviationHistogram(deviations: readonly number[], width = 30): string[] {
  const counts = new Array<number>(EDGES.length - 1).fill(0);
  for (const d of deviations) {
    let i = 0;
    while (i < counts.length - 1 && d >= EDGES[i + 1]!) i++;
    counts[i]!++;
  }
  let peak = 1;
  for (const n of counts) peak = Math.max(peak, n);
  return counts.map((n, i) => {
    const lo = EDGES[i]!;
    const hi = EDGES[i + 1]!;
    const label = lo === -Infinity ? `< ${hi}` : hi === Infinity ? `≥ ${lo}` : `${lo} … ${hi}`;
    return `${label.padStart(10)}  ${"█".repeat(Math.round((n / peak) * width)).padEnd(width)} ${n}`;
  });
}

/** `ceph osd pg-upmap-items` / `rm-pg-upmap-items` commands that install the result. */
export function upmapCommands(r: BalanceResult): string[] {
  return r.changes.map((c) =>
    c.after.length === 0 ? `ceph osd rm-pg-upmap-items ${c.pgid}` : `ceph osd pg-upmap-items ${c.pgid} ${c.after.map((m) => `${m.from} ${m.to}`).join(" ")}`,
  );
}

/**
 * The terminal report of `crushmap balance`: worst deviation before and after, a histogram, the
 * moves and the `ceph osd pg-upmap-items` / `rm-pg-upmap-items` commands to run.
 *
 * @group Balancing
 */
export function formatUpmapBalance(r: BalanceResult, poolName: string, limit: number): string {
  const out: string[] = [];
  out.push(`pool ${poolName}: ${r.devices.length} devices can take replicas`);
  // by bytes, deviations are in groups of the pool's mean size: say how many bytes that is
  const unit = r.by === "bytes" ? `mean groups (${gib(r.unitBytes)} each)` : "replicas";
  out.push(`worst deviation: ${r.maxDeviationBefore.toFixed(2)} → ${r.maxDeviationAfter.toFixed(2)} ${unit} from target (asked: within ${limit})`);
  if (r.by === "bytes") out.push(`bytes off target on the worst device: ${gib(r.maxDeviationBefore * r.unitBytes)} → ${gib(r.maxDeviationAfter * r.unitBytes)}`);
  out.push(`moves: ${r.moves} replica${r.moves === 1 ? "" : "s"}; ${r.changes.length} group${r.changes.length === 1 ? "" : "s"} change their exceptions`);
  if (r.maxDeviationAfter > limit) out.push(`note: the rule's failure domains leave no exception that brings every device within ${limit}`);
  out.push("");
  out.push(`deviation before (devices per band, ${unit} from target):`);
  for (const l of deviationHistogram(r.devices.map((d) => d.before - d.target))) out.push("  " + l);
  out.push("deviation after:");
  for (const l of deviationHistogram(r.devices.map((d) => d.after - d.target))) out.push("  " + l);
  const commands = upmapCommands(r);
  out.push("");
  out.push(commands.length === 0 ? "nothing to change" : "commands:");
  // one at a time: spreading more than ~125k commands into push overflows V8's stack
  for (const c of commands) out.push(c);
  return out.join("\n") + "\n";
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/**
 * The terminal report of `crushmap balance --mode weight-set`: deviation before and after, the
 * steps taken and the replicas moved.
 *
 * @group Balancing
 */
export function formatWeightSetBalance(r: WeightSetResult, poolName: string, limit: number): string {
  const out: string[] = [];
  out.push(`pool ${poolName}: weight set (choose_args ${r.chooseArgs.id}) over ${r.chooseArgs.buckets.length} buckets, ${r.steps} steps`);
  out.push(`worst deviation: ${r.maxDeviationBefore.toFixed(2)} → ${r.maxDeviationAfter.toFixed(2)} replicas from target (asked: within ${limit})`);
  out.push(`moves: ${r.moves} replica${r.moves === 1 ? "" : "s"}`);
  return out.join("\n") + "\n";
}
