/** Reads a crush map file, binary or text, and turns every problem into one clear line. */
import { CrushMapError, CrushParseError } from "../map/errors.js";
import { loadCrushMap } from "../map/load.js";
import type { CrushMap } from "../map/types.js";
import { DataError, type CliIO } from "./io.js";

export function loadMap(io: CliIO, path: string): CrushMap {
  const bytes = io.readFile(path);
  if (bytes.length === 0) throw new DataError(`${path}: empty file`);
  try {
    return loadCrushMap(bytes);
  } catch (e) {
    if (e instanceof CrushParseError || e instanceof CrushMapError) throw new DataError(`${path}: ${e.message}`);
    throw e;
  }
}
