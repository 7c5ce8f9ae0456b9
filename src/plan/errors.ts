import { CrushmapError } from "../hash/crushmapError.js";

/**
 * Errors of the planning layer, naming the offending pool, device or option in `item`.
 *
 * @group Errors
 */
export class PlanError extends CrushmapError {
  override readonly name: string = "PlanError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
