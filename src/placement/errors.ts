/**
 * Errors of the placement layer. Like the map's errors they name the offending pool, group or
 * device in `item`, so a caller can report it without parsing the message.
 */

import { CrushmapError } from "../hash/crushmapError.js";

/**
 * A cluster state (pools, OSD facts, exceptions) that is malformed or disagrees with its crush map.
 *
 * @group Errors
 */
export class ClusterStateError extends CrushmapError {
  override readonly name: string = "ClusterStateError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}

/**
 * A placement request that cannot be answered: unknown pool, placement group out of range, …
 *
 * @group Errors
 */
export class PlacementError extends CrushmapError {
  override readonly name: string = "PlacementError";
  readonly item: string | number | undefined;
  constructor(message: string, item?: string | number) {
    super(message);
    this.item = item;
  }
}
