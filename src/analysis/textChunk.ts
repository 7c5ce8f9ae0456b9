/**
 * Lines of a streamed report gathered as bytes rather than as strings: a chunk of a thousand
 * lines held as strings survives the young-generation collections that happen while it fills,
 * and V8 grows the young generation (and the process's memory) with what survives. Bytes live
 * outside the JavaScript heap; the chunk becomes one string when it is handed out.
 */
import { utf8Decode, utf8Encode } from "../hash/utf8.js";

/** Bytes per String.fromCharCode call: a fixed bound, far under V8's argument limit. */
const SLICE = 4096;

export class TextChunk {
  private buf = new Uint8Array(1 << 16);
  private length = 0;
  private ascii = true;
  /** Lines (line calls) written since the last take(). */
  lines = 0;

  /** Appends `text` and a newline. */
  line(text: string): void {
    this.text(text);
    this.buf[this.length++] = 0x0a;
    this.lines++;
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

  /** The text written since the last take(), and an empty chunk. */
  take(): string {
    let out = "";
    if (this.ascii) {
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
