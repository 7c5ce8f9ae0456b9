/**
 * `crushmap compile` and `crushmap decompile`: the binary map crushtool -c writes, and the text
 * crushtool -d prints, byte for byte. Both read either form.
 */
import { encodeCrushMap } from "../map/binary/encode.js";
import { printCrushText } from "../map/text/print.js";
import { cephRelease } from "../map/release.js";
import type { CrushMap } from "../map/types.js";
import { defineCommand } from "./command.js";
import { OUTPUT, RELEASE } from "./commonFlags.js";
import { UsageError } from "./errors.js";
import { row } from "./flags.js";
import type { CliIO } from "./io.js";
import { loadMap } from "./loadMap.js";

/** crushtool's spellings of the input: -i, and -c / -d, which also say what to do with it. */
const INPUT = row({
  names: ["-i", "--infn", "-c", "--compile", "-d", "--decompile"],
  value: "string",
  metavar: "MAP",
  help: "the crush map, text or binary ('-' reads standard input)",
  required: "a map: -i MAP",
});

const ABOUT = `compile writes the binary crush map 'crushtool -c' writes (what 'ceph osd setcrushmap -i'
takes); decompile prints the text 'crushtool -d' prints (to stdout without -o). MAP may be text
or binary in either case.`;

export const compileCommand = defineCommand({
  name: "compile",
  summary: "write the binary map, like 'crushtool -c MAP -o OUT'",
  usage: ["(crushtool -c MAP -o OUT.bin)"],
  about: ABOUT,
  flags: { input: INPUT, output: { ...OUTPUT, required: "an output file: -o OUT" }, release: RELEASE },
  positionals: ["input"],
  run: (args, io) => compile(loadMap(io, args.input), args.output, io, args.release),
});

export const decompileCommand = defineCommand({
  name: "decompile",
  summary: "print the text map, like 'crushtool -d MAP [-o OUT]'",
  usage: ["(crushtool -d MAP [-o OUT.txt])"],
  about: ABOUT,
  flags: { input: INPUT, output: { ...OUTPUT, help: "write the text to FILE instead of stdout" }, release: RELEASE },
  positionals: ["input"],
  run: (args, io) => decompile(loadMap(io, args.input), args.output, io, args.release),
});

export function compile(map: CrushMap, output: string | undefined, io: CliIO, release?: string): number {
  if (output === undefined) throw new UsageError("compile needs an output file: -o OUT");
  io.writeFile(output, encodeCrushMap(map, { release: cephRelease(release) }));
  return 0;
}

export function decompile(map: CrushMap, output: string | undefined, io: CliIO, release?: string): number {
  const text = printCrushText(map, { release: cephRelease(release) });
  if (output === undefined) io.stdout(text);
  else io.writeFile(output, text);
  return 0;
}
