/**
 * Warnings: things Ceph accepts and crushmap therefore accepts too, but that a user should hear
 * about. A warning never changes a result; it travels through an `onWarning` callback in the
 * options of the function that notices it (`validateMap`, `loadCrushMap`,
 * `CrushMapBuilder.build`), and is dropped when no callback is given.
 */

/**
 * Kinds of warnings.
 *
 * @group Maps
 */
export type CrushMapWarningCode =
  /** A bucket's items weigh more than 32 bits can hold: Ceph keeps the total modulo 2^32. */
  | "bucket-weight-wraps"
  /** A bucket lists an item more than once (crushtool compiles it; the item's chance counts twice). */
  | "item-listed-twice"
  /**
   * A binary map holds a name crushtool reads but cannot compile (a character other than letters,
   * digits, '-', '_' and '.'): printed as it is, so its text form does not compile back.
   */
  | "invalid-name";

/**
 * One warning, with the offending bucket (or other item) named as errors name it.
 *
 * @group Maps
 */
export interface CrushMapWarning {
  readonly code: CrushMapWarningCode;
  readonly message: string;
  readonly item: string | number;
}

/**
 * Receives warnings as they are found.
 *
 * @group Maps
 */
export type CrushMapWarningHandler = (warning: CrushMapWarning) => void;
