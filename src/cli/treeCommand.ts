/** `crushmap tree`: the hierarchy table crushtool -i MAP --tree prints. */
import { formatTree, treeRows } from "../analysis/tree.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

export const TREE_HELP = `usage: crushmap tree -i MAP [--json]

Prints the map's hierarchy exactly as 'crushtool -i MAP --tree' does: one row per bucket and
device (ID, CLASS, WEIGHT, one column per choose_args set, TYPE NAME), depth first from each
root, the per-class shadow trees included. MAP is a crush map, text or binary.
  --json   the rows as JSON: {"rows":[{"id","class","weight","weightSets","depth","label"}]}
`;

export function treeCommand(argv: readonly string[], io: CliIO): number {
  const args = new ArgReader(argv);
  let input: string | undefined;
  let json = false;
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "-i":
      case "--infn":
        input = args.value(flag);
        break;
      case "--tree":
        break;
      case "--json":
        json = true;
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
  const map = loadMap(io, input);
  io.stdout(json ? JSON.stringify({ rows: treeRows(map) }) + "\n" : formatTree(map));
  return 0;
}
