/**
 * Progress on stderr for work that takes more than a second: one line rewritten in place, only
 * when stderr is a terminal (never in a pipe, a log or a test), silenced by `--quiet`. The
 * library reports counts through its onProgress options; time is read only here, in the CLI.
 */
import type { CliIO } from "./io.js";
import { processIO } from "./io.js";
import { row } from "./flags.js";

export const QUIET = row({ names: ["--quiet", "-q"], help: "no progress line on stderr (shown on a terminal only, past a second)" });

/** One progress line: `report` as work advances, `end` once done (clears the line if shown). */
export interface ProgressLine {
  report(label: string, done: number, total: number): void;
  end(): void;
}

/** Shown after this long, redrawn at most this often (milliseconds). */
const DELAY = 1000;
const EVERY = 100;

/**
 * A progress line on `io`'s stderr; inert unless `io` is the process's own and stderr a terminal.
 * `now` is injectable so the behaviour can be tested without a clock.
 */
export function progressLine(io: CliIO, quiet: boolean, terminal = io === processIO && process.stderr.isTTY === true, now: () => number = Date.now): ProgressLine {
  if (quiet || !terminal) return { report: () => undefined, end: () => undefined };
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    report(label, done, total) {
      const t = now();
      if (t - start < DELAY || t - last < EVERY) return;
      last = t;
      shown = true;
      const count = total > 0 ? `${done}/${total} (${Math.floor((100 * done) / total)}%)` : `${done}`;
      io.stderr(`\r\x1b[K${label}: ${count}`);
    },
    end() {
      if (shown) io.stderr("\r\x1b[K");
      shown = false;
    },
  };
}
