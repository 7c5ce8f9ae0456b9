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
  /**
   * For an error found while compiling text: what crushtool's CrushCompiler writes on stderr for
   * the same mistake, byte for byte (newlines included; empty where it fails without a word).
   * The message itself says more; this is for tools that must answer in crushtool's words.
   */
  readonly cephMessage: string | undefined;
  constructor(message: string, item?: string | number, cephMessage?: string) {
    super(message);
    this.item = item;
    this.cephMessage = cephMessage;
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
  /**
   * Where crushtool's grammar stops matching this text: the 1-based line and column just after
   * the last statement it reads whole (undefined: before the first). crushtool reports its parse
   * error from there (see `cephParseErrorWords`), not at the token that does not fit.
   */
  readonly stop: { readonly line: number; readonly column: number } | undefined;
  constructor(message: string, line: number, column: number, stop?: { readonly line: number; readonly column: number }) {
    super(`${line}:${column}: ${message}`);
    this.line = line;
    this.column = column;
    this.stop = stop;
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
