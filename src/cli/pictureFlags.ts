/**
 * `--svg FILE` and `--html FILE`, the same on every command that draws: the picture is written
 * through the CLI's io (so tests run in-process), besides what the command prints.
 */
import type { CliIO } from "./io.js";
import { row } from "./flags.js";

/** The two rows, for a command's flag table: `...pictureFlags("the utilization bars and histogram")`. */
export function pictureFlags(what: string) {
  return {
    svg: row({ names: ["--svg"], value: "string", metavar: "FILE", help: `also write ${what}\nas an SVG file` }),
    html: row({ names: ["--html"], value: "string", metavar: "FILE", help: `also write ${what}\nas one self-contained HTML page (inline SVG and CSS, no script)` }),
  };
}

/** Writes the pictures asked for; each is drawn only when its flag is given. */
export function writePictures(io: CliIO, args: { readonly svg: string | undefined; readonly html: string | undefined }, svg: () => string, html: () => string): void {
  if (args.svg !== undefined) io.writeFile(args.svg, svg());
  if (args.html !== undefined) io.writeFile(args.html, html());
}
