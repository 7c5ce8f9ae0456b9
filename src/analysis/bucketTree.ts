/**
 * crushtool's `--bucket-tree --bucket-name NAME` (16.2, 18.2 and 20.2 alike): the names of the
 * devices under the item NAME, one a line, by ascending id (CrushWrapper::get_leaves fills an
 * ordered set). NAME may be a bucket, a shadow bucket (`default~ssd`) or a device (which prints
 * itself); an unknown name or an empty bucket prints nothing.
 */
import { classTrees } from "../map/classes.js";
import { hierarchy } from "../map/hierarchyIndex.js";
import type { CrushMap } from "../map/types.js";

/** What crushtool says on stderr for --bucket-tree without --bucket-name (it still exits 0). */
export const BUCKET_NAME_EMPTY = ": error bucket_name is empty\n";

/** The lines `--bucket-tree --bucket-name name` prints on stdout ("" when none). */
export function formatBucketTree(map: CrushMap, name: string): string {
  const id = itemId(map, name);
  if (id === undefined) return "";
  const names = new Map(map.devices.map((d) => [d.id, d.name]));
  const leaves = [...hierarchy(map).devicesUnder(id)].sort((a, b) => a - b);
  let out = "";
  for (const d of leaves) {
    const n = names.get(d);
    if (n !== undefined) out += n + "\n";
  }
  return out;
}

function itemId(map: CrushMap, name: string): number | undefined {
  const device = map.devices.find((d) => d.name === name);
  if (device !== undefined) return device.id;
  return (map.buckets.find((b) => b.name === name) ?? classTrees(map).find((b) => b.name === name))?.id;
}
