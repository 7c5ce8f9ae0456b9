/** osdmaptool's --tree (OSDMap::print_tree): not answered yet. */
import type { ClusterState } from "../placement/types.js";
import { UsageError } from "./errors.js";

/** The tree osdmaptool prints for `--tree[=FORMAT]`. */
export function osdmaptoolTree(_state: ClusterState, _format: string): string {
  throw new UsageError("osdmaptool's --tree is not answered by crushmap yet: run Ceph's osdmaptool for it");
}
