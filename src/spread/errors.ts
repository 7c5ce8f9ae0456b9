import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A spread measurement that cannot be made: no inputs, a rule that places nothing, mismatched
 * arrays, or two maps for a movement report whose devices or rules differ. `item` names the
 * offending rule, device or option.
 *
 * @group Errors
 */
export class SpreadError extends CrushmapError {
  override readonly name: string = "SpreadError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
