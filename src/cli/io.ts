/** The CLI's contact with the outside world, injectable so tests can run commands in-process. */
import { closeSync, fstatSync, openSync, readSync, writeFileSync, writeSync } from "node:fs";
import { DataError } from "./errors.js";

/**
 * Looks at the first bytes of an input (up to {@link SNIFF_BYTES}, fewer if the input is
 * shorter) and returns why they cannot be the start of what is expected, or undefined.
 */
export type InputCheck = (head: Uint8Array) => string | undefined;

export interface CliIO {
  stdout(text: string): void;
  /**
   * Standard output as bytes, written before it returns: the caller may overwrite them at once
   * (map-pgs hands over the report chunk's own buffer, so no string is made per chunk).
   */
  stdoutBytes(bytes: Uint8Array): void;
  stderr(text: string): void;
  /** The whole file (`-`: standard input), refused early when `check` rejects its first bytes. */
  readFile(path: string, check?: InputCheck): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): void;
  /** Map warnings (by code) not to print: crushtool's spelling keeps quiet where crushtool does. */
  readonly quietWarnings?: ReadonlySet<string>;
}

/**
 * No input the CLI reads is larger than this: a text map of 100,000 hosts or the OSD map of a
 * large cluster is a few hundred MiB at most, and a device or pipe with no end (`/dev/zero`)
 * must fail with a message rather than fill the memory.
 */
export const MAX_INPUT_BYTES = 2 ** 30;

/** How much of an input is read before it is checked. */
export const SNIFF_BYTES = 64 * 1024;

let pipeGuarded = false;

/** A reader that closes the pipe early (`crushmap … | head`) ends the command quietly. */
function guardPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

export const processIO: CliIO = {
  stdout: (text) => {
    guardPipe();
    process.stdout.write(text);
  },
  stdoutBytes: writeStdoutBytes,
  stderr: (text) => void process.stderr.write(text),
  readFile: (path, check) => readInput(path, check),
  writeFile: writeFileOrFail,
};

/** Writes `bytes` to fd 1 at once, in order after whatever process.stdout still holds. */
function writeStdoutBytes(bytes: Uint8Array): void {
  if (process.stdout.writableLength > 0) {
    // an asynchronous stdout (a TTY elsewhere than Linux) has text queued: queue behind it
    process.stdout.write(bytes.slice());
    return;
  }
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(1, bytes, at, bytes.length - at);
    } catch (e) {
      const code = (e as { code?: string }).code;
      // a non-blocking pipe that is full: wait for the reader
      if (code === "EAGAIN") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      // a reader that closed the pipe early (`crushmap … | head`) ends the command quietly
      else if (code === "EPIPE") process.exit(0);
      else throw new DataError(`standard output: ${describeFsError(e)}`);
    }
  }
}

/**
 * Reads `path` (`-` for standard input) in chunks: a regular file past `limit` is refused from
 * its size, anything else (a pipe, a device) once it has delivered `limit` bytes, and any input
 * as soon as `check` refuses its first bytes.
 */
export function readInput(path: string, check?: InputCheck, limit = MAX_INPUT_BYTES): Uint8Array {
  const name = path === "-" ? "standard input" : path;
  const fd = path === "-" ? 0 : fsCall(name, () => openSync(path, "r"));
  try {
    const stat = fsCall(name, () => fstatSync(fd));
    if (stat.isDirectory()) throw new DataError(`${name}: is a directory`);
    if (stat.isFile() && stat.size > limit) throw new DataError(`${name}: ${stat.size} bytes, more than the ${describeLimit(limit)} an input may have`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    let checked = check === undefined;
    let filled = true;
    for (;;) {
      // A regular file is read into one buffer of its size (the copies of a chunked read were a
      // third of map-pgs's memory on a 7 MB OSD map); after a read that did not fill its buffer,
      // only a small one looks for more.
      const size: number =
        chunks.length === 0 ? (stat.isFile() ? Math.max(SNIFF_BYTES, stat.size + 1) : SNIFF_BYTES) : filled ? Math.min(16 * 2 ** 20, Math.max(SNIFF_BYTES, total)) : SNIFF_BYTES;
      const chunk = new Uint8Array(size);
      const n = readSome(name, fd, chunk);
      filled = n === size;
      if (n > 0) {
        chunks.push(chunk.subarray(0, n));
        total += n;
      }
      if (!checked && (total >= SNIFF_BYTES || n === 0)) {
        checked = true;
        const problem = check!(join(chunks, total).subarray(0, SNIFF_BYTES));
        if (problem !== undefined) throw new DataError(`${name}: ${problem}`);
      }
      if (n === 0) return join(chunks, total);
      if (total > limit) throw new DataError(`${name}: more than the ${describeLimit(limit)} an input may have`);
    }
  } finally {
    if (path !== "-") closeSync(fd);
  }
}

/** One read; a non-blocking standard input that has nothing yet is waited for. */
function readSome(name: string, fd: number, into: Uint8Array): number {
  for (;;) {
    try {
      return readSync(fd, into, 0, into.length, null);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === "EOF") return 0;
      throw new DataError(`${name}: ${describeFsError(e)}`);
    }
  }
}

function join(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function describeLimit(limit: number): string {
  return limit % 2 ** 30 === 0 ? `${limit / 2 ** 30} GiB` : `${limit} bytes`;
}

function fsCall<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw new DataError(`${name}: ${describeFsError(e)}`);
  }
}

function writeFileOrFail(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new DataError(`${path}: cannot write: ${describeFsError(e)}`);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
}
