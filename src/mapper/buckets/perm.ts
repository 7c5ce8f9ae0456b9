/**
 * Choice by a pseudo-random permutation of the bucket's items (Ceph's bucket_perm_choose):
 * the method of uniform buckets, and the exhaustive local fallback of the firstn search.
 * The permutation for one x is built lazily, one position at a time, in the bucket's scratch;
 * r = 0 is answered without building it.
 */
import { hash32s_3 } from "../../hash/rjenkins.js";
import type { CompiledMap } from "../compiledMap.js";

/** Marks a scratch that holds only the r = 0 shortcut. */
const ONLY_FIRST = 0xffff;

export function permChoose(cm: CompiledMap, b: number, x: number, r: number): number {
  const size = cm.size[b]!;
  const start = cm.start[b]!;
  const perm = cm.perm;
  const pr = (r >>> 0) % size;
  const id = cm.bucketId[b]!;

  // A fresh mapping call starts with an empty scratch, as crush_init_workspace leaves it.
  if (cm.permGen[b] !== cm.work.gen) {
    cm.permGen[b] = cm.work.gen;
    cm.permN[b] = 0;
    cm.permX[b] = 0;
  }

  if (cm.permX[b] !== (x | 0) || cm.permN[b] === 0) {
    cm.permX[b] = x | 0;
    if (pr === 0) {
      const s = (hash32s_3(x, id, 0) >>> 0) % size;
      perm[start] = s;
      cm.permN[b] = ONLY_FIRST;
      return cm.items[start + s]!;
    }
    for (let i = 0; i < size; i++) perm[start + i] = i;
    cm.permN[b] = 0;
  } else if (cm.permN[b] === ONLY_FIRST) {
    // Expand the r = 0 shortcut into a real first swap.
    for (let i = 1; i < size; i++) perm[start + i] = i;
    perm[start + perm[start]!] = 0;
    cm.permN[b] = 1;
  }

  while (cm.permN[b]! <= pr) {
    const p = cm.permN[b]!;
    // no point in swapping the final entry
    if (p < size - 1) {
      const i = (hash32s_3(x, id, p) >>> 0) % (size - p);
      if (i !== 0) {
        const t = perm[start + p + i]!;
        perm[start + p + i] = perm[start + p]!;
        perm[start + p] = t;
      }
    }
    cm.permN[b] = p + 1;
  }
  return cm.items[start + perm[start + pr]!]!;
}
