/** Names of failed things → the devices that fail: a device, or every device under a bucket. */
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap } from "../map/types.js";
import { FailureError } from "./errors.js";

/**
 * Device ids for `failed`: device names (`osd.3`), bucket names of any level (host, rack, room,
 * datacenter, root), device ids (3, "3") or bucket ids (-4, "-4"). Sorted, without repeats.
 *
 * @group Failure analysis
 *
 * @throws {@link FailureError} when `failed` is empty or names neither a device nor a bucket of
 * the map.
 */
export function resolveFailed(crush: CrushMap, failed: readonly (string | number)[]): number[] {
  if (failed.length === 0) throw new FailureError("name at least one device or bucket that fails");
  const byName = new Map<string, number>();
  for (const d of crush.devices) byName.set(d.name, d.id);
  for (const b of crush.buckets) byName.set(b.name, b.id);
  const devices = new Set(crush.devices.map((d) => d.id));
  const index = hierarchy(crush);
  const out = new Set<number>();
  for (const f of failed) {
    let id: number | undefined;
    if (typeof f === "number") id = f;
    else if (/^-?\d+$/.test(f)) id = Number(f);
    else id = byName.get(f);
    if (id === undefined || (id >= 0 && !devices.has(id)) || (id < 0 && !index.isRealBucket(id))) {
      throw new FailureError(`'${String(f)}' is neither a device nor a bucket of the crush map`, String(f));
    }
    for (const d of index.devicesUnder(id)) out.add(d);
  }
  return [...out].sort((a, b) => a - b);
}
