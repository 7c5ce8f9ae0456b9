/**
 * A bounds-checked little-endian cursor over a binary OSD map, aware of Ceph's versioned
 * sections (ENCODE_START: u8 struct_v, u8 struct_compat, u32 length). Inside a section no read
 * may pass the section's end, so a corrupted field fails where it is instead of reading the
 * next section as garbage; leaving a section skips what this decoder does not read, as Ceph's
 * DECODE_FINISH does for fields of a newer encoding. Every failure is an OsdmapBinaryError naming
 * the field and its byte offset; no count is trusted before the bytes it promises are there.
 *
 * (The crush map's ByteReader in src/map/binary has no sections and throws the map layer's
 * error; this one is the placement layer's.)
 */
import { utf8Decode } from "../../hash/utf8.js";
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

export class OsdmapReader {
  private readonly view: DataView;
  /** Offset of the next byte to read. */
  offset = 0;
  /** Reads stop here: the end of the innermost open section, or of the bytes. */
  private end: number;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.byteLength;
  }

  /** Bytes left in the innermost open section. */
  get remaining(): number {
    return this.end - this.offset;
  }

  error(what: string, at: number = this.offset, item?: string | number): OsdmapBinaryError {
    return new OsdmapBinaryError(`binary OSD map: ${what} at byte ${at}`, at, item);
  }

  private need(n: number, what: string): number {
    if (n > this.remaining) throw this.error(`truncated ${what} (needs ${n} bytes, ${this.remaining} left)`);
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }

  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), true);
  }

  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }

  i32(what: string): number {
    return this.view.getInt32(this.need(4, what), true);
  }

  f32(what: string): number {
    return this.view.getFloat32(this.need(4, what), true);
  }

  /** A 64-bit integer (signed or not) that must fit a JavaScript safe integer. */
  i64(what: string, signed = true): number {
    const at = this.need(8, what);
    const v = signed ? this.view.getBigInt64(at, true) : this.view.getBigUint64(at, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw this.error(`${what} ${v} is out of range`, at);
    return Number(v);
  }

  u64(what: string): number {
    return this.i64(what, false);
  }

  skip(n: number, what: string): void {
    this.need(n, what);
  }

  /**
   * A u32 element count followed by elements of at least `minBytes` bytes each: a count the
   * section cannot hold is refused before anything is sized by it.
   */
  count(what: string, minBytes: number, noun = "count"): number {
    const at = this.offset;
    const n = this.u32(`${what} ${noun}`);
    if (n * minBytes > this.remaining) throw this.error(`${what} ${noun} ${n} exceeds the ${this.remaining} bytes left`, at);
    return n;
  }

  /** Ceph's std::string: u32 length, then UTF-8 bytes. */
  string(what: string): string {
    const n = this.count(what, 1, "length");
    const at = this.need(n, what);
    const text = utf8Decode(this.bytes.subarray(at, at + n));
    if (text === undefined) throw this.error(`${what} is not valid UTF-8`, at);
    return text;
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
