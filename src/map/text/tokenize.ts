/**
 * Splits Ceph crushmap text into words and brackets, each with its 1-based line and column.
 *
 * crushtool strips everything from `#` to the end of each line, squeezes whitespace and hands
 * the rest to a Boost Spirit grammar whose names are runs of letters, digits, `-`, `_` and `.`.
 * A word here is such a run (plus `+`, so that `+1.5` and `1e+3` stay one token and the grammar
 * can reject or accept them as a number); `{`, `}`, `[` and `]` stand alone.
 */
import { CrushParseError } from "../errors.js";

export interface Token {
  readonly text: string;
  /** true for `{ } [ ]` */
  readonly bracket: boolean;
  readonly line: number;
  readonly column: number;
}

function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 45 || // -
    c === 95 || // _
    c === 46 || // .
    c === 43 // +
  );
}

/** Whitespace as C's isspace sees it (the tab and CR of hand-edited files included). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split("\n");
  for (let l = 0; l < lines.length; l++) {
    const raw = lines[l]!;
    const hash = raw.indexOf("#");
    const s = hash >= 0 ? raw.slice(0, hash) : raw;
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c === 123 || c === 125 || c === 91 || c === 93) {
        tokens.push({ text: s[i]!, bracket: true, line: l + 1, column: i + 1 });
        i++;
      } else if (isWordChar(c)) {
        const start = i;
        while (i < s.length && isWordChar(s.charCodeAt(i))) i++;
        tokens.push({ text: s.slice(start, i), bracket: false, line: l + 1, column: start + 1 });
      } else {
        const ch = String.fromCodePoint(s.codePointAt(i)!);
        throw new CrushParseError(
          `unexpected character '${ch}': names may only contain letters, digits, '-', '_' and '.'`,
          l + 1,
          i + 1,
        );
      }
    }
  }
  return tokens;
}
