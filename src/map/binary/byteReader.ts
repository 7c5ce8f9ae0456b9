/**
 * Bounds-checked little-endian cursors over Ceph's binary maps. Every read names what it
 * reads, so a truncated or corrupted map fails with a CrushMapError that says which field was
 * cut short and at which byte offset, instead of a RangeError or a garbage value.
 */
import { CrushMapError } from "../errors.js";
import { utf8Decode } from "../../hash/utf8.js";

/**
 * The reads both of Ceph's binary formats share (crush map, OSD map): little-endian integers,
 * counts checked against the bytes left, UTF-8 strings. Reads stop at `end`, which a subclass may
 * draw in (the OSD map's sections); `error` gives each format its own error class and words.
 */
export abstract class LittleEndianReader {
  protected readonly view: DataView;
  /** Offset of the next byte to read. */
  offset = 0;
  /** Reads stop here. */
  protected end: number;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.byteLength;
  }

  /** An error naming `what` and the byte offset `at` (default: the current one). */
  abstract error(what: string, at?: number): Error;

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.offset;
  }

  protected need(n: number, what: string): number {
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

  s32(what: string): number {
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

  /**
   * A u32 element count followed by elements of at least `minBytes` bytes each. Checking the
   * count against the bytes left keeps a corrupted length from allocating gigabytes.
   */
  count(what: string, minBytes: number, noun = "count"): number {
    const at = this.offset;
    const n = this.u32(`${what} ${noun}`);
    if (n * minBytes > this.remaining) throw this.error(`${what} ${noun} ${n} exceeds the ${this.remaining} bytes left`, at);
    return n;
  }

  /** `length` bytes of UTF-8 text. */
  text(length: number, what: string): string {
    const at = this.need(length, what);
    const text = utf8Decode(this.bytes.subarray(at, at + length));
    if (text === undefined) throw this.error(`${what} is not valid UTF-8`, at);
    return text;
  }
}

/** The crush map's reader: no sections, and the map layer's error. */
export class ByteReader extends LittleEndianReader {
  atEnd(): boolean {
    return this.offset >= this.bytes.byteLength;
  }

  error(what: string, at: number = this.offset): CrushMapError {
    return new CrushMapError(`binary crushmap: ${what} at byte ${at}`);
  }

  /**
   * A u32 of an item list (`what field index`), named only when the read fails: a label made
   * for every item of a map of 10,000 devices was garbage enough to grow the young generation.
   */
  u32Item(what: string, field: string, index: number): number {
    if (this.remaining < 4) this.need(4, `${what} ${field} ${index}`);
    const at = this.offset;
    this.offset += 4;
    return this.view.getUint32(at, true);
  }

  /** A s32 of an item list, as {@link ByteReader.u32Item}. */
  s32Item(what: string, field: string, index: number): number {
    if (this.remaining < 4) this.need(4, `${what} ${field} ${index}`);
    const at = this.offset;
    this.offset += 4;
    return this.view.getInt32(at, true);
  }

  /** A signed 64-bit integer; throws when it does not fit a JavaScript safe integer. */
  s64(what: string): number {
    return this.i64(what);
  }

  /** A u32 length followed by that many bytes of UTF-8 (Ceph's std::string encoding). */
  string(what: string): string {
    const length = this.count(what + " length", 1);
    return this.text(length, what);
  }
}
