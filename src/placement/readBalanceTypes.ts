/**
 * The shape of a pool's read balance score. The score is computed in the balance layer
 * (readBalanceScore.ts); it is declared here, below both, because printing an OSD map
 * (osdmapPrint/) shows it and may not import the balance layer.
 */

/**
 * An OSD's load under the size-aware score.
 *
 * @group Balancing
 */
export interface LoadedOsd {
  readonly osd: number;
  readonly pgs: number;
  readonly primaries: number;
  readonly load: number;
}

/**
 * A pool's read balance score as Ceph computes it (`read_balance_score` in `ceph osd pool ls
 * detail`, OSDMap::calc_read_balance_score): the busiest OSD's primaries, or load, over the
 * average, 1 being perfect; with the details Ceph reports beside it.
 *
 * @group Balancing
 */
export interface ReadBalanceScore {
  /** "fair" (Ceph's "Fair distribution") or "size-aware" ("OSD size aware"). */
  readonly type: "fair" | "size-aware";
  /** False where Ceph's calculation fails (its negative return); the scores are then 0. */
  readonly ok: boolean;
  /** Ceph's score_acting (acting primaries). */
  readonly acting: number;
  /** Ceph's score_stable (up primaries): what `osdmaptool --read` prints before and after. */
  readonly stable: number;
  /** Ceph's err_msg: the reason when not ok, a caveat when ok. */
  readonly message?: string;
  readonly optimal?: number;
  readonly rawActing?: number;
  readonly rawStable?: number;
  readonly primaryAffinityWeighted?: number;
  readonly averagePrimaryAffinity?: number;
  readonly averagePrimaryAffinityWeighted?: number;
  readonly averageOsdLoad?: number;
  readonly mostLoaded?: LoadedOsd;
  /** Only when it is another OSD than `mostLoaded`. */
  readonly mostLoadedActing?: LoadedOsd;
}
