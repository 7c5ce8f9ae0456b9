/** Errors of the hashing layer. */
import { CrushmapError } from "./crushmapError.js";

/**
 * A hashing request that cannot be answered: a seed that is not a 32-bit integer, an output
 * buffer too small for the names. `item` names the offending option.
 *
 * @group Errors
 */
export class HashError extends CrushmapError {
  override readonly name: string = "HashError";
  readonly item: string | undefined;
  constructor(message: string, item?: string) {
    super(message);
    this.item = item;
  }
}
