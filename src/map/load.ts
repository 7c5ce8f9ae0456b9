/**
 * One entry point for a crush map in either of Ceph's forms: the binary map (what
 * `ceph osd getcrushmap` returns and `crushtool -c` writes) or the text form (what `crushtool -d`
 * prints). They are told apart by content: a binary map starts with Ceph's crush magic.
 */
import { decodeCrushMap } from "./binary/decode.js";
import { CRUSH_MAGIC } from "./binary/format.js";
import { assignClassIds } from "./classes.js";
import { utf8Decode } from "../hash/utf8.js";
import { CrushMapError } from "./errors.js";
import { isCephCrushDump, mapFromCephDump } from "./cephDump.js";
import { mapFromJSON } from "./json.js";
import { compileCrushText } from "./text/parse.js";
import type { CrushMap } from "./types.js";
import { validateMap } from "./validate.js";
import type { CrushMapWarningHandler } from "./warnings.js";

/**
 * Options for {@link loadCrushMap}.
 *
 * @group Maps
 */
export interface LoadOptions {
  /** Receives what validation warns about (see `ValidateOptions.onWarning`). */
  readonly onWarning?: CrushMapWarningHandler;
  /**
   * Receives, for text, each warning crushtool 18.2 and later print while compiling it (see
   * `ParseOptions.onWarning`); 16.2 prints none, so a caller speaking 16.2 leaves it out.
   */
  readonly onCompilerWarning?: (message: string) => void;
  /**
   * Receives, for text, each piece of crushtool's `-v` compiler trace as the text is compiled,
   * up to an error (what {@link compileWithTrace} gathers).
   */
  readonly onCompilerTrace?: (piece: string) => void;
  /** For text: refuse what that release's crushtool refuses (MSR before 20, rules without sizes in 16). */
  readonly release?: number;
}

/**
 * True when `bytes` start with the binary crushmap magic.
 *
 * @group Maps
 */
export function isBinaryCrushMap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const magic = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  return magic === CRUSH_MAGIC;
}

/**
 * Loads a map from bytes (binary or text) or from a string (text), completes its device-class
 * ids the way crushtool does, and validates it. Text that is JSON is read as Ceph's crush dump
 * (`ceph osd crush dump`, `crushtool --dump`, or a whole `ceph report`) or as crushmap's own
 * JSON form (`mapToJSON`). A binary map may hold names text cannot spell; they are read as
 * crushtool reads them, with an `invalid-name` warning.
 *
 * @group Maps
 *
 * @throws {@link CrushParseError} for text crushtool would not compile, and
 * {@link CrushMapError} for bytes that are neither a binary map nor UTF-8 text, an empty
 * input, or a map {@link validateMap} refuses.
 */
export function loadCrushMap(input: Uint8Array | string, options: LoadOptions = {}): CrushMap {
  const check = { onWarning: options.onWarning };
  // a binary map may hold any name, and crushtool reads it: a warning, not an error
  if (typeof input !== "string" && isBinaryCrushMap(input)) return validateMap(decodeCrushMap(input), { ...check, anyName: true });
  const text = typeof input === "string" ? input : utf8Decode(input);
  if (text === undefined) throw new CrushMapError("neither a binary crush map nor UTF-8 text");
  if (text.trim() === "") throw new CrushMapError("empty crush map");
  if (text.trimStart().startsWith("{")) return loadJsonMap(text, check);
  const compile = {
    ...(options.onCompilerWarning === undefined ? {} : { onWarning: options.onCompilerWarning }),
    ...(options.onCompilerTrace === undefined ? {} : { trace: options.onCompilerTrace }),
    ...(options.release === undefined ? {} : { release: options.release }),
  };
  return validateMap(assignClassIds(compileCrushText(text, compile)), check);
}


/**
 * A map as JSON: Ceph's own (`ceph osd crush dump`, `crushtool --dump`, a `ceph report`) or
 * crushmap's `mapToJSON` form, told apart by crushmap's `format` marker.
 */
function loadJsonMap(text: string, check: { onWarning?: CrushMapWarningHandler }): CrushMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CrushMapError(`the map starts with '{' but is not JSON: ${(e as Error).message}`);
  }
  if (isCephCrushDump(json)) return validateMap(mapFromCephDump(json), check);
  if (json !== null && typeof json === "object" && (json as { format?: unknown }).format !== undefined) return validateMap(mapFromJSON(json), check);
  throw new CrushMapError("JSON that is neither Ceph's crush dump (devices, types, buckets, rules) nor crushmap's map JSON");
}
