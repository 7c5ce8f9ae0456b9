/** `crushmap tree`: the hierarchy table crushtool -i MAP --tree prints. */
import { formatTree } from "../analysis/tree.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

export const TREE_HELP = `usage: crushmap tree -i MAP

Prints the map's hierarchy exactly as 'crushtool -i MAP --tree' does: one row per bucket and
device (ID, CLASS, WEIGHT, one column per choose_args set, TYPE NAME), depth first from each
root, the per-class shadow trees included. MAP is a crush map in Ceph's text format.
`;

export function treeCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let input: string | undefined;
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "-i":
      case "--infn":
        input = args.value(flag);
        break;
      case "--tree":
        break;
      case "-h":
      case "--help":
        io.stdout(TREE_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap tree --help)`);
    }
  }
  if (input === undefined) throw new UsageError("tree needs a map: -i MAP");
  io.stdout(formatTree(loadMap(io, input)));
  return 0;
}
