/** Reads a crush map file (Ceph text format) and turns every problem into one clear line. */
import { assignClassIds } from "../map/classes.js";
import { CrushMapError, CrushParseError } from "../map/errors.js";
import { parseCrushText } from "../map/text/parse.js";
import type { CrushMap } from "../map/types.js";
import { validateMap } from "../map/validate.js";
import { DataError, type CliIO } from "./io.js";

export function loadMap(io: CliIO, path: string): CrushMap {
  const bytes = io.readFile(path);
  if (bytes.length === 0) throw new DataError(`${path}: empty file`);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\u0000")) throw new DataError(`${path}: binary crush maps are not supported yet; decompile it with crushtool -d`);
  try {
    return validateMap(assignClassIds(parseCrushText(text)));
  } catch (e) {
    if (e instanceof CrushParseError || e instanceof CrushMapError) throw new DataError(`${path}: ${e.message}`);
    throw e;
  }
}
