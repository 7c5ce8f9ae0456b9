/** osdmaptool's --tree[=FORMAT]: the OSD tree, plain or JSON, by Ceph's choice of formatter. */
import { formatOsdTree } from "../analysis/osdTree.js";
import type { ClusterState } from "../placement/types.js";
import { UsageError } from "./errors.js";

/**
 * The tree osdmaptool prints for `--tree[=FORMAT]`: plain for no format or `plain`; Ceph's
 * formatter otherwise, which falls back to compact JSON for a name it does not know.
 */
export function osdmaptoolTree(state: ClusterState, format: string): string {
  if (format === "" || format === "plain") return formatOsdTree(state, "plain");
  if (format === "json-pretty") return formatOsdTree(state, "json-pretty");
  if (/^(xml|xml-pretty|table|table-kv|html|html-pretty)$/.test(format)) throw new UsageError(`osdmaptool's --tree=${format} is not answered by crushmap (plain, json and json-pretty are)`);
  return formatOsdTree(state, "json");
}
