/**
 * Placement group ids: a pool id and a placement seed `ps`, written the way Ceph writes them,
 * `<pool>.<ps in lower-case hex>` (`3.1f`).
 */
import { PlacementError } from "./errors.js";

/**
 * A placement group: pool id and placement seed.
 *
 * @group Placement
 */
export interface PgId {
  readonly pool: number;
  readonly ps: number;
}

/**
 * Ceph's spelling of a group id: `1.1f`.
 *
 * @group Placement
 */
export function formatPgId(pool: number, ps: number): string {
  return `${pool}.${(ps >>> 0).toString(16)}`;
}

const PGID = /^(\d+)\.([0-9a-fA-F]{1,8})$/;

/**
 * Reads `1.1f` (pool in decimal, seed in hex, as Ceph prints them).
 *
 * @group Placement
 *
 * @throws {@link PlacementError} when the text is not a group id like `1.1f`.
 */
export function parsePgId(text: string): PgId {
  const m = PGID.exec(text);
  if (m === null) throw new PlacementError(`'${text}' is not a placement group id like 1.1f`, text);
  const pool = Number(m[1]);
  if (!Number.isSafeInteger(pool)) throw new PlacementError(`pool id in '${text}' is too large`, text);
  return { pool, ps: parseInt(m[2]!, 16) >>> 0 };
}
