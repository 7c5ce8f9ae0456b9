import { CrushmapError } from "../index.js";

/**
 * The mapping workers could not do their job: the worker script could not be loaded (a bundler
 * moved crushmap/node away from `mapWorker.js`: pass `workerUrl`), or a worker died. `item` is
 * the worker script's URL when it is the one at fault.
 *
 * @group Errors
 */
export class MapWorkerError extends CrushmapError {
  override readonly name: string = "MapWorkerError";
  readonly item: string | undefined;
  constructor(message: string, item?: string) {
    super(message);
    this.item = item;
  }
}
