/**
 * Lines of a streamed report gathered as bytes rather than as strings: a chunk of a thousand
 * lines held as strings survives the young-generation collections that happen while it fills,
 * and V8 grows the young generation (and the process's memory) with what survives. Bytes live
 * outside the JavaScript heap; the chunk becomes one string when it is handed out.
 */
import { utf8Decode, utf8Encode } from "../hash/utf8.js";

/** Bytes per String.fromCharCode call: a fixed bound, far under V8's argument limit. */
const SLICE = 4096;

/** The platform's decoder where there is one (every browser, Node, Deno, Bun); the ES2022 lib does not declare it. */
const Decoder = (globalThis as { TextDecoder?: new (label: string, options: { ignoreBOM: boolean }) => { decode(bytes: Uint8Array): string } }).TextDecoder;
// ignoreBOM keeps a leading U+FEFF as text (a chunk may start with a name that begins with one)
const decoder = Decoder === undefined ? undefined : new Decoder("utf-8", { ignoreBOM: true });

export class TextChunk {
  private buf = new Uint8Array(1 << 16);
  private length = 0;
  private ascii = true;
  /** Lines (line calls) written since the last take(). */
  lines = 0;

  /** Appends `text` and a newline. */
  line(text: string): void {
    this.text(text);
    this.end();
  }

  /** Ends the line written so far (a newline; one more line). */
  end(): void {
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = 0x0a;
    this.lines++;
  }

  /**
   * Appends an integer in decimal, as String(n) prints it, straight as digits: a report's
   * numbers (a million groups × a dozen) would otherwise each be a short-lived string.
   */
  int(n: number): void {
    if (!Number.isSafeInteger(n) || Object.is(n, -0)) {
      this.text(String(n));
      return;
    }
    if (this.length + 17 > this.buf.length) this.grow(17);
    const b = this.buf;
    if (n < 0) {
      b[this.length++] = 0x2d /* - */;
      n = -n;
    }
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      b[--at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** Appends a 32-bit value as unsigned lower-case hex, as `(n >>> 0).toString(16)`. */
  hex(n: number): void {
    if (this.length + 8 > this.buf.length) this.grow(8);
    const b = this.buf;
    let u = n >>> 0;
    let digits = 1;
    for (let t = u; t >= 16; t = t >>> 4) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      const d = u & 15;
      b[--at] = d < 10 ? 0x30 + d : 0x57 + d;
      u = u >>> 4;
    } while (u > 0);
  }

  /** Appends the first `n` entries of `v` as `[a,b,c]` (crushtool's and JSON's spelling of a set). */
  vector(v: Int32Array, n: number): void {
    this.char(0x5b /* [ */);
    for (let i = 0; i < n; i++) {
      if (i > 0) this.char(0x2c /* , */);
      this.int(v[i]!);
    }
    this.char(0x5d /* ] */);
  }

  /** Appends one ASCII character by its code. */
  char(code: number): void {
    if (this.length + 1 > this.buf.length) this.grow(1);
    this.buf[this.length++] = code;
  }

  /** Appends `text` (room for a newline after it is kept). */
  text(text: string): void {
    const n = text.length;
    if (this.length + 4 * n + 1 > this.buf.length) this.grow(4 * n + 1);
    const b = this.buf;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        // not ASCII: encode the rest of the line properly
        const rest = utf8Encode(text.slice(i));
        this.ascii = false;
        b.set(rest, at);
        at += rest.length;
        break;
      }
      b[at++] = c;
    }
    this.length = at;
  }

  /**
   * The bytes (UTF-8) written since the last take, and an empty chunk. The view is of the
   * chunk's own buffer: what is written next overwrites it, so use it first.
   */
  takeBytes(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.ascii = true;
    this.length = 0;
    this.lines = 0;
    return out;
  }

  /** The text written since the last take(), and an empty chunk. */
  take(): string {
    let out = "";
    // TextDecoder builds the string straight from the bytes. fromCharCode.apply first copies
    // them into an argument list of 8 bytes per character: at a million report lines that
    // garbage was most of what map-pgs allocated, and it grew V8's young generation.
    if (decoder !== undefined) out = decoder.decode(this.buf.subarray(0, this.length));
    else if (this.ascii) {
      for (let i = 0; i < this.length; i += SLICE) out += String.fromCharCode.apply(null, this.buf.subarray(i, Math.min(this.length, i + SLICE)) as unknown as number[]);
    } else out = utf8Decode(this.buf.subarray(0, this.length)) ?? "";
    this.ascii = true;
    this.length = 0;
    this.lines = 0;
    return out;
  }

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}
