/**
 * `--set-subtree-class BUCKET CLASS`: every device below BUCKET gets CLASS (CrushWrapper::
 * set_subtree_class). It does not rebuild the shadow trees; reclassify does that afterwards.
 * crushtool ignores its failures: a missing BUCKET changes nothing, and a BUCKET that is a device
 * still creates CLASS.
 */
import type { CephState } from "./cephState.js";

export function setSubtreeClass(st: CephState, bucket: string, className: string): void {
  const start = st.itemId(bucket);
  if (start === undefined) return;
  const classId = st.classIdOrCreate(className);
  const queue = [start];
  const seen = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    const b = st.bucket(queue[head]!);
    if (b === undefined) return;
    for (const it of b.items) {
      if (it.id >= 0) st.classOf.set(it.id, classId);
      else if (!seen.has(it.id)) {
        seen.add(it.id);
        queue.push(it.id);
      }
    }
  }
}
