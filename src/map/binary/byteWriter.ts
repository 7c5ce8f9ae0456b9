/** A growable little-endian byte buffer for encoding binary crushmaps. */
import { utf8Encode } from "../../hash/utf8.js";
import { CrushMapError } from "../errors.js";

/**
 * Ceph keeps an encoded map in a bufferlist, whose length is a 32-bit unsigned int: an encoding
 * of 4 GiB or more is one no Ceph tool can read or write.
 */
export const MAX_ENCODED_BYTES = 0xffffffff;

export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private length = 0;

  /** Makes room for n more bytes and returns their offset (read views only after calling it). */
  private reserve(n: number): number {
    const at = this.length;
    if (at + n > MAX_ENCODED_BYTES) throw new CrushMapError(`the encoded map would pass ${MAX_ENCODED_BYTES} bytes, more than Ceph's bufferlist holds`);
    if (at + n > this.buf.byteLength) {
      let size = this.buf.byteLength * 2;
      while (size < at + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.length = at + n;
    return at;
  }

  u8(value: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, value);
  }

  u16(value: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, value, true);
  }

  u32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value >>> 0, true);
  }

  s32(value: number): void {
    const at = this.reserve(4);
    this.view.setInt32(at, value | 0, true);
  }

  /** n zero bytes at once (runs of empty bucket slots). */
  zeros(n: number): void {
    const at = this.reserve(n);
    this.buf.fill(0, at, at + n);
  }

  s64(value: number): void {
    const at = this.reserve(8);
    this.view.setBigInt64(at, BigInt(value), true);
  }

  /** Ceph's std::string encoding: u32 byte length, then the UTF-8 bytes. */
  string(value: string): void {
    const bytes = utf8Encode(value);
    this.u32(bytes.byteLength);
    const at = this.reserve(bytes.byteLength);
    this.buf.set(bytes, at);
  }

  /** The bytes written so far (a copy the writer no longer touches). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
