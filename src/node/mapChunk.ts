/**
 * The message a bulk-mapping worker receives and the one it answers with. Shared by the
 * thread that splits the range and the workers that map each chunk.
 */

export interface MapChunkRequest {
  /** `JSON.stringify(mapToJSON(map))`, made once and handed to every worker. */
  readonly mapText: string;
  readonly rule: number;
  readonly numRep: number;
  /** The first input of this chunk, already wrapped to 32 bits as Mapper.mapRange wraps it. */
  readonly firstX: number;
  readonly count: number;
  readonly reweight: Uint32Array;
  readonly chooseArgs: number;
  /** The whole result; this chunk writes `count * numRep` entries from entry `offset`. */
  readonly out: SharedArrayBuffer;
  readonly offset: number;
}

export type MapChunkReply =
  | { readonly ok: true }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly item: string | number | undefined };
