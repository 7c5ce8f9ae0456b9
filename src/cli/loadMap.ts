/** Reads a crush map file, binary or text, and turns every problem into one clear line. */
import { isAscii } from "node:buffer";
import { isBinaryCrushMap, loadCrushMap, type LoadOptions } from "../map/load.js";
import type { CrushMap } from "../map/types.js";
import { DataError, inFile } from "./errors.js";
import type { CliIO } from "./io.js";

/** What a file is called in messages: its path, or "standard input" for `-`. */
export function inputName(path: string): string {
  return path === "-" ? "standard input" : path;
}

/** A crush map starts with the binary magic, or is text, which never holds a NUL byte. */
export function crushMapHead(head: Uint8Array): string | undefined {
  if (isBinaryCrushMap(head) || !head.includes(0)) return undefined;
  return "neither a binary crush map (no crush magic) nor text (it holds NUL bytes)";
}

/** JSON text never holds a NUL byte. */
export function jsonHead(head: Uint8Array): string | undefined {
  return head.includes(0) ? "not JSON text (it holds NUL bytes)" : undefined;
}

export function loadMap(io: CliIO, path: string): CrushMap {
  return mapFromBytes(io, path, readMapFile(io, path));
}

/** The bytes of a map file, refused early when they can be neither form. */
export function readMapFile(io: CliIO, path: string): Uint8Array {
  return io.readFile(path, crushMapHead);
}

/** The map in bytes read from `path`; its problems are named with the file. */
export function mapFromBytes(
  io: CliIO,
  path: string,
  bytes: Uint8Array,
  compile: Pick<LoadOptions, "onCompilerWarning" | "onCompilerTrace" | "release"> = {},
): CrushMap {
  if (bytes.length === 0) throw new DataError(`${inputName(path)}: empty file`);
  // what Ceph accepts with a wrap (a bucket total past 32 bits) loads, said once on stderr
  const onWarning = (w: { readonly code: string; readonly message: string }) => {
    if (io.quietWarnings?.has(w.code) !== true) io.stderr(`crushmap: warning: ${w.message}\n`);
  };
  return inFile(inputName(path), () => loadCrushMap(bytes, { ...compile, onWarning }));
}

/** A JSON input (an OSD map dump) as text. */
export function readJsonText(io: CliIO, path: string): string {
  return jsonText(io.readFile(path, jsonHead));
}

/**
 * JSON bytes as text. ASCII text (what Ceph prints, unless a name is not) is decoded as
 * Latin-1, which Node keeps outside the JavaScript heap for a text this long (an external
 * string): a 7 MB string inside the heap was promoted whole by the first young collection, and
 * V8 doubled its young generation for it.
 */
export function jsonText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return isAscii(buffer) ? buffer.toString("latin1") : new TextDecoder().decode(bytes);
}
