/**
 * A bounds-checked little-endian cursor over a binary crushmap. Every read names what it
 * reads, so a truncated or corrupted map fails with a CrushMapError that says which field was
 * cut short and at which byte offset, instead of a RangeError or a garbage value.
 */
import { CrushMapError } from "../errors.js";
import { utf8Decode } from "../../hash/utf8.js";

export class ByteReader {
  private readonly view: DataView;
  /** Offset of the next byte to read. */
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  atEnd(): boolean {
    return this.offset >= this.bytes.byteLength;
  }

  /** A CrushMapError naming `what` and the byte offset `at` (default: the current one). */
  error(what: string, at: number = this.offset): CrushMapError {
    return new CrushMapError(`binary crushmap: ${what} at byte ${at}`);
  }

  private need(n: number, what: string): number {
    if (n > this.remaining) {
      throw this.error(`truncated ${what} (needs ${n} bytes, ${this.remaining} left)`);
    }
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
    const at = this.need(8, what);
    const value = this.view.getBigInt64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw this.error(`${what} ${value} is out of range`, at);
    }
    return Number(value);
  }

  /**
   * A u32 element count followed by elements of at least `minBytes` bytes each. Checking the
   * count against the bytes left keeps a corrupted length from allocating gigabytes.
   */
  count(what: string, minBytes: number): number {
    const at = this.offset;
    const n = this.u32(`${what} count`);
    if (n * minBytes > this.remaining) {
      throw this.error(`${what} count ${n} exceeds the ${this.remaining} bytes left`, at);
    }
    return n;
  }

  /** `length` bytes of UTF-8 text. */
  text(length: number, what: string): string {
    const at = this.need(length, what);
    const text = utf8Decode(this.bytes.subarray(at, at + length));
    if (text === undefined) throw this.error(`${what} is not valid UTF-8`, at);
    return text;
  }

  /** A u32 length followed by that many bytes of UTF-8 (Ceph's std::string encoding). */
  string(what: string): string {
    const length = this.count(what + " length", 1);
    return this.text(length, what);
  }
}
