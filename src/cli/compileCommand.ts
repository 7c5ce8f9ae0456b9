/**
 * `crushmap compile` and `crushmap decompile`: the binary map crushtool -c writes, and the text
 * crushtool -d prints, byte for byte. Both read either form.
 */
import { encodeCrushMap } from "../map/binary/encode.js";
import { printCrushText } from "../map/text/print.js";
import { ArgReader } from "./args.js";
import { UsageError, type CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

export const COMPILE_HELP = `usage: crushmap compile -i MAP -o OUT.bin      (crushtool -c MAP -o OUT.bin)
       crushmap decompile -i MAP [-o OUT.txt]  (crushtool -d MAP [-o OUT.txt])

compile writes the binary crush map 'crushtool -c' writes (what 'ceph osd setcrushmap -i'
takes); decompile prints the text 'crushtool -d' prints (to stdout without -o). MAP may be text
or binary in either case.
`;

export function compileCommand(argv: readonly string[], io: CliIO, mode: "compile" | "decompile"): number {
  const args = new ArgReader(argv);
  let input: string | undefined;
  let output: string | undefined;
  while (!args.done) {
    const flag = args.next();
    switch (flag) {
      case "-i":
      case "--infn":
      case "-c":
      case "-d":
        input = args.value(flag);
        break;
      case "-o":
      case "--outfn":
        output = args.value(flag);
        break;
      case "-h":
      case "--help":
        io.stdout(COMPILE_HELP);
        return 0;
      default:
        throw new UsageError(`unknown option '${flag}' (see crushmap ${mode} --help)`);
    }
  }
  if (input === undefined) throw new UsageError(`${mode} needs a map: -i MAP`);
  const map = loadMap(io, input);
  if (mode === "compile") {
    if (output === undefined) throw new UsageError("compile needs an output file: -o OUT");
    io.writeFile(output, encodeCrushMap(map));
    return 0;
  }
  const text = printCrushText(map);
  if (output === undefined) io.stdout(text);
  else io.writeFile(output, text);
  return 0;
}
