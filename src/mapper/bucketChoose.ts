/** Dispatch to the bucket's algorithm (Ceph's crush_bucket_choose). */
import { listChoose } from "./buckets/list.js";
import { permChoose } from "./buckets/perm.js";
import { straw2Choose } from "./buckets/straw2.js";
import { strawChoose } from "./buckets/straw.js";
import { treeChoose } from "./buckets/tree.js";
import { ALG } from "./compiledMap.js";
import type { RuleContext } from "./context.js";

export function bucketChoose(ctx: RuleContext, b: number, x: number, r: number, position: number): number {
  const cm = ctx.cm;
  switch (cm.alg[b]) {
    case ALG.STRAW2:
      return straw2Choose(cm, b, x, r, ctx.args, position, ctx.straw2);
    case ALG.UNIFORM:
      return permChoose(cm, ctx.work, b, x, r);
    case ALG.LIST:
      return listChoose(cm, b, x, r);
    case ALG.TREE:
      return treeChoose(cm, b, x, r);
    case ALG.STRAW:
      return strawChoose(cm, b, x, r);
    default:
      return cm.items[cm.start[b]!]!;
  }
}
