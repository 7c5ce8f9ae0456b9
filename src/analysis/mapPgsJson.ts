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
import type { PoolPlacer } from "../placement/poolPlacer.js";
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
  for (const chunk of mapPgsJsonReport(state, pool)) yield chunk.take();
}

/** {@link mapPgsJsonChunks} as the chunk it is written into, for the caller to take text or bytes from before asking for more. */
export function* mapPgsJsonReport(state: ClusterState, pool?: number | string): Generator<TextChunk, void, undefined> {
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
      writeGroup(out, placer, ps);
      if ((ps + 1) % CHUNK_GROUPS === 0) yield out;
    }
    out.text("]}");
  }
  out.line("]}");
  yield out;
}

/** One group's object, written as bytes (no string per group: a million groups leave no garbage). */
function writeGroup(out: TextChunk, placer: PoolPlacer, ps: number): void {
  out.text(ps > 0 ? ',{"pgid":"' : '{"pgid":"');
  out.int(placer.pool.id);
  out.char(0x2e /* . */);
  out.hex(ps);
  out.text('","raw":');
  out.vector(placer.raw, placer.rawLength);
  out.text(',"up":');
  out.vector(placer.up, placer.upLength);
  out.text(',"upPrimary":');
  out.int(placer.upPrimary);
  out.text(',"acting":');
  out.vector(placer.acting, placer.actingLength);
  out.text(',"actingPrimary":');
  out.int(placer.actingPrimary);
  out.char(0x7d /* } */);
}
