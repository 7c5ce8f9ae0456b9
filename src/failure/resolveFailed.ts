/** Names of failed things → the devices that fail: a device, or every device under a bucket. */
import type { CrushMap } from "../map/types.js";
import { FailureError } from "./errors.js";

/**
 * Device ids for `failed`: device names (`osd.3`), bucket names of any level (host, rack, room,
 * datacenter, root), device ids (3, "3") or bucket ids (-4, "-4"). Sorted, without repeats.
 */
export function resolveFailed(crush: CrushMap, failed: readonly (string | number)[]): number[] {
  if (failed.length === 0) throw new FailureError("name at least one device or bucket that fails");
  const byName = new Map<string, number>();
  for (const d of crush.devices) byName.set(d.name, d.id);
  for (const b of crush.buckets) byName.set(b.name, b.id);
  const devices = new Set(crush.devices.map((d) => d.id));
  const buckets = new Map(crush.buckets.map((b) => [b.id, b]));
  const out = new Set<number>();
  const collect = (id: number, seen: Set<number>): void => {
    if (id >= 0) {
      out.add(id);
      return;
    }
    if (seen.has(id)) return;
    seen.add(id);
    for (const it of buckets.get(id)!.items) collect(it.id, seen);
  };
  for (const f of failed) {
    let id: number | undefined;
    if (typeof f === "number") id = f;
    else if (/^-?\d+$/.test(f)) id = Number(f);
    else id = byName.get(f);
    if (id === undefined || (id >= 0 && !devices.has(id)) || (id < 0 && !buckets.has(id))) {
      throw new FailureError(`'${String(f)}' is neither a device nor a bucket of the crush map`, String(f));
    }
    collect(id, new Set());
  }
  return [...out].sort((a, b) => a - b);
}
