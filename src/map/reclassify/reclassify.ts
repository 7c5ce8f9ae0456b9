/**
 * `crushtool --reclassify`: moves a legacy map (parallel `ssd` roots, devices without classes)
 * to device classes without moving data. Every step is Ceph's own (CrushWrapper::reclassify and
 * set_subtree_class, Ceph 16.2 to 20.2 alike), replayed on a stand-in of CrushWrapper's state so
 * that bucket ids, the bucket array and the report lines come out exactly as crushtool's: the
 * result encodes to the bytes `crushtool … --reclassify … -o` writes and prints as its `-d` does.
 */
import { utf8Encode } from "../../hash/utf8.js";
import { readRawCrushMap } from "../binary/decode.js";
import { buildMap } from "../binary/decodeModel.js";
import { encodeCrushMap } from "../binary/encode.js";
import { CrushMapError } from "../errors.js";
import { deepFreeze } from "../freeze.js";
import { isMsrRuleType, type CrushMap } from "../types.js";
import { CephFailure, CephState } from "./cephState.js";
import { classifyBuckets } from "./classifyBucket.js";
import { classifyRoot } from "./classifyRoot.js";
import { setSubtreeClass } from "./setSubtreeClass.js";
import { CephAbort } from "./weightSets.js";

/**
 * What to reclassify: crushtool's `--reclassify-root`, `--reclassify-bucket` and
 * `--set-subtree-class`. Like crushtool, a key given twice keeps its last value, and each list
 * is worked through in byte order of its key (root name, match, bucket name), whatever the order
 * given.
 *
 * @group Maps
 */
export interface ReclassifyOptions {
  /** `--reclassify-root ROOT CLASS`: ROOT's tree becomes its CLASS shadow tree. */
  readonly roots?: readonly { readonly root: string; readonly class: string }[];
  /**
   * `--reclassify-bucket MATCH CLASS DEFAULT_PARENT`: buckets matching `prefix%`, `%suffix` or a
   * whole name fold into their base bucket as its CLASS copy; a base that does not exist is
   * created under DEFAULT_PARENT.
   */
  readonly buckets?: readonly { readonly match: string; readonly class: string; readonly defaultParent: string }[];
  /** `--set-subtree-class BUCKET CLASS`: every device below BUCKET gets CLASS first. */
  readonly subtreeClasses?: readonly { readonly bucket: string; readonly class: string }[];
}

/**
 * The reclassified map and the lines crushtool prints on stdout while it works.
 *
 * @group Maps
 */
export interface ReclassifyResult {
  readonly map: CrushMap;
  readonly report: readonly string[];
}

/**
 * Reclassify failed where crushtool fails (`failed to reclassify map`, exit 1); `report` holds
 * the lines crushtool printed up to there.
 *
 * @group Errors
 */
export class ReclassifyError extends CrushMapError {
  override readonly name: string = "ReclassifyError";
  readonly report: readonly string[];
  /** crushtool aborts here (a ceph_assert) rather than failing; the message says where. */
  readonly aborted: boolean;
  constructor(message: string, report: readonly string[] = [], aborted = false) {
    super(message);
    this.report = Object.freeze(Array.isArray(report) ? [...report] : []);
    this.aborted = aborted;
  }
}

/**
 * Reclassifies `map` as `crushtool -i MAP [--set-subtree-class …] --reclassify
 * [--reclassify-root …] [--reclassify-bucket …]` does, returning a new frozen map and crushtool's
 * report. With every device of a reclassified tree in its class (`subtreeClasses`), the new map
 * maps every input exactly as the old one; `compareMaps` says so. Weight sets (choose_args) go
 * along as Ceph carries them: a renumbered bucket keeps its weights, each shadow copy gets the
 * weights of its original's items (and of its child copies, summed), and a device moved by
 * `buckets` takes its crush weight in every weight set, as crushtool's insert_item gives it. So a
 * one-position (compat) set whose buckets weigh the sums of their items maps as before; with more
 * positions, Ceph's copies weigh their child copies 0 at every position but the last, and so do
 * these.
 *
 * @group Maps
 * @throws {@link ReclassifyError} where crushtool fails (a missing root or default parent, a rule
 *   that already takes the root with a class, an item that cannot move), with its report so far;
 *   and one with `aborted` set where crushtool aborts instead (a weight set of no positions,
 *   which Ceph's own class copies of buckets without weights get, met again by a later move).
 * @example
 * const { map: next, report } = reclassify(map, {
 *   subtreeClasses: [{ bucket: "default", class: "hdd" }],
 *   roots: [{ root: "default", class: "hdd" }],
 *   buckets: [{ match: "%-ssd", class: "ssd", defaultParent: "default" }],
 * });
 * report[0]; // "classify_root default (-1) as hdd"
 */
