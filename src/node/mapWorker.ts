/**
 * A worker thread of `mapRangeParallel`: rebuilds the map from its JSON form, maps one chunk
 * of the range straight into the shared result buffer and reports success or the error.
 */
import { mapFromJSON, Mapper } from "../index.js";
import type { MapChunkReply, MapChunkRequest } from "./mapChunk.js";
import { loadWorkerThreads } from "./nodeApi.js";

async function main(): Promise<void> {
  const { parentPort, workerData } = await loadWorkerThreads();
  if (parentPort === null) return; // loaded outside a worker: nothing to do
  const req = workerData as MapChunkRequest;
  let reply: MapChunkReply;
  try {
    const mapper = new Mapper(mapFromJSON(JSON.parse(req.mapText)), { reweight: req.reweight, chooseArgs: req.chooseArgs });
    const out = new Int32Array(req.out, req.offset * 4, req.count * req.numRep);
    mapper.mapRange(req.rule, req.numRep, req.firstX, req.count, out);
    reply = { ok: true };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const item = (err as { item?: unknown }).item;
    reply = { ok: false, name: err.name, message: err.message, item: typeof item === "string" || typeof item === "number" ? item : undefined };
  }
  parentPort.postMessage(reply);
}

void main();
