import { CrushmapError } from "../../hash/crushmapError.js";

/**
 * A side-by-side comparison that cannot be run: weights that are not finite and non-negative, no
 * device with weight, domains that do not match the devices, a replica count or input range out
 * of bounds, a Maglev table size that is not prime.
 *
 * @group Errors
 */
export class SpreadCompareError extends CrushmapError {
  override readonly name: string = "SpreadCompareError";
  /** The offending value or option name, when there is one. */
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
