/** `crushmap tree`: the hierarchy table crushtool -i MAP --tree prints. */
import { formatTree, treeRows } from "../analysis/tree.js";
import { defineCommand } from "./command.js";
import { jsonFlag, MAP_INPUT } from "./commonFlags.js";
import { row } from "./flags.js";
import { loadMap } from "./loadMap.js";

export const treeCommand = defineCommand({
  name: "tree",
  summary: "print the hierarchy, like 'crushtool -i MAP --tree'",
  usage: ["(crushtool -i MAP --tree)"],
  about: `Prints the map's hierarchy exactly as 'crushtool -i MAP --tree' does: one row per bucket and
device (ID, CLASS, WEIGHT, one column per choose_args set, TYPE NAME), depth first from each
root, the per-class shadow trees included.`,
  flags: {
    input: MAP_INPUT,
    json: jsonFlag('{"rows":[{"id","class","weight","weightSets","depth","label"}]}'),
    tree: row({ names: ["--tree"], help: "crushtool's spelling; changes nothing", hidden: true }),
  },
  positionals: ["input"],
  run(args, io) {
    const map = loadMap(io, args.input);
    io.stdout(args.json ? JSON.stringify({ rows: treeRows(map) }) + "\n" : formatTree(map));
    return 0;
  },
});
