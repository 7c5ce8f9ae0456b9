/**
 * The one base class of every error crushmap throws on purpose. It lives in the innermost layer
 * so that every layer, this one included, can derive its own errors from it.
 */

/**
 * The base of every error the library throws for bad input or an impossible request: each layer
 * derives its own class (`CrushParseError` with `line` and `column`, `CrushMapError`,
 * `CrushMappingError`, `ClusterStateError`, `PlacementError`, `PlanError`, `BalanceError`,
 * `FailureError`, …), which keeps its own `name` and fields (most carry the offending name or
 * id in `item`). Anything else that escapes the library is a bug.
 *
 * @group Errors
 *
 * @example
 * ```ts
 * import { CrushmapError, loadCrushMap } from "crushmap";
 *
 * try {
 *   loadCrushMap(bytes);
 * } catch (e) {
 *   if (!(e instanceof CrushmapError)) throw e; // a bug, not bad input
 *   console.error(`${e.name}: ${e.message}`); // e.g. "CrushParseError: 3:7: unknown bucket alg 'foo'"
 * }
 * ```
 */
export class CrushmapError extends Error {
  override readonly name: string = "CrushmapError";
}