export function reclassify(map: CrushMap, options: ReclassifyOptions): ReclassifyResult {
  const st = new CephState(readRawCrushMap(encodeCrushMap(map, { release: storedRelease(map) })));
  const out: string[] = [];
  try {
    for (const [bucket, c] of lastByKey(options.subtreeClasses ?? [], (s) => [s.bucket, s.class])) setSubtreeClass(st, bucket, c);
    for (const [root, c] of lastByKey(options.roots ?? [], (r) => [r.root, r.class])) classifyRoot(st, root, c, out);
    const buckets = lastByKey(options.buckets ?? [], (b) => [b.match, b]).map(([match, b]) => ({ match, className: b.class, defaultParent: b.defaultParent }));
    classifyBuckets(st, buckets, out);
  } catch (e) {
    if (e instanceof CephFailure) throw new ReclassifyError(`reclassify failed: ${e.message}`, out);
    if (e instanceof CephAbort) throw new ReclassifyError(e.message, out, true);
    throw e;
  }
  const next = buildMap(st.toRaw(), (what) => new CrushMapError(`reclassify produced an inconsistent map: ${what}`));
  return deepFreeze({ map: next, report: out });
}

/** The release whose binary carries everything the map has (16.2 keeps the rule sizes). */
function storedRelease(map: CrushMap): 16 | 20 {
  const t = map.tunables;
  return map.rules.some((r) => isMsrRuleType(r.type)) || t.msrDescents !== 100 || t.msrCollisionTries !== 100 ? 20 : 16;
}

/** A std::map<string, …> filled in order: the last value of each key, keys in byte order. */
function lastByKey<T, V>(list: readonly T[], entry: (t: T) => [string, V]): [string, V][] {
  const m = new Map<string, V>();
  for (const t of list) {
    const [k, v] = entry(t);
    m.set(k, v);
  }
  return [...m].sort((a, b) => compareBytes(utf8Encode(a[0]), utf8Encode(b[0])));
}

/** std::string's operator<: unsigned bytes, a prefix first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * `crushtool --set-subtree-class BUCKET CLASS` without `--reclassify`: every device below each
 * BUCKET gets its CLASS (a BUCKET that does not exist is skipped, as crushtool does), and the
 * shadow trees are left as they were stored, so nothing maps differently until they are rebuilt
 * (`rebuildClassRoots`).
 *
 * @group Maps
 */
export function setSubtreeClasses(map: CrushMap, subtreeClasses: readonly { readonly bucket: string; readonly class: string }[]): CrushMap {
  const st = new CephState(readRawCrushMap(encodeCrushMap(map, { release: storedRelease(map) })));
  for (const [bucket, c] of lastByKey(subtreeClasses, (s) => [s.bucket, s.class])) setSubtreeClass(st, bucket, c);
  return deepFreeze(buildMap(st.toRaw(), (what) => new CrushMapError(`set-subtree-class produced an inconsistent map: ${what}`)));
}

/**
 * `crushtool --rebuild-class-roots`: the shadow trees built again from the hierarchy and the
 * devices' classes (CrushWrapper::rebuild_roots_with_classes), keeping their ids.
 *
 * @group Maps
 * @throws {@link ReclassifyError} where Ceph's rebuild fails.
 */
export function rebuildClassRoots(map: CrushMap): CrushMap {
  return reclassify(map, {}).map;
}
