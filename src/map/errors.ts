/**
 * Typed errors. Every error names what is wrong and, where there is one, the offending item,
 * so a caller can report it without parsing the message.
 */

import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A map that is malformed or inconsistent (unknown item, duplicate id, cycle, bad weight, …).
 *
 * @group Errors
 */
export class CrushMapError extends CrushmapError {
  override readonly name: string = "CrushMapError";
  /** The name or id of the offending item, when there is one. */
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}

/**
 * The errno names Ceph's map edits fail with, which crushtool prints (`(22) Invalid argument`).
 *
 * @group Errors
 */
export type CrushEditErrorCode = "EINVAL" | "EEXIST" | "ELOOP" | "ENOENT" | "EOVERFLOW";

/**
 * An edit Ceph refuses (`insertItem`, `updateItem`), with the errno Ceph's
 * CrushWrapper returns for it in `code`.
 *
 * @group Errors
 */
export class CrushEditError extends CrushMapError {
  override readonly name: string = "CrushEditError";
  readonly code: CrushEditErrorCode;
  constructor(message: string, code: CrushEditErrorCode, item?: string | number) {
    super(message, item);
    this.code = code;
  }
}

/**
 * Text that is not a valid Ceph crushmap; carries the 1-based line and column.
 *
 * @group Errors
 */
export class CrushParseError extends CrushmapError {
  override readonly name: string = "CrushParseError";
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${line}:${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/**
 * A mapping request that cannot be answered (unknown rule, replica count out of range, …).
 *
 * @group Errors
 */
export class CrushMappingError extends CrushmapError {
  override readonly name: string = "CrushMappingError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
