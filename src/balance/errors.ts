import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A balancing request that cannot be met: bad options, or a pool whose rule reaches no usable device.
 *
 * @group Errors
 */
export class BalanceError extends CrushmapError {
  override readonly name: string = "BalanceError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
