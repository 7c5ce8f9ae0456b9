/**
 * A bounds-checked little-endian cursor over a binary OSD map, aware of Ceph's versioned
 * sections (ENCODE_START: u8 struct_v, u8 struct_compat, u32 length). Inside a section no read
 * may pass the section's end, so a corrupted field fails where it is instead of reading the
 * next section as garbage; leaving a section skips what this decoder does not read, as Ceph's
 * DECODE_FINISH does for fields of a newer encoding. Every failure is an OsdmapBinaryError naming
 * the field and its byte offset; no count is trusted before the bytes it promises are there.
 *
 * (The reads themselves are the crush map reader's, LittleEndianReader in src/map/binary; this
 * one adds the sections and throws the placement layer's error.)
 */
import { LittleEndianReader } from "../../map/binary/byteReader.js";
import { OsdmapBinaryError } from "./errors.js";

/** An open ENCODE_START section. */
export interface Section {
  readonly what: string;
  /** struct_v: which fields the writer encoded. */
  readonly version: number;
  readonly compat: number;
  /** Offset of the section's header. */
  readonly at: number;
  /** One past its last byte. */
  readonly end: number;
  /** The enclosing limit, restored when the section is left. */
  readonly outerEnd: number;
}

export class OsdmapReader extends LittleEndianReader {
  error(what: string, at: number = this.offset, item?: string | number): OsdmapBinaryError {
    return new OsdmapBinaryError(`binary OSD map: ${what} at byte ${at}`, at, item);
  }

  /** Alias of s32, the name Ceph's decoders read as. */
  i32(what: string): number {
    return this.s32(what);
  }

  u64(what: string): number {
    return this.i64(what, false);
  }

  /** A u64 that may pass 2^53 (feature bits), exactly. */
  u64big(what: string): bigint {
    return this.view.getBigUint64(this.need(8, what), true);
  }

  f64(what: string): number {
    return this.view.getFloat64(this.need(8, what), true);
  }

  skip(n: number, what: string): void {
    this.need(n, what);
  }

  /** Ceph's std::string: u32 length, then UTF-8 bytes. */
  string(what: string): string {
    return this.text(this.count(what, 1, "length"), what);
  }

  /** A map<string, string> (erasure-code profiles, pool properties). */
  stringMap(what: string): [string, string][] {
    const out: [string, string][] = [];
    for (let n = this.count(what, 8); n > 0; n--) out.push([this.string(`${what} key`), this.string(`${what} value`)]);
    return out;
  }

  /**
   * Opens an ENCODE_START section. `readable` is the newest struct_v this decoder knows: a
   * writer that says its bytes need a newer decoder (struct_compat above it) is refused, as
   * Ceph's DECODE_START refuses it.
   */
  open(what: string, readable: number, minVersion = 1): Section {
    const at = this.offset;
    const version = this.u8(`${what} struct_v`);
    if (version < minVersion) throw this.error(`${what} has struct_v ${version}; crushmap reads ${minVersion} and later`, at);
    const compat = this.u8(`${what} struct_compat`);
    const length = this.u32(`${what} length`);
    if (compat > readable) throw this.error(`${what} needs a decoder of version ${compat} (struct_v ${version}); crushmap reads up to ${readable}`, at);
    if (length > this.remaining) throw this.error(`${what} length ${length} exceeds the ${this.remaining} bytes left`, at + 2);
    const section = { what, version, compat, at, end: this.offset + length, outerEnd: this.end };
    this.end = section.end;
    return section;
  }

  /** Leaves `s`, skipping what was not read of it. */
  close(s: Section): void {
    this.offset = s.end;
    this.end = s.outerEnd;
  }

  /** Offset of the next byte and the end of the bytes (not of the section). */
  get length(): number {
    return this.bytes.byteLength;
  }
}
