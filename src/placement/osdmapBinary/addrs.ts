/**
 * Network addresses: entity_addr_t and entity_addrvec_t, read by their own encoding (a marker
 * byte, then a legacy fixed layout or a versioned section), so that a damaged address is caught
 * where it is. Placement never reads them; `osdmaptool --print` and `--dump` show them.
 */
import type { OsdMapAddr } from "./record.js";
import type { OsdmapReader } from "./reader.js";

/**
 * entity_addr_t::TYPE_LEGACY: what a legacy encoding (marker 0: 3 pad bytes, u32 nonce, a
 * 128-byte sockaddr_storage with its family big-endian) decodes as.
 */
const TYPE_LEGACY = 1;
const EMPTY: readonly OsdMapAddr[] = Object.freeze([]);

/** The sockaddr's family, port and address bytes; `at` is where its family field starts. */
function sockaddr(r: OsdmapReader, at: number, length: number, familyBigEndian: boolean): { family: number; port: number; ip: readonly number[] } {
  const b = r.bytes;
  if (length < 2) return { family: 0, port: 0, ip: EMPTY as unknown as number[] };
  const family = familyBigEndian ? (b[at]! << 8) | b[at + 1]! : b[at]! | (b[at + 1]! << 8);
  const port = length >= 4 ? (b[at + 2]! << 8) | b[at + 3]! : 0;
  // AF_INET: 4 address bytes after the port; AF_INET6: flowinfo, then 16 bytes
  const ipAt = family === 10 ? at + 8 : at + 4;
  const ipLength = family === 2 ? 4 : family === 10 ? 16 : 0;
  const ip: number[] = [];
  for (let i = 0; i < ipLength && ipAt + i < at + length; i++) ip.push(b[ipAt + i]!);
  return { family, port, ip: Object.freeze(ip) };
}

/** One entity_addr_t. */
export function readAddr(r: OsdmapReader, what: string): OsdMapAddr {
  const at = r.offset;
  const marker = r.u8(`${what} marker`);
  if (marker === 0) {
    r.skip(3, what);
    const nonce = r.u32(`${what} nonce`);
    const sa = r.offset;
    r.skip(128, what);
    return Object.freeze({ type: TYPE_LEGACY, nonce, ...sockaddr(r, sa, 128, true) });
  }
  if (marker !== 1) throw r.error(`${what} has marker ${marker}, neither 0 (legacy) nor 1`, at);
  const s = r.open(what, 1);
  const type = r.u32(`${what} type`);
  const nonce = r.u32(`${what} nonce`);
  const length = r.count(`${what} sockaddr`, 1, "length");
  const sa = r.offset;
  r.skip(length, `${what} sockaddr`);
  r.close(s);
  return Object.freeze({ type, nonce, ...sockaddr(r, sa, length, false) });
}

/** One entity_addrvec_t: marker 0 or 1 for a single address, 2 for a vector of them. */
export function readAddrvec(r: OsdmapReader, what: string): readonly OsdMapAddr[] {
  const at = r.offset;
  const marker = r.u8(`${what} marker`);
  if (marker === 0 || marker === 1) {
    r.offset = at;
    return Object.freeze([readAddr(r, what)]);
  }
  if (marker !== 2) throw r.error(`${what} has marker ${marker}, not 0, 1 or 2`, at);
  const n = r.count(what, 1 + 6);
  if (n === 0) return EMPTY;
  const out: OsdMapAddr[] = [];
  for (let i = 0; i < n; i++) out.push(readAddr(r, what));
  return Object.freeze(out);
}

/** A vector of per-OSD address vectors (client, cluster, heartbeat addresses). */
export function readAddrvecs(r: OsdmapReader, what: string): readonly (readonly OsdMapAddr[])[] {
  const out: (readonly OsdMapAddr[])[] = [];
  for (let n = r.count(what, 1); n > 0; n--) out.push(readAddrvec(r, what));
  return out;
}

/** One entity_addr_t, skipped. */
export function skipAddr(r: OsdmapReader, what: string): void {
  readAddr(r, what);
}

/** A vector of per-OSD address vectors, skipped. */
export function skipAddrvecs(r: OsdmapReader, what: string): void {
  readAddrvecs(r, what);
}
