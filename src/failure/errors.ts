import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A failure analysis that cannot be answered: an unknown name, K out of range, a bad rate.
 *
 * @group Errors
 */
export class FailureError extends CrushmapError {
  override readonly name: string = "FailureError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
