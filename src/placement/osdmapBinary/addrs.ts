/**
 * Network addresses, which placement never reads: entity_addr_t and entity_addrvec_t are
 * skipped, but by their own encoding (a marker byte, then a legacy fixed layout or a versioned
 * section), so that a damaged address is caught where it is.
 */
import type { OsdmapReader } from "./reader.js";

/** A legacy entity_addr_t after its 0 marker: 3 pad bytes, u32 nonce, 128-byte sockaddr_storage. */
const LEGACY_ADDR_BYTES = 3 + 4 + 128;

/** One entity_addr_t. */
export function skipAddr(r: OsdmapReader, what: string): void {
  const at = r.offset;
  const marker = r.u8(`${what} marker`);
  if (marker === 0) r.skip(LEGACY_ADDR_BYTES, what);
  else if (marker === 1) r.close(r.open(what, 1));
  else throw r.error(`${what} has marker ${marker}, neither 0 (legacy) nor 1`, at);
}

/** One entity_addrvec_t: marker 0 or 1 for a single address, 2 for a vector of them. */
export function skipAddrvec(r: OsdmapReader, what: string): void {
  const at = r.offset;
  const marker = r.u8(`${what} marker`);
  if (marker === 0) r.skip(LEGACY_ADDR_BYTES, what);
  else if (marker === 1) r.close(r.open(what, 1));
  else if (marker === 2) for (let n = r.count(what, 1 + 6); n > 0; n--) skipAddr(r, what);
  else throw r.error(`${what} has marker ${marker}, not 0, 1 or 2`, at);
}

/** A vector of per-OSD address vectors (client, cluster, heartbeat addresses). */
export function skipAddrvecs(r: OsdmapReader, what: string): void {
  for (let n = r.count(what, 1); n > 0; n--) skipAddrvec(r, what);
}
