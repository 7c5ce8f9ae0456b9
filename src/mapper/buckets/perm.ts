/**
 * Choice by a pseudo-random permutation of the bucket's items (Ceph's bucket_perm_choose):
 * the method of uniform buckets, and the exhaustive local fallback of the firstn search.
 * The permutation for one x is built lazily, one position at a time, in the mapper's scratch;
 * r = 0 is answered without building it.
 */
import { hash32s_3 } from "../../hash/rjenkins.js";
import type { CompiledMap } from "../compiledMap.js";
import type { Workspace } from "../workspace.js";

/** Marks a scratch that holds only the r = 0 shortcut. */
const ONLY_FIRST = 0xffff;

export function permChoose(cm: CompiledMap, work: Workspace, b: number, x: number, r: number): number {
  const size = cm.size[b]!;
  const start = cm.start[b]!;
  const perm = work.perm;
  const pr = (r >>> 0) % size;
  const id = cm.bucketId[b]!;

  // A fresh mapping call starts with an empty scratch, as crush_init_workspace leaves it.
  if (work.permGen[b] !== work.gen) {
    work.permGen[b] = work.gen;
    work.permN[b] = 0;
    work.permX[b] = 0;
  }

  if (work.permX[b] !== (x | 0) || work.permN[b] === 0) {
    work.permX[b] = x | 0;
    if (pr === 0) {
      const s = (hash32s_3(x, id, 0) >>> 0) % size;
      perm[start] = s;
      work.permN[b] = ONLY_FIRST;
      return cm.items[start + s]!;
    }
    for (let i = 0; i < size; i++) perm[start + i] = i;
    work.permN[b] = 0;
  } else if (work.permN[b] === ONLY_FIRST) {
    // Expand the r = 0 shortcut into a real first swap.
    for (let i = 1; i < size; i++) perm[start + i] = i;
    perm[start + perm[start]!] = 0;
    work.permN[b] = 1;
  }

  while (work.permN[b]! <= pr) {
    const p = work.permN[b]!;
    // no point in swapping the final entry
    if (p < size - 1) {
      const i = (hash32s_3(x, id, p) >>> 0) % (size - p);
      if (i !== 0) {
        const t = perm[start + p + i]!;
        perm[start + p + i] = perm[start + p]!;
        perm[start + p] = t;
      }
    }
    work.permN[b] = p + 1;
  }
  return cm.items[start + perm[start + pr]!]!;
}
