/**
 * The topology layer's error. Like every layer's errors it names what is wrong in `item`: the
 * node (by name) or the option (`replicas`, `failureDomain`, `key`, …) at fault, so a caller can
 * report it without parsing the message.
 */

import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A topology or placement request that cannot be honoured: a duplicate name, a cycle, a weight
 * that is negative or not finite, a failure-domain type the topology does not have, fewer
 * failure domains than copies, a key that is neither a string nor bytes, …
 *
 * @group Errors
 *
 * @example
 * ```ts
 * try {
 *   defineTopology({ name: "default", type: "root", children: [{ name: "d0", type: "disk", weight: -1 }] });
 * } catch (e) {
 *   if (e instanceof TopologyError) console.error(e.item, e.message); // "d0" "weight -1 of d0 is …"
 * }
 * ```
 */
export class TopologyError extends CrushmapError {
  override readonly name: string = "TopologyError";
  /** The node name or the option name at fault. */
  readonly item: string | undefined;
  constructor(message: string, item?: string) {
    super(message);
    this.item = item;
  }
}
