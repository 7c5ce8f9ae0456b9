/**
 * `crushmap map-pgs --json` as a stream: the document
 * `{"pools":[{"pool","name","pgNum","pgs":[{"pgid","raw","up","upPrimary","acting","actingPrimary"}]}]}`
 * in chunks of whole groups, each group placed and written as it comes, so a pool of a million
 * groups costs no more memory than one of a thousand (the bulk mapping held every set of the
 * pool, then the document built from it). Joined, the chunks are one line of JSON, byte for byte
 * what JSON.stringify of the whole document gives.
 */
import { checkMappable } from "../placement/mapPool.js";
import { poolPlacer, resolvePool } from "../placement/place.js";
import { formatPgId } from "../placement/pgId.js";
import type { ClusterState } from "../placement/types.js";
import { TextChunk } from "./textChunk.js";

/** Groups per chunk: a chunk of JSON text (~100 KB) that dies young. */
const CHUNK_GROUPS = 1024;

/**
 * The map-pgs JSON document of every pool (or of `pool`), in chunks; the last ends with a newline.
 *
 * @group Placement
 *
 * @throws {@link PlacementError} for a pool too large to map, before anything is yielded.
 */
export function* mapPgsJsonChunks(state: ClusterState, pool?: number | string): Generator<string, void, undefined> {
  const pools = pool === undefined ? state.pools : [resolvePool(state, pool)];
  for (const p of pools) checkMappable(p, p.size);
  const out = new TextChunk();
  out.text('{"pools":[');
  for (let k = 0; k < pools.length; k++) {
    const p = pools[k]!;
    const placer = poolPlacer(state, p.id);
    out.text(`${k > 0 ? "," : ""}{"pool":${p.id},"name":${JSON.stringify(p.name)},"pgNum":${p.pgNum},"pgs":[`);
    for (let ps = 0; ps < placer.pool.pgNum; ps++) {
      placer.place(ps);
      out.text(`${ps > 0 ? "," : ""}{"pgid":"${formatPgId(p.id, ps)}","raw":${vector(placer.raw, placer.rawLength)},"up":${vector(placer.up, placer.upLength)},"upPrimary":${placer.upPrimary},"acting":${vector(placer.acting, placer.actingLength)},"actingPrimary":${placer.actingPrimary}}`);
      if ((ps + 1) % CHUNK_GROUPS === 0) yield out.take();
    }
    out.text("]}");
  }
  out.line("]}");
  yield out.take();
}

/** A set as a JSON array of its first `length` entries. */
function vector(v: Int32Array, length: number): string {
  let s = "[";
  for (let i = 0; i < length; i++) s += i === 0 ? `${v[i]}` : `,${v[i]}`;
  return s + "]";
}
