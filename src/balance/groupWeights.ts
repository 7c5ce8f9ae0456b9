/**
 * Balancing by bytes: what fills disks is bytes, not groups, and groups of one pool can differ
 * many times over in size. Each group's weight is its bytes over the pool's mean group size, so
 * a group of average size counts as one replica and the balancer's band (`maxDeviation`) keeps
 * its meaning: within N average groups of the device's share.
 */
import type { PoolMapping } from "../placement/mapPool.js";
import { formatPgId } from "../placement/pgId.js";
import { BalanceError } from "./errors.js";

/** Per group of `m`'s pool, its bytes ÷ the mean; and the mean in bytes. */
export function groupWeights(m: PoolMapping, bytes: ReadonlyMap<string, number>): { weights: Float64Array; unitBytes: number } {
  const sizes = new Float64Array(m.pgNum);
  let sum = 0;
  for (let ps = 0; ps < m.pgNum; ps++) {
    const pgid = formatPgId(m.pool.id, ps);
    const b = bytes.get(pgid);
    // a group the dump does not size cannot be weighed; guessing would move the wrong data
    if (b === undefined) throw new BalanceError(`pg ${pgid}: the pg dump gives no bytes for it (balancing by bytes needs every group of pool ${m.pool.id})`, pgid);
    if (!(b >= 0 && Number.isFinite(b))) throw new BalanceError(`pg ${pgid}: ${String(b)} is not a size in bytes`, pgid);
    sizes[ps] = b;
    sum += b;
  }
  if (!(sum > 0)) throw new BalanceError(`pool ${m.pool.id} holds no bytes in the pg dump: nothing to balance by bytes`, m.pool.id);
  const unitBytes = sum / m.pgNum;
  for (let ps = 0; ps < m.pgNum; ps++) sizes[ps] = sizes[ps]! / unitBytes;
  return { weights: sizes, unitBytes };
}
