/**
 * A placement diff as text: the summary, the first moves key by key, and the devices whose
 * share changed. Pure: the caller prints it.
 */
import type { PlacementDiff } from "./diffPlacements.js";
import type { Key } from "./keyInput.js";

/**
 * A placement diff as text: the copies and keys that move against the minimum, the first
 * `moves` moves key by key, and the `devices` whose share changed most.
 *
 * @group Topology
 *
 * @example
 * ```ts
 * console.log(formatPlacementDiff(diffPlacements(before, after, keys), { moves: 5 }));
 * // 300000 keys: 19867 copies move (19867 keys); the minimum is 19867 (1.00×)
 * //   key "k17": disk-a2-1 → disk-a5-3
 * //   …
 * ```
 */
export function formatPlacementDiff(diff: PlacementDiff, options: { readonly moves?: number; readonly devices?: number } = {}): string {
  const lines: string[] = [];
  const ratio = Number.isFinite(diff.ratio) ? `${diff.ratio.toFixed(2)}×` : "∞";
  lines.push(`${diff.keys} keys: ${diff.movedCopies} copies move (${diff.movedKeys} keys); the minimum is ${diff.minimumCopies} (${ratio})`);
  const shown = Math.min(diff.moves.length, options.moves ?? 10);
  for (let i = 0; i < shown; i++) {
    const m = diff.moves[i]!;
    const parts = m.moves.map((c) => `${c.shard === null ? "" : `shard ${c.shard} `}${c.from ?? "(none)"} → ${c.to ?? "(none)"}`);
    lines.push(`  key ${keyText(m.key)}: ${parts.join(", ")}`);
  }
  if (diff.moves.length > shown) lines.push(`  … ${diff.moves.length - shown} more keys`);
  const changed = diff.devices.filter((d) => d.before !== d.after).sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.device < b.device ? -1 : 1));
  const devices = Math.min(changed.length, options.devices ?? 10);
  if (devices > 0) lines.push("devices whose copies change:");
  for (let i = 0; i < devices; i++) {
    const d = changed[i]!;
    const delta = d.after - d.before;
    lines.push(`  ${d.device}: ${d.before} → ${d.after} (${delta > 0 ? "+" : ""}${delta}; ${d.received} in, ${d.given} out)`);
  }
  if (changed.length > devices) lines.push(`  … ${changed.length - devices} more devices`);
  return lines.join("\n");
}

function keyText(key: Key): string {
  return typeof key === "string" ? JSON.stringify(key) : `bytes ${Array.from(key.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
