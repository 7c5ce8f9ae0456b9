/**
 * crushtool's words for text its grammar does not match: `FILE:LINE error: parse error at 'REST'`.
 *
 * CrushCompiler strips each line's comment, squeezes its whitespace and joins the lines with one
 * space; the grammar stops after the last statement it reads whole. It then finds the line
 * whose joined text starts at or before that point (a later blank line starting at the same place
 * wins) and prints the original line from the point's offset in the squeezed line, so what
 * follows `at` is usually empty or a tail of the line that ended the last good statement.
 */
import type { CrushParseError } from "../errors.js";

/** crushtool's squeeze: comment gone, whitespace runs as one space, none at either end. */
function squeeze(line: string): string {
  const hash = line.indexOf("#");
  return (hash >= 0 ? line.slice(0, hash) : line).replace(/[ \t\v\f\r]+/g, " ").trim();
}

/**
 * What crushtool prints on stderr (newline included) when compiling `text`, read from `file`,
 * fails as `error` does.
 */
export function cephParseErrorWords(text: string, error: CrushParseError, file: string): string {
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop(); // getline reads no line after the last newline
  const starts: number[] = []; // where each line's squeezed text starts in the joined text
  let length = 0;
  for (const line of lines) {
    const s = squeeze(line);
    if (s.length > 0 && length > 0) length++; // the joining space
    starts.push(length);
    length += s.length;
  }
  const stop = error.stop;
  const at = stop === undefined ? 0 : starts[stop.line - 1]! + squeeze(lines[stop.line - 1]!.slice(0, stop.column - 1)).length;
  let line = 0;
  for (let l = 0; l < lines.length; l++) if (starts[l]! <= at) line = l;
  const rest = (lines[line] ?? "").slice(at - (starts[line] ?? 0));
  return `${file}:${line + 1} error: parse error at '${rest}'\n`;
}
